/// Thrown by an exercise you have not done yet. Replace the `throw` with your code.
public enum ExerciseError: Error {
    case notAttempted
}
