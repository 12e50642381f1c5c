import ArgumentParser
import Foundation
import Lessons

/// `lesson-runner`: runs a chapter's demo, lists chapters, regenerates the book, shows exercises.
/// All teaching logic lives in the `Lessons` library; this file only parses and dispatches.
@main
struct LessonRunner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson-runner",
        abstract: "Deep Learning, Line by Line — run a chapter, see its figures, do its exercises.",
        discussion: """
            Examples:
              lesson-runner ch04             train chapter 4's model and write its figures
              lesson-runner all --fast       every chapter, with short training
              lesson-runner exercises        your exercises and how to grade each
              lesson-runner watch            grade the current exercise every time you save
              lesson-runner experiment smoothing-on-the-ring   an experiment exercise at full size
              lesson-runner claims ch08      check chapter 8's claims on five seeds each
            """,
        version: "lesson-runner \(courseVersion) (Deep Learning, Line by Line)",
        subcommands: [RunChapter.self, ListChapters.self, BookCommand.self, ExercisesCommand.self,
                      WatchCommand.self, HintCommand.self, ResetCommand.self, ExperimentCommand.self, GradeCommand.self,
                      ClaimsCommand.self, SiteCommand.self],
        defaultSubcommand: RunChapter.self)

    /// The course's version, shown by `--version`.
    static let courseVersion = "1.0"

    /// Parses and runs, turning every error into one line on stderr and a non-zero exit code.
    static func main() {
        do {
            var command = try parseAsRoot(helpTopicChecked(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let error as RunnerFailure {
            fail(error.description, code: error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)  // --help and --version print their text and exit 0
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail("\(message) (see 'lesson-runner --help')", code: code.rawValue)
        }
    }

    /// `help TOPIC` with a TOPIC that is no command: ArgumentParser would print the general help
    /// and exit 0, as if all were well. A chapter's name gets the help of `run`.
    static func helpTopicChecked(_ arguments: [String]) -> [String] {
        guard arguments.first == "help", arguments.count > 1 else { return arguments }
        let topic = arguments[1]
        let commands = configuration.subcommands.filter { $0.configuration.shouldDisplay }
            .compactMap { $0.configuration.commandName }
        if commands.contains(topic) || topic.hasPrefix("-") { return arguments }
        if Course.chapter(named: topic) != nil || topic.lowercased() == "all" { return ["help", "run"] }
        fail("no command called '\(topic)'. Commands: \(commands.joined(separator: ", ")); "
             + "a chapter (ch01…ch08, all) runs it. See 'lesson-runner --help'", code: 64)
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(code)
    }
}

/// An error the runner explains in one line.
struct RunnerFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}

/// The project root, or a failure that says how to point the runner at it.
func projectRoot() throws -> URL {
    if let env = ProcessInfo.processInfo.environment["LESSONS_ROOT"], !ProjectRoot.isRoot(URL(fileURLWithPath: env)) {
        throw RunnerFailure(description: "LESSONS_ROOT=\(env) is not the course folder (it should hold Package.swift "
                            + "and assets/); point it at your clone or unset it")
    }
    guard let root = ProjectRoot.locate() else {
        throw RunnerFailure(description:
            "cannot find the course folder (with Package.swift and assets/); run from inside the clone "
            + "or set LESSONS_ROOT")
    }
    return root
}
