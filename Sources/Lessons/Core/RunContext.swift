import Foundation

/// Everything a chapter's `run` needs from outside: the seed, how long to train, where to write
/// figures, where the project's data lives, and where to report progress. It also collects what
/// the run produced — metrics, quoted texts, wall-clock timings and figure paths — so the runner
/// can print them, `RecordedResults` can write them next to the figures, and tests can read them.
public final class RunContext {
    /// The seed of every random number in the run.
    public let seed: UInt64
    /// True for the short training used by tests and CI.
    public let fast: Bool
    /// How long the main training loop runs: the chapter's default, a learner's `--steps N`, or the
    /// recorded `--long` configuration.
    public let length: RunLength
    /// The folder this chapter's PNGs go to (already created and writable).
    public let figureDirectory: URL
    /// The project root, where `assets/` lives.
    public let root: URL
    /// A data file or folder the learner supplied with `--data`, used instead of the shipped one.
    public let dataOverride: URL?
    /// Where progress and printed lines go.
    public let sink: ProgressSink

    /// A number the run produced. `timing` marks wall-clock numbers (seconds, rates), the only
    /// ones allowed to differ between two runs with the same seed.
    public struct Metric: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var unit: String
        /// Printed under "Results" by the runner (`report`), or only recorded (`record`).
        public var printed: Bool
        public var timing: Bool
    }

    /// The metrics the chapter reported or recorded, in order, e.g. ("test accuracy", 0.978).
    public private(set) var metrics: [Metric] = []
    /// Texts the chapter's prose quotes (samples, tables), in order.
    public private(set) var texts: [(name: String, text: String)] = []
    /// The PNG files written, in order.
    public private(set) var figures: [URL] = []

    public init(seed: UInt64 = 42, fast: Bool = false, length: RunLength = .standard, figureDirectory: URL,
                root: URL, dataOverride: URL? = nil, sink: ProgressSink = SilentProgress()) {
        self.seed = seed
        self.fast = fast
        self.length = length
        self.figureDirectory = figureDirectory
        self.root = root
        self.dataOverride = dataOverride
        self.sink = sink
    }

    /// A fresh generator for one purpose. Each purpose gets its own stream (the seed mixed with the
    /// purpose's name), so adding a random draw in one place does not change the numbers elsewhere.
    public func rng(_ purpose: String) -> SeededRNG {
        SeededRNG(seed: seed, purpose: purpose)
    }

    /// `full` in a normal run and `fast` under `--fast`.
    public func steps(_ full: Int, fast short: Int) -> Int { fast ? short : full }

    /// The length of the chapter's main training loop: `full` by default, `fast` under `--fast`,
    /// `long` under `--long`, and N under `--steps N`.
    public func trainingSteps(_ full: Int, fast short: Int, long: Int) -> Int {
        switch length {
        case .standard: return fast ? short : full
        case .long: return long
        case let .steps(n): return n
        }
    }

    /// Starts a training loop with a progress bar.
    public func loop(_ label: String, total: Int) -> TrainingLoop {
        TrainingLoop(label: label, total: total, sink: sink)
    }

    /// Prints a line (a sample, a table row) through the sink.
    public func print(_ line: String) { sink.print(line) }

    /// Records a final metric; the runner prints it after the run and `RecordedResults` keeps it.
    public func report(_ name: String, _ value: Double, unit: String = "") {
        add(Metric(name: name, value: value, unit: unit, printed: true, timing: false))
    }

    /// Records a metric without printing it under "Results": a cell of a table the run has already
    /// printed, which the chapter's text quotes.
    public func record(_ name: String, _ value: Double, unit: String = "") {
        add(Metric(name: name, value: value, unit: unit, printed: false, timing: false))
    }

    /// Reports a wall-clock number (seconds, steps per second): printed, and kept apart from the
    /// results that must be the same on every run.
    public func reportTiming(_ name: String, _ value: Double, unit: String) {
        add(Metric(name: name, value: value, unit: unit, printed: true, timing: true))
    }

    /// Records a wall-clock number without printing it.
    public func recordTiming(_ name: String, _ value: Double, unit: String) {
        add(Metric(name: name, value: value, unit: unit, printed: false, timing: true))
    }

    /// Records a text the chapter quotes (a sample, a table) under `name`.
    public func recordText(_ name: String, _ text: String) {
        precondition(!texts.contains { $0.name == name }, "text '\(name)' recorded twice in one run")
        texts.append((name, text))
    }

    private func add(_ metric: Metric) {
        precondition(!metrics.contains { $0.name == metric.name }, "metric '\(metric.name)' recorded twice in one run")
        metrics.append(metric)
    }

    /// The value of a metric, if there is one with that name.
    public func metric(_ name: String) -> Double? { metrics.last { $0.name == name }?.value }

    /// Renders a figure and writes it as `<figureDirectory>/<name>.png`.
    public func save(_ figure: Figure, as name: String) throws {
        let url = figureDirectory.appendingPathComponent(name + ".png")
        try figure.render().writePNG(to: url)
        figures.append(url)
    }
}

/// How long a chapter trains: its default, a learner's step count, or its recorded long run.
public enum RunLength: Sendable, Equatable {
    /// The default run (or `--fast`), the one whose results the chapter's text quotes.
    case standard
    /// `--long`: the recorded longer configuration (a few minutes), quoted as such.
    case long
    /// `--steps N`: the main training loop runs N steps.
    case steps(Int)
}
