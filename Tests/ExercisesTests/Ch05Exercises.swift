import ExerciseGrading
import Testing

/// Your chapter 5 exercises (Sources/Exercises/Ch05.swift).
@Suite("Chapter 5 exercises") struct Ch05Exercises {
    @Test("GRU forward step") func gruForward() async throws {
        try await gradeLearnerExercise("gru-forward")
    }

    @Test("GRU backward step") func gruBackward() async throws {
        try await gradeLearnerExercise("gru-backward")
    }

    @Test("LSTM with peepholes") func peepholeLSTM() async throws {
        try await gradeLearnerExercise("peephole-lstm")
    }

    @Test("backward through a coupled-gate LSTM step") func cifgBackward() async throws {
        try await gradeLearnerExercise("cifg-backward")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 5 reference solutions") struct Ch05Solutions {
    @Test func gruForward() { #expect(Ch05Graders.gruForward(Ch05Reference.gruStep) == .passed) }

    @Test func gruBackward() { #expect(Ch05Graders.gruBackward(Ch05Reference.gruStepBackward) == .passed) }

    @Test func peepholeLSTM() { #expect(Ch05Graders.peepholeLSTM(Ch05Reference.peepholeLSTMStep) == .passed) }

    @Test func cifgBackward() { #expect(Ch05Graders.cifgBackward(Ch05Reference.cifgStepBackward) == .passed) }
}
