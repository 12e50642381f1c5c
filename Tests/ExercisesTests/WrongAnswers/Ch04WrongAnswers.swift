import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 4's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch04: [WrongAnswer] = [
        WrongAnswer("top-k-sampling", "softmax over all scores, then the others zeroed (not renormalised)",
                    mentions: "divide by the sum over the k kept scores only") {
            Ch04Graders.topKSampling { y, k, τ in Ch04Wrong.topK(y, k, keep: k) { softmax(y, temperature: τ) } }
        },
        WrongAnswer("top-k-sampling", "the temperature forgotten", mentions: "divide the scores by τ") {
            Ch04Graders.topKSampling { y, k, _ in Ch04Wrong.topK(y, k, keep: k, renormalise: true) { softmax(y, temperature: 1) } }
        },
        WrongAnswer("top-k-sampling", "k + 1 scores kept", mentions: "keep exactly the k") {
            Ch04Graders.topKSampling { y, k, τ in Ch04Wrong.topK(y, k, keep: min(k + 1, y.count), renormalise: true) { softmax(y, temperature: τ) } }
        },
        WrongAnswer("top-k-sampling", "exp(y/τ) without subtracting the largest score", mentions: "overflows") {
            Ch04Graders.topKSampling { y, k, τ in
                Ch04Wrong.topK(y, k, keep: k, renormalise: true) { y.map { exp($0 / τ) } }
            }
        },
        WrongAnswer("truncated-bptt", "k + 1 steps instead of k", mentions: "k + 1 steps") {
            Ch04Graders.truncatedBPTT { rnn, xs, h0, dhs, k in Ch04Wrong.truncated(rnn, xs, h0, dhs, steps: k + 1) }
        },
        WrongAnswer("truncated-bptt", "tanh' left out", mentions: "δ = (1 − h_s ⊙ h_s) ⊙ d") {
            Ch04Graders.truncatedBPTT { rnn, xs, h0, dhs, k in Ch04Wrong.truncated(rnn, xs, h0, dhs, steps: k, derivative: false) }
        },
        WrongAnswer("truncated-bptt", "d carried back with W_hh, not W_hhᵀ", mentions: "instead of its transpose") {
            Ch04Graders.truncatedBPTT { rnn, xs, h0, dhs, k in Ch04Wrong.truncated(rnn, xs, h0, dhs, steps: k, back: rnn.Whh) }
        },
        WrongAnswer("hidden-jacobian", "the step Jacobians multiplied in the reverse order", mentions: "reverse order") {
            Ch04Graders.hiddenStateJacobian { rnn, xs, h0, s, t in Ch04Wrong.jacobian(rnn, xs, h0, s, t, reversed: true) }
        },
        WrongAnswer("hidden-jacobian", "W_hhᵀ instead of W_hh", mentions: "you used W_hhᵀ") {
            Ch04Graders.hiddenStateJacobian { rnn, xs, h0, s, t in Ch04Wrong.jacobian(rnn, xs, h0, s, t, weights: rnn.Whh.transposed) }
        },
        WrongAnswer("hidden-jacobian", "tanh' left out: W_hh to the power t − s", mentions: "tanh' is missing") {
            Ch04Graders.hiddenStateJacobian { rnn, xs, h0, s, t in Ch04Wrong.jacobian(rnn, xs, h0, s, t, derivative: false) }
        },
    ]
}

/// Building blocks of the wrong answers above.
enum Ch04Wrong {
    /// Keeps the `keep` largest scores of `weights()` (zeros elsewhere), optionally renormalised.
    static func topK(_ y: Tensor, _ k: Int, keep: Int, renormalise: Bool = false, weights: () -> Tensor) -> Tensor {
        let w = weights()
        let kept = Set(y.data.indices.sorted { y[$0] > y[$1] }.prefix(keep))
        let p = Tensor((0..<y.count).map { kept.contains($0) ? w[$0] : 0 })
        return renormalise ? p * (1 / p.sum()) : p
    }

    /// Truncated BPTT with the given mistakes.
    static func truncated(_ rnn: RNN, _ xs: [Int], _ h0: Tensor, _ dhs: Tensor, steps k: Int,
                          derivative: Bool = true, back: Tensor? = nil) -> Tensor {
        let (hs, _, _) = rnn.forward(xs, from: h0)
        let carry = back ?? rnn.Whh.transposed
        var dWhh = Tensor(zeros: rnn.Whh.shape)
        for t in xs.indices {
            var d = dhs.row(t)
            for s in stride(from: t, through: max(0, t - k + 1), by: -1) {
                let δ = derivative ? hs.row(s).map { 1 - $0 * $0 } * d : d
                dWhh += δ.outer(s == 0 ? h0 : hs.row(s - 1))
                d = carry.matvec(δ)
            }
        }
        return dWhh
    }

    /// ∂h_t/∂h_s as a product of step Jacobians, with the given mistakes.
    static func jacobian(_ rnn: RNN, _ xs: [Int], _ h0: Tensor, _ s: Int, _ t: Int, reversed: Bool = false,
                         weights: Tensor? = nil, derivative: Bool = true) -> Tensor {
        let hs = rnn.forward(xs, from: h0).hs
        let H = rnn.hiddenSize
        var J = Tensor(shape: [H, H], data: (0..<(H * H)).map { $0 / H == $0 % H ? 1 : 0 })
        for u in stride(from: s + 1, through: t, by: 1) {
            var step = weights ?? rnn.Whh
            for i in 0..<H where derivative {
                for j in 0..<H { step[i, j] *= 1 - hs[u, i] * hs[u, i] }
            }
            J = reversed ? J.matmul(step) : step.matmul(J)
        }
        return J
    }
}
