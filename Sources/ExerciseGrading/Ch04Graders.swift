import Exercises
import Foundation
import Lessons

/// Graders for chapter 4.
public enum Ch04Graders {
    /// Top-k sampling's distribution: softmax(y/τ) over the k largest scores, zero elsewhere.
    public static func topKSampling(_ topK: (Tensor, Int, Double) throws -> Tensor) -> Verdict {
        grade {
            let y = Tensor([0.5, 2.0, -1.0, 1.2, 0.9, -0.3])
            let order = y.data.indices.sorted { y[$0] > y[$1] }
            for τ in [0.5, 1.0, 2.0] {
                for k in [1, 2, 3, 6] {
                    let p = try topK(y, k, τ)
                    try require(p.count == y.count, "k = \(k): return one probability per score (\(y.count)), got \(p.count)")
                    let kept = Set(order.prefix(k))
                    let normaliser = kept.reduce(0.0) { $0 + exp(y[$1] / τ) }
                    let nonzero = p.data.filter { $0 != 0 }.count
                    try require(nonzero == k || !p.data.allSatisfy(\.isFinite),
                                "k = \(k), τ = \(τ): \(nonzero) probabilities are non-zero; keep exactly the k = \(k) largest scores "
                                + "(sort the indices by score, descending, and take the first k)")
                    func restricted(_ q: Tensor) -> Tensor {
                        Tensor((0..<y.count).map { kept.contains($0) ? q[$0] : 0 })
                    }
                    let expected = restricted(softmax(y, temperature: τ)) * (1 / (restricted(softmax(y, temperature: τ)).sum()))
                    try rejectKnownMistakes(p, expected: expected, [
                        KnownMistake("k = \(k), τ = \(τ): the kept probabilities sum to \(p.sum()), not 1 — you zeroed the other scores "
                                     + "after a softmax over all of them; divide by the sum over the k kept scores only",
                                     answer: restricted(softmax(y, temperature: τ))),
                        KnownMistake("k = \(k), τ = \(τ): your result is the distribution for τ = 1 — divide the scores by τ before exp",
                                     answer: restricted(softmax(y, temperature: 1)) * (1 / restricted(softmax(y, temperature: 1)).sum())),
                    ], tolerance: 1e-12)
                    for i in 0..<y.count {
                        let expected = kept.contains(i) ? exp(y[i] / τ) / normaliser : 0
                        try requireClose(p[i], expected, tolerance: 1e-12, "p[\(i)] for k = \(k), τ = \(τ) (score \(y[i]))",
                                         hint: kept.contains(i)
                                            ? "divide by the sum over the k kept scores only, not over all of them; and divide the scores by τ before exp"
                                            : "this score is not among the \(k) largest, so its probability is 0")
                    }
                }
            }
            let full = try topK(y, y.count, 0.7), reference = softmax(y, temperature: 0.7)
            for i in 0..<y.count {
                try requireClose(full[i], reference[i], tolerance: 1e-12, "k = V must equal softmax(y/τ): p[\(i)]")
            }
            let big = Tensor([1000, 999, 998, 0])
            let p = try topK(big, 2, 1)
            try require(p.data.allSatisfy(\.isFinite),
                        "scores [1000, 999, 998, 0] gave \(p.data): exp(1000) overflows; subtract the largest score first")
            let e = exp(-1.0)
            try requireClose(p[0], 1 / (1 + e), tolerance: 1e-12, "p[0] for [1000, 999, 998, 0], k = 2")
            try requireClose(p[1], e / (1 + e), tolerance: 1e-12, "p[1] for [1000, 999, 998, 0], k = 2")
        }
    }

    /// An RNN over 5 symbols with weights large enough that gradients neither vanish nor explode
    /// over a few steps, and a random initial state.
    static func smallRNN(hiddenSize H: Int, weightScale: Double, rng: inout SeededRNG) -> (RNN, Tensor) {
        let rnn = RNN(inputSize: 5, hiddenSize: H, weightScale: weightScale, rng: &rng)
        return (rnn, Tensor(randomNormal: [H], standardDeviation: 0.5, rng: &rng))
    }

