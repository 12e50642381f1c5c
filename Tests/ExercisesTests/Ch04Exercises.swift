import ExerciseGrading
import Testing

/// Your chapter 4 exercises (Sources/Exercises/Ch04.swift).
@Suite("Chapter 4 exercises") struct Ch04Exercises {
    @Test("top-k sampling") func topKSampling() async throws {
        try await gradeLearnerExercise("top-k-sampling")
    }

    @Test("truncated backpropagation through time") func truncatedBPTT() async throws {
        try await gradeLearnerExercise("truncated-bptt")
    }

    @Test("the Jacobian ∂h_t/∂h_s") func hiddenStateJacobian() async throws {
        try await gradeLearnerExercise("hidden-jacobian")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 4 reference solutions") struct Ch04Solutions {
    @Test func topKSampling() { #expect(Ch04Graders.topKSampling(Ch04Reference.topKDistribution) == .passed) }

    @Test func truncatedBPTT() { #expect(Ch04Graders.truncatedBPTT(Ch04Reference.truncatedBPTT) == .passed) }

    @Test func hiddenStateJacobian() { #expect(Ch04Graders.hiddenStateJacobian(Ch04Reference.hiddenStateJacobian) == .passed) }
}
