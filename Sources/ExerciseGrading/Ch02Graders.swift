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

extension Ch02Graders {
    /// The gain g (σ_w = g/√n) that keeps ‖δ‖ constant: measured on a fresh 10-layer network,
    /// the typical per-layer factor ‖δ_l‖/‖δ_{l+1}‖ must be within 15 % of 1.
    public static func gainKeepingGradientNorm(_ gain: (Activation) throws -> Double) -> Verdict {
        grade {
            for f in [Activation.relu, .tanh, .sigmoid] {
                let g = try gain(f)
                try require(g.isFinite && g > 0, "the gain for \(f.displayName) is \(g); it must be a positive number")
                var rng = SeededRNG(seed: 2024)  // a seed the learner's search did not see
                let probe = probeDeepNetwork(DepthSetup(f, gain: g, .normal(1 / 8)), depth: 10, rng: &rng)
                let factor = geometricMean(probe.measuredFactors)
                try require(abs(log(factor)) < log(1.15),
                            String(format: "for %@ the gain %.3g gives a factor of %.3f per layer, so ‖δ‖ %@ by %.3g over 9 layers. ",
                                   f.displayName, g, factor, factor < 1 ? "shrinks" : "grows", pow(factor, 9))
                            + (factor < 1 ? "The gain must be larger. " : "The gain must be smaller. ")
                            + "Each layer multiplies ‖δ‖ by about g · rms f'(Z), and rms f' itself depends on g: "
                            + "measure the factor with probeDeepNetwork and search (bisection) instead of using one formula for every activation")
            }
            let relu = try gain(.relu)
            try require(abs(relu - 2.0.squareRoot()) < 0.1 * 2.0.squareRoot(),
                        "for ReLU the gain should be close to He's √2 ≈ 1.414 (half the units are off, rms ReLU' = 1/√2); got \(relu)")
        }
    }

    /// The dead units of a ReLU layer on a batch: z ≤ 0 for every input.
    public static func deadReLUUnits(_ dead: (Dense, Tensor) throws -> [Int]) -> Verdict {
        grade {
            // Six units on four inputs, each built to catch one idea:
            //   0 on for several inputs; 1 bias −1, off everywhere (dead); 2 z = 0 everywhere (dead,
            //   ReLU'(0) = 0); 3 negative bias but on for input 2; 4 off everywhere (dead);
            //   5 on for the first input only.
            let X = Tensor(rows: [[1, 0], [0, 1], [-1, 0], [0.5, -0.5]])
            let layer = Dense(W: Tensor(rows: [[1, 0, 0, -1, 2, 1], [0, 0, 0, -1, 1, 0]]),
                              b: Tensor([0, -1, 0, -0.5, -5, -0.9]))
            let Z = layer.forward(X)
            let expected = (0..<6).filter { j in (0..<4).allSatisfy { Z[$0, j] <= 0 } }  // [1, 2, 4]
            let got = try dead(layer, X)
            for j in got where !expected.contains(j) {
                let on = (0..<4).filter { Z[$0, j] > 0 }
                throw GradingFailure(message: "unit \(j) is not dead: its pre-activation is positive for input(s) \(on), "
                                     + "so it passes gradient for those. A unit is dead only if z ≤ 0 for every input of the batch"
                                     + (layer.b[j] < 0 ? "; a negative bias alone does not make it dead — look at z = XW + b" : ""))
            }
            if expected.contains(2) && !got.contains(2) {
                throw GradingFailure(message: "unit 2 is missing: its pre-activation is exactly 0 for every input, and "
                                     + "ReLU'(0) = 0 in this course, so it gets no gradient either — test z ≤ 0, not z < 0")
            }
            try require(got == expected, "expected the dead units \(expected), got \(got): a unit is dead when z = XW + b "
                        + "is ≤ 0 for every row of X; return the column indices in increasing order")
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
        Exercise(name: "gain-for-depth", chapter: 2, title: "The weight gain that keeps ‖δ‖ constant",
                 hint: "The measured factor per layer grows with g: bisect on log g between 0.5 and 64, measuring "
                     + "geometricMean(probeDeepNetwork(DepthSetup(f, gain: g, .normal(1 / 8)), depth: 10, rng: &rng).measuredFactors).",
                 testName: "gainKeepingGradientNorm",
                 gradeLearner: { Ch02Graders.gainKeepingGradientNorm(Exercises.gainKeepingGradientNorm) }),
        Exercise(name: "dead-relu", chapter: 2, title: "Find the dead ReLU units of a layer",
                 hint: "Compute Z = layer.forward(X); unit j is dead if Z[n, j] ≤ 0 for every n (ReLU'(0) = 0 here).",
                 testName: "deadReLUUnits",
                 gradeLearner: { Ch02Graders.deadReLUUnits(Exercises.deadReLUUnits) }),
    ]
}
