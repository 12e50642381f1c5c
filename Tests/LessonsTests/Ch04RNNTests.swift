import Foundation
import Testing
@testable import Lessons

/// A small RNN (V = 5 symbols, H = 4 units) whose weights follow closed-form patterns, so that an
/// independent numpy script can build exactly the same network. The script (numpy 2, float64):
///
/// ```python
/// i_ = np.arange(4)[:, None]; j_ = np.arange(5)[None, :]; k_ = np.arange(4)[None, :]
/// Wxh = 0.5 * np.sin(0.3 + 1.1 * i_ + 0.7 * j_)                       # (H, V)
/// Whh = 0.4 * np.cos(0.2 + 0.9 * i_ - 0.5 * k_)                       # (H, H)
/// bh = 0.1 * (np.arange(4) - 1.5);  h0 = 0.2 * np.sin(np.arange(4) + 1.0)
/// Why = 0.3 * np.sin(0.5 + 0.8 * np.arange(5)[:, None] + 0.6 * np.arange(4)[None, :])  # (V, H)
/// by = 0.05 * np.arange(5)
/// for x, y in zip(xs, ys):
///     e = np.zeros(5); e[x] = 1
///     h = np.tanh(Wxh @ e + Whh @ h + bh); z = Why @ h + by
///     p = np.exp(z - z.max()); p /= p.sum(); L += -np.log(p[y])
/// L /= len(xs)
/// ```
enum RNNReference {
    static let (V, H) = (5, 4)
    static let xs = [2, 0, 4, 4, 1, 3]
    static let ys = [0, 4, 4, 1, 3, 2]

    static func matrix(_ rows: Int, _ cols: Int, _ f: (Double, Double) -> Double) -> Tensor {
        Tensor(shape: [rows, cols], data: (0..<(rows * cols)).map { f(Double($0 / cols), Double($0 % cols)) })
    }

    static let rnn = RNN(Wxh: matrix(H, V) { i, j in 0.5 * sin(0.3 + 1.1 * i + 0.7 * j) },
                         Whh: matrix(H, H) { i, k in 0.4 * cos(0.2 + 0.9 * i - 0.5 * k) },
                         bh: Tensor((0..<H).map { 0.1 * (Double($0) - 1.5) }))
    static let h0 = Tensor((0..<H).map { 0.2 * sin(Double($0) + 1) })
    /// Dense stores W_hyᵀ: element [j, v] is W_hy[v, j].
    static let model = CharacterModel(
        layer: rnn,
        output: Dense(W: matrix(H, V) { j, v in 0.3 * sin(0.5 + 0.8 * v + 0.6 * j) },
                      b: Tensor((0..<V).map { 0.05 * Double($0) })))

    /// h₁ … h₆ printed by the script.
    static let hs: [[Double]] = [
        [0.4405983523116217, 0.16209302893350389, -0.34854286341500135, -0.4320430869458632],
        [0.08883170500916497, 0.2713151699752766, 0.05344127110362613, -0.2678005547463375],
        [-0.004467709258361174, -0.42803997231561985, -0.42657374776329815, 0.06852214717508948],
        [-0.3851365441578248, -0.6483465995599161, -0.4183079592802435, 0.37659392510973144],
        [-0.2014887007823275, 0.06982998025641163, 0.10794694157039833, 0.11195824502843418],
        [0.175648928171944, -0.15346288894232926, -0.33522167451249507, -0.07389740971427325],
    ]
    static let p1 = [0.1452587378959789, 0.18633851677046195, 0.22422993375644298, 0.23319697666530742,
                     0.21097583491180869]
    static let pT = [0.1521678895980283, 0.1729687877933756, 0.20314764818664244, 0.2304945076730319,
                     0.2412211667489217]
    static let loss = 1.6651680179069552
}

/// Every element of `got` within `tolerance` of `expected`.
func expectClose(_ got: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == expected.count, "\(what): \(got.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    for (k, (g, e)) in zip(got, expected).enumerated() where abs(g - e) > tolerance {
        Issue.record("\(what)[\(k)]: got \(g), expected \(e)", sourceLocation: sourceLocation)
    }
}

@Suite("Chapter 4: recurrent networks") struct Ch04RNNTests {
    // MARK: Forward pass against numpy

