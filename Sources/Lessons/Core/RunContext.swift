import Foundation

/// Everything a chapter's `run` needs from outside: the seed, how long to train, where to write
/// figures, where the project's data lives, and where to report progress. It also collects what
/// the run produced (metrics and figure paths) so the runner can print them and tests can read them.
public final class RunContext {
    /// The seed of every random number in the run.
    public let seed: UInt64
    /// True for the short training used by tests and CI.
    public let fast: Bool
    /// The folder this chapter's PNGs go to (already created and writable).
    public let figureDirectory: URL
    /// The project root, where `assets/` lives.
    public let root: URL
    /// A data file or folder the learner supplied with `--data`, used instead of the shipped one.
    public let dataOverride: URL?
    /// Where progress and printed lines go.
    public let sink: ProgressSink

    /// The metrics the chapter reported, in order, e.g. ("test accuracy", 0.978).
    public private(set) var metrics: [(name: String, value: Double, unit: String)] = []
    /// The PNG files written, in order.
    public private(set) var figures: [URL] = []

    public init(seed: UInt64 = 42, fast: Bool = false, figureDirectory: URL, root: URL,
                dataOverride: URL? = nil, sink: ProgressSink = SilentProgress()) {
        self.seed = seed
        self.fast = fast
        self.figureDirectory = figureDirectory
        self.root = root
        self.dataOverride = dataOverride
        self.sink = sink
    }

    /// A fresh generator for one purpose. Each purpose gets its own stream (the seed mixed with the
    /// purpose's name), so adding a random draw in one place does not change the numbers elsewhere.
    public func rng(_ purpose: String) -> SeededRNG {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the purpose's bytes
        for byte in purpose.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SeededRNG(seed: seed ^ h)
    }

    /// `full` in a normal run and `fast` under `--fast`.
    public func steps(_ full: Int, fast short: Int) -> Int { fast ? short : full }

    /// Starts a training loop with a progress bar.
    public func loop(_ label: String, total: Int) -> TrainingLoop {
        TrainingLoop(label: label, total: total, sink: sink)
    }

    /// Prints a line (a sample, a table row) through the sink.
    public func print(_ line: String) { sink.print(line) }

    /// Records a final metric; the runner prints it after the run.
    public func report(_ name: String, _ value: Double, unit: String = "") {
        metrics.append((name, value, unit))
    }

    /// The value of a reported metric, if there is one with that name.
    public func metric(_ name: String) -> Double? { metrics.last { $0.name == name }?.value }

    /// Renders a figure and writes it as `<figureDirectory>/<name>.png`.
    public func save(_ figure: Figure, as name: String) throws {
        let url = figureDirectory.appendingPathComponent(name + ".png")
        try figure.render().writePNG(to: url)
        figures.append(url)
    }
}
