import Foundation

/// A chapter of the course: its text, its figures and the code that runs its demo.
public struct Chapter: Sendable {
    /// 1-based chapter number.
    public let number: Int
    /// A one-word name the runner also accepts, e.g. "rnn".
    public let slug: String
    /// The title as the table of contents shows it.
    public let title: String
    /// The file names (without ".png") of the figures `run` writes, in order.
    public let figures: [String]
    /// True when the length of the main training loop can be changed (`--steps N`, `--long`);
    /// `run` then reads it through `RunContext.trainingSteps(_:fast:long:)`.
    public let adjustableLength: Bool
    /// The figures (a subset of `figures`) that plot wall-clock measurements: they differ from run
    /// to run, so `lesson-runner --check` only checks that they are written, not their bytes.
    public let wallClockFigures: [String]
    /// What the text claims about training that one run cannot show, checked on several seeds
    /// by `lesson-runner claims`.
    public let claims: [SeedClaim]
    /// Trains, prints and draws: the chapter's demo.
    public let run: @Sendable (RunContext) throws -> Void

    public init(number: Int, slug: String, title: String, figures: [String], adjustableLength: Bool = false,
                wallClockFigures: [String] = [], claims: [SeedClaim] = [], run: @escaping @Sendable (RunContext) throws -> Void) {
        precondition(Set(wallClockFigures).isSubset(of: figures), "wall-clock figures must be among the chapter's figures")
        self.number = number
        self.slug = slug
        self.title = title
        self.figures = figures
        self.adjustableLength = adjustableLength
        self.wallClockFigures = wallClockFigures
        self.claims = claims
        self.run = run
    }

    /// "ch04".
    public var id: String { String(format: "ch%02d", number) }
    /// "Chapters/ch04-rnn.md", relative to the project root.
    public var markdownPath: String { "Chapters/\(id)-\(slug).md" }
}
