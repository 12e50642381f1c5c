import ExerciseGrading
import Testing

/// Your chapter 3 exercises (Sources/Exercises/Ch03.swift).
@Suite("Chapter 3 exercises") struct Ch03Exercises {
    @Test("average pooling backward") func averagePoolBackward() async throws {
        try await gradeLearnerExercise("avg-pool-backward")
    }

    @Test("im2col: a convolution as one matrix product") func im2col() async throws {
        try await gradeLearnerExercise("im2col")
    }

    @Test("inverted dropout, forward and backward") func dropout() async throws {
        try await gradeLearnerExercise("dropout")
    }

    @Test("col2im, the backward pass of im2col") func col2im() async throws {
        try await gradeLearnerExercise("col2im")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 3 reference solutions") struct Ch03Solutions {
    @Test func averagePoolBackward() {
        #expect(Ch03Graders.averagePoolBackward(Ch03Reference.averagePoolBackward) == .passed)
    }

    @Test func im2col() { #expect(Ch03Graders.im2col(Ch03Reference.im2col) == .passed) }

    @Test func col2im() { #expect(Ch03Graders.col2im(Ch03Reference.col2im) == .passed) }

    @Test func dropout() {
        #expect(Ch03Graders.dropout(forward: Ch03Reference.dropoutForward, backward: Ch03Reference.dropoutBackward) == .passed)
    }
}
