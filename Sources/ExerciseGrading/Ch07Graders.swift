import Exercises
import Foundation
import Lessons

/// Graders for chapter 7.
public enum Ch07Graders {
    /// Attention that ignores padding keys.
    public static func paddedAttention(
        _ f: (Tensor, Tensor, Tensor, Int) throws -> (weights: Tensor, output: Tensor)
    ) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 7)
            let (Tq, Tk, dk, dv) = (3, 6, 4, 2)
            let Q = Tensor(randomNormal: [Tq, dk], standardDeviation: 1, rng: &rng)
            var K = Tensor(randomNormal: [Tk, dk], standardDeviation: 1, rng: &rng)
            var V = Tensor(randomNormal: [Tk, dv], standardDeviation: 1, rng: &rng)
            for valid in [Tk, 4, 1] {
                let got = try f(Q, K, V, valid)
                try require(got.weights.shape == [Tq, Tk] && got.output.shape == [Tq, dv],
                            "with \(valid) valid keys: weights should be \([Tq, Tk]) and output \([Tq, dv]), "
                            + "got \(got.weights.shape) and \(got.output.shape)")
                let truncated = attention(Q: Q, K: rows(K, valid), V: rows(V, valid))
                for i in 0..<Tq {
                    let total = (0..<Tk).reduce(0) { $0 + got.weights[i, $1] }
                    try require(abs(total - 1) < 1e-9,
                                "with \(valid) valid keys, row \(i) of the weights sums to \(total), not 1. Zeroing the "
                                + "padding after the softmax leaves the rest too small; set the padding scores to −∞ before it")
                    for j in valid..<Tk {
                        try require(got.weights[i, j] == 0,
                                    "weight [\(i), \(j)] is \(got.weights[i, j]) but key \(j) is padding (only \(valid) valid): "
                                    + "set its score to −∞ before the softmax, so exp gives exactly 0")
                    }
                    for j in 0..<valid {
                        try requireClose(got.weights[i, j], truncated.A[i, j], "weight [\(i), \(j)] with \(valid) valid keys",
                                         hint: "the valid keys should share all the weight, as if the padding were not there; "
                                             + "remember the 1/√d_k")
                    }
                    for c in 0..<dv {
                        try requireClose(got.output[i, c], truncated.output[i, c], "output [\(i), \(c)] with \(valid) valid keys")
                    }
                }
            }
            // Whatever the padding holds, nothing changes.
            let before = try f(Q, K, V, 4)
            for j in 0..<dk { K[5, j] = 50 }
            for c in 0..<dv { V[4, c] = 1e6 }
            let after = try f(Q, K, V, 4)
            try require(after.output == before.output,
                        "changing the padding rows of K and V changed the output: padding must get exactly zero weight")
        }
    }

    /// Token-by-token causal attention with a key–value cache.
    public static func attendWithCache(
        _ f: (Tensor, Tensor, Tensor, Tensor, Tensor) throws -> (output: Tensor, keys: Tensor, values: Tensor)
    ) -> Verdict {
        grade {
            let (T, dk, dv) = (5, 4, 3)
            let (Q, K, V) = queriesKeysValues(seed: 70, T: T, dk: dk, dv: dv)
            let full = attention(Q: Q, K: K, V: V, mask: .causal).output
            var keys = Tensor(zeros: [0, dk]), values = Tensor(zeros: [0, dv])
            for t in 0..<T {
                let step = try f(rows(Q, t..<(t + 1)), rows(K, t..<(t + 1)), rows(V, t..<(t + 1)), keys, values)
                try require(step.keys.shape == [t + 1, dk] && step.values.shape == [t + 1, dv],
                            "after token \(t) the caches should be \([t + 1, dk]) and \([t + 1, dv]), "
                            + "got \(step.keys.shape) and \(step.values.shape): append the new key and value as a last row")
                try require(step.output.count == dv, "the output of token \(t) should have \(dv) values, got \(step.output.count)")
                for c in 0..<dv {
                    try requireClose(step.output[c], full[t, c], "output of token \(t), column \(c)",
                                     hint: t == 0 ? "the first token attends only to itself: its output is its own value"
                                                  : "token \(t) attends to the cached keys and to its own key, scaled by 1/√d_k")
                }
                keys = step.keys
                values = step.values
            }
            try require(keys == K && values == V, "after the last token the caches should hold all of K and V, in order")
        }
    }

    /// A learned position table: forward Y = X + P[t], backward dP[t] = Σ over the batch.
    public static func learnedPositions(_ f: (Tensor, Tensor, Tensor, Int) throws -> (Y: Tensor, dP: Tensor)) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 71)
            let (B, T, maxLength, d) = (3, 4, 6, 5)
            let X = Tensor(randomNormal: [B * T, d], standardDeviation: 1, rng: &rng)
            let P = Tensor(randomNormal: [maxLength, d], standardDeviation: 1, rng: &rng)
            let dY = Tensor(randomNormal: [B * T, d], standardDeviation: 1, rng: &rng)   // L = Σ dY ⊙ Y
            let got = try f(X, P, dY, T)
            try require(got.Y.shape == X.shape && got.dP.shape == P.shape,
                        "Y should have X's shape \(X.shape) and dP P's shape \(P.shape); got \(got.Y.shape) and \(got.dP.shape)")
            for b in 0..<B {
                for t in 0..<T {
                    for j in 0..<d {
                        try requireClose(got.Y[b * T + t, j], X[b * T + t, j] + P[t, j], "Y[\(b * T + t), \(j)]",
                                         hint: "row b·T + t is token t of sequence b: add P[t], not P[b·T + t]")
                    }
                }
            }
            for t in T..<maxLength {
                for j in 0..<d {
                    try require(got.dP[t, j] == 0, "dP[\(t), \(j)] = \(got.dP[t, j]), but no sequence reaches position \(t)")
                }
            }
            let check = checkGradient("dP", analytic: got.dP, at: P) { P in
                ((try? f(X, P, dY, T).Y) ?? Tensor(zeros: X.shape, value: .nan)).dot(dY)
            }
            try require(check.passes(), "dP disagrees with central differences: \(check). Every sequence of the batch "
                        + "uses the same row P[t], so their gradients add up (do not average them)")
        }
    }

    /// T random queries and keys (d_k) and values (d_v), the same for a seed.
    private static func queriesKeysValues(seed: UInt64, T: Int, dk: Int, dv: Int) -> (Q: Tensor, K: Tensor, V: Tensor) {
        var rng = SeededRNG(seed: seed)
        return (Tensor(randomNormal: [T, dk], standardDeviation: 1, rng: &rng),
                Tensor(randomNormal: [T, dk], standardDeviation: 1, rng: &rng),
                Tensor(randomNormal: [T, dv], standardDeviation: 1, rng: &rng))
    }

    /// Rows `range` of a matrix.
    private static func rows(_ x: Tensor, _ range: Range<Int>) -> Tensor {
        Tensor(shape: [range.count, x.cols], data: Array(x.data[(range.lowerBound * x.cols)..<(range.upperBound * x.cols)]))
    }

    /// The first n rows of a matrix.
    private static func rows(_ x: Tensor, _ n: Int) -> Tensor { rows(x, 0..<n) }

    /// ALiBi: S_ij = q_i·k_j/√d_k − m(i − j) for j ≤ i, −∞ above the diagonal.
    public static func alibiAttention(_ f: (Tensor, Tensor, Tensor, Double) throws -> (weights: Tensor, output: Tensor)) -> Verdict {
        grade {
            let (T, dk, dv) = (5, 4, 3)
            let (Q, K, V) = queriesKeysValues(seed: 72, T: T, dk: dk, dv: dv)
            /// The weights for slope m; `sign: 1` and `scale: 1` are known mistakes.
            func scores(slope m: Double, sign: Double = -1, scale: Double = 1 / Double(dk).squareRoot()) -> Tensor {
                var S = Q.matmulTransposed(K) * scale
                for i in 0..<T {
                    for j in 0..<T { S[i, j] = j > i ? -.infinity : S[i, j] + sign * m * Double(i - j) }
                }
                return softmaxRows(S)
            }
            for m in [0.0, 0.5, 2] {
                let got = try f(Q, K, V, m)
                try require(got.weights.shape == [T, T] && got.output.shape == [T, dv],
                            "with slope \(m): the weights should be \([T, T]) and the output \([T, dv]); "
                            + "got \(got.weights.shape) and \(got.output.shape)")
                for i in 0..<T {
                    for j in (i + 1)..<T where got.weights[i, j] != 0 {
                        throw GradingFailure(message: "with slope \(m): weight [\(i), \(j)] is \(got.weights[i, j]), but key \(j) "
                                             + "comes after query \(i): its score must be −∞ before the softmax, as in (7.5)")
                    }
                }
                let expected = scores(slope: m)
                try rejectKnownMistakes(got.weights, expected: expected, [
                    KnownMistake("with slope \(m) the distant keys get *more* weight: the bias is −m (i − j), which lowers "
                                 + "the scores of keys further back", answer: scores(slope: m, sign: 1)),
                    KnownMistake("with slope \(m): the weights are those of scores without the 1/√d_k; "
                                 + "divide q · k by √d_k before adding the bias", answer: scores(slope: m, scale: 1)),
                ], tolerance: 1e-9)
                for i in 0..<T {
                    for j in 0...i {
                        try requireClose(got.weights[i, j], expected[i, j], "weight [\(i), \(j)] with slope \(m)",
                                         hint: "S_ij = q_i · k_j / √d_k − m (i − j) for j ≤ i; then softmax over the row")
                    }
                }
                let output = expected.matmul(V)
                for k in 0..<(T * dv) {
                    try requireClose(got.output[k], output[k], "output [\(k / dv), \(k % dv)] with slope \(m)",
                                     hint: "the output is A V")
                }
            }
        }
    }
}

