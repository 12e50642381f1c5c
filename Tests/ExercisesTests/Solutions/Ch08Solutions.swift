// Reference solutions for chapter 8's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch08Reference {
    /// Row by row: g = γ ⊙ dy reaches x̂; subtracting its mean and its projection on x̂ accounts for
    /// μ and σ² depending on the whole row.
    static func layerNormBackward(X: Tensor, γ: Tensor, dY: Tensor, ε: Double) throws -> (dX: Tensor, dγ: Tensor, dβ: Tensor) {
        let (N, d) = (X.rows, X.cols)
        var dX = Tensor(zeros: X.shape), dγ = Tensor(zeros: [d]), dβ = Tensor(zeros: [d])
        for r in 0..<N {
            let x = (0..<d).map { X[r, $0] }
            let μ = x.reduce(0, +) / Double(d)
            let σ2 = x.reduce(0) { $0 + ($1 - μ) * ($1 - μ) } / Double(d)
            let s = 1 / (σ2 + ε).squareRoot()
            let xHat = x.map { ($0 - μ) * s }
            let g = (0..<d).map { γ[$0] * dY[r, $0] }
            let meanG = g.reduce(0, +) / Double(d)
            let meanGx = (0..<d).reduce(0.0) { $0 + g[$1] * xHat[$1] } / Double(d)
            for j in 0..<d {
                dX[r, j] = s * (g[j] - meanG - xHat[j] * meanGx)
                dγ[j] += dY[r, j] * xHat[j]
                dβ[j] += dY[r, j]
            }
        }
        return (dX, dγ, dβ)
    }

    static func warmupCosine(step t: Int, peak: Double, minimum: Double, warmup: Int, total: Int) throws -> Double {
        if t <= warmup { return peak * Double(t) / Double(warmup) }
        let progress = Double(t - warmup) / Double(total - warmup)
        return minimum + 0.5 * (peak - minimum) * (1 + cos(Double.pi * progress))
    }

    /// E is used twice, so its gradient is the sum of both uses.
    static func tiedHead(H: Tensor, E: Tensor, dLogits: Tensor, dEFromInput: Tensor) throws
        -> (logits: Tensor, dH: Tensor, dE: Tensor)
    {
        (H.matmulTransposed(E), dLogits.matmul(E), dLogits.transposedMatmul(H) + dEFromInput)
    }
}
