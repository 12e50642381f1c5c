import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 5's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch05: [WrongAnswer] = [
        WrongAnswer("gru-forward", "z and 1 − z swapped", mentions: "z and 1 − z are swapped") {
            Ch05Graders.gruForward { x, h, Wx, Wh, b in
                let g = Ch05Wrong.gates(x, h, Wx, Wh, b)
                return g.z * g.n + g.z.map { 1 - $0 } * h
            }
        },
        WrongAnswer("gru-forward", "r applied after W_hn h", mentions: "r multiplies h before W_hn") {
            Ch05Graders.gruForward { x, h, Wx, Wh, b in
                let H = h.count
                let g = Ch05Wrong.gates(x, h, Wx, Wh, b)
                let n = (Ch05Wrong.block(Wx, 2, H).matvec(x) + g.r * Ch05Wrong.block(Wh, 2, H).matvec(h)
                         + Ch05Wrong.block(b, 2, H)).map(tanh)
                return g.z.map { 1 - $0 } * n + g.z * h
            }
        },
        WrongAnswer("gru-forward", "blocks read as r, z, n", mentions: "the z and r blocks are swapped") {
            Ch05Graders.gruForward { x, h, Wx, Wh, b in
                let g = Ch05Wrong.gates(x, h, Wx, Wh, b, zBlock: 1, rBlock: 0)
                return g.z.map { 1 - $0 } * g.n + g.z * h
            }
        },
        WrongAnswer("gru-backward", "∂L/∂h without the direct z ⊙ h path", mentions: "add all four") {
            Ch05Graders.gruBackward { x, h, Wx, Wh, b, dhNext in
                Ch05Wrong.gruBackward(x, h, Wx, Wh, b, dhNext, directPath: false)
            }
        },
        WrongAnswer("gru-backward", "the n block of ∂L/∂W_h from h instead of r ⊙ h", mentions: "(r ⊙ h)ᵀ") {
            Ch05Graders.gruBackward { x, h, Wx, Wh, b, dhNext in
                Ch05Wrong.gruBackward(x, h, Wx, Wh, b, dhNext, candidateInput: .h)
            }
        },
        WrongAnswer("gru-backward", "tanh' taken as 1 − n instead of 1 − n²", mentions: "tanh' = 1 − tanh²") {
            Ch05Graders.gruBackward { x, h, Wx, Wh, b, dhNext in
                Ch05Wrong.gruBackward(x, h, Wx, Wh, b, dhNext, tanhDerivative: { 1 - $0 })
            }
        },
        WrongAnswer("peephole-lstm", "the output gate looks at the old cell", mentions: "o looks at the new cell") {
            Ch05Graders.peepholeLSTM { lstm, pi, pf, po, x, state in
                Ch05Wrong.peephole(lstm, pi, pf, po, x, state, outputSeesOldCell: true)
            }
        },
        WrongAnswer("peephole-lstm", "no peephole on the forget gate", mentions: "p_f ⊙ c_{t−1}") {
            Ch05Graders.peepholeLSTM { lstm, pi, _, po, x, state in
                Ch05Wrong.peephole(lstm, pi, Tensor(zeros: [lstm.hiddenSize]), po, x, state)
            }
        },
        WrongAnswer("peephole-lstm", "gate blocks read as i, f, g, o", mentions: "gate blocks i, f, o, g") {
            Ch05Graders.peepholeLSTM { lstm, pi, pf, po, x, state in
                Ch05Wrong.peephole(lstm, pi, pf, po, x, state, blocks: (o: 3, g: 2))
            }
        },
        WrongAnswer("cifg-backward", "∂c'/∂f = c, the candidate's share forgotten", mentions: "∂c'/∂f = c − g") {
            Ch05Graders.cifgBackward { a, c, dh, dcNext in Ch05Wrong.cifg(a, c, dh, dcNext, forgetSeesCandidate: false) }
        },
        WrongAnswer("cifg-backward", "∂L/∂c' without the path through h'", mentions: "missing the path through h'") {
            Ch05Graders.cifgBackward { a, c, dh, dcNext in Ch05Wrong.cifg(a, c, dh, dcNext, throughOutput: false) }
        },
        WrongAnswer("cifg-backward", "the candidate's gradient without the factor 1 − f", mentions: "carries the factor 1 − f") {
            Ch05Graders.cifgBackward { a, c, dh, dcNext in Ch05Wrong.cifg(a, c, dh, dcNext, candidateShare: false) }
        },
    ]
}

