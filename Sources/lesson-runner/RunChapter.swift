import ArgumentParser
import Foundation
import Lessons

/// `lesson-runner ch04 [--seed N] [--fast] [--out DIR] [--data PATH]`.
struct RunChapter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a chapter (or all) and write its figures.")

    @Argument(help: "ch01…ch07, a number, a name such as 'rnn', or 'all'. Without it: the chapter list.")
    var chapter: String?

    @Option(help: "Seed of every random number; the same seed writes the same PNG bytes.")
    var seed: UInt64 = 42

    @Flag(help: "Short training, for smoke tests and CI.")
    var fast = false

    @Option(help: "Folder for the figures (a subfolder per chapter).")
    var out: String?

    @Option(help: "Your own data instead of the shipped data: an IDX folder (ch03) or a UTF-8 text file (ch04, ch05).")
    var data: String?

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
        let root = try projectRoot()
        let outRoot = out.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("assets/figures")
        let dataURL = try data.map(checkedDataPath)
        // Check every output folder before any training starts.
        let folders = try chapters.map { try writableFolder(outRoot.appendingPathComponent($0.id)) }

        var summary: [(Chapter, Double)] = []
        for (chapter, folder) in zip(chapters, folders) {
            summary.append((chapter, try run(chapter, into: folder, root: root, data: dataURL)))
        }
        if chapters.count > 1 {
            let parts = summary.map { "\($0.0.id) \(String(format: "%.1f", $0.1)) s" }
            let total = String(format: "%.1f", summary.reduce(0) { $0 + $1.1 })
            print("\nAll chapters: \(parts.joined(separator: ", ")); total \(total) s")
        }
    }

    private func run(_ chapter: Chapter, into folder: URL, root: URL, data: URL?) throws -> Double {
        print("\n━━ Chapter \(chapter.number): \(chapter.title) ━━  (read \(chapter.markdownPath))")
        print("seed \(seed)\(fast ? ", fast mode" : "")")
        let sink = TerminalProgress()
        let context = RunContext(seed: seed, fast: fast, figureDirectory: folder, root: root,
                                 dataOverride: data, sink: sink)
        let start = Date()
        do {
            try chapter.run(context)
        } catch {
            sink.finishLine()
            throw RunnerFailure(description: "\(chapter.id): \(error)")
        }
        let seconds = Date().timeIntervalSince(start)
        if !context.metrics.isEmpty {
            print("Results:")
            let width = context.metrics.map(\.name.count).max() ?? 0
            for metric in context.metrics {
                let padded = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("  \(padded)  \(format(metric.value))\(metric.unit.isEmpty ? "" : " " + metric.unit)")
            }
        }
        print("Figures:")
        for url in context.figures { print("  \(displayPath(url))") }
        print("\(chapter.id) done in \(String(format: "%.1f", seconds)) s")
        return seconds
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.4g", value)
    }

    private func checkedDataPath(_ path: String) throws -> URL {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RunnerFailure(description: "--data \(path): no such file or folder")
        }
        return URL(fileURLWithPath: path)
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
        let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        let reason = posix.map { String(cString: strerror(Int32($0.code))) } ?? "not writable"
        throw RunnerFailure(description: "cannot write figures to \(folder.path) (\(reason)). "
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
