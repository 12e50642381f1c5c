import ArgumentParser
import ExerciseGrading
import Foundation
import Lessons

/// `lesson-runner watch [NAME]`: grades the current exercise every time the learner saves, the
/// way rustlings does.
///
/// It polls the learner's files four times a second (modification time and contents) rather than
/// using inotify or FSEvents: portable, no dependency, and cheap for a dozen small files. On a
/// change it rebuilds this program with `swift build` — the exercises are compiled into it — and
/// grades the exercise in a child process of the fresh binary.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Grade the current exercise every time you save (h hint, l list, n next, g go to, r reset, q quit).",
        discussion: """
            Starts at the first exercise you have not solved (or at NAME), grades it, and grades it
            again each time you save Sources/Exercises/ChNN.swift. When it passes, it points you to
            the reference solution and moves on. Progress is kept in .lessons/progress.json.
            Keys on a terminal: h hint, l list, n next (skip), g go to an exercise, r reset, c check
            again, q quit. Without a terminal, type the same words (hint, list, next, go NAME, reset,
            check, quit) one per line.
            """)

    @Argument(help: ArgumentHelp("The exercise to start at (default: the first one not solved).",
                                 valueName: "exercise"),
              completion: .list(ExerciseCatalog.all.map(\.name)))
    var name: String?

    func run() throws {
        if let name { _ = try findExercise(name) }
        let root = try projectRoot()
        let configuration = currentExecutable().deletingLastPathComponent().lastPathComponent == "release" ? "release" : "debug"
        let terminal = WatchTerminal()
        terminal.say("Finding the build folder (swift build -c \(configuration) --show-bin-path)…")
        let binPath = try buildFolder(root: root, configuration: configuration)
        let session = WatchSession(
            root: root, binPath: binPath, start: name,
            build: { buildLearnerCode(root: root, configuration: configuration) },
            grade: { gradeInChildProcess($0, executable: binPath.appendingPathComponent("lesson-runner")) })
        session.onBuild = { terminal.showBusy("building and grading…") }
        terminal.start()
        defer { terminal.stop() }
        terminal.show(session.begin())
        while true {
            if let command = terminal.nextCommand(waiting: 0.25) {
                guard let screen = session.handle(command) else { break }
                terminal.show(screen)
            }
            if let screen = session.poll() { terminal.show(screen) }
        }
    }
}

/// `.build/<triple>/<configuration>` for this clone, from SwiftPM itself.
private func buildFolder(root: URL, configuration: String) throws -> URL {
    let result = try runChild(URL(fileURLWithPath: "/usr/bin/env"),
                              arguments: ["swift", "build", "-c", configuration, "--show-bin-path"],
                              currentDirectory: root, timeLimit: 120)
    let path = result.standardOutput.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
    guard result.exit == .code(0), path.hasPrefix("/") else {
        throw RunnerFailure(description: "could not ask SwiftPM for the build folder: "
                            + (result.standardError.isEmpty ? "exit \(result.exit)" : result.standardError))
    }
    return URL(fileURLWithPath: path)
}

/// `swift build --product lesson-runner`: the learner's code is compiled into the runner.
private func buildLearnerCode(root: URL, configuration: String) -> WatchSession.BuildOutcome {
    let result: ChildResult
    do {
        result = try runChild(URL(fileURLWithPath: "/usr/bin/env"),
                              arguments: ["swift", "build", "-c", configuration, "--product", "lesson-runner"],
                              currentDirectory: root, timeLimit: 1800)
    } catch {
        return .failed("could not run swift build: \(systemReason(error))")
    }
    if result.exit == .code(0) { return .succeeded }
    return .failed(compilerErrors(result.standardOutput + "\n" + result.standardError, root: root))
}

/// The compiler's "file:line:column: error: …" lines, with paths relative to the root; the end of
/// the output when there are none (a linker or package error).
func compilerErrors(_ output: String, root: URL) -> String {
    let prefix = root.standardizedFileURL.path + "/"
    // The compiler colours its messages when it thinks it writes to a terminal.
    let plain = output.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    var seen = Set<String>()
    let errors = plain.split(separator: "\n").map(String.init)
        .filter { $0.contains(": error: ") && $0.contains(".swift:") }
        .map { $0.replacingOccurrences(of: prefix, with: "") }
        .filter { seen.insert($0).inserted }
    if errors.isEmpty {
        return plain.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
    return errors.prefix(10).joined(separator: "\n")
}
