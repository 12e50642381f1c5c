import Exercises
import Foundation

/// The result of grading one exercise.
public enum Verdict: Equatable, Sendable {
    /// The stub still throws `ExerciseError.notAttempted`.
    case notAttempted
    /// Attempted and wrong; the message says where and, if it can, why.
    case failed(String)
    case passed

    /// One line, for passing a verdict from a child process to its parent.
    public var encoded: String {
        switch self {
        case .notAttempted: return "verdict:not-attempted"
        case .passed: return "verdict:passed"
        case let .failed(message):
            return "verdict:failed:" + message.replacingOccurrences(of: "\n", with: "\\n")
        }
    }

    /// The verdict in a child's output, if there is one.
    public init?(decoding output: String) {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("verdict:") }) else {
            return nil
        }
        switch line {
        case "verdict:not-attempted": self = .notAttempted
        case "verdict:passed": self = .passed
        default:
            guard line.hasPrefix("verdict:failed:") else { return nil }
            self = .failed(line.dropFirst("verdict:failed:".count)
                .replacingOccurrences(of: "\\n", with: "\n"))
        }
    }
}

/// A check that failed, with a message that teaches.
struct GradingFailure: Error {
    var message: String
}

/// Runs a grader body: a stub that is not attempted, a failed check, and an error thrown by the
/// learner's code each become a verdict.
func grade(_ body: () throws -> Void) -> Verdict {
    do {
        try body()
        return .passed
    } catch ExerciseError.notAttempted {
        return .notAttempted
    } catch let failure as GradingFailure {
        return .failed(failure.message)
    } catch {
        return .failed("your code threw an error: \(error)")
    }
}

/// Fails the grade with `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw GradingFailure(message: message()) }
}

/// Fails unless `got` is within `tolerance` (absolute, or relative for large values) of `expected`.
func requireClose(_ got: Double, _ expected: Double, tolerance: Double = 1e-9,
                  _ what: @autoclosure () -> String, hint: @autoclosure () -> String = "") throws {
    let ok = abs(got - expected) <= tolerance * max(1, abs(expected))
    if !ok {
        let h = hint()
        throw GradingFailure(message: "\(what()): got \(got), expected \(expected)"
                             + (h.isEmpty ? "" : "; \(h)"))
    }
}
