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

    /// Bisection on log g: the measured factor per layer grows with the gain.
    static func gainKeepingGradientNorm(activation: Activation) throws -> Double {
        var (low, high) = (log(0.5), log(64.0))
        for _ in 0..<12 {  // brackets g to within 2 %
            let mid = (low + high) / 2
            var rng = SeededRNG(seed: 1)
            let probe = probeDeepNetwork(DepthSetup(activation, gain: exp(mid), .normal(1.0 / 8)), depth: 10, rng: &rng)
            if geometricMean(probe.measuredFactors) < 1 { low = mid } else { high = mid }
        }
        return exp((low + high) / 2)
    }

    static func deadReLUUnits(_ layer: Dense, on X: Tensor) throws -> [Int] {
        let Z = layer.forward(X)
        return (0..<Z.cols).filter { j in (0..<Z.rows).allSatisfy { Z[$0, j] <= 0 } }
    }
}
