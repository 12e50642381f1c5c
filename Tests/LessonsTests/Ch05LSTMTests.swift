import Foundation
import Testing
@testable import Lessons

/// A small LSTM (V = 5, H = 4) with closed-form weights, rebuilt in numpy (float64) by:
///
/// ```python
/// r_ = np.arange(16)[:, None]
/// Wx = 0.6 * np.sin(0.1 + 0.7 * r_ + 1.3 * np.arange(5)[None, :])     # (4H, V), blocks i, f, o, g
/// Wh = 0.5 * np.cos(0.4 + 0.3 * r_ - 0.8 * np.arange(4)[None, :])     # (4H, H)
/// b = 0.2 * np.sin(np.arange(16) * 0.9)
/// h0 = 0.2 * np.sin(np.arange(4) + 1.0);  c0 = 0.3 * np.cos(np.arange(4) + 0.5)
/// for x in [2, 0, 4, 4, 1, 3]:
///     e = np.zeros(5); e[x] = 1
///     a = Wx @ e + Wh @ h + b
///     i, f, o, g = sig(a[:4]), sig(a[4:8]), sig(a[8:12]), np.tanh(a[12:])
///     c = f * c + i * g;  h = o * np.tanh(c)
/// ```
enum LSTMReference {
    static let lstm = LSTM(Wx: RNNReference.matrix(16, 5) { r, j in 0.6 * sin(0.1 + 0.7 * r + 1.3 * j) },
                           Wh: RNNReference.matrix(16, 4) { r, k in 0.5 * cos(0.4 + 0.3 * r - 0.8 * k) },
                           b: Tensor((0..<16).map { 0.2 * sin(Double($0) * 0.9) }))
    static let start = LSTMState(h: RNNReference.h0, c: Tensor((0..<4).map { 0.3 * cos(Double($0) + 0.5) }))
    static let model = CharacterModel(layer: lstm, output: RNNReference.model.output)

    // Printed by the script: the gates, c and h after the first step, and c, h after the sixth.
    static let i1 = [0.611659225367668, 0.5440600682539032, 0.4593820336187798, 0.3939444495773862]
    static let f1 = [0.3799998377276376, 0.42941162106465025, 0.5239618359490792, 0.607890796329909]
    static let o1 = [0.6267545473495771, 0.5596410036284561, 0.42947361613989715, 0.31534971192428424]
    static let g1 = [-0.7383727442693697, -0.588704583562983, -0.08366515397765696, 0.4824113886845748]
    static let c1 = [-0.35158813145911805, -0.3111780429833506, -0.16436487247554077, 0.019264268575506144]
    static let h1 = [-0.21170717411231924, -0.16873647892193308, -0.06996148584066482, 0.006074230157651649]
    static let cT = [-0.149418630720795, -0.08044473061964555, 0.08047665689215969, 0.24116419967938235]
    static let hT = [-0.07851649893164236, -0.03734291351621102, 0.033429869357715955, 0.09879037236199827]
}

@Suite("Chapter 5: long short-term memory") struct Ch05LSTMTests {
    // MARK: Forward pass against numpy

    @Test("the gates, c_t = f ⊙ c_{t−1} + i ⊙ g and h_t = o ⊙ tanh(c_t) match numpy")
    func stepMatchesNumpyReference() {
        let (state, gates) = LSTMReference.lstm.stepWithGates(RNNReference.xs[0], LSTMReference.start)
        expectClose(gates.i.data, LSTMReference.i1, "i_1")
        expectClose(gates.f.data, LSTMReference.f1, "f_1")
        expectClose(gates.o.data, LSTMReference.o1, "o_1")
        expectClose(gates.g.data, LSTMReference.g1, "g_1")
        expectClose(state.c.data, LSTMReference.c1, "c_1")
        expectClose(state.h.data, LSTMReference.h1, "h_1")
        var s = LSTMReference.start
        for x in RNNReference.xs { s = LSTMReference.lstm.step(x, s) }
        expectClose(s.c.data, LSTMReference.cT, "c_6 by step")
        expectClose(s.h.data, LSTMReference.hT, "h_6 by step")
        let (_, last, _) = LSTMReference.lstm.forward(RNNReference.xs, from: LSTMReference.start)
        expectClose(last.c.data, LSTMReference.cT, "c_6 by forward")
        expectClose(last.h.data, LSTMReference.hT, "h_6 by forward")
    }