    @Test("h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h) matches numpy, step by step and for the whole sequence")
    func stepMatchesNumpyReference() {
        var h = RNNReference.h0
        for (t, x) in RNNReference.xs.enumerated() {
            h = RNNReference.rnn.step(x, h)
            expectClose(h.data, RNNReference.hs[t], "h_\(t + 1) by step")
        }
        let (hs, last, _) = RNNReference.rnn.forward(RNNReference.xs, from: RNNReference.h0)
        expectClose(hs.data, RNNReference.hs.flatMap { $0 }, "h_t by forward")
        expectClose(last.data, RNNReference.hs[5], "last state")
    }

    @Test("reading symbol x from h = 0 gives tanh(column x of W_xh + b_h), written out from the weights' formula")
    func inputTermPicksAColumnOfWxh() {
        // With h_{t−1} = 0, (4.1) is h = tanh(W_xh e_x + b_h) and W_xh e_x is column x of W_xh:
        // 0.5 sin(0.3 + 1.1 i + 0.7 x). An element-wise x ⊙ W, a row instead of a column, or a
        // missing bias would each give other numbers.
        let rnn = RNNReference.rnn
        for x in 0..<RNNReference.V {
            let expected = (0..<RNNReference.H).map { i -> Double in
                let (row, column) = (Double(i), Double(x))
                let w: Double = 0.5 * sin(0.3 + 1.1 * row + 0.7 * column)
                return Foundation.tanh(w + 0.1 * (row - 1.5))
            }
            expectClose(rnn.step(x, Tensor(zeros: [RNNReference.H])).data, expected, tolerance: 1e-15, "h after reading \(x)")
            expectClose(rnn.forward([x], from: Tensor(zeros: [RNNReference.H])).hs.data, expected, tolerance: 1e-15,
                        "forward after reading \(x)")
        }
    }

