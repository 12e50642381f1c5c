import ArgumentParser
import ExerciseGrading
import Foundation
import Lessons

/// `lesson-runner exercises`: every exercise with its status, file, hint and grading command.
struct ExercisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises", abstract: "List the exercises with their status and how to grade each.")

    func run() throws {
        var done = 0
        var lines: [String] = []
        for exercise in ExerciseCatalog.all {
            let status: String
            var detail: [String] = []
            switch gradeInChildProcess(exercise) {
            case .passed:
                done += 1
                status = "✓ passed"
                detail.append("compare with the reference solution: \(exercise.solutionFile)")
            case .notAttempted:
                status = "· not attempted"
                detail.append("hint: \(exercise.hint)")
            case let .failed(message):
                status = "✗ not yet right"
                detail.append("grader: \(message)")
                detail.append("hint: \(exercise.hint)")
            }
            lines.append("  ch\(String(format: "%02d", exercise.chapter))  \(exercise.name)  —  \(status)")
            lines.append("        \(exercise.title)")
            lines.append("        edit:  \(exercise.file)")
            lines.append("        grade: \(exercise.testCommand)")
            lines += detail.map { "        \($0)" }
            lines.append("")
        }
        print("Exercises: \(done) of \(ExerciseCatalog.all.count) done\n")
        lines.forEach { print($0) }
        print("Hint for one: lesson-runner hint NAME    Start one again: lesson-runner reset NAME")
    }
}

/// `lesson-runner hint NAME`.
struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hint", abstract: "Print an exercise's hint.")

    @Argument(help: "The exercise, e.g. softmax-jvp (see 'lesson-runner exercises').")
    var name: String

    func run() throws {
        let exercise = try findExercise(name)
        print("\(exercise.name) (chapter \(exercise.chapter)): \(exercise.title)")
        print("hint: \(exercise.hint)")
        print("edit \(exercise.file), then run: \(exercise.testCommand)")
    }
}

/// `lesson-runner reset NAME`: restore an exercise's stub.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Put an exercise back as it was shipped (your code for it is replaced).")

    @Argument(help: "The exercise, e.g. softmax-jvp.")
    var name: String

    func run() throws {
        let exercise = try findExercise(name)
        do {
            try ExerciseStubs.reset(exercise, root: try projectRoot())
        } catch let error as RunnerFailure {
            throw error
        } catch {
            throw RunnerFailure(description: "could not reset \(exercise.name): \(error)")
        }
        print("Reset \(exercise.name) in \(exercise.file).")
    }
}

/// `lesson-runner grade NAME` (hidden): grades one exercise and prints the verdict line. The
/// runner calls it in a child process so that a crash in learner code cannot take it down.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", shouldDisplay: false)

    @Argument var name: String

    func run() throws {
        print(try findExercise(name).gradeLearner().encoded)
    }
}

func findExercise(_ name: String) throws -> Exercise {
    guard let exercise = ExerciseCatalog.exercise(named: name) else {
        throw RunnerFailure(description: "no exercise called '\(name)'. Choose one of: "
                            + ExerciseCatalog.all.map(\.name).joined(separator: ", "), exitCode: 64)
    }
    return exercise
}

/// Runs `lesson-runner grade NAME` as a child process and reads its verdict; a crash, a hang or a
/// missing verdict becomes a failure that says so.
func gradeInChildProcess(_ exercise: Exercise, timeout: TimeInterval = 30) -> Verdict {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    if !FileManager.default.fileExists(atPath: "/proc/self/exe") {
        process.executableURL = Bundle.main.executableURL
    }
    process.arguments = ["grade", exercise.name]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return .failed("could not start the grader: \(error)")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning {
        process.terminate()
        return .failed("did not finish within \(Int(timeout)) s — an endless loop?")
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    if process.terminationReason == .uncaughtSignal {
        return .failed("your code crashed (signal \(process.terminationStatus)): a Swift runtime trap such as an "
                       + "index out of range, a force-unwrapped nil or an integer overflow. "
                       + "Run \(exercise.testCommand) to see where.")
    }
    return Verdict(decoding: text) ?? .failed("the grader printed no verdict (exit code \(process.terminationStatus))")
}
