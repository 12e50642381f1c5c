import Foundation

/// One exercise: where it lives, how it is graded and what to do when stuck.
public struct Exercise: Sendable {
    /// The name used on the command line: `lesson-runner hint softmax-jvp`.
    public let name: String
    public let chapter: Int
    /// One line saying what to build.
    public let title: String
    /// A nudge that does not give the answer away.
    public let hint: String
    /// The test function in Tests/ExercisesTests that grades it (suite "ChNNExercises").
    public let testName: String
    /// Grades the learner's code in Sources/Exercises.
    public let gradeLearner: @Sendable () -> Verdict

    /// "Sources/Exercises/Ch02.swift".
    public var file: String { String(format: "Sources/Exercises/Ch%02d.swift", chapter) }
    /// The pristine copy `lesson-runner reset` restores from.
    public var stubFile: String { String(format: "Sources/Exercises/Stubs/Ch%02d.swift.stub", chapter) }
    /// The reference solution, shown once the exercise passes.
    public var solutionFile: String {
        String(format: "Tests/ExercisesTests/Solutions/Ch%02dSolutions.swift", chapter)
    }
    /// The Swift Testing suite holding the grader.
    public var suite: String { String(format: "Ch%02dExercises", chapter) }
    /// The command that grades just this exercise.
    public var testCommand: String { "swift test --filter \(suite)/\(testName)" }
}

extension Exercise: Equatable {
    /// Exercises are told apart by name (the grader closure cannot be compared).
    public static func == (a: Exercise, b: Exercise) -> Bool { a.name == b.name }
}