    @Test("y_t = W_hy h_t + b_y, p_t = softmax(y_t) and the mean cross-entropy match numpy")
    func outputAndLossMatchNumpyReference() {
        let model = RNNReference.model
        let (hs, _, _) = model.layer.forward(RNNReference.xs, from: RNNReference.h0)
        let p = softmaxRows(model.output.forward(hs))
        expectClose(Array(p.data[0..<5]), RNNReference.p1, "p_1")
        expectClose(Array(p.data[25..<30]), RNNReference.pT, "p_6")
        for t in 0..<6 { #expect(abs(p.row(t).sum() - 1) < 1e-12) }
        let step = model.loss(inputs: RNNReference.xs, targets: RNNReference.ys, from: RNNReference.h0)
        #expect(abs(step.loss - RNNReference.loss) < 1e-12, "L = \(step.loss), numpy \(RNNReference.loss)")
    }

    @Test("∂L/∂y_t = (p_t − onehot(c_{t+1})) / T, checked against central differences")
    func logitGradientIsSoftmaxMinusOneHot() {
        var rng = SeededRNG(seed: 4)
        let y = Tensor(randomNormal: [6, 5], standardDeviation: 1.5, rng: &rng)
        let labels = RNNReference.ys
        var expected = softmaxRows(y)
        for t in 0..<6 {
            expected[t, labels[t]] -= 1
            for v in 0..<5 { expected[t, v] /= 6 }
        }
        expectGradient("∂L/∂y", analytic: expected, at: y) { softmaxCrossEntropy(logits: $0, labels: labels).loss }
    }

    // MARK: Backward pass against finite differences

    @Test("one step's backward (δ, ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h, ∂L/∂h_{t−1}) matches central differences")
    func stepBackwardMatchesFiniteDifferences() {
        let rnn = RNNReference.rnn
        let (x, hPrev) = (2, RNNReference.h0)
        let w = Tensor([0.7, -1.2, 0.4, 2.0])              // L = w · h_t, so ∂L/∂h_t = w
        let h = rnn.step(x, hPrev)
        let g = rnn.stepBackward(w, x: x, hPrev: hPrev, h: h)
        expectGradient("∂L/∂W_xh", analytic: g.dWxh, at: rnn.Wxh) {
            RNN(Wxh: $0, Whh: rnn.Whh, bh: rnn.bh).step(x, hPrev).dot(w)
        }
        expectGradient("∂L/∂W_hh", analytic: g.dWhh, at: rnn.Whh) {
            RNN(Wxh: rnn.Wxh, Whh: $0, bh: rnn.bh).step(x, hPrev).dot(w)
        }
        expectGradient("∂L/∂b_h", analytic: g.dbh, at: rnn.bh) {
            RNN(Wxh: rnn.Wxh, Whh: rnn.Whh, bh: $0).step(x, hPrev).dot(w)
        }
        expectGradient("∂L/∂h_{t−1}", analytic: g.dhPrev, at: hPrev) { rnn.step(x, $0).dot(w) }
    }

    @Test("backpropagation through time over a whole sequence matches central differences for every weight and h₀")
    func sequenceBackwardMatchesFiniteDifferences() {
        let model = RNNReference.model
        let (xs, ys, h0) = (RNNReference.xs, RNNReference.ys, RNNReference.h0)
        let g = model.loss(inputs: xs, targets: ys, from: h0).gradients
        func loss(_ m: CharacterModel<RNN>, _ h: Tensor = h0) -> Double { m.loss(inputs: xs, targets: ys, from: h).loss }
        func with(_ change: (inout CharacterModel<RNN>) -> Void) -> CharacterModel<RNN> {
            var m = model
            change(&m)
            return m
        }
        expectGradient("∂L/∂W_xh", analytic: g.layer.dWxh, at: model.layer.Wxh) { W in loss(with { $0.layer.Wxh = W }) }
        expectGradient("∂L/∂W_hh", analytic: g.layer.dWhh, at: model.layer.Whh) { W in loss(with { $0.layer.Whh = W }) }
        expectGradient("∂L/∂b_h", analytic: g.layer.dbh, at: model.layer.bh) { b in loss(with { $0.layer.bh = b }) }
        expectGradient("∂L/∂W_hy", analytic: g.dWhy, at: model.output.W) { W in loss(with { $0.output.W = W }) }
        expectGradient("∂L/∂b_y", analytic: g.dby, at: model.output.b) { b in loss(with { $0.output.b = b }) }
        expectGradient("∂L/∂h₀", analytic: g.layer.dh0.reshaped(h0.shape), at: h0) { loss(model, $0) }
    }

    @Test("∂L/∂h_t collects its own output's gradient and W_hhᵀ δ_{t+1} from the step after")
    func hiddenGradientCollectsBothPaths() {
        // The loss of (4.3) over every step: h_t reaches L through its own output y_t and through h_{t+1}.
        let model = RNNReference.model
        let (xs, ys, h0) = (RNNReference.xs, RNNReference.ys, RNNReference.h0)
        let T = Double(xs.count)
        let dh = model.loss(inputs: xs, targets: ys, from: h0).gradients.layer.dh
        let (hs, _, _) = model.layer.forward(xs, from: h0)
        for t in 0..<xs.count {
            // (4.5): own output W_hyᵀ (p_t − e_{y_t}) / T, plus W_hhᵀ δ_{t+1} from the step after.
            var p = softmax(model.output.forward(hs.row(t).reshaped([1, 4])).reshaped([5]), temperature: 1)
            p[ys[t]] -= 1
            var expected = model.output.W.matvec(p) * (1 / T)
            if t + 1 < xs.count {
                let δ = hs.row(t + 1).map { 1 - $0 * $0 } * dh.row(t + 1)
                expected += model.layer.Whh.transposed.matvec(δ)
            }
            expectClose(dh.row(t).data, expected.data, tolerance: 1e-14, "∂L/∂h_\(t + 1)")
        }
        // And each ∂L/∂h_t agrees with central differences: perturb h_t, score its output, run on.
        for t in 0..<(xs.count - 1) {
            expectGradient("∂L/∂h_\(t + 1)", analytic: dh.row(t), at: hs.row(t)) { h in
                let own = softmaxCrossEntropy(logits: model.output.forward(h.reshaped([1, 4])), labels: [ys[t]]).loss
                let rest = model.loss(inputs: Array(xs[(t + 1)...]), targets: Array(ys[(t + 1)...]), from: h).loss
                return (own + rest * Double(xs.count - t - 1)) / T
            }
        }
    }

    @Test("B sequences side by side give, row for row, what each gives alone through the readable step")
    func batchedForwardAndBackwardMatchTheStep() {
        var rng = SeededRNG(seed: 21)
        let rnn = RNN(inputSize: 5, hiddenSize: 4, weightScale: 0.6, rng: &rng)
        let sequences = [[2, 0, 4, 1], [1, 1, 3, 0], [4, 2, 2, 3]]
        let (B, T, H) = (3, 4, 4)
        let h0 = Tensor(randomNormal: [B, H], standardDeviation: 0.5, rng: &rng)
        let dhs = Tensor(randomNormal: [T * B, H], standardDeviation: 1, rng: &rng)
        let (hs, last, cache) = rnn.forward(SymbolBatch(sequences), from: h0)
        let g = rnn.backward(dhs, cache)
        var dWxh = Tensor(zeros: [H, 5]), dWhh = Tensor(zeros: [H, H]), dbh = Tensor(zeros: [H])
        for (b, xs) in sequences.enumerated() {
            var h = h0.row(b), states: [Tensor] = []
            for (t, x) in xs.enumerated() {
                h = rnn.step(x, h)
                states.append(h)
                expectClose(hs.row(t * B + b).data, h.data, "h_\(t + 1) of sequence \(b)")
            }
            expectClose(last.row(b).data, h.data, "last state of sequence \(b)")
            var dhNext = Tensor(zeros: [H])
            for t in stride(from: T - 1, through: 0, by: -1) {
                let step = rnn.stepBackward(dhs.row(t * B + b) + dhNext, x: xs[t], hPrev: t == 0 ? h0.row(b) : states[t - 1],
                                            h: states[t])
                dWxh += step.dWxh
                dWhh += step.dWhh
                dbh += step.dbh
                dhNext = step.dhPrev
            }
            expectClose(g.dh0.row(b).data, dhNext.data, "∂L/∂h₀ of sequence \(b)")
        }
        expectClose(g.dWxh.data, dWxh.data, "∂L/∂W_xh")
        expectClose(g.dWhh.data, dWhh.data, "∂L/∂W_hh")
        expectClose(g.dbh.data, dbh.data, "∂L/∂b_h")
    }

    @Test("the batched loss of B sequences matches central differences for every weight and H₀")
    func batchedLossMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 22)
        let model = CharacterModel(layer: RNN(inputSize: 5, hiddenSize: 4, weightScale: 0.6, rng: &rng),
                                   output: Dense(W: Tensor(randomNormal: [4, 5], standardDeviation: 0.6, rng: &rng),
                                                 b: Tensor(randomNormal: [5], standardDeviation: 0.1, rng: &rng)))
        let x = SymbolBatch([[2, 0, 4], [1, 3, 3]]), y = SymbolBatch([[0, 4, 1], [3, 3, 2]])
        let h0 = Tensor(randomNormal: [2, 4], standardDeviation: 0.5, rng: &rng)
        let g = model.loss(x, targets: y, from: h0).gradients
        expectWeightGradients(model, names: ["W_xh", "W_hh", "b_h", "W_hyᵀ", "b_y"], inputs: x, targets: y, from: h0)
        func loss(_ h: Tensor) -> Double { model.loss(x, targets: y, from: h).loss }
        expectGradient("∂L/∂H₀", analytic: g.layer.dh0, at: h0) { loss($0) }
    }

    @Test("text streams read consecutive windows of their own segment, and start again together")
    func textStreamsAreConsecutive() {
        let text = Array(0..<103)
        let streams = TextStreams(text, batch: 4, length: 5)
        #expect(streams.batch == 4 && streams.length == 5 && streams.windowsPerPass == 4)   // segments of 25
        let first = streams.window(0, streams: 0..<4), second = streams.window(1, streams: 0..<4)
        #expect(first.restart && !second.restart)
        for b in 0..<4 {
            let (x0, x1) = ((0..<5).map { first.inputs.symbols[$0 * 4 + b] }, (0..<5).map { second.inputs.symbols[$0 * 4 + b] })
            #expect(x0 == Array((25 * b)..<(25 * b + 5)) && x1 == Array((25 * b + 5)..<(25 * b + 10)), "stream \(b)")
            #expect((0..<5).map { first.targets.symbols[$0 * 4 + b] } == x0.map { $0 + 1 })
        }
        #expect(streams.window(4, streams: 2..<3).restart && streams.window(4, streams: 2..<3).inputs.symbols == Array(50..<55))
        // A text too short for the streams gets fewer of them.
        let short = TextStreams(Array(0..<20), batch: 32, length: 8)
        #expect(short.batch == 2 && short.length == 8)
    }

    @Test("training on two shards gives the same bits every time, and the mean of the shards' gradients")
    func shardedTrainingIsDeterministic() throws {
        let corpus = TextCorpus(text: String(repeating: "to be or not to be, ", count: 40))
        let context = RunContext(seed: 5, fast: true, figureDirectory: FileManager.default.temporaryDirectory,
                                 root: projectRoot)
        var settings = CharacterTrainingSettings(steps: 3)
        (settings.batchSize, settings.sequenceLength, settings.evaluations) = (4, 6, 1)
        func trained(shards: Int) throws -> CharacterModel<RNN> {
            var rng = SeededRNG(seed: 8)
            var model = CharacterModel(layer: RNN(inputSize: corpus.vocabularySize, hiddenSize: 6, weightScale: 0.3,
                                                  rng: &rng), rng: &rng)
            settings.shards = shards
            _ = try trainCharacterModel(&model, on: corpus.indices, heldOut: [], settings: settings, context: context,
                                        label: "test")
            return model
        }
        let (a, b, one) = (try trained(shards: 2), try trained(shards: 2), try trained(shards: 1))
        #expect(a.parameters.map(\.data) == b.parameters.map(\.data))
        // One shard or two: the same mean gradient, up to the rounding of a different summation order.
        for (x, y) in zip(a.parameters, one.parameters) { expectClose(x.data, y.data, tolerance: 1e-9, "parameters") }
    }

    @Test("the learning rate follows a half cosine from α to α/10")
    func cosineSchedule() {
        var settings = CharacterTrainingSettings(steps: 100)
        settings.learningRate = 0.02
        #expect(abs(settings.learningRate(atStep: 1) - 0.02) < 1e-15)
        #expect(abs(settings.learningRate(atStep: 51) - 0.011) < 1e-15)
        #expect(abs(settings.learningRate(atStep: 101) - 0.002) < 1e-15)
    }

    // MARK: Vanishing gradients, clipping, temperature

    @Test("∂h_t/∂h_{t−1} = diag(1 − h_t²) W_hh, so its norm is at most ‖W_hh‖")
    func stepJacobianIsTanhPrimeTimesWhh() {
        let rnn = RNNReference.rnn
        let hPrev = RNNReference.h0
        let h = rnn.step(2, hPrev)
        let analytic = Tensor(shape: [4, 4], data: (0..<16).map { k in (1 - h[k / 4] * h[k / 4]) * rnn.Whh[k / 4, k % 4] })
        for i in 0..<4 {
            expectGradient("∂h_t[\(i)]/∂h_{t−1}", analytic: analytic.row(i), at: hPrev) { rnn.step(2, $0)[i] }
        }
        // The Frobenius norm bounds the spectral norm; 1 − h² ≤ 1 shrinks every row.
        #expect(analytic.norm() <= rnn.Whh.norm())
        // A product of k such Jacobians with a small W_hh shrinks geometrically.
        let small = RNN(Wxh: rnn.Wxh, Whh: 0.1 * rnn.Whh, bh: rnn.bh)
        let model = CharacterModel(layer: small, output: RNNReference.model.output)
        let dh = model.lossAtEnd(inputs: [1, 2, 3, 4, 0, 1, 2, 3], target: 0, from: small.initialState(batch: 1)).gradients.layer.dh
        let bound = (0.1 * rnn.Whh).norm()
        for t in 0..<7 { #expect(dh.row(t).norm() <= bound * dh.row(t + 1).norm() + 1e-15) }
    }

    @Test("clipping rescales gradients to norm c when ‖g‖ > c and leaves them alone otherwise")
    func clippingRescalesToTheThreshold() {
        var big = [Tensor([3, 4]), Tensor([12])]            // ‖g‖ = 13
        let before = clipGradients(&big, maxNorm: 5)
        #expect(before == 13)
        expectClose(big[0].data + big[1].data, [3 * 5 / 13, 4 * 5 / 13, 12 * 5 / 13], tolerance: 1e-15, "clipped")
        var small = [Tensor([0.3, 0.4])]
        clipGradients(&small, maxNorm: 5)
        #expect(small[0].data == [0.3, 0.4])
    }

    @Test("softmax(y/τ) matches numpy at τ = 0.5, 1, 2; τ → 0 picks the argmax, τ → ∞ is uniform")
    func temperatureSoftmaxMatchesReference() {
        // numpy: q = np.exp(z / tau); q /= q.sum() for z = [2, 1, 0.5, -1].
        let y = Tensor([2, 1, 0.5, -1])
        let reference: [(Double, [Double])] = [
            (0.5, [0.8420335723974579, 0.1139568520151468, 0.04192238303698895, 0.002087192550406349]),
            (1.0, [0.6094600375988771, 0.22420781804820114, 0.13598891579350553, 0.03034322855941623]),
            (2.0, [0.4343996999782231, 0.2634767366067617, 0.2051958887904443, 0.09692767462457079]),
        ]
        for (τ, expected) in reference { expectClose(softmax(y, temperature: τ).data, expected, "τ = \(τ)") }
        #expect(softmax(y, temperature: 0.01)[0] > 1 - 1e-12)
        expectClose(softmax(y, temperature: 1e9).data, [0.25, 0.25, 0.25, 0.25], tolerance: 1e-8, "τ = 10⁹")
    }

    @Test("sampling at a tiny temperature is greedy, and the same seed gives the same text")
    func samplingIsGreedyAtLowTemperatureAndSeeded() {
        let model = RNNReference.model
        var rng1 = SeededRNG(seed: 1), rng2 = SeededRNG(seed: 1), rng3 = SeededRNG(seed: 2)
        let greedy = model.sample(prime: [2], count: 8, temperature: 1e-4, rng: &rng1)
        var (logits, state) = model.next(2, model.layer.initialState(batch: 1))
        for x in greedy {
            #expect(x == logits.data.indices.max { logits[$0] < logits[$1] })
            (logits, state) = model.next(x, state)
        }
        let a = model.sample(prime: [2], count: 30, temperature: 1, rng: &rng2)
        let b = model.sample(prime: [2], count: 30, temperature: 1, rng: &rng3)
        var again = SeededRNG(seed: 1)
        #expect(model.sample(prime: [2], count: 30, temperature: 1, rng: &again) == a)
        #expect(a != b)
    }

    // MARK: Data

    @Test("the corpus has a sorted vocabulary and encodes and decodes text exactly")
    func corpusVocabularyIsSortedAndRoundTrips() throws {
        let corpus = try TextCorpus.shakespeare(root: projectRoot)
        #expect(corpus.indices.count == 1_036_483)
        #expect(corpus.vocabularySize == 76)
        #expect(zip(corpus.vocabulary, corpus.vocabulary.dropFirst()).allSatisfy { $0.value < $1.value })
        let line = "To be, or not to be,--that is the question:--"
        let encoded = try #require(corpus.encode(line))
        #expect(corpus.decode(encoded) == line)
        #expect(corpus.decode(Array(corpus.indices[0..<25])) == "HAMLET, PRINCE OF DENMARK")
        #expect(corpus.encode("日本") == nil)
        let unicode = TextCorpus(text: "naïve 日本\r\n")
        #expect(unicode.decode(unicode.indices) == "naïve 日本\r\n")
        #expect(unicode.indices.count == 10)                  // "\r\n" is two characters
    }

    @Test("a missing, empty, non-UTF-8 or too short text gives an error naming the file and the fix")
    func badTextFilesGiveClearErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ch04-data-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func message(_ url: URL, minimumLength: Int = 2) -> String {
            do {
                _ = try TextCorpus.load(from: url, minimumLength: minimumLength)
                return ""
            } catch { return "\(error)" }
        }
        let missing = folder.appendingPathComponent("nothing.txt")
        #expect(message(missing).contains("nothing.txt does not exist"))
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        #expect(message(empty).contains("empty.txt is empty"))
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0x41, 0x42, 0xFF, 0x43]).write(to: binary)
        #expect(message(binary).contains("not valid UTF-8 text (byte 2"))
        let short = folder.appendingPathComponent("short.txt")
        try "too short".write(to: short, atomically: true, encoding: .utf8)
        #expect(message(short, minimumLength: 26).contains("has only 9 characters, fewer than the 26"))
        // The shipped file's error says how to restore it.
        do {
            _ = try TextCorpus.shakespeare(root: folder)
            Issue.record("loading from an empty folder should fail")
        } catch {
            #expect("\(error)".contains("shakespeare.txt does not exist"))
            #expect("\(error)".contains("git checkout -- assets/data"))
        }
    }

    @Test("--data trains on a learner's own text, and refuses one shorter than a sequence")
    func learnerTextIsUsedOrRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ch04-own-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let own = folder.appendingPathComponent("poem.txt")
        try String(repeating: "the owl and the pussy-cat went to sea\n", count: 40).write(to: own, atomically: true, encoding: .utf8)
        let context = RunContext(seed: 1, fast: true, figureDirectory: folder, root: projectRoot, dataOverride: own)
        try Chapter.rnn.run(context)
        #expect(context.metric("held-out loss, RNN").map { $0.isFinite } == true)
        let tiny = folder.appendingPathComponent("tiny.txt")
        try "short".write(to: tiny, atomically: true, encoding: .utf8)
        let failing = RunContext(seed: 1, fast: true, figureDirectory: folder, root: projectRoot, dataOverride: tiny)
        #expect(throws: DataFileError.self) { try Chapter.rnn.run(failing) }
    }

    // MARK: Training and the chapter's run

    @Test("training lowers the loss on a repetitive text well below the uniform guess")
    func trainingLowersTheLoss() throws {
        let corpus = TextCorpus(text: String(repeating: "hello world, ", count: 200))
        var rng = SeededRNG(seed: 3)
        var model = CharacterModel(layer: RNN(inputSize: corpus.vocabularySize, hiddenSize: 16, weightScale: 0.1,
                                              rng: &rng), rng: &rng)
        let context = RunContext(seed: 3, fast: true, figureDirectory: FileManager.default.temporaryDirectory,
                                 root: projectRoot)
        var settings = CharacterTrainingSettings(steps: 150)
        (settings.batchSize, settings.sequenceLength, settings.evaluations) = (4, 16, 3)
        let heldOut = [Array(corpus.indices.prefix(200))]
        let history = try trainCharacterModel(&model, on: corpus.indices, heldOut: heldOut, settings: settings,
                                              context: context, label: "test")
        let (before, after) = (history.heldOut.first?.loss ?? 0, history.heldOut.last?.loss ?? 9)
        #expect(abs(before - log(Double(corpus.vocabularySize))) < 0.01, "untrained loss \(before)")
        #expect(after < 0.3 && (history.trainingLoss.last?.value ?? 9) < 0.3, "loss went from \(before) to \(after)")
        #expect(history.heldOut.count == 4 && history.characters == 150 * 4 * 16)
    }

    @Test("a fast run writes every figure and reports its metrics")
    func fastRunWritesEveryFigure() throws {
        let context = try runFast(.rnn)
        expectFiguresWritten(context, for: .rnn)
        for name in ["held-out loss, RNN", "held-out loss, unigram (add-0.01)", "held-out loss, bigram (add-0.01)",
                     "held-out loss, trigram (add-0.01)", "held-out loss, 4-gram (add-0.01)", "training time, RNN"] {
            #expect(context.metric(name).map { $0.isFinite && $0 > 0 } == true, "\(name)")
        }
    }

    @Test("the same seed writes the same PNG bytes (all but the figure against seconds)")
    func sameSeedSameBytes() throws {
        let a = try runFast(.rnn), b = try runFast(.rnn)
        // The held-out loss against seconds measures time, so only its bytes may differ.
        let measured = Set(Chapter.rnn.wallClockFigures.map { $0 + ".png" })
        for (x, y) in zip(a.figures, b.figures) where !measured.contains(x.lastPathComponent) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y), "\(x.lastPathComponent) differs")
        }
    }
}
