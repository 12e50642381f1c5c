// Reference solutions for chapter 2's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch02Reference {
    static func elu(_ x: Double, alpha: Double) throws -> (y: Double, dydx: Double) {
        if x > 0 { return (x, 1) }
        let y = alpha * (exp(x) - 1)
        return (y, y + alpha)  // α eˣ, reusing the forward value
    }

    /// (diag(p) − p pᵀ) v = p ⊙ v − p (p·v) = p ⊙ (v − p·v).
    static func softmaxJacobianTimes(_ p: Tensor, _ v: Tensor) throws -> Tensor {
        let pv = p.dot(v)
        return Tensor(zip(p.data, v.data).map { pi, vi in pi * (vi - pv) })
    }

    static func logSoftmax(_ z: Tensor) throws -> Tensor {
        var out = z
        let c = z.cols
        for r in 0..<z.rows {
            let lse = logSumExp(z.data[(r * c)..<((r + 1) * c)])
            for j in 0..<c { out[r, j] -= lse }
        }
        return out
    }
}
