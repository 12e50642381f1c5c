import ArgumentParser
import Foundation
import Lessons

/// `lesson-runner ch04 [--seed N] [--fast] [--steps N | --long] [--out DIR] [--data PATH] [--check]`.
struct RunChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a chapter (or all) and write its figures and recorded results.")

    @Argument(help: "ch01…ch08, a number, a name such as 'rnn', or 'all'. Without it: the chapter list.",
              completion: .list(Course.chapters.flatMap { [$0.id, $0.slug] } + ["all"]))
    var chapter: String?

    @Option(parsing: .unconditional, help: "Seed of every random number (0 or more); the same seed writes the same PNG bytes.",
            transform: parseSeed)
    var seed: UInt64 = 42

    @Flag(help: "Short training, for smoke tests and CI.")
    var fast = false

    @Option(parsing: .unconditional, help: "Train the main model for N steps instead of the chapter's default (chapters 4 and 5).")
    var steps: Int?

    @Flag(help: "The recorded longer run the chapter quotes, a few minutes (chapters 4, 5 and 8); written to <out>/chNN/long.")
    var long = false

    @Option(help: "Folder for the figures (a subfolder per chapter). Default: assets/figures for the run the text quotes (seed 42, or --long); runs/<variant> for any other (another --seed, --fast, --steps, --data).")
    var out: String?

    @Option(help: "Your own data instead of the shipped data: an IDX folder (ch03) or a UTF-8 text file (ch04, ch05).")
    var data: String?

    @Flag(help: "Run into a temporary folder and compare every figure and recorded result with the committed ones; change nothing.")
    var check = false

    func validate() throws {
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out needs a folder name; an empty one would write into the current folder")
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if steps != nil && long { throw ValidationError("--steps and --long cannot be used together") }
        if fast && (steps != nil || long) { throw ValidationError("--fast cannot be combined with --steps or --long") }
        if check && (fast || steps != nil || long || seed != 42 || data != nil || out != nil) {
            throw ValidationError("--check compares the default run with the committed results; "
                                  + "it takes no --seed, --fast, --steps, --long, --data or --out")
        }
    }

    private var length: RunLength { long ? .long : steps.map(RunLength.steps) ?? .standard }

    /// The name of a run that is not one the chapters quote — another seed, `--fast`, `--steps N`,
    /// your own `--data` — or nil for the recorded runs (the default and `--long` with seed 42).
    /// Such a run writes to `runs/<variant>/` unless `--out` says where, so that the committed
    /// figures and results, which the text and `book --check` read, stay the recorded ones.
    private var variant: String? {
        var parts: [String] = []
        if seed != 42 { parts.append("seed-\(seed)") }
        if fast { parts.append("fast") }
        if let steps { parts.append("steps-\(steps)") }
        if data != nil { parts.append("data") }
        return parts.isEmpty ? nil : parts.joined(separator: "-")
    }

    func run() throws {
        guard let name = chapter else { return ListChapters.printTable() }
        let chapters: [Chapter]
        if name.lowercased() == "all" {
            chapters = Course.chapters
        } else if let one = Course.chapter(named: name) {
            chapters = [one]
        } else {
            let choices = Course.chapters.map { "\($0.id) (\($0.slug))" }.joined(separator: ", ")
            throw RunnerFailure(description: "unknown chapter '\(name)'. Choose one of: \(choices), or all.",
                                exitCode: 64)
        }
        if length != .standard, let fixed = chapters.first(where: { !$0.adjustableLength }) {
            let which = Course.chapters.filter(\.adjustableLength).map(\.id).joined(separator: ", ")
            throw RunnerFailure(description: "\(fixed.id) has a fixed length; --steps and --long apply to \(which)",
                                exitCode: 64)
        }
        let root = try projectRoot()
        try checkFonts()
        let committed = root.appendingPathComponent(RecordedValues.figuresFolder)
        if check { return try checkAgainstCommitted(chapters, committed: committed, root: root) }
        let outRoot = out.map { URL(fileURLWithPath: $0) }
            ?? variant.map { root.appendingPathComponent("runs").appendingPathComponent($0) } ?? committed
        let dataURL = try data.map { try checkedData($0, for: chapters) }
        // Check every output folder before any training starts.
        let folders = try chapters.map { chapter in
            let folder = outRoot.appendingPathComponent(chapter.id)
            return try writableFolder(long ? folder.appendingPathComponent("long") : folder)
        }
        if out == nil, let variant {
            print("A variant of the recorded run: figures and results go to runs/\(variant)/ "
                  + "(\(RecordedValues.figuresFolder) keeps the ones the text quotes).")
        }

        var summary: [(Chapter, Double)] = []
        for (chapter, folder) in zip(chapters, folders) {
            summary.append((chapter, try run(chapter, into: folder, root: root, data: dataURL).seconds))
        }
        if chapters.count > 1 {
            let parts = summary.map { "\($0.0.id) \(String(format: "%.1f", $0.1)) s" }
            let total = String(format: "%.1f", summary.reduce(0) { $0 + $1.1 })
            print("\nAll chapters: \(parts.joined(separator: ", ")); total \(total) s")
        }
    }

    /// Re-runs each chapter into a temporary folder and compares it with the committed figures and
    /// results, naming every file that differs.
    private func checkAgainstCommitted(_ chapters: [Chapter], committed: URL, root: URL) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-runner-check-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var differences: [ResultsComparison.Difference] = []
        for chapter in chapters {
            let folder = try writableFolder(scratch.appendingPathComponent(chapter.id))
            let context = try run(chapter, into: folder, root: root, data: nil).context
            let found = ResultsComparison.differences(
                committed: committed.appendingPathComponent(chapter.id), fresh: folder,
                label: "\(RecordedValues.figuresFolder)/\(chapter.id)", wallClockFigures: chapter.wallClockFigures)
            print(found.isEmpty
                  ? "\(chapter.id): \(context.figures.count) figures and \(context.metrics.filter { !$0.timing }.count) "
                    + "recorded values identical to the committed ones"
                  : found.map { "DIFFERS  \($0)" }.joined(separator: "\n"))
            differences += found
        }
        guard differences.isEmpty else {
            throw RunnerFailure(description: "\(differences.count) committed file(s) differ from what the code produces, "
                                + "first: \(differences[0]). If the change is intended, run 'swift run -c release "
                                + "lesson-runner all' and then 'swift run lesson-runner book', and commit the results.")
        }
        print("All \(chapters.count) chapter(s) reproduce their committed figures and results (wall-clock times excluded).")
    }

    private func run(_ chapter: Chapter, into folder: URL, root: URL, data: URL?) throws -> (context: RunContext, seconds: Double) {
        print("\n━━ Chapter \(chapter.number): \(chapter.title) ━━  (read \(chapter.markdownPath))")
        let lengthNote: String
        switch length {
        case .standard: lengthNote = fast ? ", fast mode" : ""
        case .long: lengthNote = ", long run"
        case let .steps(n): lengthNote = ", \(n) training steps"
        }
        print("seed \(seed)\(lengthNote)")
        let sink = TerminalProgress()
        let context = RunContext(seed: seed, fast: fast, length: length, figureDirectory: folder, root: root,
                                 dataOverride: data, sink: sink)
        let seconds: Double
        do {
            seconds = try chapter.runRecorded(context)
        } catch {
            sink.finishLine()
            removeIfEmpty(folder)
            throw RunnerFailure(description: "\(chapter.id): \(systemReason(error))")
        }
        let printed = context.metrics.filter(\.printed)
        if !printed.isEmpty {
            print("Results:")
            let width = printed.map(\.name.count).max() ?? 0
            for metric in printed {
                let padded = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("  \(padded)  \(format(metric.value))\(metric.unit.isEmpty ? "" : " " + metric.unit)")
            }
        }
        print("Figures:")
        for url in context.figures { print("  \(displayPath(url))") }
        print("Recorded: \(displayPath(folder.appendingPathComponent(RecordedResults.resultsFile))), "
              + "\(displayPath(folder.appendingPathComponent(RecordedResults.timesFile)))")
        print("\(chapter.id) done in \(String(format: "%.1f", seconds)) s")
        return (context, seconds)
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.4g", value)
    }
}

/// Creates `folder` if needed and proves it writable by writing and removing a probe file.
func writableFolder(_ folder: URL) throws -> URL {
    let fm = FileManager.default
    do {
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let probe = folder.appendingPathComponent(".write-test")
        try Data().write(to: probe)
        try fm.removeItem(at: probe)
    } catch {
        throw RunnerFailure(description: "cannot write figures to \(folder.path) (\(systemReason(error))). "
                            + "Choose another folder with --out DIR.")
    }
    return folder
}

/// A path relative to the current folder when it is inside it, for shorter output.
func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}
