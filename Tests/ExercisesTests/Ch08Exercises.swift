import ExerciseGrading
import Testing

/// Your chapter 8 exercises (Sources/Exercises/Ch08.swift).
@Suite("Chapter 8 exercises") struct Ch08Exercises {
    @Test("layer norm backward") func layerNormBackward() async throws {
        try await gradeLearnerExercise("layer-norm-backward")
    }

    @Test("warm-up and cosine schedule") func warmupCosine() async throws {
        try await gradeLearnerExercise("warmup-cosine")
    }

    @Test("output head tied to the embedding") func tiedHead() async throws {
        try await gradeLearnerExercise("tied-head")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 8 reference solutions") struct Ch08Solutions {
    @Test func layerNormBackward() { #expect(Ch08Graders.layerNormBackward(Ch08Reference.layerNormBackward) == .passed) }

    @Test func warmupCosine() { #expect(Ch08Graders.warmupCosine(Ch08Reference.warmupCosine) == .passed) }

    @Test func tiedHead() { #expect(Ch08Graders.tiedHead(Ch08Reference.tiedHead) == .passed) }
}
