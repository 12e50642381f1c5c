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
}
