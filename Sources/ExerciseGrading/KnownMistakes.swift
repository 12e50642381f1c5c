import Foundation
import Lessons

/// A mistake learners make on an exercise, with the answer it produces, so that a grader can say
/// what went wrong ("the sign of dL/dz is flipped") instead of only showing two numbers.
struct KnownMistake {
    /// What the learner most likely did, and how to put it right.
    var explanation: String
    /// The values the mistaken code returns on the grader's input.
    var answer: [Double]

    init(_ explanation: String, answer: [Double]) {
        self.explanation = explanation
        self.answer = answer
    }

    init(_ explanation: String, answer: Tensor) {
        self.init(explanation, answer: answer.data)
    }
}

/// Fails with the explanation of the first known mistake whose answer `got` matches — unless `got`
/// is right. Call it before the element-by-element checks, whose messages are less specific.
func rejectKnownMistakes(_ got: [Double], expected: [Double], _ mistakes: [KnownMistake],
                         tolerance: Double = 1e-9) throws {
    func agrees(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }
    guard !agrees(got, expected) else { return }
    if let mistake = mistakes.first(where: { agrees(got, $0.answer) }) {
        throw GradingFailure(message: mistake.explanation)
    }
}

/// The same for tensors.
func rejectKnownMistakes(_ got: Tensor, expected: Tensor, _ mistakes: [KnownMistake],
                         tolerance: Double = 1e-9) throws {
    try rejectKnownMistakes(got.data, expected: expected.data, mistakes, tolerance: tolerance)
}
