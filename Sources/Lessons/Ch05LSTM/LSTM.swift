import Foundation

/// What an LSTM carries from one step to the next: the hidden state h and the cell state c.
public struct LSTMState: Sendable, Equatable {
    public var h: Tensor
    public var c: Tensor

    public init(h: Tensor, c: Tensor) {
        self.h = h
        self.c = c
    }
}

/// The four gate vectors of one LSTM step, after their non-linearities.
public struct LSTMGates: Sendable, Equatable {
    /// Input gate i, forget gate f, output gate o (each in (0, 1)) and candidate g (in (−1, 1)).
    public var i: Tensor, f: Tensor, o: Tensor, g: Tensor
}

/// What `LSTM.forward` keeps for backpropagation through time.
public struct LSTMCache: Sendable {
    public var x: SymbolBatch
    /// The state before the first step (B × H each).
    public var h0: Tensor, c0: Tensor
    /// Row t·B + b holds [i, f, o, g] of sequence b at step t, after their non-linearities: (T·B, 4H).
    public var gates: Tensor
    /// c_t, tanh(c_t) and h_t as the rows of (T·B × H) matrices.
    public var cs: Tensor, tanhCs: Tensor, hs: Tensor
}

/// The gradients of an `LSTM`'s weights, and of its states.
public struct LSTMGradients: RecurrentGradients {
    public var dWx: Tensor, dWh: Tensor, db: Tensor
    /// ∂L/∂H₀ and ∂L/∂C₀ (B × H): what flows out of the start of the sequences.
    public var dh0: Tensor, dc0: Tensor
    /// ∂L/∂h_t and ∂L/∂c_t for every step and sequence, as (T·B × H) matrices.
    public var dh: Tensor, dc: Tensor

    public var parameters: [Tensor] {
        get { [dWx, dWh, db] }
        set { (dWx, dWh, db) = (newValue[0], newValue[1], newValue[2]) }
    }
}

/// Long short-term memory (Hochreiter & Schmidhuber, 1997), with the forget gate of Gers,
/// Schmidhuber & Cummins (2000), reading one-hot symbols:
///
/// ```
/// i_t = σ(W_xi x_t + W_hi h_{t−1} + b_i)      input gate          equation (5.1)
/// f_t = σ(W_xf x_t + W_hf h_{t−1} + b_f)      forget gate
/// o_t = σ(W_xo x_t + W_ho h_{t−1} + b_o)      output gate
/// g_t = tanh(W_xg x_t + W_hg h_{t−1} + b_g)   candidate           equation (5.2)
/// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t                                 equation (5.3)
/// h_t = o_t ⊙ tanh(c_t)                                            equation (5.4)
/// ```
///
/// Layout: the four gates' weights are stacked in the order i, f, o, g. W_x is (4H × V), W_h is
/// (4H × H) and b is (4H): rows 0..<H belong to i, H..<2H to f, 2H..<3H to o and 3H..<4H to g.
/// One product W_x x_t + W_h h_{t−1} + b then gives all four pre-activations a_t (4H) at once.
public struct LSTM: RecurrentLayer {
    /// Input weights W_x (4H × V), gate blocks i, f, o, g.
    public var Wx: Tensor
    /// Recurrent weights W_h (4H × H), gate blocks i, f, o, g.
    public var Wh: Tensor
    /// Biases b (4H), gate blocks i, f, o, g.
    public var b: Tensor

    /// Small random weights N(0, σ²), zero biases except the forget gate's, which start at
    /// `forgetBias` so that f ≈ σ(1) = 0.73: the cell starts out remembering rather than
    /// forgetting (Gers et al., 2000; Jozefowicz et al., 2015).
    public init(inputSize V: Int, hiddenSize H: Int, weightScale σ: Double = 0.01, forgetBias: Double = 1,
                rng: inout SeededRNG) {
        precondition(V > 0 && H > 0, "an LSTM needs at least one input symbol and one hidden unit")
        Wx = Tensor(randomNormal: [4 * H, V], standardDeviation: σ, rng: &rng)
        Wh = Tensor(randomNormal: [4 * H, H], standardDeviation: σ, rng: &rng)
        b = Tensor(zeros: [4 * H])
        for k in H..<(2 * H) { b[k] = forgetBias }
    }

