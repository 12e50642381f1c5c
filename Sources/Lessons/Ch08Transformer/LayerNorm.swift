import CKernels
import Foundation

/// What `LayerNorm.forward` keeps for the backward pass.
public struct LayerNormCache: Sendable {
    /// The normalised rows x̂ (N × d).
    public var xHat: Tensor
    /// 1 / √(σ² + ε) of each row (N).
    public var inverseStd: [Double]
}

/// Layer normalisation (Ba, Kiros & Hinton, 2016): each row x (one token's d numbers) is centred
/// and scaled to mean 0 and variance 1, then given a learned gain γ and bias β:
///
/// ```
/// μ = (1/d) Σⱼ xⱼ,   σ² = (1/d) Σⱼ (xⱼ − μ)²,   x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β   (8.2)
/// ```
///
/// Unlike batch normalisation it never mixes rows, so it works the same on one token as on a batch,
/// and a token's output does not depend on which other sequences share its mini-batch.
public struct LayerNorm: Sendable {
    public var γ: Tensor, β: Tensor
    public let ε: Double

    /// γ = 1 and β = 0: at first the layer only normalises.
    public init(dimension d: Int, ε: Double = 1e-5) {
        γ = Tensor(zeros: [d], value: 1)
        β = Tensor(zeros: [d])
        self.ε = ε
    }

    // listing: layer-norm-forward
    /// y = γ ⊙ (x − μ) / √(σ² + ε) + β for every row.   // (N, d) -> (N, d)
    public func forward(_ X: Tensor, avx2: Bool = Kernels.hasAVX2) -> (Y: Tensor, cache: LayerNormCache) {
        if avx2 { return forwardAVX2(X) }                   // these loops, four rows at a time, in C
        let (n, d) = (X.rows, X.cols)
        let (x, γ, β) = (X.data, self.γ.data, self.β.data)
        var xHat = x, y = x
        var inverseStd = [Double](repeating: 0, count: n)
        for r in 0..<n {
            let row = (r * d)..<((r + 1) * d)
            var μ = 0.0
            for i in row { μ += x[i] }
            μ /= Double(d)
            var σ2 = 0.0
            for i in row { σ2 += (x[i] - μ) * (x[i] - μ) }
            σ2 /= Double(d)
            let s = 1 / (σ2 + ε).squareRoot()
            for (j, i) in row.enumerated() {
                xHat[i] = (x[i] - μ) * s
                y[i] = γ[j] * xHat[i] + β[j]
            }
            inverseStd[r] = s
        }
        return (Tensor(shape: X.shape, data: y), LayerNormCache(xHat: Tensor(shape: X.shape, data: xHat), inverseStd: inverseStd))
    }
    // end listing

    // listing: layer-norm-backward
    /// The gradients given dY = ∂L/∂Y (equation 8.3): with g = γ ⊙ dy for one row,
    ///
    /// ```
    /// ∂L/∂x = (1/√(σ² + ε)) · (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂))
    /// ∂L/∂γ = Σ_rows dy ⊙ x̂,        ∂L/∂β = Σ_rows dy
    /// ```
    public func backward(_ cache: LayerNormCache, _ dY: Tensor,
                         avx2: Bool = Kernels.hasAVX2) -> (dX: Tensor, dγ: Tensor, dβ: Tensor) {
        if avx2 { return backwardAVX2(cache, dY) }          // these loops, four rows at a time, in C
        let (n, d) = (dY.rows, dY.cols)
        let (dy, xHat, γ) = (dY.data, cache.xHat.data, self.γ.data)
        var dx = dy, dγ = [Double](repeating: 0, count: d), dβ = dγ
        for r in 0..<n {
            let row = (r * d)..<((r + 1) * d)
            var meanG = 0.0, meanGx = 0.0
            for (j, i) in row.enumerated() {
                meanG += γ[j] * dy[i]
                meanGx += γ[j] * dy[i] * xHat[i]
                dγ[j] += dy[i] * xHat[i]
                dβ[j] += dy[i]
            }
            meanG /= Double(d)
            meanGx /= Double(d)
            for (j, i) in row.enumerated() {
                dx[i] = cache.inverseStd[r] * (γ[j] * dy[i] - meanG - xHat[i] * meanGx)
            }
        }
        return (Tensor(shape: dY.shape, data: dx), Tensor(dγ), Tensor(dβ))
    }
    // end listing

    /// `forward`'s loops in `ck_layer_norm_forward_avx2`, which sums four rows side by side, each
    /// in the same order as here: bit for bit the same results, without waiting on one long chain
    /// of additions per row (`Ch08TransformerTests.layerNormTwinsAgree`).
    private func forwardAVX2(_ X: Tensor) -> (Y: Tensor, cache: LayerNormCache) {
        #if arch(x86_64)
        let (n, d) = (X.rows, X.cols)
        var xHat: [Double] = [], inverseStd = [Double](repeating: 0, count: n)
        let y = Kernels.written(n * d) { y in
            xHat = Kernels.written(n * d) { ck_layer_norm_forward_avx2(X.data, γ.data, β.data, $0, y, &inverseStd, n, d, ε) }
        }
        return (Tensor(shape: X.shape, data: y), LayerNormCache(xHat: Tensor(shape: X.shape, data: xHat), inverseStd: inverseStd))
        #else
        preconditionFailure("LayerNorm: no AVX2 on this processor")
        #endif
    }

    /// `backward`'s loops in `ck_layer_norm_backward_avx2`, four rows side by side.
    private func backwardAVX2(_ cache: LayerNormCache, _ dY: Tensor) -> (dX: Tensor, dγ: Tensor, dβ: Tensor) {
        #if arch(x86_64)
        let (n, d) = (dY.rows, dY.cols)
        var dγ = [Double](repeating: 0, count: d), dβ = [Double](repeating: 0, count: d)
        let dx = Kernels.written(n * d) {
            ck_layer_norm_backward_avx2(dY.data, cache.xHat.data, γ.data, cache.inverseStd, $0, &dγ, &dβ, n, d)
        }
        return (Tensor(shape: dY.shape, data: dx), Tensor(dγ), Tensor(dβ))
        #else
        preconditionFailure("LayerNorm: no AVX2 on this processor")
        #endif
    }
}
