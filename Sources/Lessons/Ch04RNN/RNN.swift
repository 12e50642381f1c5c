import Foundation

/// What `RNN.forward` keeps for backpropagation through time.
public struct RNNCache: Sendable {
    /// The input symbols x₁ … x_T.
    public var xs: [Int]
    /// The state before the first step, h₀.
    public var h0: Tensor
    /// h₁ … h_T as the rows of a (T × H) matrix.
    public var hs: Tensor
}

/// The gradients of an `RNN`'s weights, and of its hidden states.
public struct RNNGradients: RecurrentGradients {
    public var dWxh: Tensor, dWhh: Tensor, dbh: Tensor
    /// ∂L/∂h₀: what flows out of the start of the sequence.
    public var dh0: Tensor
    /// ∂L/∂h_t for t = 1 … T (T × H).
    public var dh: Tensor

    public var parameters: [Tensor] {
        get { [dWxh, dWhh, dbh] }
        set { (dWxh, dWhh, dbh) = (newValue[0], newValue[1], newValue[2]) }
    }
}

/// A vanilla recurrent layer (Elman, 1990) reading one-hot symbols:
///
/// ```
/// h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h)         equation (4.1)
/// ```
///
/// with W_xh (H × V), W_hh (H × H) and b_h (H), the names and shapes of Karpathy's min-char-rnn.
public struct RNN: RecurrentLayer {
    /// Input-to-hidden weights W_xh (H × V); column v is what reading symbol v adds.
    public var Wxh: Tensor
    /// Hidden-to-hidden weights W_hh (H × H): how h_{t−1} feeds into h_t.
    public var Whh: Tensor
    /// Hidden bias b_h (H).
    public var bh: Tensor

    /// Small random weights N(0, σ²) and a zero bias; σ = 0.01 is min-char-rnn's choice.
    public init(inputSize V: Int, hiddenSize H: Int, weightScale σ: Double = 0.01, rng: inout SeededRNG) {
        precondition(V > 0 && H > 0, "an RNN needs at least one input symbol and one hidden unit")
        Wxh = Tensor(randomNormal: [H, V], standardDeviation: σ, rng: &rng)
        Whh = Tensor(randomNormal: [H, H], standardDeviation: σ, rng: &rng)
        bh = Tensor(zeros: [H])
    }

    public init(Wxh: Tensor, Whh: Tensor, bh: Tensor) {
        precondition(Wxh.shape.count == 2 && Whh.shape == [Wxh.rows, Wxh.rows] && bh.shape == [Wxh.rows],
                     "RNN weights: W_xh \(Wxh.shape), W_hh \(Whh.shape), b_h \(bh.shape) do not fit together")
        self.Wxh = Wxh
        self.Whh = Whh
        self.bh = bh
    }

    public var inputSize: Int { Wxh.shape[1] }
    public var hiddenSize: Int { Whh.shape[0] }
    public var initialState: Tensor { Tensor(zeros: [hiddenSize]) }
    public static func hidden(of state: Tensor) -> Tensor { state }

    // listing: rnn-step
    /// One step, h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h) — equation (4.1).
    /// W_xh x_t is a matrix–vector product, with x_t the one-hot vector of symbol `x`. The tanh is
    /// `Kernels.tanh`, the one `forward` uses: within 1e-15 of the C library's, and faster.
    public func step(_ x: Int, _ hPrev: Tensor) -> Tensor {
        let xt = oneHot(x, count: inputSize)
        let a = Wxh.matvec(xt) + Whh.matvec(hPrev) + bh   // (H×V)(V) + (H×H)(H) + (H) → (H)
        return a.map(Kernels.tanh)
    }

    /// The gradients of one step, given dh = ∂L/∂h_t and what the step saw:
    ///
    /// ```
    /// δ = (1 − h_t ⊙ h_t) ⊙ dh                              equation (4.6)
    /// ∂L/∂W_xh = δ x_tᵀ,  ∂L/∂W_hh = δ h_{t−1}ᵀ,  ∂L/∂b_h = δ   equation (4.7)
    /// ∂L/∂h_{t−1} = W_hhᵀ δ                                  equation (4.5)
    /// ```
    public func stepBackward(_ dh: Tensor, x: Int, hPrev: Tensor, h: Tensor)
        -> (dWxh: Tensor, dWhh: Tensor, dbh: Tensor, dhPrev: Tensor)
    {
        let δ = h.map { 1 - $0 * $0 } * dh                  // tanh' = 1 − tanh²
        let xt = oneHot(x, count: inputSize)
        return (δ.outer(xt), δ.outer(hPrev), δ, Whh.transposed.matvec(δ))
    }
    // end listing

