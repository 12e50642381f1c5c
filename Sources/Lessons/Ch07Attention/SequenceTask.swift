import Foundation

// listing: tasks
/// The chapter's toy tasks: a sequence of digits in, a digit to answer at every position.
public enum SequenceTask: String, CaseIterable, Sendable {
    /// Answer x_{T−1−t} at position t: where to look depends only on *positions*.
    case reverse
    /// Answer max(x₀, …, x_t) at position t: where to look depends on *contents*, and the causal
    /// mask keeps later digits out of sight.
    case runningMaximum

    /// The mask the task's model uses.
    public var mask: AttentionMask { self == .reverse ? .none : .causal }

    /// The answer at every position of x.
    public func target(for x: [Int]) -> [Int] {
        switch self {
        case .reverse:
            return x.reversed()
        case .runningMaximum:
            var best = Int.min
            return x.map { best = max(best, $0); return best }
        }
    }

    /// n random sequences of `length` digits 0 … 9 and their answers.
    public func batch(_ n: Int, length: Int, rng: inout SeededRNG) -> (inputs: [[Int]], targets: [[Int]]) {
        let inputs = (0..<n).map { _ in (0..<length).map { _ in rng.int(below: 10) } }
        return (inputs, inputs.map(target))
    }
}
// end listing
