// Reference solutions for chapter 4's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch04Reference {
    /// softmax(y/τ) over the k largest scores; the largest score is subtracted so nothing overflows.
    static func topKDistribution(_ y: Tensor, k: Int, temperature τ: Double) throws -> Tensor {
        let kept = y.data.indices.sorted { y[$0] > y[$1] }.prefix(k)
        let m = y.data.max() ?? 0
        var p = Tensor(zeros: y.shape)
        for i in kept { p[i] = exp((y[i] - m) / τ) }
        return (1 / p.sum()) * p
    }

    /// A fresh backward pass from every step's output, stopped after k steps.
    static func truncatedBPTT(_ rnn: RNN, inputs: [Int], h0: Tensor, dhs: Tensor, steps k: Int) throws -> Tensor {
        let (hs, _, _) = rnn.forward(inputs, from: h0)
        let WhhT = rnn.Whh.transposed
        var dWhh = Tensor(zeros: rnn.Whh.shape)
        for t in inputs.indices {
            var d = dhs.row(t)
            for s in stride(from: t, through: max(0, t - k + 1), by: -1) {
                let δ = hs.row(s).map { 1 - $0 * $0 } * d                  // (4.6)
                dWhh += δ.outer(s == 0 ? h0 : hs.row(s - 1))                // (4.7)
                d = WhhT.matvec(δ)                                          // (4.5)
            }
        }
        return dWhh
    }

    /// ∂h_t/∂h_s = J_t J_{t−1} ⋯ J_{s+1}, J_u = diag(1 − h_u²) W_hh: each later step multiplies on the left.
    static func hiddenStateJacobian(_ rnn: RNN, inputs: [Int], h0: Tensor, from s: Int, to t: Int) throws -> Tensor {
        let hs = rnn.forward(inputs, from: h0).hs
        let H = rnn.hiddenSize
        var J = Tensor(shape: [H, H], data: (0..<(H * H)).map { $0 / H == $0 % H ? 1 : 0 })
        for u in stride(from: s + 1, through: t, by: 1) {
            var step = rnn.Whh                                   // diag(1 − h_u²) W_hh: scale row i by 1 − h_u[i]²
            for i in 0..<H {
                for j in 0..<H { step[i, j] *= 1 - hs[u, i] * hs[u, i] }
            }
            J = step.matmul(J)
        }
        return J
    }
}
