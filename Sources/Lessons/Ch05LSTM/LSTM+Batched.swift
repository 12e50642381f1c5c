import Foundation

extension LSTM {
    // listing: lstm-forward
    /// Equations (5.1)–(5.4) for B sequences side by side, t = 1 … T, one row per sequence:
    ///
    /// ```
    /// A_t = H_{t−1} W_hᵀ + X_t W_xᵀ + b        (B × 4H): the four gates' pre-activations
    /// [I F O] = σ(A_t[:, 0..<3H]),  G = tanh(A_t[:, 3H..<4H])
    /// C_t = F ⊙ C_{t−1} + I ⊙ G,   H_t = O ⊙ tanh(C_t)
    /// ```
    ///
    /// H_{t−1} W_hᵀ is one matrix product (`Kernels.gemm`), X_t W_xᵀ for one-hot rows is a row of
    /// W_xᵀ per sequence, and the sigmoid is computed through the tanh, σ(a) = (1 + tanh(a/2)) / 2,
    /// so that one vectorised `Kernels.tanh` serves all four gates.
    public func forward(_ x: SymbolBatch, from state: LSTMState) -> (hs: Tensor, last: LSTMState, cache: LSTMCache) {
        let (T, B, H, V) = (x.length, x.batch, hiddenSize, inputSize)
        precondition(state.h.count == B * H && state.c.count == B * H,
                     "forward needs H₀ and C₀ of shape [\(B), \(H)], got \(state.h.shape) and \(state.c.shape)")
        let state = LSTMState(h: state.h.reshaped([B, H]), c: state.c.reshaped([B, H]))   // vectors: a batch of one
        precondition(x.symbols.allSatisfy { (0..<V).contains($0) }, "an input symbol is outside 0..<\(V)")
        let WhT = Wh.transposed.data, WxT = Wx.transposed.data       // (H, 4H), (V, 4H)
        var (h, c) = (state.h.data, state.c.data)                     // H_{t−1}, C_{t−1}: (B, H)
        var a = [Double](repeating: 0, count: B * 4 * H)
        var tanhC = [Double](repeating: 0, count: B * H)
        var gates: [Double] = [], cs: [Double] = [], tanhCs: [Double] = [], hs: [Double] = []
        gates.reserveCapacity(T * B * 4 * H); cs.reserveCapacity(T * B * H)     // filled step by step,
        tanhCs.reserveCapacity(T * B * H); hs.reserveCapacity(T * B * H)       // never moved
        for t in 0..<T {
            Kernels.gemm(m: B, n: 4 * H, k: H, h, 0, lda: H, WhT, 0, ldb: 4 * H, into: &a, 0, ldc: 4 * H, accumulate: false)
            addInputs(x.step(t), rows: WxT, bias: b.data, to: &a, width: 4 * H)
            gateNonlinearities(&a, rows: B, H: H)                      // (5.1), (5.2)
            cellUpdate(gates: a, c: &c, tanhC: &tanhC, h: &h, H: H)     // (5.3), (5.4)
            gates += a
            cs += c
            tanhCs += tanhC
            hs += h
        }
        let states = Tensor(shape: [T * B, H], data: hs)
        let cache = LSTMCache(x: x, h0: state.h, c0: state.c, gates: Tensor(shape: [T * B, 4 * H], data: gates),
                              cs: Tensor(shape: [T * B, H], data: cs), tanhCs: Tensor(shape: [T * B, H], data: tanhCs),
                              hs: states)
        return (states, LSTMState(h: Tensor(shape: [B, H], data: h), c: Tensor(shape: [B, H], data: c)), cache)
    }
    // end listing

    // listing: lstm-backward
    /// Backpropagation through time, equations (5.5)–(5.8), for B sequences at once. Two gradients
    /// flow backwards: ∂L/∂H through W_h (a matrix product, as in the RNN) and ∂L/∂C through the
    /// forget gate alone (an element-wise product). The weight gradients are sums over t and b,
    /// done afterwards as one matrix product each, as in `RNN.backward`.
    public func backward(_ dhs: Tensor, _ cache: LSTMCache) -> LSTMGradients {
        let (T, B, H, V) = (cache.x.length, cache.x.batch, hiddenSize, inputSize)
        let rows = B * H
        precondition(dhs.shape == [T * B, H], "backward needs ∂L/∂h of shape [\(T * B), \(H)], got \(dhs.shape)")
        var dh = dhs.data                                        // becomes the full ∂L/∂h_t, (T·B, H)
        var dc = [Double](repeating: 0, count: T * rows)          // ∂L/∂c_t, (T·B, H)
        var da = [Double](repeating: 0, count: T * 4 * rows)      // ∂L/∂a_t, (T·B, 4H)
        var dhNext = [Double](repeating: 0, count: rows)          // dA_{t+1} W_h, (B, H)
        var dcNext = [Double](repeating: 0, count: rows)          // ∂L/∂c_{t+1} ⊙ f_{t+1}
        for t in stride(from: T - 1, through: 0, by: -1) {
            cellBackward(t, cache: cache, dhNext: dhNext, dcNext: &dcNext, dh: &dh, dc: &dc, da: &da)  // (5.5)–(5.8)
            Kernels.gemm(m: B, n: H, k: 4 * H, da, t * 4 * rows, lda: 4 * H, Wh.data, 0, ldb: H,
                         into: &dhNext, 0, ldc: H, accumulate: false)
        }
        var dWh = [Double](repeating: 0, count: 4 * H * H)       // Σ_t dA_tᵀ H_{t−1}: (4H, H)
        Kernels.gemm(m: 4 * H, n: H, k: B, da, 0, lda: 4 * H, transposedA: true, cache.h0.data, 0, ldb: H,
                     into: &dWh, 0, ldc: H, accumulate: false)
        Kernels.gemm(m: 4 * H, n: H, k: (T - 1) * B, da, 4 * rows, lda: 4 * H, transposedA: true, cache.hs.data, 0,
                     ldb: H, into: &dWh, 0, ldc: H, accumulate: true)
        return LSTMGradients(dWx: inputGradient(da, x: cache.x, vocabularySize: V, width: 4 * H),
                             dWh: Tensor(shape: [4 * H, H], data: dWh),
                             db: Tensor(shape: [T * B, 4 * H], data: da).sumRows(),
                             dh0: Tensor(shape: [B, H], data: dhNext), dc0: Tensor(shape: [B, H], data: dcNext),
                             dh: Tensor(shape: [T * B, H], data: dh), dc: Tensor(shape: [T * B, H], data: dc))
    }
    // end listing

