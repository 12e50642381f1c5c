import ExerciseGrading
import Testing

/// Your chapter 2 exercises (Sources/Exercises/Ch02.swift).
@Suite("Chapter 2 exercises") struct Ch02Exercises {
    @Test("ELU and its derivative") func elu() async throws {
        try await gradeLearnerExercise("elu")
    }

    @Test("softmax Jacobian-vector product") func softmaxJacobianTimes() async throws {
        try await gradeLearnerExercise("softmax-jvp")
    }

    @Test("stable log-softmax") func logSoftmax() async throws {
        try await gradeLearnerExercise("log-softmax")
    }

    @Test("the weight gain that keeps ‖δ‖ constant") func gainKeepingGradientNorm() async throws {
        try await gradeLearnerExercise("gain-for-depth")
    }

    @Test("dead ReLU units") func deadReLUUnits() async throws {
        try await gradeLearnerExercise("dead-relu")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 2 reference solutions") struct Ch02Solutions {
    @Test func elu() { #expect(Ch02Graders.elu(Ch02Reference.elu) == .passed) }

    @Test func softmaxJacobianTimes() {
        #expect(Ch02Graders.softmaxJacobianTimes(Ch02Reference.softmaxJacobianTimes) == .passed)
    }

    @Test func logSoftmax() { #expect(Ch02Graders.logSoftmax(Ch02Reference.logSoftmax) == .passed) }

    @Test func gainKeepingGradientNorm() {
        #expect(Ch02Graders.gainKeepingGradientNorm(Ch02Reference.gainKeepingGradientNorm) == .passed)
    }

    @Test func deadReLUUnits() { #expect(Ch02Graders.deadReLUUnits(Ch02Reference.deadReLUUnits) == .passed) }
}
