import CKernels
import Foundation

// listing: adamw
/// Adam with *decoupled* weight decay (Loshchilov & Hutter, 2019), one step for one tensor:
///
/// ```
/// m ← β₁ m + (1 − β₁) g,     v ← β₂ v + (1 − β₂) g ⊙ g
/// θ ← θ − α_t ( m̂ / (√v̂ + ε) + λ θ ),     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)           (8.8)
/// ```
///
/// Adding λθ to the gradient instead ("L2 regularisation") would pass the decay through √v̂ and
/// shrink rarely-updated weights faster than busy ones; here every decayed weight shrinks by the
/// same factor 1 − α_t λ per step. Gains and biases are not decayed.
public struct AdamW {
    /// α_t, set before every step from the schedule.
    public var learningRate: Double
    public var weightDecay: Double
    public var beta1 = 0.9, beta2 = 0.95, epsilon = 1e-8
    /// t, the number of steps taken (the same for every tensor).
    public private(set) var step = 0
    private var m: [Tensor] = [], v: [Tensor] = []

    public init(learningRate: Double, weightDecay: Double) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// One step on every parameter; `decays[i]` says whether λ applies to parameter i.
    public mutating func update(_ θ: inout [Tensor], gradients g: [Tensor], decays: [Bool],
                                avx2: Bool = Kernels.hasAVX2) {
        if m.isEmpty { (m, v) = (θ.map { Tensor(zeros: $0.shape) }, θ.map { Tensor(zeros: $0.shape) }) }
        step += 1
        let c1 = 1 - pow(beta1, Double(step)), c2 = 1 - pow(beta2, Double(step))
        for i in θ.indices {
            let λ = decays[i] ? weightDecay : 0
            if avx2 { twinAVX2(&θ[i], i, g[i], λ: λ, c1: c1, c2: c2); continue }   // this loop in C
            let gi = g[i].data
            var θi = θ[i].data.mutableSpan, mi = m[i].data.mutableSpan, vi = v[i].data.mutableSpan
            for k in 0..<gi.count {
                mi[k] = beta1 * mi[k] + (1 - beta1) * gi[k]
                vi[k] = beta2 * vi[k] + (1 - beta2) * gi[k] * gi[k]
                let adam = (mi[k] / c1) / ((vi[k] / c2).squareRoot() + epsilon)
                θi[k] -= learningRate * (adam + λ * θi[k])
            }
        }
    }
}
// end listing

extension AdamW {
    /// The loop of `update` for one tensor in `ck_adamw_avx2`: the same operations, bit for bit, on
    /// four weights at a time. Three divisions and a square root per weight are the slowest
    /// arithmetic there is, and this step runs on one core between the parallel halves of each
    /// training step (`Ch08TransformerTests.adamWTwinsAgree`). The new θ goes to a new array: the
    /// old one is usually still shared with the model, and updating it in place would copy it first.
    /// (A mutating method reaching m[i] and v[i] itself: passing them as arguments of a method of
    /// `self` would copy `self`, and with it, moments that then stop being unique.)
    private mutating func twinAVX2(_ θ: inout Tensor, _ i: Int, _ g: Tensor, λ: Double, c1: Double, c2: Double) {
        #if arch(x86_64)
        let n = g.count
        precondition(θ.count == n && m[i].count == n, "AdamW: a gradient of \(n) numbers for \(θ.count) weights")
        let (β1, β2, ε, α) = (beta1, beta2, epsilon, learningRate)
        θ.data = Kernels.written(n) { updated in
            ck_adamw_avx2(updated, θ.data, &m[i].data, &v[i].data, g.data, n, β1, β2, c1, c2, ε, α, λ)
        }
        #else
        preconditionFailure("AdamW: no AVX2 on this processor")
        #endif
    }
}

// listing: schedule
/// The learning rate at step t (1 … total): a linear warm-up over the first w steps, then half a
/// cosine from the peak α down to α_min at the last step:
///
/// ```
/// α_t = α · t / w                                            t ≤ w
/// α_t = α_min + ½ (α − α_min)(1 + cos(π (t − w) / (total − w)))   t > w                  (8.9)
/// ```
///
/// Early on, Adam's v̂ rests on a handful of gradients and the weights are random, so full-size
/// steps are noisy and can knock a fresh network into a bad state; the warm-up lets v̂ settle
/// first. The cosine spends most steps near the peak and then anneals, so the last steps polish.
public struct WarmupCosineSchedule: Sendable {
    public var peak: Double, minimum: Double
    public var warmup: Int, total: Int

    public init(peak: Double, minimum: Double, warmup: Int, total: Int) {
        (self.peak, self.minimum, self.warmup, self.total) = (peak, minimum, warmup, total)
    }

    public func learningRate(at t: Int) -> Double {
        if t <= warmup { return peak * Double(t) / Double(max(warmup, 1)) }
        let progress = Double(t - warmup) / Double(max(total - warmup, 1))
        return minimum + 0.5 * (peak - minimum) * (1 + cos(Double.pi * min(progress, 1)))
    }
}
// end listing