    // listing: rnn-forward
    /// Equation (4.1) for t = 1 … T, the same arithmetic as `step` on raw buffers.
    ///
    /// Three things make it fast: W_xh x_t for a one-hot x_t is just column x_t of W_xh (no
    /// multiplication at all); every h_t is written straight into row t of `hs`, so the loop
    /// allocates nothing; and tanh is applied to all of h_t in one call, which on most processors
    /// works on four elements at a time (`Kernels.tanh`; the C library's tanh, one number at a
    /// time, took a fifth of the training time).
    public func forward(_ xs: [Int], from h0: Tensor) -> (hs: Tensor, last: Tensor, cache: RNNCache) {
        let (T, H, V) = (xs.count, hiddenSize, inputSize)
        precondition(T > 0 && h0.count == H, "forward needs at least one symbol and h₀ of size \(H)")
        precondition(xs.allSatisfy { (0..<V).contains($0) }, "an input symbol is outside 0..<\(V)")
        var hs = [Double](repeating: 0, count: T * H)           // row t holds h_t: (T, H)
        // Every buffer holds at least one element (T, H ≥ 1, checked above): baseAddress is never nil.
        Wxh.data.withUnsafeBufferPointer { Wxh in
            Whh.data.withUnsafeBufferPointer { Whh in
                bh.data.withUnsafeBufferPointer { bh in
                    h0.data.withUnsafeBufferPointer { h0 in
                        hs.withUnsafeMutableBufferPointer { hs in
                            for t in 0..<T {
                                let h = hs.baseAddress! + t * H
                                let hPrev = t == 0 ? h0.baseAddress! : UnsafePointer(h - H)
                                Kernels.matvec(Whh.baseAddress!, hPrev, into: h, rows: H, cols: H)
                                let x = xs[t]
                                for i in 0..<H { h[i] += Wxh[i * V + x] + bh[i] }
                                Kernels.tanh(h, count: H)
                            }
                        }
                    }
                }
            }
        }
        let states = Tensor(shape: [T, H], data: hs)
        return (states, states.row(T - 1), RNNCache(xs: xs, h0: h0, hs: states))
    }
    // end listing

    // listing: rnn-backward
    /// Backpropagation through time, equations (4.5)–(4.7).
    ///
    /// Going backwards from t = T, each step adds what flows in from step t + 1 to what h_t
    /// receives from its own output, then passes W_hhᵀ δ_t on to step t − 1. Only that chain is
    /// sequential; the weight gradients are sums over t, done afterwards as matrix products:
    /// ∂L/∂W_hh = Σ_t δ_t h_{t−1}ᵀ = Δᵀ H_prev, with the δ_t and h_{t−1} as the rows of Δ, H_prev.
    public func backward(_ dhs: Tensor, _ cache: RNNCache) -> RNNGradients {
        let (T, H, V) = (cache.xs.count, hiddenSize, inputSize)
        precondition(dhs.shape == [T, H], "backward needs ∂L/∂h of shape [\(T), \(H)], got \(dhs.shape)")
        var dh = dhs.data                                      // becomes the full ∂L/∂h_t, (T, H)
        var δ = [Double](repeating: 0, count: T * H)            // row t: ∂L/∂a_t, (T, H)
        var dhNext = [Double](repeating: 0, count: H)           // W_hhᵀ δ_{t+1}
        Whh.data.withUnsafeBufferPointer { Whh in
            cache.hs.data.withUnsafeBufferPointer { hs in
                dh.withUnsafeMutableBufferPointer { dh in
                    δ.withUnsafeMutableBufferPointer { δ in
                        dhNext.withUnsafeMutableBufferPointer { dhNext in
                            for t in stride(from: T - 1, through: 0, by: -1) {
                                let row = t * H
                                for i in 0..<H {
                                    dh[row + i] += dhNext[i]                                  // (4.5)
                                    δ[row + i] = (1 - hs[row + i] * hs[row + i]) * dh[row + i]  // (4.6)
                                    dhNext[i] = 0
                                }
                                Kernels.transposedMatvecAdd(Whh.baseAddress!, δ.baseAddress! + row,
                                                            into: dhNext.baseAddress!, rows: H, cols: H)
                            }
                        }
                    }
                }
            }
        }
        // (4.7): sums over time as matrix products.
        let Δ = Tensor(shape: [T, H], data: δ)
        let hPrev = Tensor(shape: [T, H], data: cache.h0.data + cache.hs.data[0..<((T - 1) * H)])
        var dWxh = [Double](repeating: 0, count: H * V)
        for t in 0..<T {
            for i in 0..<H { dWxh[i * V + cache.xs[t]] += δ[t * H + i] }       // δ_t x_tᵀ: column x_t
        }
        return RNNGradients(dWxh: Tensor(shape: [H, V], data: dWxh), dWhh: Δ.transposedMatmul(hPrev), dbh: Δ.sumRows(),
                            dh0: Tensor(dhNext), dh: Tensor(shape: [T, H], data: dh))
    }
    // end listing

    public mutating func update(_ g: RNNGradients, with optimizer: inout some Optimizer, firstSlot: Int) {
        optimizer.update(&Wxh, gradient: g.dWxh, slot: firstSlot)
        optimizer.update(&Whh, gradient: g.dWhh, slot: firstSlot + 1)
        optimizer.update(&bh, gradient: g.dbh, slot: firstSlot + 2)
    }
}
