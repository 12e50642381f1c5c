import Exercises
import Foundation
import Lessons

/// Graders for chapter 8.
public enum Ch08Graders {
    /// The backward pass of layer normalisation.
    public static func layerNormBackward(
        _ f: (Tensor, Tensor, Tensor, Double) throws -> (dX: Tensor, dγ: Tensor, dβ: Tensor)
    ) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 8)
            let (N, d, ε) = (3, 5, 1e-5)
            let X = Tensor(randomNormal: [N, d], standardDeviation: 2, rng: &rng)
            var norm = LayerNorm(dimension: d, ε: ε)
            norm.γ = Tensor(randomNormal: [d], standardDeviation: 1, rng: &rng)
            let dY = Tensor(randomNormal: [N, d], standardDeviation: 1, rng: &rng)
            let cache = norm.forward(X).cache
            let expected = norm.backward(cache, dY)
            let got = try f(X, norm.γ, dY, ε)
            try require(got.dX.shape == [N, d] && got.dγ.count == d && got.dβ.count == d,
                        "dX should be \([N, d]) and dγ, dβ have \(d) elements; got \(got.dX.shape), \(got.dγ.shape), \(got.dβ.shape)")
            // What the usual shortcuts compute, row by row, with g = γ ⊙ dy and s = 1/√(σ² + ε).
            func dX(keepMean: Bool, keepVariance: Bool, useγ: Bool) -> Tensor {
                var out = Tensor(zeros: [N, d])
                for r in 0..<N {
                    let g = (0..<d).map { (useγ ? norm.γ[$0] : 1) * dY[r, $0] }
                    let meanG = g.reduce(0, +) / Double(d)
                    let meanGx = (0..<d).reduce(0.0) { $0 + g[$1] * cache.xHat[r, $1] } / Double(d)
                    for j in 0..<d {
                        out[r, j] = cache.inverseStd[r] * (g[j] - (keepMean ? meanG : 0)
                                                          - (keepVariance ? cache.xHat[r, j] * meanGx : 0))
                    }
                }
                return out
            }
            try rejectKnownMistakes(got.dX, expected: expected.dX, [
                KnownMistake("dX treats σ as a constant: the term − x̂ ⊙ mean(g ⊙ x̂) is missing. σ² depends on every "
                             + "x of the row, ∂σ²/∂x_k = 2(x_k − μ)/d", answer: dX(keepMean: true, keepVariance: false, useγ: true)),
                KnownMistake("dX treats μ as a constant: the term − mean(g) is missing. Every x_k moves μ by 1/d",
                             answer: dX(keepMean: false, keepVariance: true, useγ: true)),
                KnownMistake("dX treats μ and σ as constants: it is only dy ⊙ γ / √(σ² + ε); subtract mean(g) and "
                             + "x̂ ⊙ mean(g ⊙ x̂)", answer: dX(keepMean: false, keepVariance: false, useγ: true)),
                KnownMistake("dX forgets γ: the gradient reaching x̂ is g = γ ⊙ dy, not dy",
                             answer: dX(keepMean: true, keepVariance: true, useγ: false)),
            ])
            for k in 0..<(N * d) {
                try requireClose(got.dX[k], expected.dX[k], "dX[\(k / d), \(k % d)]",
                                 hint: "dX = (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) / √(σ² + ε) with g = γ ⊙ dy, σ² the biased variance (÷ d)")
            }
            let dγFromX = (0..<d).map { j in (0..<N).reduce(0.0) { $0 + dY[$1, j] * X[$1, j] } }
            try rejectKnownMistakes(got.dγ.data, expected: expected.dγ.data, [
                KnownMistake("dγ multiplies dy by x, but γ scales the normalised x̂: dγ = Σ_rows dy ⊙ x̂", answer: dγFromX),
            ])
            for j in 0..<d {
                try requireClose(got.dγ[j], expected.dγ[j], "dγ[\(j)]", hint: "dγ = Σ over rows of dy ⊙ x̂")
                try requireClose(got.dβ[j], expected.dβ[j], "dβ[\(j)]", hint: "dβ = Σ over rows of dy")
            }
        }
    }

    /// The warm-up + cosine learning-rate schedule.
    public static func warmupCosine(_ f: (Int, Double, Double, Int, Int) throws -> Double) -> Verdict {
        grade {
            for (peak, minimum, warmup, total) in [(1e-2, 1e-3, 10, 110), (3e-4, 0.0, 4, 20), (0.5, 0.05, 1, 9)] {
                let s = WarmupCosineSchedule(peak: peak, minimum: minimum, warmup: warmup, total: total)
                let steps = Array(1...total)
                let got = try steps.map { try f($0, peak, minimum, warmup, total) }
                let expected = steps.map(s.learningRate)
                func cosine(_ t: Int, from start: Int, length: Int, floor: Double, turns: Double = 0.5) -> Double {
                    floor + 0.5 * (peak - floor) * (1 + cos(2 * Double.pi * turns * Double(t - start) / Double(length)))
                }
                let warm = { (t: Int) in peak * Double(t) / Double(warmup) }
                try rejectKnownMistakes(got, expected: expected, [
                    KnownMistake("the warm-up is one step late: step 1 should be at peak · 1/w, not 0 (use t/w, not (t − 1)/w)",
                                 answer: steps.map { $0 <= warmup ? peak * Double($0 - 1) / Double(warmup)
                                                                  : cosine($0, from: warmup, length: total - warmup, floor: minimum) }),
                    KnownMistake("the cosine decays to 0 instead of to the minimum: α_t = α_min + ½(α − α_min)(1 + cos …)",
                                 answer: steps.map { $0 <= warmup ? warm($0) : cosine($0, from: warmup, length: total - warmup, floor: 0) }),
                    KnownMistake("the cosine starts at step 0 instead of at the end of the warm-up: use (t − w)/(total − w)",
                                 answer: steps.map { $0 <= warmup ? warm($0) : cosine($0, from: 0, length: total, floor: minimum) }),
                    KnownMistake("a whole cosine period: the rate climbs back to the peak at the end; use half a turn, "
                                 + "cos(π (t − w)/(total − w))",
                                 answer: steps.map { $0 <= warmup ? warm($0)
                                                                  : cosine($0, from: warmup, length: total - warmup, floor: minimum, turns: 1) }),
                ], tolerance: 1e-12)
                for (t, (g, e)) in zip(steps, zip(got, expected)) {
                    try requireClose(g, e, tolerance: 1e-12, "the rate at step \(t) (peak \(peak), min \(minimum), warm-up \(warmup), total \(total))",
                                     hint: t <= warmup ? "during the warm-up α_t = peak · t / w"
                                         : "after the warm-up α_t = min + ½(peak − min)(1 + cos(π (t − w)/(total − w)))")
                }
            }
        }
    }

    /// The output head tied to the embedding.
    public static func tiedHead(_ f: (Tensor, Tensor, Tensor, Tensor) throws -> (logits: Tensor, dH: Tensor, dE: Tensor)) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 80)
            let (N, V, d) = (4, 6, 3)
            let H = Tensor(randomNormal: [N, d], standardDeviation: 1, rng: &rng)
            let E = Tensor(randomNormal: [V, d], standardDeviation: 1, rng: &rng)
            let dLogits = Tensor(randomNormal: [N, V], standardDeviation: 1, rng: &rng)
            let dEInput = Tensor(randomNormal: [V, d], standardDeviation: 1, rng: &rng)
            let got = try f(H, E, dLogits, dEInput)
            try require(got.logits.shape == [N, V], "logits should be N × V = \([N, V]), got \(got.logits.shape): logits = H Eᵀ")
            try require(got.dH.shape == [N, d], "dH should be N × d = \([N, d]), got \(got.dH.shape): dH = dLogits E")
            try require(got.dE.shape == [V, d], "dE should be V × d = \([V, d]) like E, got \(got.dE.shape): "
                        + "the head's part is dLogitsᵀ H, not Hᵀ dLogits")
            let logits = H.matmulTransposed(E), dH = dLogits.matmul(E)
            let fromHead = dLogits.transposedMatmul(H)
            try rejectKnownMistakes(got.dE, expected: fromHead + dEInput, [
                KnownMistake("dE holds only the head's part dLogitsᵀ H: E is shared, so add the gradient the input "
                             + "embedding gave it (dEFromInput)", answer: fromHead),
                KnownMistake("dE holds only the input embedding's gradient: the head uses E too and adds dLogitsᵀ H",
                             answer: dEInput),
            ])
            for k in 0..<(N * V) { try requireClose(got.logits[k], logits[k], "logits[\(k / V), \(k % V)]", hint: "logits = H Eᵀ") }
            for k in 0..<(N * d) { try requireClose(got.dH[k], dH[k], "dH[\(k / d), \(k % d)]", hint: "dH = dLogits E") }
            let dE = fromHead + dEInput
            for k in 0..<(V * d) {
                try requireClose(got.dE[k], dE[k], "dE[\(k / d), \(k % d)]", hint: "dE = dLogitsᵀ H + dEFromInput")
            }
        }
    }
}

extension ExerciseCatalog {
    static let ch08: [Exercise] = [
        Exercise(name: "layer-norm-backward", chapter: 8, title: "The backward pass of layer normalisation",
                 hint: "With g = γ ⊙ dy and s = 1/√(σ² + ε): dX = s (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)), row by row.",
                 testName: "layerNormBackward",
                 gradeLearner: { Ch08Graders.layerNormBackward(Exercises.layerNormBackward) }),
        Exercise(name: "warmup-cosine", chapter: 8, title: "A learning rate with warm-up and cosine decay",
                 hint: "t ≤ w: peak · t/w. Later: min + ½(peak − min)(1 + cos(π (t − w)/(total − w))).",
                 testName: "warmupCosine",
                 gradeLearner: { Ch08Graders.warmupCosine(Exercises.warmupCosine) }),
        Exercise(name: "tied-head", chapter: 8, title: "An output head tied to the embedding",
                 hint: "logits = H Eᵀ; dH = dLogits E; E gets both gradients: dE = dLogitsᵀ H + dEFromInput.",
                 testName: "tiedHead",
                 gradeLearner: { Ch08Graders.tiedHead(Exercises.tiedHead) }),
    ]
}
