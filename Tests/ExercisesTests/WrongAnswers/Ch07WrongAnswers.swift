import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 7's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch07: [WrongAnswer] = [
        WrongAnswer("padding-mask", "padding weights zeroed after the softmax", mentions: "Zeroing the padding after the softmax") {
            Ch07Graders.paddedAttention { Q, K, V, valid in
                var A = softmaxRows(Q.matmulTransposed(K) * (1 / Double(Q.cols).squareRoot()))
                for i in 0..<A.rows { for j in valid..<A.cols { A[i, j] = 0 } }
                return (A, A.matmul(V))
            }
        },
        WrongAnswer("padding-mask", "the 1/√d_k forgotten", mentions: "remember the 1/√d_k") {
            Ch07Graders.paddedAttention { Q, K, V, valid in Ch07Wrong.masked(Q, K, V, firstMasked: valid, scale: 1) }
        },
        WrongAnswer("padding-mask", "the first padding key left unmasked", mentions: "is padding") {
            Ch07Graders.paddedAttention { Q, K, V, valid in
                Ch07Wrong.masked(Q, K, V, firstMasked: valid + 1, scale: 1 / Double(Q.cols).squareRoot())
            }
        },
        WrongAnswer("kv-cache", "the new row put first in the caches", mentions: "in order") {
            Ch07Graders.attendWithCache { q, k, v, keys, values in
                let (K, V) = (Ch07Wrong.stack(k, on: keys), Ch07Wrong.stack(v, on: values))
                return (attention(Q: q, K: K, V: V).output, K, V)
            }
        },
        WrongAnswer("kv-cache", "scores not scaled by 1/√d_k", mentions: "scaled by 1/√d_k") {
            Ch07Graders.attendWithCache { q, k, v, keys, values in
                let (K, V) = (Ch07Wrong.stack(keys, on: k), Ch07Wrong.stack(values, on: v))
                return (softmaxRows(q.matmulTransposed(K)).matmul(V), K, V)
            }
        },
        WrongAnswer("kv-cache", "the caches returned without the new row", mentions: "append the new key and value") {
            Ch07Graders.attendWithCache { q, k, v, keys, values in
                (attention(Q: q, K: Ch07Wrong.stack(keys, on: k), V: Ch07Wrong.stack(values, on: v)).output, keys, values)
            }
        },
        WrongAnswer("learned-positions", "P[b·T + t] instead of P[t]", mentions: "add P[t], not P[b·T + t]") {
            Ch07Graders.learnedPositions { X, P, dY, T in Ch07Wrong.positions(X, P, dY, position: { row in row % P.rows }) }
        },
        WrongAnswer("learned-positions", "dP averaged over the batch", mentions: "do not average") {
            Ch07Graders.learnedPositions { X, P, dY, T in
                let right = Ch07Wrong.positions(X, P, dY, position: { $0 % T })
                return (right.Y, right.dP * (Double(T) / Double(X.rows)))
            }
        },
        WrongAnswer("learned-positions", "dP written by row index, reaching positions ≥ T", mentions: "no sequence reaches position") {
            Ch07Graders.learnedPositions { X, P, dY, T in
                var result = Ch07Wrong.positions(X, P, dY, position: { $0 % T })
                result.dP = Tensor(zeros: P.shape)
                for row in 0..<min(X.rows, P.rows) { for j in 0..<X.cols { result.dP[row, j] = dY[row, j] } }
                return result
            }
        },
        WrongAnswer("alibi", "the bias added: + m (i − j)", mentions: "distant keys get *more* weight") {
            Ch07Graders.alibiAttention { Q, K, V, m in Ch07Wrong.alibi(Q, K, V, bias: { i, j in m * Double(i - j) }) }
        },
        WrongAnswer("alibi", "the 1/√d_k forgotten", mentions: "without the 1/√d_k") {
            Ch07Graders.alibiAttention { Q, K, V, m in Ch07Wrong.alibi(Q, K, V, bias: { i, j in -m * Double(i - j) }, scale: 1) }
        },
        WrongAnswer("alibi", "no causal mask: −m |i − j| on both sides", mentions: "comes after query") {
            Ch07Graders.alibiAttention { Q, K, V, m in
                Ch07Wrong.alibi(Q, K, V, bias: { i, j in -m * Double(abs(i - j)) }, causal: false)
            }
        },
    ]
}

/// Building blocks of the wrong answers above.
enum Ch07Wrong {
    /// The rows of `top` followed by those of `bottom` (one of them may be a single row).
    static func stack(_ top: Tensor, on bottom: Tensor) -> Tensor {
        let cols = top.shape.count == 2 ? top.cols : top.count
        return Tensor(shape: [(top.count + bottom.count) / cols, cols], data: top.data + bottom.data)
    }

    /// Attention with the keys from `firstMasked` on set to −∞, scores multiplied by `scale`.
    static func masked(_ Q: Tensor, _ K: Tensor, _ V: Tensor, firstMasked: Int, scale: Double) -> (weights: Tensor, output: Tensor) {
        var S = Q.matmulTransposed(K) * scale
        for i in 0..<S.rows {
            for j in stride(from: firstMasked, to: S.cols, by: 1) { S[i, j] = -.infinity }
        }
        let A = softmaxRows(S)
        return (A, A.matmul(V))
    }

    /// Y = X + P[position(row)], dP[position(row)] += dY[row].
    static func positions(_ X: Tensor, _ P: Tensor, _ dY: Tensor, position: (Int) -> Int) -> (Y: Tensor, dP: Tensor) {
        var Y = X
        var dP = Tensor(zeros: P.shape)
        for row in 0..<X.rows {
            for j in 0..<X.cols {
                Y[row, j] += P[position(row), j]
                dP[position(row), j] += dY[row, j]
            }
        }
        return (Y, dP)
    }

    /// Attention with scores q·k·scale + bias(i, j), −∞ above the diagonal when causal.
    static func alibi(_ Q: Tensor, _ K: Tensor, _ V: Tensor, bias: (Int, Int) -> Double,
                      scale: Double? = nil, causal: Bool = true) -> (weights: Tensor, output: Tensor) {
        var S = Q.matmulTransposed(K) * (scale ?? 1 / Double(Q.cols).squareRoot())
        for i in 0..<S.rows {
            for j in 0..<S.cols { S[i, j] = causal && j > i ? -.infinity : S[i, j] + bias(i, j) }
        }
        let A = softmaxRows(S)
        return (A, A.matmul(V))
    }
}