extension ExerciseCatalog {
    static let ch07: [Exercise] = [
        Exercise(name: "padding-mask", chapter: 7, title: "Attention that ignores padding keys",
                 hint: "Mask the scores, not the weights: set S[i, j] = −∞ for every padding key j before the softmax.",
                 testName: "paddedAttention",
                 gradeLearner: { Ch07Graders.paddedAttention(Exercises.paddedAttention) }),
        Exercise(name: "kv-cache", chapter: 7, title: "One step of causal attention with a key–value cache",
                 hint: "Append k and v to the caches first; then the new query may look at every row, so no mask is needed.",
                 testName: "attendWithCache",
                 gradeLearner: { Ch07Graders.attendWithCache(Exercises.attendWithCache) }),
        Exercise(name: "learned-positions", chapter: 7, title: "Learned positional embeddings, forward and backward",
                 hint: "Row r of X is position r % T. In the backward pass every sequence adds its dY row into dP[r % T].",
                 testName: "learnedPositions",
                 gradeLearner: { Ch07Graders.learnedPositions(Exercises.learnedPositions) }),
        Exercise(name: "alibi", chapter: 7, title: "Causal attention with linear position biases (ALiBi)",
                 hint: "Build S = Q Kᵀ / √d_k, subtract m·(i − j) from S[i, j] for j ≤ i, set S[i, j] = −∞ for j > i, then softmax each row.",
                 testName: "alibiAttention",
                 gradeLearner: { Ch07Graders.alibiAttention(Exercises.alibiAttention) }),
    ]
}
