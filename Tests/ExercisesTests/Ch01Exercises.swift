import ExerciseGrading
import Testing

/// Your chapter 1 exercises (Sources/Exercises/Ch01.swift).
@Suite("Chapter 1 exercises") struct Ch01Exercises {
    @Test("σ as a new autograd operation") func sigmoidValue() async throws {
        try await gradeLearnerExercise("sigmoid-value")
    }

    @Test("binary cross-entropy from the logit") func binaryCrossEntropyWithLogits() async throws {
        try await gradeLearnerExercise("bce-with-logits")
    }

    @Test("Huber loss and its gradient") func huberLoss() async throws {
        try await gradeLearnerExercise("huber")
    }

    @Test("a / b with two parents") func valueDivision() async throws {
        try await gradeLearnerExercise("value-division")
    }
}

/// The reference solutions pass the same graders, so every grader is known to be passable.
@Suite("Chapter 1 reference solutions") struct Ch01Solutions {
    @Test func sigmoidValue() { #expect(Ch01Graders.sigmoidValue(Ch01Reference.sigmoid) == .passed) }

    @Test func binaryCrossEntropyWithLogits() {
        #expect(Ch01Graders.binaryCrossEntropyWithLogits(Ch01Reference.binaryCrossEntropyWithLogits) == .passed)
    }

    @Test func huberLoss() { #expect(Ch01Graders.huberLoss(Ch01Reference.huberLoss) == .passed) }

    @Test func valueDivision() { #expect(Ch01Graders.valueDivision(Ch01Reference.divide) == .passed) }
}