/// Building blocks of the wrong answers above.
enum Ch05Wrong {
    /// Rows k·H ..< (k+1)·H of a stacked matrix (or elements of a stacked vector).
    static func block(_ W: Tensor, _ k: Int, _ H: Int) -> Tensor {
        let c = W.shape.count == 2 ? W.cols : 1
        let part = Array(W.data[(k * H * c)..<((k + 1) * H * c)])
        return W.shape.count == 2 ? Tensor(shape: [H, c], data: part) : Tensor(part)
    }

    static func gates(_ x: Tensor, _ h: Tensor, _ Wx: Tensor, _ Wh: Tensor, _ b: Tensor,
                      zBlock: Int = 0, rBlock: Int = 1) -> (z: Tensor, r: Tensor, n: Tensor) {
        let H = h.count
        let z = (block(Wx, zBlock, H).matvec(x) + block(Wh, zBlock, H).matvec(h) + block(b, zBlock, H)).map(sigmoid)
        let r = (block(Wx, rBlock, H).matvec(x) + block(Wh, rBlock, H).matvec(h) + block(b, rBlock, H)).map(sigmoid)
        let n = (block(Wx, 2, H).matvec(x) + block(Wh, 2, H).matvec(r * h) + block(b, 2, H)).map(tanh)
        return (z, r, n)
    }

    enum CandidateInput { case rh, h }

    static func gruBackward(_ x: Tensor, _ h: Tensor, _ Wx: Tensor, _ Wh: Tensor, _ b: Tensor, _ dhNext: Tensor,
                            directPath: Bool = true, candidateInput: CandidateInput = .rh,
                            tanhDerivative: (Double) -> Double = { 1 - $0 * $0 })
        -> (dx: Tensor, dh: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)
    {
        let H = h.count
        let (z, r, n) = gates(x, h, Wx, Wh, b)
        let dn = dhNext * z.map { 1 - $0 }
        let dz = dhNext * (h - n)
        var dh = directPath ? dhNext * z : Tensor(zeros: [H])
        let daN = dn * n.map(tanhDerivative)
        let dRH = block(Wh, 2, H).transposed.matvec(daN)
        let dr = dRH * h
        dh += dRH * r
        let daZ = dz * z.map { $0 * (1 - $0) }, daR = dr * r.map { $0 * (1 - $0) }
        dh += block(Wh, 0, H).transposed.matvec(daZ) + block(Wh, 1, H).transposed.matvec(daR)
        let da = Tensor(daZ.data + daR.data + daN.data)
        let nInput = candidateInput == .rh ? r * h : h
        let dWh = Tensor(shape: [3 * H, H], data: daZ.outer(h).data + daR.outer(h).data + daN.outer(nInput).data)
        return (Wx.transposed.matvec(da), dh, da.outer(x), dWh, da)
    }

    static func peephole(_ lstm: LSTM, _ pi: Tensor, _ pf: Tensor, _ po: Tensor, _ x: Int, _ state: LSTMState,
                         outputSeesOldCell: Bool = false, blocks: (o: Int, g: Int) = (2, 3)) -> LSTMState {
        let H = lstm.hiddenSize
        let a = lstm.Wx.matvec(oneHot(x, count: lstm.inputSize)) + lstm.Wh.matvec(state.h) + lstm.b
        let i = (block(a, 0, H) + pi * state.c).map(sigmoid)
        let f = (block(a, 1, H) + pf * state.c).map(sigmoid)
        let g = block(a, blocks.g, H).map(tanh)
        let c = f * state.c + i * g
        let o = (block(a, blocks.o, H) + po * (outputSeesOldCell ? state.c : c)).map(sigmoid)
        return LSTMState(h: o * c.map(tanh), c: c)
    }

    /// The CIFG backward step with the given mistakes.
    static func cifg(_ a: Tensor, _ c: Tensor, _ dh: Tensor, _ dcNext: Tensor, forgetSeesCandidate: Bool = true,
                     throughOutput: Bool = true, candidateShare: Bool = true) -> (da: Tensor, dc: Tensor) {
        let H = c.count
        let f = block(a, 0, H).map(sigmoid), o = block(a, 1, H).map(sigmoid), g = block(a, 2, H).map(tanh)
        let tanhC = (f * c + f.map { 1 - $0 } * g).map(tanh)
        let dC = throughOutput ? dcNext + dh * o * tanhC.map { 1 - $0 * $0 } : dcNext
        let daF = dC * (forgetSeesCandidate ? c - g : c) * f.map { $0 * (1 - $0) }
        let daO = dh * tanhC * o.map { $0 * (1 - $0) }
        let daG = dC * (candidateShare ? f.map { 1 - $0 } : Tensor(zeros: [H], value: 1)) * g.map { 1 - $0 * $0 }
        return (Tensor(daF.data + daO.data + daG.data), dC * f)
    }
}