    /// One sequence, with the states as vectors.
    public func forward(_ xs: [Int], from state: LSTMState) -> (hs: Tensor, last: LSTMState, cache: LSTMCache) {
        let (hs, last, cache) = forward(SymbolBatch(xs), from: state)
        return (hs, LSTMState(h: last.h.reshaped([hiddenSize]), c: last.c.reshaped([hiddenSize])), cache)
    }

    /// [i f o] = σ(a) through σ(a) = (1 + tanh(a/2)) / 2 and g = tanh(a), in place, for each
    /// (4H) row [a_i a_f a_o a_g].
    private func gateNonlinearities(_ a: inout [Double], rows B: Int, H: Int) {
        var v = a.mutableSpan
        for row in 0..<B { for k in 0..<(3 * H) { v[row * 4 * H + k] *= 0.5 } }
        Kernels.tanh(&a, count: B * 4 * H)
        v = a.mutableSpan
        for row in 0..<B { for k in 0..<(3 * H) { v[row * 4 * H + k] = 0.5 * v[row * 4 * H + k] + 0.5 } }
    }

    /// c ← f ⊙ c + i ⊙ g and h = o ⊙ tanh(c), for each row, from the gates' rows [i f o g].
    private func cellUpdate(gates a: [Double], c: inout [Double], tanhC: inout [Double], h: inout [Double], H: Int) {
        let B = c.count / H
        var cv = c.mutableSpan
        let gv = a.span
        for row in 0..<B {
            for k in 0..<H {
                let g = row * 4 * H
                cv[row * H + k] = gv[g + H + k] * cv[row * H + k] + gv[g + k] * gv[g + 3 * H + k]
            }
        }
        tanhC = c
        Kernels.tanh(&tanhC, count: B * H)
        var hv = h.mutableSpan
        let tv = tanhC.span
        for row in 0..<B { for k in 0..<H { hv[row * H + k] = gv[row * 4 * H + 2 * H + k] * tv[row * H + k] } }
    }

    /// One step back through the cell at step t, equations (5.5)–(5.8), for every row: adds dhNext
    /// into ∂L/∂h_t and fills ∂L/∂c_t, ∂L/∂a_t and the ∂L/∂c_{t−1} ⊙ … carried to step t − 1.
    private func cellBackward(_ t: Int, cache: LSTMCache, dhNext: [Double], dcNext: inout [Double],
                              dh: inout [Double], dc: inout [Double], da: inout [Double]) {
        let H = hiddenSize, B = cache.x.batch
        let gates = cache.gates.data.span, tanhCs = cache.tanhCs.data.span, cs = cache.cs.data.span
        let c0 = cache.c0.data.span, next = dhNext.span
        var dhv = dh.mutableSpan, dcv = dc.mutableSpan, dav = da.mutableSpan, carry = dcNext.mutableSpan
        for row in 0..<B {
            for k in 0..<H {
                let e = row * H + k, at = (t * B + row) * H + k, g4 = (t * B + row) * 4 * H + k
                let (i, f, o, g) = (gates[g4], gates[g4 + H], gates[g4 + 2 * H], gates[g4 + 3 * H])
                let tc = tanhCs[at]
                let cPrev = t == 0 ? c0[e] : cs[at - B * H]
                dhv[at] += next[e]
                let dct = carry[e] + dhv[at] * o * (1 - tc * tc)      // (5.5)
                dcv[at] = dct
                let dO = dhv[at] * tc                                  // (5.6)
                let di = dct * g, dg = dct * i, df = dct * cPrev
                carry[e] = dct * f                                     // (5.7)
                dav[g4] = di * i * (1 - i)                             // (5.8)
                dav[g4 + H] = df * f * (1 - f)
                dav[g4 + 2 * H] = dO * o * (1 - o)
                dav[g4 + 3 * H] = dg * (1 - g * g)
            }
        }
    }
}
