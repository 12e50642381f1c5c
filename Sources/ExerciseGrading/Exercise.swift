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
    /// A longer run of the learner's code, for exercises that are experiments:
    /// `lesson-runner experiment NAME`.
    public var experiment: ExerciseExperiment? = nil

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

/// What an experiment exercise runs once its grader passes: the learner's code at full size, with
/// the results printed as they come (`lesson-runner experiment NAME`).
public struct ExerciseExperiment: Sendable {
    /// What it trains and about how long it takes, printed before it starts.
    public let summary: String
    /// The set-ups it can run (`--setup NAME`), the default first, each with a line saying what it is.
    public let setups: [(name: String, description: String)]
    /// Runs it in one of `setups` from `seeds` seeds (the default when nil), printing each line
    /// through `print`.
    public let run: @Sendable (_ setup: String, _ seeds: Int?, _ print: (String) -> Void) throws -> Void
}

/// Grades an exercise that uses another exercise's solution: not attempted while that one is
/// not, failed with a pointer to it while it fails, and graded by `grade` once it passes.
func requiring(_ name: String, _ prerequisite: Verdict, then grade: () -> Verdict) -> Verdict {
    switch prerequisite {
    case .passed: grade()
    case .notAttempted: .notAttempted
    case .failed: .failed("this exercise uses your \(name) solution, which does not pass its grader yet: "
                          + "make it pass first ('lesson-runner exercises' shows how to grade it)")
    }
}