    /// The grader's own truncated BPTT; `derivative: false` and `back: W_hh` are known mistakes.
    static func truncatedGradient(_ rnn: RNN, hs: Tensor, h0: Tensor, dhs: Tensor, steps k: Int,
                                  derivative: Bool = true, back: Tensor? = nil) -> Tensor {
        let H = h0.count
        let carry = back ?? rnn.Whh.transposed
        var dWhh = Tensor(zeros: [H, H])
        for t in 0..<dhs.rows {
            var d = dhs.row(t)
            for s in stride(from: t, through: max(0, t - k + 1), by: -1) {
                let δ = derivative ? hs.row(s).map { 1 - $0 * $0 } * d : d
                dWhh += δ.outer(s == 0 ? h0 : hs.row(s - 1))
                d = carry.matvec(δ)
            }
        }
        return dWhh
    }

    /// ∂L/∂W_hh with every output's gradient carried back at most k steps.
    public static func truncatedBPTT(_ truncated: (RNN, [Int], Tensor, Tensor, Int) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 44)
            let H = 4
            let (rnn, h0) = smallRNN(hiddenSize: H, weightScale: 0.6, rng: &rng)
            let xs = [3, 1, 4, 1, 0, 2, 2]
            let dhs = Tensor(randomNormal: [xs.count, H], standardDeviation: 1, rng: &rng)
            let (hs, _, cache) = rnn.forward(xs, from: h0)
            for k in [1, 2, 3, xs.count, xs.count + 5] {
                let got = try truncated(rnn, xs, h0, dhs, k)
                try require(got.shape == [H, H], "return ∂L/∂W_hh with the shape of W_hh, [\(H), \(H)]; got \(got.shape)")
                let expected = truncatedGradient(rnn, hs: hs, h0: h0, dhs: dhs, steps: k)
                try rejectKnownMistakes(got, expected: expected, [
                    KnownMistake("with k = \(k) your result is what k + 1 steps give: the gradient from step t reaches "
                                 + "h_t, …, h_{t−k+1} — k states counting h_t itself — so stop at s = t − k + 1",
                                 answer: truncatedGradient(rnn, hs: hs, h0: h0, dhs: dhs, steps: k + 1)),
                    KnownMistake("with k = \(k) your result leaves out tanh' — each step must multiply by it: "
                                 + "δ = (1 − h_s ⊙ h_s) ⊙ d before adding δ h_{s−1}ᵀ",
                                 answer: truncatedGradient(rnn, hs: hs, h0: h0, dhs: dhs, steps: k, derivative: false)),
                    KnownMistake("with k = \(k) your result carries d back with W_hh instead of its transpose: "
                                 + "h_s = tanh(W_hh h_{s−1} + …) sends d = W_hhᵀ δ to h_{s−1}",
                                 answer: truncatedGradient(rnn, hs: hs, h0: h0, dhs: dhs, steps: k, back: rnn.Whh)),
                ], tolerance: 1e-10)
                for i in 0..<(H * H) {
                    try requireClose(got[i], expected[i], tolerance: 1e-10, "∂L/∂W_hh[\(i / H), \(i % H)] with k = \(k)",
                                     hint: k == 1 ? "with k = 1 each row t of dhs only gives δ_t h_{t−1}ᵀ with δ_t = (1 − h_t²) ⊙ dhs_t"
                                                  : "start a fresh backward pass from every t and stop after k steps (or at the first step)")
                }
                if k >= xs.count {
                    let full = rnn.backward(dhs, cache).dWhh
                    for i in 0..<(H * H) {
                        try requireClose(got[i], full[i], tolerance: 1e-10, "with k ≥ T, ∂L/∂W_hh[\(i / H), \(i % H)] must equal full BPTT's")
                    }
                }
            }
        }
    }

    /// ∂h_t/∂h_s = J_t ⋯ J_{s+1} with J_u = diag(1 − h_u²) W_hh, against central differences.
    public static func hiddenStateJacobian(_ jacobian: (RNN, [Int], Tensor, Int, Int) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 45)
            let H = 4
            let (rnn, h0) = smallRNN(hiddenSize: H, weightScale: 0.7, rng: &rng)
            let xs = [2, 0, 4, 1, 3, 3, 0]
            let hs = rnn.forward(xs, from: h0).hs
            for (s, t) in [(2, 2), (1, 2), (0, 3), (2, 6)] {
                let got = try jacobian(rnn, xs, h0, s, t)
                try require(got.shape == [H, H], "∂h_\(t)/∂h_\(s) is H × H = [\(H), \(H)]; got \(got.shape)")
                // Column j: how h_t moves when h_s[j] moves, by central differences of the RNN itself.
                let later = Array(xs[(s + 1)..<(t + 1)])
                var expected = Tensor(zeros: [H, H])
                for j in 0..<H {
                    let step = 1e-6
                    var up = hs.row(s), down = hs.row(s)
                    up[j] += step
                    down[j] -= step
                    let hUp = later.isEmpty ? up : rnn.forward(later, from: up).last
                    let hDown = later.isEmpty ? down : rnn.forward(later, from: down).last
                    for i in 0..<H { expected[i, j] = (hUp[i] - hDown[i]) / (2 * step) }
                }
                try rejectKnownMistakes(got, expected: expected, jacobianMistakes(rnn, hs: hs, from: s, to: t), tolerance: 1e-6)
                for k in 0..<(H * H) where relativeError(got[k], expected[k]) > 1e-6 {
                    throw GradingFailure(message: "∂h_\(t)/∂h_\(s) at [\(k / H), \(k % H)]: got \(got[k]), central differences give "
                                         + "\(expected[k]); multiply the step Jacobians diag(1 − h_u ⊙ h_u) W_hh for u = s + 1 … t"
                                         + (s == t ? " — for s = t there are none: the identity" : ""))
                }
            }
        }
    }

    /// What three wrong ways of multiplying the step Jacobians give.
    static func jacobianMistakes(_ rnn: RNN, hs: Tensor, from s: Int, to t: Int) -> [KnownMistake] {
        let H = rnn.hiddenSize
        func product(_ factor: (Int) -> Tensor, reversed: Bool = false) -> Tensor {
            var J = Tensor(shape: [H, H], data: (0..<(H * H)).map { $0 / H == $0 % H ? 1 : 0 })
            guard s < t else { return J }
            for u in (s + 1)...t { J = reversed ? J.matmul(factor(u)) : factor(u).matmul(J) }
            return J
        }
        func diagonal(_ v: Tensor) -> Tensor {
            Tensor(shape: [H, H], data: (0..<(H * H)).map { $0 / H == $0 % H ? v[$0 / H] : 0 })
        }
        let derivative = { (u: Int) in diagonal(hs.row(u).map { 1 - $0 * $0 }) }
        let reversed = t - s < 2 ? [] : [
            KnownMistake("∂h_\(t)/∂h_\(s): your product is in the reverse order. The chain rule puts the latest step first: "
                         + "∂h_t/∂h_s = J_t J_{t−1} ⋯ J_{s+1}, and matrices do not commute",
                         answer: product({ derivative($0).matmul(rnn.Whh) }, reversed: true)),
        ]
        return reversed + [
            KnownMistake("∂h_\(t)/∂h_\(s): you used W_hhᵀ. h_u depends on W_hh h_{u−1}, so ∂h_u/∂h_{u−1} = diag(1 − h_u²) W_hh; "
                         + "the transpose is what backpropagation multiplies a gradient *vector* by",
                         answer: product { derivative($0).matmul(rnn.Whh.transposed) }),
            KnownMistake("∂h_\(t)/∂h_\(s): tanh' is missing — each step's Jacobian is diag(1 − h_u ⊙ h_u) W_hh, "
                         + "not W_hh alone", answer: product { _ in rnn.Whh }),
        ]
    }
}

