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
    public var xs: [Int]
    public var h0: Tensor, c0: Tensor
    /// Row t holds [i_t, f_t, o_t, g_t], the gates after their non-linearities: (T, 4H).
    public var gates: Tensor
    /// c_t, tanh(c_t) and h_t as the rows of (T, H) matrices.
    public var cs: Tensor, tanhCs: Tensor, hs: Tensor
}

/// The gradients of an `LSTM`'s weights, and of its states.
public struct LSTMGradients: RecurrentGradients {
    public var dWx: Tensor, dWh: Tensor, db: Tensor
    /// ∂L/∂h₀ and ∂L/∂c₀: what flows out of the start of the sequence.
    public var dh0: Tensor, dc0: Tensor
    /// ∂L/∂h_t and ∂L/∂c_t for t = 1 … T, as (T, H) matrices.
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
    public var initialState: LSTMState {
        LSTMState(h: Tensor(zeros: [hiddenSize]), c: Tensor(zeros: [hiddenSize]))
    }
    public static func hidden(of state: LSTMState) -> Tensor { state.h }

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

    // listing: lstm-forward
    /// Equations (5.1)–(5.4) for t = 1 … T on raw buffers, as `RNN.forward` does for (4.1):
    /// W_x x_t is column x_t of W_x, one blocked matrix–vector product gives W_h h_{t−1} for all
    /// four gates, and every result goes straight into its row of the cache.
    public func forward(_ xs: [Int], from state: LSTMState) -> (hs: Tensor, last: LSTMState, cache: LSTMCache) {
        let (T, H, V) = (xs.count, hiddenSize, inputSize)
        precondition(T > 0 && state.h.count == H && state.c.count == H,
                     "forward needs at least one symbol and a state of size \(H)")
        precondition(xs.allSatisfy { (0..<V).contains($0) }, "an input symbol is outside 0..<\(V)")
        var gates = [Double](repeating: 0, count: T * 4 * H)     // row t: [i f o g], (T, 4H)
        var cs = [Double](repeating: 0, count: T * H)            // (T, H)
        var tanhCs = [Double](repeating: 0, count: T * H)        // (T, H)
        var hs = [Double](repeating: 0, count: T * H)            // (T, H)
        // Every buffer holds at least one element (T, H ≥ 1, checked above): baseAddress is never nil.
        Wx.data.withUnsafeBufferPointer { Wx in
        Wh.data.withUnsafeBufferPointer { Wh in
        b.data.withUnsafeBufferPointer { b in
        state.h.data.withUnsafeBufferPointer { h0 in
        state.c.data.withUnsafeBufferPointer { c0 in
        gates.withUnsafeMutableBufferPointer { gates in
        cs.withUnsafeMutableBufferPointer { cs in
        tanhCs.withUnsafeMutableBufferPointer { tanhCs in
        hs.withUnsafeMutableBufferPointer { hs in
            for t in 0..<T {
                let a = gates.baseAddress! + t * 4 * H                       // a_t, then the gates
                let hPrev = t == 0 ? h0.baseAddress! : UnsafePointer(hs.baseAddress! + (t - 1) * H)
                let cPrev = t == 0 ? c0.baseAddress! : UnsafePointer(cs.baseAddress! + (t - 1) * H)
                Kernels.matvec(Wh.baseAddress!, hPrev, into: a, rows: 4 * H, cols: H)   // W_h h_{t−1}
                let x = xs[t]
                for k in 0..<(4 * H) { a[k] += Wx[k * V + x] + b[k] }
                let row = t * H
                for k in 0..<H {
                    let i = sigmoid(a[k]), f = sigmoid(a[H + k]), o = sigmoid(a[2 * H + k])
                    let g = tanh(a[3 * H + k])
                    let c = f * cPrev[k] + i * g
                    let tc = tanh(c)
                    (a[k], a[H + k], a[2 * H + k], a[3 * H + k]) = (i, f, o, g)
                    cs[row + k] = c
                    tanhCs[row + k] = tc
                    hs[row + k] = o * tc
                }
            }
        } } } } } } } } }
        let hsT = Tensor(shape: [T, H], data: hs), csT = Tensor(shape: [T, H], data: cs)
        let cache = LSTMCache(xs: xs, h0: state.h, c0: state.c, gates: Tensor(shape: [T, 4 * H], data: gates),
                              cs: csT, tanhCs: Tensor(shape: [T, H], data: tanhCs), hs: hsT)
        return (hsT, LSTMState(h: hsT.row(T - 1), c: csT.row(T - 1)), cache)
    }
    // end listing