    @Test("h_t = o_t ⊙ tanh(c_t): a cell with i ≈ 1, f ≈ 0, o ≈ 1 and g = tanh(±0.5) gives ±0.4318, not σ(c) or c")
    func hiddenStateUsesTanhOfCell() {
        // No weights; b_i = b_o = 30 (gates open), b_f = −30 (forget everything), b_g = ±0.5 per unit.
        let H = 2
        var b = Tensor(zeros: [4 * H])
        for k in 0..<H { (b[k], b[H + k], b[2 * H + k], b[3 * H + k]) = (30, -30, 30, k == 0 ? 0.5 : -0.5) }
        let lstm = LSTM(Wx: Tensor(zeros: [4 * H, 3]), Wh: Tensor(zeros: [4 * H, H]), b: b)
        let start = LSTMState(h: Tensor([0.7, -0.2]), c: Tensor([5, -5]))
        let next = lstm.step(1, start)
        // c = g = tanh(±0.5) = ±0.46212, h = tanh(c) = ±0.43181 (o ⊙ σ(c) would give 0.61351 and 0.38649).
        expectClose(next.c.data, [0.46211715726000974, -0.46211715726000974], tolerance: 1e-12, "c_t")
        expectClose(next.h.data, [0.4318081805950961, -0.4318081805950961], tolerance: 1e-12, "h_t")
        let (batched, _, _) = lstm.forward(SymbolBatch([1]), from: start)
        expectClose(batched.data, next.h.data, tolerance: 1e-12, "h_t, batched")
    }

    @Test("the gate blocks of W_x, W_h and b are in the order i, f, o, g, and b_f starts at 1")
    func gateBlocksAreInOrderIFOG() {
        let H = 3
        // Zero weights, one bias per block: i = σ(0) = ½, f = σ(ln 3) = ¾, o = σ(−ln 3) = ¼, g = tanh(atanh ½) = ½.
        let b = Tensor([Double](repeating: 0, count: H) + [Double](repeating: log(3), count: H)
                       + [Double](repeating: -log(3), count: H) + [Double](repeating: atanh(0.5), count: H))
        let lstm = LSTM(Wx: Tensor(zeros: [4 * H, 2]), Wh: Tensor(zeros: [4 * H, H]), b: b)
        let c0 = Tensor([0.4, -0.8, 0])
        let (state, gates) = lstm.stepWithGates(1, LSTMState(h: Tensor([1, 2, 3]), c: c0))
        expectClose(gates.i.data, [0.5, 0.5, 0.5], tolerance: 1e-15, "i")
        expectClose(gates.f.data, [0.75, 0.75, 0.75], tolerance: 1e-15, "f")
        expectClose(gates.o.data, [0.25, 0.25, 0.25], tolerance: 1e-15, "o")
        expectClose(gates.g.data, [0.5, 0.5, 0.5], tolerance: 1e-15, "g")
        expectClose(state.c.data, [0.75 * 0.4 + 0.25, 0.75 * -0.8 + 0.25, 0.25], tolerance: 1e-15, "c")
        var rng = SeededRNG(seed: 1)
        let fresh = LSTM(inputSize: 5, hiddenSize: H, rng: &rng)
        #expect(fresh.b.data == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        #expect(fresh.Wx.shape == [12, 5] && fresh.Wh.shape == [12, 3])
    }

    // MARK: Backward pass against finite differences

