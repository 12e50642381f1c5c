import Foundation

/// What `RNN.forward` keeps for backpropagation through time.
public struct RNNCache: Sendable {
    /// The input symbols of the B sequences, T steps.
    public var x: SymbolBatch
    /// The state before the first step, H₀ (B × H).
    public var h0: Tensor
    /// h_t of every sequence and step as the rows of a (T·B × H) matrix, row t·B + b.
    public var hs: Tensor
}

/// The gradients of an `RNN`'s weights, and of its hidden states.
public struct RNNGradients: RecurrentGradients {
    public var dWxh: Tensor, dWhh: Tensor, dbh: Tensor
    /// ∂L/∂H₀ (B × H): what flows out of the start of the sequences.
    public var dh0: Tensor
    /// ∂L/∂h_t for every step and sequence (T·B × H).
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
    public func initialState(batch B: Int) -> Tensor { Tensor(zeros: [B, hiddenSize]) }
    public static func hidden(of state: Tensor) -> Tensor { state }

    public var parameters: [Tensor] {
        get { [Wxh, Whh, bh] }
        set { (Wxh, Whh, bh) = (newValue[0], newValue[1], newValue[2]) }
    }

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
}
