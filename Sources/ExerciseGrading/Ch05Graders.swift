import Exercises
import Foundation
import Lessons

/// Graders for chapter 5.
public enum Ch05Graders {
    /// A small GRU: V = 3 inputs, H = 4 units, weights stacked z, r, n.
    struct GRUCase {
        var x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor

        init(seed: UInt64) {
            var rng = SeededRNG(seed: seed)
            x = Tensor(randomNormal: [3], standardDeviation: 1, rng: &rng)
            h = Tensor(randomNormal: [4], standardDeviation: 0.5, rng: &rng)
            Wx = Tensor(randomNormal: [12, 3], standardDeviation: 0.7, rng: &rng)
            Wh = Tensor(randomNormal: [12, 4], standardDeviation: 0.7, rng: &rng)
            b = Tensor(randomNormal: [12], standardDeviation: 0.3, rng: &rng)
        }

        /// Mistakes the forward grader recognises.
        enum Mistake { case zSwapped, resetAfterProduct, gatesRZ }

        /// The grader's own GRU step, written out from the equations (or with one known mistake).
        static func step(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor, mistake: Mistake? = nil) -> Tensor {
            let H = h.count
            func block(_ v: Tensor, _ k: Int) -> Tensor { Tensor(Array(v.data[(k * H)..<((k + 1) * H)])) }
            func rows(_ W: Tensor, _ k: Int) -> Tensor {
                Tensor(shape: [H, W.cols], data: Array(W.data[(k * H * W.cols)..<((k + 1) * H * W.cols)]))
            }
            let (zBlock, rBlock) = mistake == .gatesRZ ? (1, 0) : (0, 1)
            let z = (rows(Wx, zBlock).matvec(x) + rows(Wh, zBlock).matvec(h) + block(b, zBlock)).map(sigmoid)
            let r = (rows(Wx, rBlock).matvec(x) + rows(Wh, rBlock).matvec(h) + block(b, rBlock)).map(sigmoid)
            let recurrent = mistake == .resetAfterProduct ? r * rows(Wh, 2).matvec(h) : rows(Wh, 2).matvec(r * h)
            let n = (rows(Wx, 2).matvec(x) + recurrent + block(b, 2)).map(tanh)
            return mistake == .zSwapped ? z * n + z.map { 1 - $0 } * h : z.map { 1 - $0 } * n + z * h
        }
    }

    /// h' = (1 − z) ⊙ n + z ⊙ h with the z, r, n layout.
    public static func gruForward(_ gru: (Tensor, Tensor, Tensor, Tensor, Tensor) throws -> Tensor) -> Verdict {
        grade {
            for seed: UInt64 in [1, 2, 3] {
                let c = GRUCase(seed: seed)
                let got = try gru(c.x, c.h, c.Wx, c.Wh, c.b)
                let expected = GRUCase.step(x: c.x, h: c.h, Wx: c.Wx, Wh: c.Wh, b: c.b)
                try require(got.count == 4, "h' should have H = 4 elements, got \(got.count)")
                func mistaken(_ m: GRUCase.Mistake) -> Tensor {
                    GRUCase.step(x: c.x, h: c.h, Wx: c.Wx, Wh: c.Wh, b: c.b, mistake: m)
                }
                try rejectKnownMistakes(got, expected: expected, [
                    KnownMistake("h' (case \(seed)): z and 1 − z are swapped — z weighs the old state: h' = (1 − z) ⊙ n + z ⊙ h",
                                 answer: mistaken(.zSwapped)),
                    KnownMistake("h' (case \(seed)): you applied r after the product, r ⊙ (W_hn h); r multiplies h before W_hn "
                                 + "does: W_hn (r ⊙ h)", answer: mistaken(.resetAfterProduct)),
                    KnownMistake("h' (case \(seed)): the z and r blocks are swapped — rows 0..<H of W_x, W_h and b are the update "
                                 + "gate z, rows H..<2H the reset gate r", answer: mistaken(.gatesRZ)),
                ], tolerance: 1e-12)
                for i in 0..<4 {
                    try requireClose(got[i], expected[i], tolerance: 1e-12, "h'[\(i)] (case \(seed))",
                                     hint: "rows 0..<H of W_x, W_h, b are z, H..<2H are r, 2H..<3H are n; "
                                        + "the candidate multiplies W_hn by r ⊙ h, and h' = (1 − z) ⊙ n + z ⊙ h")
                }
            }
            // With z ≡ 1 (a huge update-gate bias) the unit copies h: the GRU's version of the cell path.
            var c = GRUCase(seed: 4)
            for k in 0..<4 { c.b[k] = 50 }
            let copied = try gru(c.x, c.h, c.Wx, c.Wh, c.b)
            for i in 0..<4 {
                try requireClose(copied[i], c.h[i], tolerance: 1e-12, "with z = 1, h'[\(i)] must equal h[\(i)]",
                                 hint: "z weighs the old state: h' = (1 − z) ⊙ n + z ⊙ h")
            }
        }
    }