    @Test("one step's backward matches central differences for W_x, W_h, b, h_{t−1} and c_{t−1}")
    func stepBackwardMatchesFiniteDifferences() {
        let lstm = LSTMReference.lstm
        let (x, prev) = (2, LSTMReference.start)
        // L = w_h · h_t + w_c · c_t, so ∂L/∂h_t = w_h and the later steps' ∂L/∂c_t = w_c.
        let wh = Tensor([0.7, -1.2, 0.4, 2.0]), wc = Tensor([-0.3, 0.9, 1.5, -0.6])
        func L(_ l: LSTM, _ p: LSTMState) -> Double {
            let s = l.step(x, p)
            return s.h.dot(wh) + s.c.dot(wc)
        }
        let (state, gates) = lstm.stepWithGates(x, prev)
        let g = lstm.stepBackward(dh: wh, dc: wc, x: x, prev: prev, gates: gates, c: state.c)
        expectGradient("∂L/∂W_x", analytic: g.dWx, at: lstm.Wx) { L(LSTM(Wx: $0, Wh: lstm.Wh, b: lstm.b), prev) }
        expectGradient("∂L/∂W_h", analytic: g.dWh, at: lstm.Wh) { L(LSTM(Wx: lstm.Wx, Wh: $0, b: lstm.b), prev) }
        expectGradient("∂L/∂b", analytic: g.db, at: lstm.b) { L(LSTM(Wx: lstm.Wx, Wh: lstm.Wh, b: $0), prev) }
        expectGradient("∂L/∂h_{t−1}", analytic: g.dhPrev, at: prev.h) { L(lstm, LSTMState(h: $0, c: prev.c)) }
        expectGradient("∂L/∂c_{t−1}", analytic: g.dcPrev, at: prev.c) { L(lstm, LSTMState(h: prev.h, c: $0)) }
    }

    @Test("backpropagation through time matches central differences for every weight, h₀ and c₀")
    func sequenceBackwardMatchesFiniteDifferences() {
        let model = LSTMReference.model
        let (xs, ys, start) = (RNNReference.xs, RNNReference.ys, LSTMReference.start)
        let g = model.loss(inputs: xs, targets: ys, from: start).gradients
        func loss(_ m: CharacterModel<LSTM>, _ s: LSTMState = start) -> Double { m.loss(inputs: xs, targets: ys, from: s).loss }
        func with(_ change: (inout CharacterModel<LSTM>) -> Void) -> CharacterModel<LSTM> {
            var m = model
            change(&m)
            return m
        }
        expectGradient("∂L/∂W_x", analytic: g.layer.dWx, at: model.layer.Wx) { W in loss(with { $0.layer.Wx = W }) }
        expectGradient("∂L/∂W_h", analytic: g.layer.dWh, at: model.layer.Wh) { W in loss(with { $0.layer.Wh = W }) }
        expectGradient("∂L/∂b", analytic: g.layer.db, at: model.layer.b) { b in loss(with { $0.layer.b = b }) }
        expectGradient("∂L/∂W_hy", analytic: g.dWhy, at: model.output.W) { W in loss(with { $0.output.W = W }) }
        expectGradient("∂L/∂b_y", analytic: g.dby, at: model.output.b) { b in loss(with { $0.output.b = b }) }
        expectGradient("∂L/∂h₀", analytic: g.layer.dh0.reshaped(start.h.shape), at: start.h) { loss(model, LSTMState(h: $0, c: start.c)) }
        expectGradient("∂L/∂c₀", analytic: g.layer.dc0.reshaped(start.c.shape), at: start.c) { loss(model, LSTMState(h: start.h, c: $0)) }
    }

    @Test("along the cell path ∂c_t/∂c_{t−1} = diag(f_t): no weight matrix, no tanh'")
    func cellPathJacobianIsForgetGate() {
        let lstm = LSTMReference.lstm
        let prev = LSTMReference.start
        let f = lstm.stepWithGates(3, prev).gates.f
        for i in 0..<4 {
            var row = Tensor(zeros: [4])
            row[i] = f[i]
            expectGradient("∂c_t[\(i)]/∂c_{t−1}", analytic: row, at: prev.c) {
                lstm.step(3, LSTMState(h: prev.h, c: $0)).c[i]
            }
        }
        // So a gradient that travels k steps along the cell alone is scaled by f's product, and
        // with f ≡ 1 it arrives unchanged: ∂L/∂c₀ = ∂L/∂c_T when the forget bias is huge.
        var b = lstm.b
        for k in 4..<8 { b[k] = 40 }
        let remembering = LSTM(Wx: lstm.Wx, Wh: Tensor(zeros: [16, 4]), b: b)
        let (_, _, cache) = remembering.forward(RNNReference.xs, from: prev)
        var dhs = Tensor(zeros: [6, 4])
        for k in 0..<4 { dhs[5, k] = 1 }
        let g = remembering.backward(dhs, cache)
        expectClose(g.dc0.data, g.dc.row(5).data, tolerance: 1e-12, "∂L/∂c₀ vs ∂L/∂c_T")
    }

