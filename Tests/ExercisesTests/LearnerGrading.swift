import ExerciseGrading
import Foundation
import Testing

/// Grades one of the learner's exercises in a child process, so that a crash or an endless loop in
/// their code fails this test with a message instead of ending or hanging the whole test run.
///
/// Not attempted → the test is cancelled with the hint (the run stays green on a fresh clone);
/// attempted and wrong → the test fails with the grader's message; a crash → it fails with the
/// reason and the line of their file (`Sources/Exercises/ChNN.swift:LINE`); still running after
/// `GradingChild.timeLimit` seconds → it fails with "did not finish in 10 s — an endless loop?".
func gradeLearnerExercise(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let exercise = try #require(ExerciseCatalog.exercise(named: name))
    GradingChild.enableCrashReportsInChildren()
    // The child always exits non-zero (see GradingChild.reportedExitCode), so `.failure` holds
    // whether it reported or crashed, and Swift Testing hands back its output either way.
    let result = await #expect(
        processExitsWith: .failure, observing: [\.standardOutputContent, \.standardErrorContent],
        "\(name): the grading process ended with exit code 0 before the grader reported; does your code call exit()?",
        sourceLocation: sourceLocation
    ) { [name] in
        GradingChild.gradeAndExit(name)
    }
    guard let result else { return }
    switch verdict(of: result) {
    case .passed:
        return
    case .notAttempted:
        try Test.cancel("\(name) not attempted yet — edit \(exercise.file). Hint: \(exercise.hint)",
                        sourceLocation: sourceLocation)
    case let .failed(message):
        Issue.record("\(name): \(message)", sourceLocation: sourceLocation)
    }
}

/// The verdict a grading child (`GradingChild.runAndExit`) left behind in an exit test.
func verdict(of result: ExitTest.Result, learnerFolder: String = "Sources/Exercises/") -> Verdict {
    let exit: ChildExit
    switch result.exitStatus {
    case let .exitCode(code): exit = .code(code)
    case let .signal(signal): exit = .signal(signal)
    @unknown default: exit = .code(-1)
    }
    return GradingChild.verdict(exit: exit,
                                standardOutput: String(decoding: result.standardOutputContent, as: UTF8.self),
                                standardError: String(decoding: result.standardErrorContent, as: UTF8.self),
                                learnerFolder: learnerFolder)
}