    // listing: lstm-backward
    /// Backpropagation through time, equations (5.5)–(5.8) for t = T … 1. Two gradients flow
    /// backwards: ∂L/∂h through W_hᵀ (a matrix product, as in the RNN) and ∂L/∂c through the
    /// forget gate alone (an element-wise product). The weight gradients are sums over t, done
    /// afterwards as matrix products, as in `RNN.backward`.
    public func backward(_ dhs: Tensor, _ cache: LSTMCache) -> LSTMGradients {
        let (T, H, V) = (cache.xs.count, hiddenSize, inputSize)
        precondition(dhs.shape == [T, H], "backward needs ∂L/∂h of shape [\(T), \(H)], got \(dhs.shape)")
        var dh = dhs.data                                     // becomes the full ∂L/∂h_t, (T, H)
        var dc = [Double](repeating: 0, count: T * H)          // ∂L/∂c_t, (T, H)
        var da = [Double](repeating: 0, count: T * 4 * H)      // ∂L/∂a_t, (T, 4H)
        var dhNext = [Double](repeating: 0, count: H)          // W_hᵀ da_{t+1}
        var dcNext = [Double](repeating: 0, count: H)          // dc_{t+1} ⊙ f_{t+1}
        Wh.data.withUnsafeBufferPointer { Wh in
        cache.gates.data.withUnsafeBufferPointer { gates in
        cache.cs.data.withUnsafeBufferPointer { cs in
        cache.c0.data.withUnsafeBufferPointer { c0 in
        cache.tanhCs.data.withUnsafeBufferPointer { tanhCs in
        dh.withUnsafeMutableBufferPointer { dh in
        dc.withUnsafeMutableBufferPointer { dc in
        da.withUnsafeMutableBufferPointer { da in
        dhNext.withUnsafeMutableBufferPointer { dhNext in
        dcNext.withUnsafeMutableBufferPointer { dcNext in
            for t in stride(from: T - 1, through: 0, by: -1) {
                let row = t * H, gateRow = t * 4 * H
                for k in 0..<H {
                    let i = gates[gateRow + k], f = gates[gateRow + H + k]
                    let o = gates[gateRow + 2 * H + k], g = gates[gateRow + 3 * H + k]
                    let tc = tanhCs[row + k]
                    let cPrev = t == 0 ? c0[k] : cs[row - H + k]
                    dh[row + k] += dhNext[k]
                    let dct = dcNext[k] + dh[row + k] * o * (1 - tc * tc)       // (5.5)
                    dc[row + k] = dct
                    let dO = dh[row + k] * tc                                   // (5.6)
                    let di = dct * g, dg = dct * i, df = dct * cPrev
                    dcNext[k] = dct * f                                         // (5.7)
                    da[gateRow + k] = di * i * (1 - i)                          // (5.8)
                    da[gateRow + H + k] = df * f * (1 - f)
                    da[gateRow + 2 * H + k] = dO * o * (1 - o)
                    da[gateRow + 3 * H + k] = dg * (1 - g * g)
                    dhNext[k] = 0
                }
                Kernels.transposedMatvecAdd(Wh.baseAddress!, da.baseAddress! + gateRow,
                                            into: dhNext.baseAddress!, rows: 4 * H, cols: H)
            }
        } } } } } } } } } }
        let dA = Tensor(shape: [T, 4 * H], data: da)
        let hPrev = Tensor(shape: [T, H], data: cache.h0.data + cache.hs.data[0..<((T - 1) * H)])
        var dWx = Tensor(zeros: [4 * H, V])
        for t in 0..<T {
            for k in 0..<(4 * H) { dWx.data[k * V + cache.xs[t]] += da[t * 4 * H + k] }  // da_t x_tᵀ
        }
        return LSTMGradients(dWx: dWx, dWh: dA.transposedMatmul(hPrev), db: dA.sumRows(),
                             dh0: Tensor(dhNext), dc0: Tensor(dcNext),
                             dh: Tensor(shape: [T, H], data: dh), dc: Tensor(shape: [T, H], data: dc))
    }
    // end listing

    public mutating func update(_ g: LSTMGradients, with optimizer: inout some Optimizer, firstSlot: Int) {
        optimizer.update(&Wx, gradient: g.dWx, slot: firstSlot)
        optimizer.update(&Wh, gradient: g.dWh, slot: firstSlot + 1)
        optimizer.update(&b, gradient: g.db, slot: firstSlot + 2)
    }
}
