import ArgumentParser
import Foundation
import Lessons

/// `lesson-bench`: times the chapters' demos and core kernels, and the same work done the way a
/// learner would do it in Python, side by side in one run.
@main
struct LessonBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson-bench",
        abstract: "Benchmark the course against numpy, micrograd, scikit-learn, JAX and PyTorch (run with -c release).")

    @Option(parsing: .unconditional, help: "Timed runs per kernel; the table shows the median.")
    var runs = 5

    @Option(parsing: .unconditional, help: "Timed runs of each full chapter demo.")
    var chapterRuns = 3

    @Flag(help: "Skip the Python peers.")
    var noPeers = false

    @Option(help: "The Python interpreter for the peers.")
    var python = "python3"

    @Option(help: "Run only these sections (repeatable): kernels, autograd, digits, char-rnn, transformer, chapters.")
    var only: [Section] = []

    enum Section: String, ExpressibleByArgument, CaseIterable {
        case kernels, autograd, digits, charRNN = "char-rnn", transformer, chapters
    }

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs))") }
        if chapterRuns < 1 { throw ValidationError("--chapter-runs must be at least 1 (got \(chapterRuns))") }
    }

    func run() throws {
        guard let root = ProjectRoot.locate() else {
            throw ValidationError("run lesson-bench from inside the course folder")
        }
        #if DEBUG
        print("warning: this is a debug build; run `swift run -c release lesson-bench` for real numbers\n")
        #endif
        print("Machine: \(machineDescription())\n")
        var report = Report()
        let peers = noPeers ? nil : Peers(root: root, python: python)
        try peers?.ensurePackages()

        let sections = only.isEmpty ? Section.allCases : only
        if sections.contains(.kernels) { try Kernels(runs: runs).measure(into: &report) }
        if sections.contains(.autograd) { try AutogradComparison(runs: runs, peers: peers).measure(into: &report) }
        if sections.contains(.digits) { try DigitsComparison(root: root, peers: peers).measure(into: &report) }
        if sections.contains(.charRNN) {
            try CharRNNComparison(runs: min(runs, 3), root: root, peers: peers).measure(into: &report)
        }
        if sections.contains(.transformer) {
            try TransformerBench(runs: min(runs, 3), root: root, peers: peers).measure(into: &report)
        }
        if sections.contains(.chapters) { try ChapterDemos(runs: chapterRuns, root: root).measure(into: &report) }
        report.print()
    }
}

/// The rows of the results table and the target checks.
struct Report {
    struct Row {
        var name: String, median: Double, throughput: String
    }

    struct Target {
        var name: String, measured: String, goal: String, met: Bool
    }

    var rows: [Row] = []
    var targets: [Target] = []

    mutating func add(_ name: String, _ seconds: [Double], throughput: (Double) -> String = { _ in "" }) {
        let m = median(seconds)
        rows.append(Row(name: name, median: m, throughput: throughput(m)))
        Swift.print("  \(name): \(formatSeconds(m)) \(throughput(m))")
    }

    func print() {
        Swift.print("\n| benchmark | median | throughput |\n|---|---:|---|")
        for row in rows { Swift.print("| \(row.name) | \(formatSeconds(row.median)) | \(row.throughput) |") }
        guard !targets.isEmpty else { return }
        Swift.print("\n| target | measured | goal | met |\n|---|---:|---|---|")
        for t in targets { Swift.print("| \(t.name) | \(t.measured) | \(t.goal) | \(t.met ? "yes" : "**no**") |") }
    }
}
