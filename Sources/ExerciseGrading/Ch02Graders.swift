import Exercises
import Foundation
import Lessons

/// Graders for chapter 2.
public enum Ch02Graders {
    /// ELU and its derivative, α eˣ = ELU(x) + α for x ≤ 0.
    public static func elu(_ f: (Double, Double) throws -> (y: Double, dydx: Double)) -> Verdict {
        grade {
            for alpha in [1.0, 0.5] {
                for x in [-3.0, -0.5, 0, 0.5, 2] {
                    let (y, dydx) = try f(x, alpha)
                    let expected = x > 0 ? x : alpha * (exp(x) - 1)
                    try requireClose(y, expected, "ELU(\(x)) with α = \(alpha)",
                                     hint: "x for x > 0, α(eˣ − 1) otherwise")
                    try requireClose(dydx, x > 0 ? 1 : alpha * exp(x), "ELU'(\(x)) with α = \(alpha)",
                                     hint: x == 0 ? "at x = 0 take the second branch: α e⁰ = α"
                                                  : "for x ≤ 0 the derivative is α eˣ, which also equals ELU(x) + α")
                }
            }
        }
    }

    /// J v for the softmax Jacobian J = diag(p) − p pᵀ.
    public static func softmaxJacobianTimes(_ jvp: (Tensor, Tensor) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 7)
            for n in [2, 5, 9] {
                let z = Tensor(randomNormal: [1, n], standardDeviation: 2, rng: &rng)
                let p = softmaxRows(z).reshaped([n])
                let v = Tensor(randomNormal: [n], standardDeviation: 1, rng: &rng)
                let got = try jvp(p, v)
                try require(got.count == n, "J v should have \(n) elements, got \(got.count)")
                let J = Tensor(shape: [n, n], data: (0..<(n * n)).map { k in
                    let (i, j) = (k / n, k % n)
                    return (i == j ? p[i] : 0) - p[i] * p[j]
                })
                let expected = J.matvec(v)
                let pv = p.dot(v)
                try rejectKnownMistakes(got, expected: expected, [
                    KnownMistake("J v for n = \(n) equals diag(p) v = p ⊙ v: the − p pᵀ v part of J = diag(p) − p pᵀ is missing; "
                                 + "subtract pᵢ (p·v) from each element", answer: p * v),
                    KnownMistake("J v for n = \(n) has the sign flipped: J = diag(p) − p pᵀ gives pᵢ vᵢ − pᵢ (p·v), not pᵢ (p·v) − pᵢ vᵢ",
                                 answer: p.map { $0 * pv } - p * v),
                    KnownMistake("J v for n = \(n) equals v − p·v: multiply each element by pᵢ, (J v)ᵢ = pᵢ (vᵢ − p·v)",
                                 answer: v.map { $0 - pv }),
                ])
                for i in 0..<n {
                    try requireClose(got[i], expected[i], "(J v)[\(i)] for n = \(n)",
                                     hint: "(J v)ᵢ = pᵢ vᵢ − pᵢ Σⱼ pⱼ vⱼ = pᵢ (vᵢ − p·v)")
                }
            }
        }
    }

    /// Row-wise log-softmax, stable for large scores.
    public static func logSoftmax(_ f: (Tensor) throws -> Tensor) -> Verdict {
        grade {
            let z = Tensor(rows: [[1, 2, 3], [1000, 1001, 1002], [-1000, 0, 1000], [0, 0, 0]])
            let got = try f(z)
            try require(got.shape == z.shape, "log-softmax should keep the shape \(z.shape), got \(got.shape)")
            let expected = Tensor(rows: (0..<z.rows).map { r in
                let row = z.data[(r * 3)..<(r * 3 + 3)]
                return row.map { $0 - logSumExp(row) }
            })
            let shiftedOnly = Tensor(rows: (0..<z.rows).map { r in
                let row = z.data[(r * 3)..<(r * 3 + 3)]
                return row.map { $0 - (row.max() ?? 0) }
            })
            try rejectKnownMistakes(got, expected: expected, [
                KnownMistake("you returned z − max(z): subtracting the maximum keeps exp from overflowing, but log softmax "
                             + "is z − m − log Σⱼ exp(zⱼ − m) — the log Σ exp term is missing", answer: shiftedOnly),
            ], tolerance: 1e-12)
            if let bad = got.data.firstIndex(where: { !$0.isFinite }) {
                let (r, j) = bad.quotientAndRemainder(dividingBy: 3)
                throw GradingFailure(message: "row \(r) = \(Array(z.data[(r * 3)..<(r * 3 + 3)])): element \(j) is \(got.data[bad]). "
                                     + "exp(1000) overflows; subtract the row maximum before exponentiating")
            }
            for r in 0..<z.rows {
                let total = (0..<3).reduce(0.0) { $0 + exp(got[r, $1]) }
                try require(abs(total - 1) < 1e-9,
                            "exp of row \(r) of your result sums to \(total), not 1: normalise each row (over its columns, "
                            + "axis 1), not each column")
            }
            for r in 0..<z.rows {
                let row = z.data[(r * 3)..<(r * 3 + 3)]
                let lse = logSumExp(row)
                for j in 0..<3 {
                    try require(got[r, j].isFinite,
                                "row \(r) = \(Array(row)): element \(j) is \(got[r, j]). exp(1000) overflows; "
                                + "subtract the row maximum before exponentiating")
                    try requireClose(got[r, j], z[r, j] - lse, tolerance: 1e-12, "log-softmax[\(r), \(j)]",
                                     hint: "zᵢ − log Σⱼ exp(zⱼ), with log-sum-exp computed as m + log Σⱼ exp(zⱼ − m)")
                }
            }
        }
    }
}

extension ExerciseCatalog {
    static let ch02: [Exercise] = [
        Exercise(name: "elu", chapter: 2, title: "ELU and its derivative",
                 hint: "For x ≤ 0, d/dx α(eˣ − 1) = α eˣ — which is ELU(x) + α, reusing the forward value.",
                 testName: "elu",
                 gradeLearner: { Ch02Graders.elu(Exercises.elu) }),
        Exercise(name: "softmax-jvp", chapter: 2, title: "Softmax Jacobian times a vector in O(n)",
                 hint: "Write (diag(p) − p pᵀ) v as p ⊙ v − p (pᵀ v): one dot product, then one pass.",
                 testName: "softmaxJacobianTimes",
                 gradeLearner: { Ch02Graders.softmaxJacobianTimes(Exercises.softmaxJacobianTimes) }),
        Exercise(name: "log-softmax", chapter: 2, title: "Stable log-softmax",
                 hint: "log softmax(z)ᵢ = zᵢ − logsumexp(z), and logsumexp(z) = m + log Σ exp(zⱼ − m) with m = max z.",
                 testName: "logSoftmax",
                 gradeLearner: { Ch02Graders.logSoftmax(Exercises.logSoftmax) }),
    ]
}
