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
            """,
        subcommands: [RunChapter.self, ListChapters.self, BookCommand.self, ExercisesCommand.self,
                      HintCommand.self, ResetCommand.self, GradeCommand.self, SiteCommand.self],
        defaultSubcommand: RunChapter.self)

    /// Parses and runs, turning every error into one line on stderr and a non-zero exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
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
    guard let root = ProjectRoot.locate() else {
        throw RunnerFailure(description:
            "cannot find the course folder (with Package.swift and assets/); run from inside the clone "
            + "or set LESSONS_ROOT")
    }
    return root
}