    public init(Wx: Tensor, Wh: Tensor, b: Tensor) {
        precondition(Wx.shape.count == 2 && Wx.rows % 4 == 0 && Wh.shape == [Wx.rows, Wx.rows / 4]
                     && b.shape == [Wx.rows],
                     "LSTM weights: W_x \(Wx.shape), W_h \(Wh.shape), b \(b.shape) do not fit together")
        self.Wx = Wx
        self.Wh = Wh
        self.b = b
    }

    public var inputSize: Int { Wx.shape[1] }
    public var hiddenSize: Int { Wh.shape[1] }
    public func initialState(batch B: Int) -> LSTMState {
        LSTMState(h: Tensor(zeros: [B, hiddenSize]), c: Tensor(zeros: [B, hiddenSize]))
    }
    public static func hidden(of state: LSTMState) -> Tensor { state.h }

    public var parameters: [Tensor] {
        get { [Wx, Wh, b] }
        set { (Wx, Wh, b) = (newValue[0], newValue[1], newValue[2]) }
    }

    // listing: lstm-step
    /// One step, equations (5.1)–(5.4), returning the gates too (for figures and for backward).
    public func stepWithGates(_ x: Int, _ prev: LSTMState) -> (state: LSTMState, gates: LSTMGates) {
        let H = hiddenSize
        let xt = oneHot(x, count: inputSize)
        let a = Wx.matvec(xt) + Wh.matvec(prev.h) + b     // (4H×V)(V) + (4H×H)(H) + (4H) → (4H)
        func block(_ k: Int) -> Tensor { Tensor(Array(a.data[(k * H)..<((k + 1) * H)])) }
        let i = block(0).map(sigmoid)                     // (5.1)
        let f = block(1).map(sigmoid)
        let o = block(2).map(sigmoid)
        let g = block(3).map(tanh)                        // (5.2)
        let c = f * prev.c + i * g                        // (5.3)  ⊙ is *
        let h = o * c.map(tanh)                           // (5.4)
        return (LSTMState(h: h, c: c), LSTMGates(i: i, f: f, o: o, g: g))
    }

    public func step(_ x: Int, _ prev: LSTMState) -> LSTMState { stepWithGates(x, prev).state }

    /// The gradients of one step, given dh = ∂L/∂h_t and dcLater = ∂L/∂c_t from the steps after:
    ///
    /// ```
    /// dc = dcLater + dh ⊙ o ⊙ (1 − tanh²(c_t))                          equation (5.5)
    /// do = dh ⊙ tanh(c_t),  di = dc ⊙ g,  dg = dc ⊙ i,  df = dc ⊙ c_{t−1}   equation (5.6)
    /// ∂L/∂c_{t−1} = dc ⊙ f                                                equation (5.7)
    /// da = [di ⊙ i(1−i), df ⊙ f(1−f), do ⊙ o(1−o), dg ⊙ (1−g²)]          equation (5.8)
    /// ∂L/∂W_x = da x_tᵀ,  ∂L/∂W_h = da h_{t−1}ᵀ,  ∂L/∂b = da,  ∂L/∂h_{t−1} = W_hᵀ da
    /// ```
    public func stepBackward(dh: Tensor, dc dcLater: Tensor, x: Int, prev: LSTMState, gates: LSTMGates,
                             c: Tensor) -> (dWx: Tensor, dWh: Tensor, db: Tensor, dhPrev: Tensor, dcPrev: Tensor) {
        let (i, f, o, g) = (gates.i, gates.f, gates.o, gates.g)
        let tanhC = c.map(tanh)
        let dc = dcLater + dh * o * tanhC.map { 1 - $0 * $0 }     // (5.5)
        let dO = dh * tanhC                                       // (5.6)
        let di = dc * g, dg = dc * i, df = dc * prev.c
        let dcPrev = dc * f                                       // (5.7)
        let da = Tensor((di * i.map { $0 * (1 - $0) }).data       // (5.8), blocks i, f, o, g
                        + (df * f.map { $0 * (1 - $0) }).data
                        + (dO * o.map { $0 * (1 - $0) }).data
                        + (dg * g.map { 1 - $0 * $0 }).data)
        let xt = oneHot(x, count: inputSize)
        return (da.outer(xt), da.outer(prev.h), da, Wh.transposed.matvec(da), dcPrev)
    }
    // end listing
}
