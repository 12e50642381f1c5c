import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 8's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch08: [WrongAnswer] = [
        WrongAnswer("layer-norm-backward", "σ treated as a constant", mentions: "treats σ as a constant") {
            Ch08Graders.layerNormBackward { X, γ, dY, ε in Ch08Wrong.layerNorm(X, γ, dY, ε, dropVariance: true) }
        },
        WrongAnswer("layer-norm-backward", "μ treated as a constant", mentions: "treats μ as a constant") {
            Ch08Graders.layerNormBackward { X, γ, dY, ε in Ch08Wrong.layerNorm(X, γ, dY, ε, dropMean: true) }
        },
        WrongAnswer("layer-norm-backward", "γ left out of g", mentions: "forgets γ") {
            Ch08Graders.layerNormBackward { X, γ, dY, ε in
                Ch08Wrong.layerNorm(X, Tensor(zeros: γ.shape, value: 1), dY, ε)   // dX as if γ = 1; dγ then right by luck
            }
        },
        WrongAnswer("layer-norm-backward", "dγ from x instead of x̂", mentions: "γ scales the normalised x̂") {
            Ch08Graders.layerNormBackward { X, γ, dY, ε in
                var g = try Ch08Reference.layerNormBackward(X: X, γ: γ, dY: dY, ε: ε)
                g.dγ = Tensor((0..<X.cols).map { j in (0..<X.rows).reduce(0.0) { $0 + dY[$1, j] * X[$1, j] } })
                return g
            }
        },
        WrongAnswer("warmup-cosine", "decays to 0", mentions: "decays to 0 instead of to the minimum") {
            Ch08Graders.warmupCosine { t, peak, _, w, total in
                try Ch08Reference.warmupCosine(step: t, peak: peak, minimum: 0, warmup: w, total: total)
            }
        },
        WrongAnswer("warmup-cosine", "warm-up from (t − 1)/w", mentions: "one step late") {
            Ch08Graders.warmupCosine { t, peak, minimum, w, total in
                t <= w ? peak * Double(t - 1) / Double(w)
                    : try Ch08Reference.warmupCosine(step: t, peak: peak, minimum: minimum, warmup: w, total: total)
            }
        },
        WrongAnswer("warmup-cosine", "cosine counted from step 0", mentions: "starts at step 0") {
            Ch08Graders.warmupCosine { t, peak, minimum, w, total in
                t <= w ? peak * Double(t) / Double(w)
                    : minimum + 0.5 * (peak - minimum) * (1 + cos(Double.pi * Double(t) / Double(total)))
            }
        },
        WrongAnswer("tied-head", "the input embedding's gradient not added", mentions: "add the gradient the input") {
            Ch08Graders.tiedHead { H, E, dLogits, _ in (H.matmulTransposed(E), dLogits.matmul(E), dLogits.transposedMatmul(H)) }
        },
        WrongAnswer("tied-head", "Hᵀ dLogits for the head's part", mentions: "not Hᵀ dLogits") {
            Ch08Graders.tiedHead { H, E, dLogits, _ in (H.matmulTransposed(E), dLogits.matmul(E), H.transposedMatmul(dLogits)) }
        },
        WrongAnswer("tied-head", "the head's part of dE left out", mentions: "the head uses E too") {
            Ch08Graders.tiedHead { H, E, dLogits, dE in (H.matmulTransposed(E), dLogits.matmul(E), dE) }
        },
    ]
}

/// Helpers shared by chapter 8's wrong answers.
enum Ch08Wrong {
    /// Layer norm's backward with one or both of the row-statistics terms dropped.
    static func layerNorm(_ X: Tensor, _ γ: Tensor, _ dY: Tensor, _ ε: Double, dropMean: Bool = false,
                          dropVariance: Bool = false) -> (dX: Tensor, dγ: Tensor, dβ: Tensor) {
        var norm = LayerNorm(dimension: X.cols, ε: ε)
        norm.γ = γ
        let cache = norm.forward(X).cache
        var g = norm.backward(cache, dY)
        for r in 0..<X.rows {
            let gr = (0..<X.cols).map { γ[$0] * dY[r, $0] }
            let meanG = gr.reduce(0, +) / Double(X.cols)
            let meanGx = (0..<X.cols).reduce(0.0) { $0 + gr[$1] * cache.xHat[r, $1] } / Double(X.cols)
            for j in 0..<X.cols {
                g.dX[r, j] = cache.inverseStd[r] * (gr[j] - (dropMean ? 0 : meanG) - (dropVariance ? 0 : cache.xHat[r, j] * meanGx))
            }
        }
        return g
    }
}
