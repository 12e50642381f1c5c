import Foundation

/// A made-up text for the ablations, where the next character is predictable only from a
/// character a fixed distance back: each character repeats the one `lag` places earlier with
/// probability p, and is otherwise drawn uniformly from V characters.
///
/// The previous character says nothing about the next one, so a bigram model scores log V; a model
/// that finds the character `lag` back can reach the entropy
/// −(p + (1 − p)/V) log(p + (1 − p)/V) − (V − 1)(1 − p)/V · log((1 − p)/V).
/// Finding it needs attention *and* knowing where each character sits — the two things the
/// ablations take away.
public struct EchoText: Sendable {
    public var vocabularySize = 8, lag = 3, repeatProbability = 0.8

    public init() {}

    /// `count` characters of the text.
    public func generate(_ count: Int, rng: inout SeededRNG) -> [Int] {
        var text: [Int] = []
        for t in 0..<count {
            let copies = t >= lag && rng.uniform() < repeatProbability
            text.append(copies ? text[t - lag] : rng.int(below: vocabularySize))
        }
        return text
    }

    /// The best possible loss, nats per character: the entropy of the next character given the text.
    public var entropy: Double {
        let V = Double(vocabularySize), p = repeatProbability
        let hit = p + (1 - p) / V, miss = (1 - p) / V
        return -hit * log(hit) - (V - 1) * miss * log(miss)
    }
}
