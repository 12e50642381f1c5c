import Foundation

extension RNN {
    // listing: rnn-forward
    /// Equation (4.1) for B sequences side by side, t = 1 … T, as matrices with one row per sequence:
    ///
    /// ```
    /// H_t = tanh(H_{t−1} W_hhᵀ + X_t W_xhᵀ + b_h)        (B × H)
    /// ```
    ///
    /// H_{t−1} W_hhᵀ is one matrix product for all B sequences (`Kernels.gemm`), and X_t W_xhᵀ for
    /// one-hot rows X_t is just row x_{b,t} of W_xhᵀ, added without multiplying.
    public func forward(_ x: SymbolBatch, from h0: Tensor) -> (hs: Tensor, last: Tensor, cache: RNNCache) {
        let (T, B, H, V) = (x.length, x.batch, hiddenSize, inputSize)
        precondition(h0.count == B * H, "forward needs H₀ of shape [\(B), \(H)], got \(h0.shape)")
        precondition(x.symbols.allSatisfy { (0..<V).contains($0) }, "an input symbol is outside 0..<\(V)")
        let h0 = h0.reshaped([B, H])                                  // a vector is a batch of one
        let WhhT = Whh.transposed.data, WxhT = Wxh.transposed.data   // (H, H), (V, H)
        var h = h0.data                                               // H_{t−1}, then H_t: (B, H)
        var a = [Double](repeating: 0, count: B * H)
        var hs: [Double] = []
        hs.reserveCapacity(T * B * H)
        for t in 0..<T {
            Kernels.gemm(m: B, n: H, k: H, h, 0, lda: H, WhhT, 0, ldb: H, into: &a, 0, ldc: H, accumulate: false)
            addInputs(x.step(t), rows: WxhT, bias: bh.data, to: &a, width: H)
            Kernels.tanh(&a, count: B * H)
            h = a
            hs += h
        }
        let states = Tensor(shape: [T * B, H], data: hs)
        return (states, Tensor(shape: [B, H], data: h), RNNCache(x: x, h0: h0, hs: states))
    }
    // end listing

    // listing: rnn-backward
    /// Backpropagation through time, equations (4.5)–(4.7), for B sequences at once.
    ///
    /// Going backwards from t = T, each step adds what flows in from step t + 1 to what H_t
    /// receives from its own output, and passes Δ_t W_hh (the rows of W_hhᵀ δ) on to step t − 1.
    /// Only that chain is sequential; the weight gradients are sums over t and b, done afterwards
    /// as one matrix product each: ∂L/∂W_hh = Σ_t Δ_tᵀ H_{t−1}.
    public func backward(_ dhs: Tensor, _ cache: RNNCache) -> RNNGradients {
        let (T, B, H, V) = (cache.x.length, cache.x.batch, hiddenSize, inputSize)
        let rows = B * H
        precondition(dhs.shape == [T * B, H], "backward needs ∂L/∂h of shape [\(T * B), \(H)], got \(dhs.shape)")
        var dh = dhs.data                                        // becomes the full ∂L/∂h_t, (T·B, H)
        var δ = [Double](repeating: 0, count: T * rows)          // ∂L/∂a_t, (T·B, H)
        var dhNext = [Double](repeating: 0, count: rows)         // Δ_{t+1} W_hh, (B, H)
        let hs = cache.hs.data
        for t in stride(from: T - 1, through: 0, by: -1) {
            tanhBackward(t * rows, count: rows, outputs: hs, dNext: dhNext, dh: &dh, into: &δ)   // (4.5), (4.6)
            Kernels.gemm(m: B, n: H, k: H, δ, t * rows, lda: H, Whh.data, 0, ldb: H,
                         into: &dhNext, 0, ldc: H, accumulate: false)
        }
        // (4.7): Σ_t Δ_tᵀ H_{t−1}, with H₀ for t = 1 and then the rows of hs.
        var dWhh = [Double](repeating: 0, count: H * H)
        Kernels.gemm(m: H, n: H, k: B, δ, 0, lda: H, transposedA: true, cache.h0.data, 0, ldb: H,
                     into: &dWhh, 0, ldc: H, accumulate: false)
        Kernels.gemm(m: H, n: H, k: (T - 1) * B, δ, rows, lda: H, transposedA: true, hs, 0, ldb: H,
                     into: &dWhh, 0, ldc: H, accumulate: true)
        return RNNGradients(dWxh: inputGradient(δ, x: cache.x, vocabularySize: V, width: H),
                            dWhh: Tensor(shape: [H, H], data: dWhh),
                            dbh: Tensor(shape: [T * B, H], data: δ).sumRows(),
                            dh0: Tensor(shape: [B, H], data: dhNext), dh: Tensor(shape: [T * B, H], data: dh))
    }
    // end listing

    /// One sequence, with h₀ and the last state as vectors.
    public func forward(_ xs: [Int], from h0: Tensor) -> (hs: Tensor, last: Tensor, cache: RNNCache) {
        let (hs, last, cache) = forward(SymbolBatch(xs), from: h0)
        return (hs, last.reshaped([hiddenSize]), cache)
    }
}

/// a[b, :] += W[x_b, :] + bias for every row b of a (B × width) matrix: the product of one-hot
/// rows with a matrix whose rows are the symbols' columns, plus a bias.
func addInputs(_ symbols: ArraySlice<Int>, rows W: [Double], bias: [Double], to a: inout [Double], width n: Int) {
    var out = a.mutableSpan
    let (w, b) = (W.span, bias.span)
    for (row, x) in symbols.enumerated() {
        for j in 0..<n { out[row * n + j] += w[x * n + j] + b[j] }
    }
}

/// ∂L/∂W for one-hot inputs, from the rows δ of ∂L/∂a (T·B × width): Σ_t δ_t x_tᵀ adds row δ_{t,b}
/// to column x_{t,b}. Returned as (width × V), the layout of W_xh and W_x.
func inputGradient(_ δ: [Double], x: SymbolBatch, vocabularySize V: Int, width n: Int) -> Tensor {
    var dWT = [Double](repeating: 0, count: V * n)                 // (V, width): one row per symbol
    var out = dWT.mutableSpan
    let d = δ.span
    for (row, symbol) in x.symbols.enumerated() {
        for j in 0..<n { out[symbol * n + j] += d[row * n + j] }
    }
    return Tensor(shape: [V, n], data: dWT).transposed
}

/// The tanh layer's step back at rows [start, start + count): dh += dNext, δ = (1 − h²) ⊙ dh.
func tanhBackward(_ start: Int, count: Int, outputs h: [Double], dNext: [Double], dh: inout [Double],
                  into δ: inout [Double]) {
    var dhs = dh.mutableSpan, out = δ.mutableSpan
    let (hs, next) = (h.span, dNext.span)
    for e in 0..<count {
        dhs[start + e] += next[e]
        out[start + e] = (1 - hs[start + e] * hs[start + e]) * dhs[start + e]
    }
}
