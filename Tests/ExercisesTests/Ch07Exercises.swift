import ExerciseGrading
import Testing

/// Your chapter 7 exercises (Sources/Exercises/Ch07.swift).
@Suite("Chapter 7 exercises") struct Ch07Exercises {
    @Test("attention with a padding mask") func paddedAttention() async throws {
        try await gradeLearnerExercise("padding-mask")
    }

    @Test("causal attention with a key–value cache") func attendWithCache() async throws {
        try await gradeLearnerExercise("kv-cache")
    }

    @Test("learned positional embeddings") func learnedPositions() async throws {
        try await gradeLearnerExercise("learned-positions")
    }

    @Test("causal attention with linear biases") func alibiAttention() async throws {
        try await gradeLearnerExercise("alibi")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 7 reference solutions") struct Ch07Solutions {
    @Test func paddedAttention() { #expect(Ch07Graders.paddedAttention(Ch07Reference.paddedAttention) == .passed) }

    @Test func attendWithCache() { #expect(Ch07Graders.attendWithCache(Ch07Reference.attendWithCache) == .passed) }

    @Test func learnedPositions() { #expect(Ch07Graders.learnedPositions(Ch07Reference.learnedPositions) == .passed) }

    @Test func alibiAttention() { #expect(Ch07Graders.alibiAttention(Ch07Reference.alibiAttention) == .passed) }
}
