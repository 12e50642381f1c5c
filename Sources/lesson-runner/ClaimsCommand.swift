import ArgumentParser
import Foundation
import Lessons

/// `lesson-runner claims [chapter]`: runs a chapter once per seed of each of its claims, at full
/// size, prints what every seed measured and fails when a claim does not hold on all of them.
struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Check the chapters' claims about training on several seeds (minutes; use a release build).",
        discussion: "A claim such as \"at the default budget the RNN ends last\" holds only at the chapter's "
            + "real size, and one seed is one draw: this command runs the chapter once per seed of the claim, "
            + "prints the metrics the claim reads for every seed (with mean and range, as the chapter quotes "
            + "them), and exits 1 if any seed contradicts it. CI runs it on every landing.")

    @Argument(help: "A chapter with claims (\(Course.chapters.filter { !$0.claims.isEmpty }.map(\.id).joined(separator: ", "))). Without it: all of them.")
    var chapter: String?

    func run() throws {
        let chosen = Course.chapters.filter { !$0.claims.isEmpty }
        let chapters: [Chapter]
        if let name = chapter {
            guard let one = Course.chapter(named: name) else {
                throw RunnerFailure(description: "unknown chapter '\(name)'; chapters with claims: "
                                    + chosen.map(\.id).joined(separator: ", "), exitCode: 64)
            }
            guard !one.claims.isEmpty else {
                throw RunnerFailure(description: "\(one.id) makes no claims checked on several seeds; chapters that do: "
                                    + chosen.map(\.id).joined(separator: ", "), exitCode: 64)
            }
            chapters = [one]
        } else {
            chapters = chosen
        }
        let root = try projectRoot()
        try checkFonts()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-runner-claims-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var failures: [String] = []
        for chapter in chapters {
            var runs: [String: RecordedResults] = [:]      // one run per (length, seed), shared by claims
            for claim in chapter.claims {
                print("\n━━ \(chapter.id): \(claim.statement) ━━")
                let results = try claim.seeds.map { seed in
                    let key = "\(claim.length) \(seed)"
                    if let done = runs[key] { return done }
                    let result = try run(chapter, seed: seed, length: claim.length, root: root,
                                         into: scratch.appendingPathComponent("\(chapter.id)-\(runs.count)"))
                    runs[key] = result
                    return result
                }
                let (failing, values) = try claim.check(results)
                print(claim.table(values))
                if failing.isEmpty {
                    print("holds on all \(claim.seeds.count) seeds")
                } else {
                    let which = failing.map(String.init).joined(separator: ", ")
                    print("FAILS on seed(s) \(which)")
                    failures.append("\(chapter.id): \(claim.statement) (fails on seed \(which))")
                }
            }
        }
        guard failures.isEmpty else {
            throw RunnerFailure(description: "\(failures.count) claim(s) do not hold: " + failures.joined(separator: "; "))
        }
        print("\nEvery claim holds on every seed.")
    }

    /// One silent run of the chapter into `folder`; prints a line when it is done.
    private func run(_ chapter: Chapter, seed: UInt64, length: RunLength, root: URL, into folder: URL) throws -> RecordedResults {
        let folder = try writableFolder(folder)
        let context = RunContext(seed: seed, length: length, figureDirectory: folder, root: root)
        let seconds: Double
        do {
            seconds = try chapter.runRecorded(context)
        } catch {
            throw RunnerFailure(description: "\(chapter.id), seed \(seed): \(systemReason(error))")
        }
        let lengthNote: String
        switch length {
        case .standard: lengthNote = "default run"
        case .long: lengthNote = "long run"
        case let .steps(n): lengthNote = "\(n) steps"
        }
        print("  \(chapter.id), seed \(seed), \(lengthNote): \(String(format: "%.1f", seconds)) s")
        return RecordedResults.of(context, chapter: chapter).results
    }
}
