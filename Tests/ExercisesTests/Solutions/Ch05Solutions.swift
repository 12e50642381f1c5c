// Reference solutions for chapter 5's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch05Reference {
    /// Rows k·H ..< (k+1)·H of a stacked matrix (or elements of a stacked vector).
    private static func block(_ W: Tensor, _ k: Int, _ H: Int) -> Tensor {
        let c = W.shape.count == 2 ? W.cols : 1
        let part = Array(W.data[(k * H * c)..<((k + 1) * H * c)])
        return W.shape.count == 2 ? Tensor(shape: [H, c], data: part) : Tensor(part)
    }

    private struct GRUForward {
        var z: Tensor, r: Tensor, n: Tensor, hNext: Tensor
    }

    private static func forward(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor) -> GRUForward {
        let H = h.count
        let z = (block(Wx, 0, H).matvec(x) + block(Wh, 0, H).matvec(h) + block(b, 0, H)).map(sigmoid)
        let r = (block(Wx, 1, H).matvec(x) + block(Wh, 1, H).matvec(h) + block(b, 1, H)).map(sigmoid)
        let n = (block(Wx, 2, H).matvec(x) + block(Wh, 2, H).matvec(r * h) + block(b, 2, H)).map(tanh)
        return GRUForward(z: z, r: r, n: n, hNext: z.map { 1 - $0 } * n + z * h)
    }

    static func gruStep(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor) throws -> Tensor {
        forward(x: x, h: h, Wx: Wx, Wh: Wh, b: b).hNext
    }

    static func gruStepBackward(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor, dhNext: Tensor) throws
        -> (dx: Tensor, dh: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)
    {
        let H = h.count
        let f = forward(x: x, h: h, Wx: Wx, Wh: Wh, b: b)
        let (z, r, n) = (f.z, f.r, f.n)
        let dn = dhNext * z.map { 1 - $0 }
        let dz = dhNext * (h - n)
        var dh = dhNext * z                                              // through z ⊙ h
        let daN = dn * n.map { 1 - $0 * $0 }
        let dRH = block(Wh, 2, H).transposed.matvec(daN)                 // ∂L/∂(r ⊙ h)
        let dr = dRH * h
        dh += dRH * r
        let daZ = dz * z.map { $0 * (1 - $0) }, daR = dr * r.map { $0 * (1 - $0) }
        dh += block(Wh, 0, H).transposed.matvec(daZ) + block(Wh, 1, H).transposed.matvec(daR)
        let da = Tensor(daZ.data + daR.data + daN.data)                  // stacked z, r, n
        let hInputs = Tensor(shape: [3 * H, H], data: daZ.outer(h).data + daR.outer(h).data + daN.outer(r * h).data)
        return (Wx.transposed.matvec(da), dh, da.outer(x), hInputs, da)
    }

    static func peepholeLSTMStep(_ lstm: LSTM, pi: Tensor, pf: Tensor, po: Tensor, x: Int, state: LSTMState) throws
        -> LSTMState
    {
        let H = lstm.hiddenSize
        let a = lstm.Wx.matvec(oneHot(x, count: lstm.inputSize)) + lstm.Wh.matvec(state.h) + lstm.b
        let i = (block(a, 0, H) + pi * state.c).map(sigmoid)
        let f = (block(a, 1, H) + pf * state.c).map(sigmoid)
        let g = block(a, 3, H).map(tanh)
        let c = f * state.c + i * g
        let o = (block(a, 2, H) + po * c).map(sigmoid)
        return LSTMState(h: o * c.map(tanh), c: c)
    }

    /// ∂L/∂c' gathers the cell path and the path through h'; f then feeds c' twice, ∂c'/∂f = c − g.
    static func cifgStepBackward(a: Tensor, c: Tensor, dhNext: Tensor, dcNext: Tensor) throws -> (da: Tensor, dc: Tensor) {
        let H = c.count
        let f = block(a, 0, H).map(sigmoid), o = block(a, 1, H).map(sigmoid), g = block(a, 2, H).map(tanh)
        let cNext = f * c + f.map { 1 - $0 } * g
        let tanhC = cNext.map(tanh)
        let dC = dcNext + dhNext * o * tanhC.map { 1 - $0 * $0 }    // ∂L/∂c'
        let daF = dC * (c - g) * f.map { $0 * (1 - $0) }
        let daO = dhNext * tanhC * o.map { $0 * (1 - $0) }
        let daG = dC * f.map { 1 - $0 } * g.map { 1 - $0 * $0 }
        return (Tensor(daF.data + daO.data + daG.data), dC * f)
    }
}