extension ExerciseCatalog {
    static let ch04: [Exercise] = [
        Exercise(name: "top-k-sampling", chapter: 4, title: "Top-k sampling: softmax(y/τ) over the k best characters",
                 hint: "Find the k largest scores, subtract the largest, exponentiate (y_i − m)/τ for those only, and divide by their sum.",
                 testName: "topKSampling",
                 gradeLearner: { Ch04Graders.topKSampling(Exercises.topKDistribution) }),
        Exercise(name: "truncated-bptt", chapter: 4, title: "Backpropagation through time truncated to k steps",
                 hint: "Loop over t; from d = dhs row t, repeat k times (or until step 0): δ = (1 − h_s²) ⊙ d, add δ h_{s−1}ᵀ, d = W_hhᵀ δ.",
                 testName: "truncatedBPTT",
                 gradeLearner: { Ch04Graders.truncatedBPTT(Exercises.truncatedBPTT) }),
        Exercise(name: "hidden-jacobian", chapter: 4, title: "∂h_t/∂h_s: the Jacobian that vanishes or explodes",
                 hint: "Start from the identity and, for u = s + 1 … t, multiply on the left by diag(1 − h_u²) W_hh.",
                 testName: "hiddenStateJacobian",
                 gradeLearner: { Ch04Graders.hiddenStateJacobian(Exercises.hiddenStateJacobian) }),
    ]
}