    @Test("B sequences side by side give, row for row, what each gives alone through the readable step")
    func batchedForwardAndBackwardMatchTheStep() {
        var rng = SeededRNG(seed: 31)
        let lstm = LSTM(inputSize: 5, hiddenSize: 3, weightScale: 0.6, rng: &rng)
        let sequences = [[2, 0, 4, 1], [1, 1, 3, 0], [4, 2, 2, 3]]
        let (B, T, H) = (3, 4, 3)
        let start = LSTMState(h: Tensor(randomNormal: [B, H], standardDeviation: 0.5, rng: &rng),
                              c: Tensor(randomNormal: [B, H], standardDeviation: 0.5, rng: &rng))
        let dhs = Tensor(randomNormal: [T * B, H], standardDeviation: 1, rng: &rng)
        let (hs, last, cache) = lstm.forward(SymbolBatch(sequences), from: start)
        let g = lstm.backward(dhs, cache)
        var dWx = Tensor(zeros: [4 * H, 5]), dWh = Tensor(zeros: [4 * H, H]), db = Tensor(zeros: [4 * H])
        for (b, xs) in sequences.enumerated() {
            var state = LSTMState(h: start.h.row(b), c: start.c.row(b))
            var states = [state], gates: [LSTMGates] = []
            for (t, x) in xs.enumerated() {
                let step = lstm.stepWithGates(x, state)
                (state, _) = (step.state, gates.append(step.gates))
                states.append(state)
                expectClose(hs.row(t * B + b).data, state.h.data, "h_\(t + 1) of sequence \(b)")
                expectClose(cache.cs.row(t * B + b).data, state.c.data, "c_\(t + 1) of sequence \(b)")
            }
            expectClose(last.c.row(b).data, state.c.data, "last cell state of sequence \(b)")
            var (dhNext, dcNext) = (Tensor(zeros: [H]), Tensor(zeros: [H]))
            for t in stride(from: T - 1, through: 0, by: -1) {
                let step = lstm.stepBackward(dh: dhs.row(t * B + b) + dhNext, dc: dcNext, x: xs[t], prev: states[t],
                                             gates: gates[t], c: states[t + 1].c)
                dWx += step.dWx
                dWh += step.dWh
                db += step.db
                (dhNext, dcNext) = (step.dhPrev, step.dcPrev)
            }
            expectClose(g.dh0.row(b).data, dhNext.data, "∂L/∂h₀ of sequence \(b)")
            expectClose(g.dc0.row(b).data, dcNext.data, "∂L/∂c₀ of sequence \(b)")
        }
        expectClose(g.dWx.data, dWx.data, "∂L/∂W_x")
        expectClose(g.dWh.data, dWh.data, "∂L/∂W_h")
        expectClose(g.db.data, db.data, "∂L/∂b")
    }

