import ExerciseGrading
import Testing

/// Your chapter 6 exercises (Sources/Exercises/Ch06.swift).
@Suite("Chapter 6 exercises") struct Ch06Exercises {
    @Test("one-sided label smoothing for D") func smoothedDiscriminatorLoss() async throws {
        try await gradeLearnerExercise("label-smoothing")
    }

    @Test("a Wasserstein critic with a gradient penalty") func gradientPenaltyCriticLoss() async throws {
        try await gradeLearnerExercise("gradient-penalty")
    }

    @Test("feature matching") func featureMatchingLoss() async throws {
        try await gradeLearnerExercise("feature-matching")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 6 reference solutions") struct Ch06Solutions {
    @Test func smoothedDiscriminatorLoss() {
        #expect(Ch06Graders.smoothedDiscriminatorLoss(Ch06Reference.smoothedDiscriminatorLoss) == .passed)
    }

    @Test func gradientPenaltyCriticLoss() {
        #expect(Ch06Graders.gradientPenaltyCriticLoss(Ch06Reference.gradientPenaltyCriticLoss) == .passed)
    }

    @Test func featureMatchingLoss() {
        #expect(Ch06Graders.featureMatchingLoss(Ch06Reference.featureMatchingLoss) == .passed)
    }
}
