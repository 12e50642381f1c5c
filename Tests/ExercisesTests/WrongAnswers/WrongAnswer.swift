import ExerciseGrading
import Testing

/// A plausible wrong answer to an exercise — a sign flip, a missing term, an off-by-one, the
/// naive unstable formula — and words its grader's message must contain, so that the learner who
/// makes this mistake is told what it is.
///
/// Every exercise has two to four of these (`WrongAnswersTests.everyExerciseHasWrongAnswers`),
/// and each must *fail* its grader (`WrongAnswersTests.graderRejects`). A wrong answer that
/// passes means the grader is too weak: strengthen the grader, never the wrong answer.
struct WrongAnswer: Sendable, CustomTestStringConvertible {
    /// The exercise's name, as in `lesson-runner hint NAME`.
    let exercise: String
    /// The mistake, in a few words: "gradient not clipped at ±δ".
    let mistake: String
    /// A phrase the grader's message must contain to count as naming the mistake.
    let mentions: String
    /// Runs the grader on the wrong answer.
    let grade: @Sendable () -> Verdict

    init(_ exercise: String, _ mistake: String, mentions: String, grade: @escaping @Sendable () -> Verdict) {
        self.exercise = exercise
        self.mistake = mistake
        self.mentions = mentions
        self.grade = grade
    }

    var testDescription: String { "\(exercise): \(mistake)" }

    /// Every wrong answer, in course order.
    static let all: [WrongAnswer] = ch01 + ch02 + ch03 + ch04 + ch05 + ch06 + ch07 + ch08
}

@Suite("Graders reject wrong answers") struct WrongAnswersTests {
    @Test("a wrong answer fails its grader with a message that names the mistake", arguments: WrongAnswer.all)
    func graderRejects(_ wrong: WrongAnswer) {
        switch wrong.grade() {
        case let .failed(message):
            #expect(message.contains(wrong.mentions),
                    "\(wrong.exercise), \(wrong.mistake): the grader's message should mention '\(wrong.mentions)'; it says: \(message)")
        case .passed:
            Issue.record("\(wrong.exercise): the grader accepts a wrong answer (\(wrong.mistake)) — strengthen the grader")
        case .notAttempted:
            Issue.record("\(wrong.exercise), \(wrong.mistake): the wrong answer throws notAttempted")
        }
    }

    @Test("every exercise has two to four wrong answers")
    func everyExerciseHasWrongAnswers() {
        for exercise in ExerciseCatalog.all {
            let count = WrongAnswer.all.filter { $0.exercise == exercise.name }.count
            #expect((2...4).contains(count),
                    "\(exercise.name) has \(count) wrong answers in Tests/ExercisesTests/WrongAnswers; it needs 2 to 4")
        }
        let names = Set(ExerciseCatalog.all.map(\.name))
        for wrong in WrongAnswer.all {
            #expect(names.contains(wrong.exercise), "wrong answer for an unknown exercise '\(wrong.exercise)'")
        }
    }
}