    /// The GRU step's backward pass, checked against central differences of the equations.
    public static func gruBackward(
        _ backward: (Tensor, Tensor, Tensor, Tensor, Tensor, Tensor) throws
            -> (dx: Tensor, dh: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)
    ) -> Verdict {
        grade {
            for seed: UInt64 in [5, 6] {
                let c = GRUCase(seed: seed)
                var rng = SeededRNG(seed: seed + 100)
                let w = Tensor(randomNormal: [4], standardDeviation: 1, rng: &rng)   // L = w · h'
                let g = try backward(c.x, c.h, c.Wx, c.Wh, c.b, w)
                let checks = [
                    checkGradient("∂L/∂x", analytic: g.dx, at: c.x) { GRUCase.step(x: $0, h: c.h, Wx: c.Wx, Wh: c.Wh, b: c.b).dot(w) },
                    checkGradient("∂L/∂h", analytic: g.dh, at: c.h) { GRUCase.step(x: c.x, h: $0, Wx: c.Wx, Wh: c.Wh, b: c.b).dot(w) },
                    checkGradient("∂L/∂W_x", analytic: g.dWx, at: c.Wx) { GRUCase.step(x: c.x, h: c.h, Wx: $0, Wh: c.Wh, b: c.b).dot(w) },
                    checkGradient("∂L/∂W_h", analytic: g.dWh, at: c.Wh) { GRUCase.step(x: c.x, h: c.h, Wx: c.Wx, Wh: $0, b: c.b).dot(w) },
                    checkGradient("∂L/∂b", analytic: g.db, at: c.b) { GRUCase.step(x: c.x, h: c.h, Wx: c.Wx, Wh: c.Wh, b: $0).dot(w) },
                ]
                for check in checks {
                    let hint: String
                    switch check.name {
                    case "∂L/∂h": hint = "h reaches h' through z ⊙ h, through W_hz h and W_hr h, and through W_hn (r ⊙ h): add all four"
                    case "∂L/∂W_h": hint = "the n block of ∂L/∂W_h is da_n (r ⊙ h)ᵀ, not da_n hᵀ"
                    default: hint = "∂h'/∂z = h − n, ∂h'/∂n = 1 − z; then σ' = σ(1 − σ) and tanh' = 1 − tanh²"
                    }
                    try require(check.passes(), "\(check) — \(hint)")
                }
            }
        }
    }