    @Test("the batched loss of B sequences matches central differences for every weight, H₀ and C₀")
    func batchedLossMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 32)
        let model = CharacterModel(layer: LSTM(inputSize: 5, hiddenSize: 3, weightScale: 0.6, rng: &rng),
                                   output: Dense(W: Tensor(randomNormal: [3, 5], standardDeviation: 0.6, rng: &rng),
                                                 b: Tensor(randomNormal: [5], standardDeviation: 0.1, rng: &rng)))
        let x = SymbolBatch([[2, 0, 4], [1, 3, 3]]), y = SymbolBatch([[0, 4, 1], [3, 3, 2]])
        let start = LSTMState(h: Tensor(randomNormal: [2, 3], standardDeviation: 0.5, rng: &rng),
                              c: Tensor(randomNormal: [2, 3], standardDeviation: 0.5, rng: &rng))
        let g = model.loss(x, targets: y, from: start).gradients
        expectWeightGradients(model, names: ["W_x", "W_h", "b", "W_hyᵀ", "b_y"], inputs: x, targets: y, from: start)
        func loss(_ s: LSTMState) -> Double { model.loss(x, targets: y, from: s).loss }
        expectGradient("∂L/∂H₀", analytic: g.layer.dh0, at: start.h) { loss(LSTMState(h: $0, c: start.c)) }
        expectGradient("∂L/∂C₀", analytic: g.layer.dc0, at: start.c) { loss(LSTMState(h: start.h, c: $0)) }
    }

    // MARK: The memory task and the chapter's run

    @Test("a recall sequence is a letter, lag − 1 digits and '?', and its answer is the letter")
    func recallTaskIsWellFormed() {
        var rng = SeededRNG(seed: 5)
        var answers = Set<Int>()
        for lag in [1, 2, 7, 7, 7, 7, 7, 7] {
            let (inputs, answer) = RecallTask(lag: lag).example(rng: &rng)
            let text = RecallTask.text(inputs)
            #expect(inputs.count == lag + 1, "\(text)")
            #expect(inputs[0] == answer && answer < 4, "\(text)")
            #expect(text.dropFirst().dropLast().allSatisfy { "0123".contains($0) } && text.last == "?", "\(text)")
            answers.insert(answer)
        }
        #expect(answers.count > 1)
    }

    @Test("an LSTM learns to recall a letter over a short lag")
    func lstmLearnsShortRecall() throws {
        var rng = SeededRNG(seed: 2)
        var model = CharacterModel(layer: LSTM(inputSize: RecallTask.vocabularySize, hiddenSize: 8, weightScale: 0.1,
                                               rng: &rng), rng: &rng)
        var data = SeededRNG(seed: 3)
        let task = RecallTask(lag: 3)
        let losses = trainRecall(&model, task: task, steps: 200, batch: 16, learningRate: 0.02, rng: &data)
        let accuracy = recallAccuracy(model, task: task, count: 200, rng: SeededRNG(seed: 4))
        #expect(accuracy > 0.95, "accuracy \(accuracy)")
        #expect((losses.last ?? 9) < 0.2 * (losses.first ?? 0), "loss \(losses.first ?? 0) → \(losses.last ?? 9)")
    }

    @Test("the recall experiment's headline: at lag 10 the LSTM with b_f = 5 learns on every seed, with b_f = 1 on almost none")
    func recallHeadline() {
        // The chapter's settings (H = 32, 300 steps of 16 sequences, Adam at 0.01), lag 10 only.
        var experiment = RecallExperiment(lags: [10], seeds: 5, steps: 300)
        experiment.testCount = 200
        let context = RunContext(seed: 42, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let results = experiment.run(context)
        let bias5 = results.accuracy[.lstmBias5]?[0] ?? [], bias1 = results.accuracy[.lstmBias1]?[0] ?? []
        #expect(bias5.allSatisfy { $0 >= 0.9 }, "LSTM, b_f = 5: \(bias5)")
        #expect(bias1.filter { $0 >= 0.9 }.count <= 1, "LSTM, b_f = 1: \(bias1)")
        for other in [RecallModel.rnnSmall, .rnnIdentity, .lstmBias1] {
            let seeds = results.accuracy[other]?[0] ?? []
            #expect(mean(seeds) < mean(bias5), "\(other.label): \(seeds)")
        }
    }

    @Test("a fast run writes every figure and reports its metrics")
    func fastRunWritesEveryFigure() throws {
        let context = try runFast(.lstm)
        expectFiguresWritten(context, for: .lstm)
        #expect(context.metric("held-out loss, LSTM").map { $0.isFinite && $0 > 0 } == true)
    }

    @Test("the same seed writes the same PNG bytes (all but the figure against seconds)")
    func sameSeedSameBytes() throws {
        let a = try runFast(.lstm), b = try runFast(.lstm)
        // The held-out loss against seconds measures time, so only its bytes may differ.
        let measured = Set(Chapter.lstm.wallClockFigures.map { $0 + ".png" })
        for (x, y) in zip(a.figures, b.figures) where !measured.contains(x.lastPathComponent) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y), "\(x.lastPathComponent) differs")
        }
    }
}
