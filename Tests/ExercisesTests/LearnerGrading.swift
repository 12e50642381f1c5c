import ExerciseGrading
import Foundation
import Testing

/// Grades one of the learner's exercises in a child process, so that a crash in their code fails
/// this test with a message instead of ending the whole test run.
///
/// Not attempted → the test is cancelled with the hint (the run stays green on a fresh clone);
/// attempted and wrong → the test fails with the grader's message; right → it passes.
func gradeLearnerExercise(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let exercise = try #require(ExerciseCatalog.exercise(named: name))
    let result = await #expect(
        processExitsWith: .success, observing: [\.standardOutputContent],
        Comment(rawValue: "\(name): your code crashed (a Swift runtime trap such as an index out of range, "
            + "a force-unwrapped nil or an integer overflow) — the crash report above says where"),
        sourceLocation: sourceLocation
    ) { [name] in
        let verdict = ExerciseCatalog.exercise(named: name)?.gradeLearner() ?? .failed("unknown exercise")
        print(verdict.encoded)
    }
    guard let result else { return }
    let output = String(decoding: result.standardOutputContent, as: UTF8.self)
    let verdict: Verdict? = Verdict(decoding: output)
    switch verdict {
    case .passed:
        return
    case .notAttempted:
        try Test.cancel("\(name) not attempted yet — edit \(exercise.file). Hint: \(exercise.hint)",
                        sourceLocation: sourceLocation)
    case let .failed(message):
        Issue.record("\(name): \(message)", sourceLocation: sourceLocation)
    case nil:
        Issue.record("\(name): the grader printed no verdict; output was: \(output)", sourceLocation: sourceLocation)
    }
}