    /// The LSTM step with peepholes p_i, p_f on c_{t−1} and p_o on c_t.
    public static func peepholeLSTM(_ step: (LSTM, Tensor, Tensor, Tensor, Int, LSTMState) throws -> LSTMState) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 12)
            let H = 3
            let lstm = LSTM(Wx: Tensor(randomNormal: [4 * H, 4], standardDeviation: 0.8, rng: &rng),
                            Wh: Tensor(randomNormal: [4 * H, H], standardDeviation: 0.8, rng: &rng),
                            b: Tensor(randomNormal: [4 * H], standardDeviation: 0.3, rng: &rng))
            let state = LSTMState(h: Tensor(randomNormal: [H], standardDeviation: 0.5, rng: &rng),
                                  c: Tensor(randomNormal: [H], standardDeviation: 1, rng: &rng))
            let zero = Tensor(zeros: [H])
            let plain = try step(lstm, zero, zero, zero, 2, state), expected = lstm.step(2, state)
            for k in 0..<H {
                try requireClose(plain.h[k], expected.h[k], tolerance: 1e-12, "h[\(k)] with all peepholes zero",
                                 hint: "with p = 0 this is chapter 5's LSTM: gate blocks i, f, o, g, h = o ⊙ tanh(c)")
                try requireClose(plain.c[k], expected.c[k], tolerance: 1e-12, "c[\(k)] with all peepholes zero")
            }
            let pi = Tensor([0.5, -1.0, 2.0]), pf = Tensor([-0.7, 1.5, 0.3]), po = Tensor([1.2, 0.4, -2.0])
            for x in 0..<4 {
                let got = try step(lstm, pi, pf, po, x, state)
                let a = lstm.Wx.matvec(oneHot(x, count: 4)) + lstm.Wh.matvec(state.h) + lstm.b
                for k in 0..<H {
                    let i = sigmoid(a[k] + pi[k] * state.c[k]), f = sigmoid(a[H + k] + pf[k] * state.c[k])
                    let g = tanh(a[3 * H + k])
                    let c = f * state.c[k] + i * g
                    let o = sigmoid(a[2 * H + k] + po[k] * c)
                    try requireClose(got.c[k], c, tolerance: 1e-12, "c[\(k)] for symbol \(x)",
                                     hint: "i and f look at the old cell: p_i ⊙ c_{t−1}, p_f ⊙ c_{t−1}")
                    try requireClose(got.h[k], o * tanh(c), tolerance: 1e-12, "h[\(k)] for symbol \(x)",
                                     hint: "o looks at the new cell c_t (so compute c_t first), and h = o ⊙ tanh(c_t)")
                }
            }
        }
    }

    /// The coupled-gate LSTM step's forward pass, for the backward grader: blocks f, o, g of a.
    static func cifgForward(a: Tensor, c: Tensor) -> (h: Tensor, c: Tensor) {
        let H = c.count
        let f = Tensor(a.data[0..<H].map(sigmoid)), o = Tensor(a.data[H..<(2 * H)].map(sigmoid))
        let g = Tensor(a.data[(2 * H)..<(3 * H)].map(tanh))
        let cNext = f * c + f.map { 1 - $0 } * g
        return (o * cNext.map(tanh), cNext)
    }

    /// ∂L/∂a and ∂L/∂c of the CIFG step for L = dhNext · h' + dcNext · c', by central differences.
    public static func cifgBackward(_ backward: (Tensor, Tensor, Tensor, Tensor) throws -> (da: Tensor, dc: Tensor)) -> Verdict {
        grade {
            for seed: UInt64 in [21, 22, 23] {
                var rng = SeededRNG(seed: seed)
                let H = 3
                let a = Tensor(randomNormal: [3 * H], standardDeviation: 1, rng: &rng)
                let c = Tensor(randomNormal: [H], standardDeviation: 1, rng: &rng)
                let dh = Tensor(randomNormal: [H], standardDeviation: 1, rng: &rng)
                let dcNext = Tensor(randomNormal: [H], standardDeviation: 1, rng: &rng)
                func loss(_ a: Tensor, _ c: Tensor) -> Double {
                    let next = cifgForward(a: a, c: c)
                    return next.h.dot(dh) + next.c.dot(dcNext)
                }
                let got = try backward(a, c, dh, dcNext)
                try require(got.da.count == 3 * H && got.dc.count == H,
                            "∂L/∂a has 3H = \(3 * H) elements (blocks f, o, g) and ∂L/∂c has H = \(H); "
                            + "got \(got.da.count) and \(got.dc.count)")
                let da = Tensor(got.da.data), dc = Tensor(got.dc.data)
                let expectedDa = numericalGradient(at: a) { loss($0, c) }
                try rejectKnownMistakes(da, expected: expectedDa, cifgMistakes(a: a, c: c, dh: dh, dcNext: dcNext), tolerance: 1e-6)
                let checks = [
                    (checkGradient("∂L/∂a", analytic: da, at: a) { loss($0, c) }, "∂L/∂a"),
                    (checkGradient("∂L/∂c", analytic: dc, at: c) { loss(a, $0) }, "∂L/∂c"),
                ]
                for (check, name) in checks where !check.passes() {
                    let block = ["f", "o", "g"][min(2, check.worstIndex / H)]
                    throw GradingFailure(message: "\(check) (case \(seed))"
                        + (name == "∂L/∂c" ? " — ∂L/∂c = ∂L/∂c' ⊙ f, where ∂L/∂c' adds what comes along the cell and "
                                             + "what comes through h' = o ⊙ tanh(c')"
                                           : " — in block \(block): f = σ(a_f), o = σ(a_o), g = tanh(a_g); σ' = σ(1 − σ), tanh' = 1 − tanh²"))
                }
            }
        }
    }

    /// What three plausible slips in the CIFG backward pass give for ∂L/∂a.
    static func cifgMistakes(a: Tensor, c: Tensor, dh: Tensor, dcNext: Tensor) -> [KnownMistake] {
        let H = c.count
        let f = Tensor(a.data[0..<H].map(sigmoid)), o = Tensor(a.data[H..<(2 * H)].map(sigmoid))
        let g = Tensor(a.data[(2 * H)..<(3 * H)].map(tanh))
        let cNext = f * c + f.map { 1 - $0 } * g
        let tanhC = cNext.map(tanh)
        let throughH = dh * o * tanhC.map { 1 - $0 * $0 }
        func da(cellGradient dC: Tensor, forget: Tensor, candidateShare: Tensor) -> [Double] {
            let daF = dC * forget * f.map { $0 * (1 - $0) }
            let daO = dh * tanhC * o.map { $0 * (1 - $0) }
            let daG = dC * candidateShare * g.map { 1 - $0 * $0 }
            return daF.data + daO.data + daG.data
        }
        let dC = dcNext + throughH
        return [
            KnownMistake("∂L/∂a_f: f also lets in the candidate — c' = f ⊙ c + (1 − f) ⊙ g, so ∂c'/∂f = c − g, not c",
                         answer: da(cellGradient: dC, forget: c, candidateShare: f.map { 1 - $0 })),
            KnownMistake("∂L/∂a is missing the path through h': c' reaches L along the cell (dcNext) and through "
                         + "h' = o ⊙ tanh(c'), so ∂L/∂c' = dcNext + dhNext ⊙ o ⊙ (1 − tanh²(c'))",
                         answer: da(cellGradient: dcNext, forget: c - g, candidateShare: f.map { 1 - $0 })),
            KnownMistake("∂L/∂a_g: the candidate enters the cell as (1 − f) ⊙ g, so its gradient carries the factor 1 − f",
                         answer: da(cellGradient: dC, forget: c - g, candidateShare: Tensor(zeros: [H], value: 1))),
        ]
    }
}

