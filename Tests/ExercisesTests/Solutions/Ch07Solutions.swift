// Reference solutions for chapter 7's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch07Reference {
    /// −∞ on the padding columns before the softmax: exp(−∞) = 0 exactly.
    static func paddedAttention(Q: Tensor, K: Tensor, V: Tensor, validKeys: Int) throws -> (weights: Tensor, output: Tensor) {
        var S = Q.matmulTransposed(K) * (1 / Double(Q.cols).squareRoot())
        for i in 0..<S.rows {
            for j in validKeys..<S.cols { S[i, j] = -.infinity }
        }
        let A = softmaxRows(S)
        return (A, A.matmul(V))
    }

    /// The new token may look at every cached token and at itself: no mask is needed.
    static func attendWithCache(q: Tensor, k: Tensor, v: Tensor, keys: Tensor, values: Tensor) throws
        -> (output: Tensor, keys: Tensor, values: Tensor)
    {
        let K = Tensor(shape: [keys.rows + 1, k.count], data: keys.data + k.data)
        let V = Tensor(shape: [values.rows + 1, v.count], data: values.data + v.data)
        return (attention(Q: q, K: K, V: V).output, K, V)
    }

    static func learnedPositions(X: Tensor, P: Tensor, dY: Tensor, sequenceLength T: Int) throws -> (Y: Tensor, dP: Tensor) {
        var Y = X
        var dP = Tensor(zeros: P.shape)
        for row in 0..<X.rows {
            let t = row % T
            for j in 0..<X.cols {
                Y[row, j] += P[t, j]
                dP[t, j] += dY[row, j]
            }
        }
        return (Y, dP)
    }

    /// The bias −m(i − j) is added to the scaled scores before the softmax, the causal −∞ with it.
    static func alibiAttention(Q: Tensor, K: Tensor, V: Tensor, slope m: Double) throws -> (weights: Tensor, output: Tensor) {
        var S = Q.matmulTransposed(K) * (1 / Double(Q.cols).squareRoot())
        for i in 0..<S.rows {
            for j in 0..<S.cols { S[i, j] = j > i ? -.infinity : S[i, j] - m * Double(i - j) }
        }
        let A = softmaxRows(S)
        return (A, A.matmul(V))
    }
}
