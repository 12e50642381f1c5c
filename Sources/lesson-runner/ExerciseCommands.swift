import ArgumentParser
import ExerciseGrading
import Foundation
import Lessons

/// `lesson-runner exercises`: every exercise with its status, file, hint and grading command.
struct ExercisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises", abstract: "List the exercises with their status and how to grade each.")

    func run() throws {
        let root = try projectRoot()
        var progress = ExerciseProgress.load(root: root)
        var done = 0
        var lines: [String] = []
        for exercise in ExerciseCatalog.all {
            let status: String
            var detail: [String] = []
            let verdict = gradeInChildProcess(exercise)
            progress.record(verdict, for: exercise, root: root)
            switch verdict {
            case .passed:
                done += 1
                status = "✓ passed"
                detail.append("compare with the reference solution: \(exercise.solutionFile)")
                if exercise.experiment != nil {
                    detail.append("run it at full size: swift run -c release lesson-runner experiment \(exercise.name)")
                }
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
        print("Grade on every save: swift run lesson-runner watch")
        do {
            try progress.save(root: root)
        } catch {
            FileHandle.standardError.write(Data("note: could not save progress in \(ExerciseProgress.path): \(systemReason(error))\n".utf8))
        }
    }
}

/// `lesson-runner hint NAME`.
struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hint", abstract: "Print an exercise's hint.")

    @Argument(help: "The exercise, e.g. softmax-jvp (see 'lesson-runner exercises').",
              completion: .list(ExerciseCatalog.all.map(\.name)))
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

    @Argument(help: "The exercise, e.g. softmax-jvp.", completion: .list(ExerciseCatalog.all.map(\.name)))
    var name: String

    func run() throws {
        let exercise = try findExercise(name)
        let root = try projectRoot()
        let backup: URL?
        do {
            backup = try ExerciseStubs.reset(exercise, root: root)
        } catch {
            throw RunnerFailure(description: "could not reset \(exercise.name): \(systemReason(error))")
        }
        if let backup {
            print("Reset \(exercise.name) in \(exercise.file). Your code for it is saved in \(displayPath(backup)).")
        } else {
            print("\(exercise.name) in \(exercise.file) was already as shipped; nothing changed.")
        }
    }
}

/// `lesson-runner grade NAME` (hidden): grades one exercise under the time limit and prints the
/// verdict line. The runner calls it in a child process so that a crash or an endless loop in
/// learner code cannot take it down.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", shouldDisplay: false)

    @Argument var name: String

    func run() throws {
        GradingChild.gradeAndExit(try findExercise(name).name)
    }
}

func findExercise(_ name: String) throws -> Exercise {
    guard let exercise = ExerciseCatalog.exercise(named: name) else {
        throw RunnerFailure(description: "no exercise called '\(name)'. Choose one of: "
                            + ExerciseCatalog.all.map(\.name).joined(separator: ", "), exitCode: 64)
    }
    return exercise
}

/// This program's executable, for starting it again as a grading child.
func currentExecutable() -> URL {
    FileManager.default.fileExists(atPath: "/proc/self/exe")
        ? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        : (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
}

/// Runs `lesson-runner grade NAME` (this binary, or `executable`) as a child process and reads its
/// verdict; a crash, an endless loop or a missing verdict becomes a failure that says so.
func gradeInChildProcess(_ exercise: Exercise, executable: URL = currentExecutable()) -> Verdict {
    do {
        // The child stops itself at the limit; the parent kills it a little later if it could not.
        let result = try runChild(executable, arguments: ["grade", exercise.name],
                                  environment: GradingChild.childEnvironment,
                                  timeLimit: TimeInterval(GradingChild.timeLimit + 5))
        return GradingChild.verdict(exit: result.exit, standardOutput: result.standardOutput,
                                    standardError: result.standardError)
    } catch {
        return .failed("could not start the grader \(executable.path): \(systemReason(error))")
    }
}

/// `lesson-runner experiment NAME [--seeds N]`: an experiment exercise's full-size run on the
/// learner's code. It grades the exercise first: an experiment on a wrong answer measures the mistake.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment", abstract: "Run an experiment exercise at full size on your code, once its grader passes.")

    @Argument(help: "The exercise, e.g. smoothing-on-the-ring.",
              completion: .list(ExerciseCatalog.all.filter { $0.experiment != nil }.map(\.name)))
    var name: String

    @Option(parsing: .unconditional, help: "Seeds per setting, instead of the experiment's default.")
    var seeds: Int?

    @Option(help: "One of the experiment's set-ups (default: its first), e.g. collapsing.")
    var setup: String?

    func validate() throws {
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1 (got \(seeds))") }
    }

    func run() throws {
        let exercise = try findExercise(name)
        guard let experiment = exercise.experiment else {
            let names = ExerciseCatalog.all.filter { $0.experiment != nil }.map(\.name).joined(separator: ", ")
            throw RunnerFailure(description: "\(exercise.name) has no experiment; these exercises have one: \(names)",
                                exitCode: 64)
        }
        let setups = experiment.setups.map(\.name)
        let chosen = setup ?? setups.first ?? ""
        guard setups.contains(chosen) else {
            let choices = experiment.setups.map { "\($0.name) (\($0.description))" }.joined(separator: ", ")
            throw RunnerFailure(description: "\(exercise.name) has no set-up '\(chosen)'; choose one of: \(choices)",
                                exitCode: 64)
        }
        switch gradeInChildProcess(exercise) {
        case .passed: break
        case .notAttempted:
            throw RunnerFailure(description: "\(exercise.name) is not attempted yet: edit \(exercise.file), "
                                + "then grade it with \(exercise.testCommand)")
        case let .failed(message):
            throw RunnerFailure(description: "\(exercise.name) does not pass its grader yet, and an experiment on it would "
                                + "measure the mistake. The grader says: \(message)")
        }
        print(experiment.summary)
        do {
            try experiment.run(chosen, seeds) { print($0) }
        } catch {
            throw RunnerFailure(description: "\(exercise.name): your code threw \(error) during the experiment")
        }
    }
}