extension ExerciseCatalog {
    static let ch05: [Exercise] = [
        Exercise(name: "gru-forward", chapter: 5, title: "A GRU cell's forward step",
                 hint: "Cut W_x, W_h and b into the z, r, n blocks of H rows; r multiplies h before W_hn does.",
                 testName: "gruForward",
                 gradeLearner: { Ch05Graders.gruForward(Exercises.gruStep) }),
        Exercise(name: "gru-backward", chapter: 5, title: "A GRU cell's backward step, gradient-checked",
                 hint: "dn = dh'(1 − z), dz = dh'(h − n); da_n = dn(1 − n²); d(r ⊙ h) = W_hnᵀ da_n gives dr and part of dh.",
                 testName: "gruBackward",
                 gradeLearner: { Ch05Graders.gruBackward(Exercises.gruStepBackward) }),
        Exercise(name: "peephole-lstm", chapter: 5, title: "An LSTM step with peephole connections",
                 hint: "Compute a = W_x x + W_h h + b as in LSTM.stepWithGates, add p_i ⊙ c and p_f ⊙ c to the i and f blocks, then c_t, then o with p_o ⊙ c_t.",
                 testName: "peepholeLSTM",
                 gradeLearner: { Ch05Graders.peepholeLSTM(Exercises.peepholeLSTMStep) }),
        Exercise(name: "cifg-backward", chapter: 5, title: "Backward through an LSTM step with coupled input and forget gates",
                 hint: "∂L/∂c' = dcNext + dhNext ⊙ o ⊙ (1 − tanh²(c')); then ∂c'/∂f = c − g and ∂c'/∂g = 1 − f; ∂L/∂c = ∂L/∂c' ⊙ f.",
                 testName: "cifgBackward",
                 gradeLearner: { Ch05Graders.cifgBackward(Exercises.cifgStepBackward) }),
    ]
}
