import Foundation
import Testing
@testable import Lessons

/// The inputs of the numpy reference values below, built from formulas so that the numpy script
/// (in the comments) and the tests compute them identically.
private func matrix(_ rows: Int, _ cols: Int, _ f: (Double, Double) -> Double) -> Tensor {
    Tensor(shape: [rows, cols], data: (0..<(rows * cols)).map { f(Double($0 / cols), Double($0 % cols)) })
}

private func expectClose(_ got: Tensor, _ expected: [Double], tolerance: Double = 1e-12,
                         _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == expected.count, "\(what): \(got.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (g, e)) in zip(got.data, expected).enumerated() where abs(g - e) > tolerance {
        Issue.record("\(what)[\(i)] = \(g), numpy says \(e)", sourceLocation: sourceLocation)
        return
    }
}

@Suite("Chapter 7: attention") struct Ch07AttentionTests {
    // Q[i][j] = sin(0.5i + 0.3j) (3 × 4), K[i][j] = cos(0.7i − 0.2j) (5 × 4), V[i][j] = 0.1i − 0.3j + 0.05ij (5 × 3).
    let Q = matrix(3, 4) { i, j in sin(0.5 * i + 0.3 * j) }
    let K = matrix(5, 4) { i, j in cos(0.7 * i - 0.2 * j) }
    let V = matrix(5, 3) { i, j in 0.1 * i - 0.3 * j + 0.05 * i * j }

    // MARK: Scaled dot-product attention

    @Test("attention weights αᵢ = exp(eᵢ)/Σⱼ exp(eⱼ) (7.1): numpy values, each ≥ 0, summing to 1")
    func attentionWeights() {
        let α = softmaxRows(Tensor(shape: [1, 4], data: [1.0, -0.5, 2.0, 0.3]))
        // numpy: e = exp(z − max z); e / e.sum()
        expectClose(α, [0.22532686122020298, 0.05027721862980691, 0.6125019123185909, 0.11189400783139927], "α")
        let A = attention(Q: Q, K: K, V: V).A
        for i in 0..<A.rows {
            #expect(abs(A.row(i).sum() - 1) < 1e-15 && A.row(i).data.allSatisfy { $0 >= 0 }, "row \(i) of A")
        }
    }

    @Test("softmax(QKᵀ/√d_k)V (7.2) matches numpy") func attentionMatchesNumpy() {
        // numpy: A = softmax(Q @ K.T / sqrt(4)); (A @ V).ravel()
        expectClose(attention(Q: Q, K: K, V: V).output, [
            0.1424049389183064, -0.0863925916225403, -0.31519012216338704,
            0.10463388194647942, -0.1430491770802809, -0.3907322361070413,
            0.0906321695539048, -0.1640517456691428, -0.41873566089219044,
        ], "O")
    }

    @Test("attention backward (7.4): dQ, dK, dV match central differences", arguments: [AttentionMask.none, .causal])
    func attentionBackward(_ mask: AttentionMask) {
        var rng = SeededRNG(seed: 70)
        // Square for the causal case: T queries over T keys.
        let T = 5, dk = 4, dv = 3
        let Q = Tensor(randomNormal: [T, dk], standardDeviation: 1, rng: &rng)
        let K = Tensor(randomNormal: [T, dk], standardDeviation: 1, rng: &rng)
        let V = Tensor(randomNormal: [T, dv], standardDeviation: 1, rng: &rng)
        let R = Tensor(randomNormal: [T, dv], standardDeviation: 1, rng: &rng)   // L = Σ R ⊙ O
        let g = Lessons.attentionBackward(attention(Q: Q, K: K, V: V, mask: mask), R)
        expectGradient("dQ", analytic: g.dQ, at: Q) { attention(Q: $0, K: K, V: V, mask: mask).output.dot(R) }
        expectGradient("dK", analytic: g.dK, at: K) { attention(Q: Q, K: $0, V: V, mask: mask).output.dot(R) }
        expectGradient("dV", analytic: g.dV, at: V) { attention(Q: Q, K: K, V: $0, mask: mask).output.dot(R) }
    }

    @Test("causal mask (7.5): numpy values, A_ij = 0 for j > i, and the future cannot change the past")
    func causalMask() {
        let Qc = matrix(4, 4) { i, j in sin(0.5 * i + 0.3 * j) }
        let Kc = K.block(0..<4, 0..<4), Vc = V.block(0..<4, 0..<3)
        let masked = attention(Q: Qc, K: Kc, V: Vc, mask: .causal)
        // numpy: S = Q @ K.T / 2; S[np.triu_indices(4, 1)] = -inf; A = softmax(S); (A @ V).ravel()
        expectClose(masked.output, [
            0, -0.3, -0.6, 0.0501436021875426, -0.22478459671868606, -0.4997127956249148,
            0.07486558262409886, -0.18770162606385168, -0.4502688347518023,
            0.08535459095387045, -0.17196811356919434, -0.42929081809225916,
        ], "O (causal)")
        for i in 0..<4 { for j in (i + 1)..<4 { #expect(masked.A[i, j] == 0, "A[\(i), \(j)]") } }
        // Changing the last key and value changes only the last output row.
        var K2 = Kc, V2 = Vc
        for j in 0..<4 { K2[3, j] += 1 }
        for j in 0..<3 { V2[3, j] -= 2 }
        let changed = attention(Q: Qc, K: K2, V: V2, mask: .causal).output
        #expect(changed.block(0..<3, 0..<3) == masked.output.block(0..<3, 0..<3))
        #expect(changed.block(3..<4, 0..<3) != masked.output.block(3..<4, 0..<3))
    }

    @Test("Var(q·k) = d_k for unit-variance components (7.3), and 1/√d_k keeps the softmax from saturating")
    func scoreVarianceGrowsWithDk() {
        var rng = SeededRNG(seed: 71)
        for dk in [4, 64] {
            let n = 20_000
            var sum = 0.0, squares = 0.0
            for _ in 0..<n {
                let q = Tensor(randomNormal: [dk], standardDeviation: 1, rng: &rng)
                let k = Tensor(randomNormal: [dk], standardDeviation: 1, rng: &rng)
                let s = q.dot(k)
                sum += s
                squares += s * s
            }
            let variance = squares / Double(n) - (sum / Double(n)) * (sum / Double(n))
            // The standard error of a sample variance here is about √(2/n) ≈ 1 % (the product of
            // two normals has heavier tails, so allow 4 %).
            #expect(abs(variance / Double(dk) - 1) < 0.04, "d_k = \(dk): Var(q·k) = \(variance)")
        }
        let unscaled = softmaxSharpness(dk: 256, keys: 16, queries: 200, scale: 1, rng: &rng)
        let scaled = softmaxSharpness(dk: 256, keys: 16, queries: 200, scale: 1.0 / 16, rng: &rng)
        let small = softmaxSharpness(dk: 4, keys: 16, queries: 200, scale: 0.5, rng: &rng)
        #expect(unscaled.largestWeight > 0.85 && unscaled.jacobianNorm < 0.15, "unscaled at d_k = 256: \(unscaled)")
        #expect(abs(scaled.largestWeight - small.largestWeight) < 0.05, "scaled: \(scaled) vs d_k = 4: \(small)")
    }

    // MARK: Multi-head attention

    /// d = 4, two heads, two sequences of three: X[r][c] = sin(0.7r + 0.3c + 0.1),
    /// W[i][j] = cos(a·i + b·j + c)/2 with (a, b, c) = (1.1, −0.4, 0), (0.3, 0.9, 0.5), (−0.7, 0.2, 1), (0.5, 0.5, −0.3)
    /// for W_Q, W_K, W_V, W_O, and b[j] = 0.1 sin(a·j) with a = 1, 2, 3, 4.
    private func referenceLayer(mask: AttentionMask) -> (MultiHeadAttention, Tensor) {
        var rng = SeededRNG(seed: 0)
        var layer = MultiHeadAttention(modelDimension: 4, heads: 2, mask: mask, rng: &rng)
        let W = { (a: Double, b: Double, c: Double) in matrix(4, 4) { i, j in cos(a * i + b * j + c) / 2 } }
        let bias = { (a: Double) in Tensor((0..<4).map { 0.1 * sin(a * Double($0)) }) }
        layer.WQ = Dense(W: W(1.1, -0.4, 0), b: bias(1))
        layer.WK = Dense(W: W(0.3, 0.9, 0.5), b: bias(2))
        layer.WV = Dense(W: W(-0.7, 0.2, 1), b: bias(3))
        layer.WO = Dense(W: W(0.5, 0.5, -0.3), b: bias(4))
        return (layer, matrix(6, 4) { r, c in sin(0.7 * r + 0.3 * c + 0.1) })
    }

    @Test("multi-head attention (7.6) matches numpy, with and without the causal mask")
    func multiHeadMatchesNumpy() {
        let (plain, X) = referenceLayer(mask: .none)
        // numpy: per sequence b and head h, softmax(q_bh k_bhᵀ / √2) v_bh into columns 2h…2h+1; then @ WO + bO.
        expectClose(plain.forward(X, sequenceLength: 3).output, [
            1.6326316148448667, 0.989765334248057, 0.3363371397523253, -0.7024243669932646,
            1.6236193812353175, 0.9948150206020396, 0.3542124067364163, -0.6761000081585011,
            1.630165710994955, 1.0070735424342798, 0.3691818069658317, -0.662084760784156,
            -0.6228946343818295, -0.34758746799861884, 0.24458839228520776, 0.47389423354855975,
            -0.4606972928824827, -0.2855140642404911, 0.19134012417648738, 0.3183613267042795,
            -0.27701724078500606, -0.24639905367007572, 0.07631337444851896, 0.07735537670947762,
        ], "MultiHead(X)")
        let (causal, _) = referenceLayer(mask: .causal)
        expectClose(causal.forward(X, sequenceLength: 3).output, [
            1.1659579420954624, 0.6516294302328622, 0.20952646667618585, -0.5868621336844717,
            1.5224924293847015, 0.9134264052399959, 0.3124888994307671, -0.667943037661144,
            1.630165710994955, 1.0070735424342798, 0.3691818069658317, -0.662084760784156,
            0.8585583085247307, 0.5376673726670742, 0.3169038713731526, -0.28443500031247665,
            0.14781784972896606, 0.09223112736020428, 0.2458301675384545, 0.03625515880580929,
            -0.27701724078500606, -0.24639905367007572, 0.07631337444851896, 0.07735537670947762,
        ], "causal MultiHead(X)")
    }

    @Test("multi-head backward: every projection's dW, db and dX match central differences",
          arguments: [AttentionMask.none, .causal])
    func multiHeadBackward(_ mask: AttentionMask) {
        var rng = SeededRNG(seed: 72)
        let layer = MultiHeadAttention(modelDimension: 6, heads: 3, mask: mask, rng: &rng)
        let X = Tensor(randomNormal: [8, 6], standardDeviation: 1, rng: &rng)       // two sequences of 4
        let R = Tensor(randomNormal: [8, 6], standardDeviation: 1, rng: &rng)       // L = Σ R ⊙ Y
        let loss = { (l: MultiHeadAttention, X: Tensor) in l.forward(X, sequenceLength: 4).output.dot(R) }
        let g = layer.backward(layer.forward(X, sequenceLength: 4), R)
        for (p, path) in MultiHeadAttention.projections.enumerated() {
            expectGradient("dW of projection \(p)", analytic: g.projections[p].dW, at: layer[keyPath: path].W) { W in
                var other = layer
                other[keyPath: path].W = W
                return loss(other, X)
            }
            expectGradient("db of projection \(p)", analytic: g.projections[p].db, at: layer[keyPath: path].b) { b in
                var other = layer
                other[keyPath: path].b = b
                return loss(other, X)
            }
        }
        expectGradient("dX", analytic: g.dX, at: X) { loss(layer, $0) }
    }

    // MARK: Positional encoding

    @Test("sinusoidal positional encoding (7.7) matches numpy") func positionalEncodingMatchesNumpy() {
        // numpy: P[p, j] = sin(p·w) if j even else cos(p·w), w = 10000 ** (−2(j // 2) / d)
        expectClose(sinusoidalPositionalEncoding(positions: 4, dimensions: 6), [
            0, 1, 0, 1, 0, 1,
            0.8414709848078965, 0.5403023058681398, 0.04639922346473128, 0.9989229760406304, 0.0021544330233656, 0.9999976792064809,
            0.9092974268256817, -0.4161468365471424, 0.09269850077872724, 0.9956942241237399, 0.00430885604674281, 0.9999907168366957,
            0.1411200080598672, -0.9899924966004454, 0.13879810108005053, 0.990320699135675, 0.00646325907018964, 0.9999791129229608,
        ], "PE (4 × 6)")
        expectClose(sinusoidalPositionalEncoding(positions: 8, dimensions: 32).row(7), [
            0.6569865987187891, 0.7539022543433046, -0.7137211681774138, -0.7004299351794352,
            0.8004216463225218, -0.5994373929764008, 0.9473307069413605, 0.3202569775757934,
            0.6442176872376911, 0.7648421872844884, 0.38355156764576487, 0.9235194610599585,
            0.2195560913524192, 0.9755998784081762, 0.1241583358828069, 0.992262418733478,
            0.06994284733753277, 0.9975510002532796, 0.03935372772027388, 0.9992253420097583,
            0.02213413589673941, 0.9997550100040032, 0.01244763440097218, 0.9999225251977374,
            0.00699994283347339, 0.9999755001000415, 0.00393637911050969, 0.9999922524297368,
            0.00221359255434958, 0.9999975500010004, 0.00124479526555548, 0.9999992252420733,
        ], "PE row 7 (d = 32)")
    }

    @Test("PE_{pos+k} is PE_pos rotated by ωᵢk in every pair (7.8), so PE_i · PE_j depends only on i − j")
    func positionalEncodingShiftIsRotation() {
        let d = 16
        let PE = sinusoidalPositionalEncoding(positions: 40, dimensions: d)
        for (pos, k) in [(3, 5), (10, 1), (0, 27), (20, 19)] {
            for i in 0..<(d / 2) {
                let ω = pow(10000, -Double(2 * i) / Double(d))
                let (s, c) = (PE[pos, 2 * i], PE[pos, 2 * i + 1])
                #expect(abs(PE[pos + k, 2 * i] - (cos(ω * Double(k)) * s + sin(ω * Double(k)) * c)) < 1e-12)
                #expect(abs(PE[pos + k, 2 * i + 1] - (-sin(ω * Double(k)) * s + cos(ω * Double(k)) * c)) < 1e-12)
            }
        }
        let G = PE.matmulTransposed(PE)
        #expect(abs(G[3, 10] - G[20, 27]) < 1e-12 && abs(G[12, 5] - G[30, 23]) < 1e-12)
    }

    @Test("the slowest pair of (7.7) turns once every 2π · 10000^((d−2)/d) positions: 35,333 for d = 32")
    func slowestPairPeriod() {
        let d = 32
        let period = 2 * Double.pi * pow(10000, Double(d - 2) / Double(d))
        #expect(abs(period - 35_332.95) < 0.01)
        let PE = sinusoidalPositionalEncoding(positions: Int(period) + 2, dimensions: d)
        let slowest = { (pos: Int) in (PE[pos, d - 2], PE[pos, d - 1]) }     // (sin, cos)
        // A quarter turn, half a turn, a whole turn; positions are integers, so the angle is off
        // by at most ω/2 = 2π/(2 · 35,333) ≈ 9e-5 radians.
        for (fraction, expected) in [(0.25, (1.0, 0.0)), (0.5, (0.0, -1.0)), (1.0, (0.0, 1.0))] {
            let (s, c) = slowest(Int((fraction * period).rounded()))
            #expect(abs(s - expected.0) < 1e-4 && abs(c - expected.1) < 1e-4, "after \(fraction) of a turn: (\(s), \(c))")
        }
        // The next-slowest pair has turned about 1.78 times by then, not a whole number of times.
        let (s, c) = (PE[Int(period.rounded()), d - 4], PE[Int(period.rounded()), d - 3])
        #expect(abs(s) > 0.5 || c < 0.5)
    }

    // MARK: The model and its tasks

    @Test("the tasks: reverse and running maximum of a digit sequence") func taskTargets() {
        #expect(SequenceTask.reverse.target(for: [3, 1, 4, 1, 5]) == [5, 1, 4, 1, 3])
        #expect(SequenceTask.runningMaximum.target(for: [3, 1, 4, 1, 5, 9, 2, 6]) == [3, 3, 4, 4, 5, 9, 9, 9])
        #expect(SequenceTask.reverse.mask == .none && SequenceTask.runningMaximum.mask == .causal)
    }

    @Test("the sequence model's gradients (embedding, attention, readout) match central differences")
    func sequenceModelBackward() {
        var rng = SeededRNG(seed: 73)
        var model = SequenceModel(vocabulary: 5, length: 3, modelDimension: 4, heads: 2, mask: .causal, rng: &rng)
        model.readout.b = Tensor(randomNormal: [5], standardDeviation: 0.5, rng: &rng)
        let x = [[0, 3, 4], [2, 2, 1]], y = [[1, 0, 4], [3, 3, 2]]
        let g = model.gradients(x, targets: y).gradients
        let loss = { (m: SequenceModel) in m.gradients(x, targets: y).loss }
        expectGradient("dE", analytic: g.dE, at: model.E) { E in
            var m = model
            m.E = E
            return loss(m)
        }
        expectGradient("dW_y", analytic: g.dWy, at: model.readout.W) { W in
            var m = model
            m.readout.W = W
            return loss(m)
        }
        expectGradient("db_y", analytic: g.dby, at: model.readout.b) { b in
            var m = model
            m.readout.b = b
            return loss(m)
        }
        expectGradient("dW_Q", analytic: g.attention.projections[0].dW, at: model.attention.WQ.W) { W in
            var m = model
            m.attention.WQ.W = W
            return loss(m)
        }
    }

    @Test("60 steps learn the running maximum to over 95 % on held-out sequences")
    func runningMaximumIsLearned() throws {
        let context = RunContext(figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let run = try train(.runningMaximum, config: SequenceDemoConfig(), steps: 60, context)
        var rng = SeededRNG(seed: 74)
        let (x, y) = SequenceTask.runningMaximum.batch(200, length: 8, rng: &rng)
        #expect(accuracy(run.model.predict(x), y).digits > 0.95)
    }

    // MARK: Ablations

    @Test("self-attention without a mask is permutation-equivariant: permute the rows of X, and the output rows permute the same way")
    func attentionIsPermutationEquivariant() {
        var rng = SeededRNG(seed: 75)
        let layer = MultiHeadAttention(modelDimension: 6, heads: 2, rng: &rng)
        let T = 5, π = [3, 0, 4, 1, 2]
        let X = Tensor(randomNormal: [T, 6], standardDeviation: 1, rng: &rng)
        var permuted = Tensor(zeros: X.shape)
        for t in 0..<T { for j in 0..<6 { permuted[t, j] = X[π[t], j] } }
        let Y = layer.forward(X, sequenceLength: T).output, Yπ = layer.forward(permuted, sequenceLength: T).output
        for t in 0..<T {
            for j in 0..<6 { #expect(abs(Yπ[t, j] - Y[π[t], j]) < 1e-12, "row \(t), column \(j)") }
        }
        // The causal mask breaks the symmetry: the first row can only see itself.
        let causal = MultiHeadAttention(modelDimension: 6, heads: 2, mask: .causal, rng: &rng)
        let C = causal.forward(X, sequenceLength: T).output, Cπ = causal.forward(permuted, sequenceLength: T).output
        #expect((0..<6).contains { abs(Cπ[0, $0] - C[π[0], $0]) > 1e-6 })
    }

    @Test("without positional encoding, equal digits get equal answers wherever they stand, so reversal cannot be learned",
          arguments: [76, 77, 78] as [UInt64])
    func noPositionalEncodingCannotReverse(seed: UInt64) throws {
        var config = SequenceDemoConfig()
        (config.length, config.modelDimension, config.positionalEncoding) = (6, 16, false)
        let context = RunContext(seed: seed, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let model = try train(.reverse, config: config, steps: 150, context).model
        // [a, b, a, c, …] reversed is [… c, a, b, a]: positions 0 and 2 hold the same digit but
        // need different answers. A model without positions gives them the same one.
        let inputs = [[1, 2, 1, 3, 8, 5], [7, 7, 0, 5, 7, 2], [4, 9, 6, 4, 9, 0]]
        for (x, p) in zip(inputs, model.predict(inputs)) {
            for s in 0..<6 { for t in 0..<6 where x[s] == x[t] { #expect(p[s] == p[t], "input \(x): answers \(p)") } }
        }
        var withPositions = config
        withPositions.positionalEncoding = true
        let baseline = try train(.reverse, config: withPositions, steps: 150, context).model
        var rng = SeededRNG(seed: seed)
        let (x, y) = SequenceTask.reverse.batch(200, length: 6, rng: &rng)
        let (without, with) = (accuracy(model.predict(x), y).digits, accuracy(baseline.predict(x), y).digits)
        #expect(without < 0.6 && with > 0.9, "digit accuracy without PE \(without), with PE \(with)")
    }

    @Test("without the 1/√d_k, a wide head (d_k = 32) learns reversal far more slowly than with it",
          arguments: [79, 80, 81] as [UInt64])
    func noScalingStallsWideHead(seed: UInt64) throws {
        var config = SequenceDemoConfig()
        (config.length, config.modelDimension, config.heads) = (4, 32, 1)
        let context = RunContext(seed: seed, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        var unscaled = config
        unscaled.scaledScores = false
        let scaledModel = try train(.reverse, config: config, steps: 100, context).model
        let unscaledModel = try train(.reverse, config: unscaled, steps: 100, context).model
        var rng = SeededRNG(seed: seed)
        let (x, y) = SequenceTask.reverse.batch(200, length: 4, rng: &rng)
        let (with, without) = (accuracy(scaledModel.predict(x), y).digits, accuracy(unscaledModel.predict(x), y).digits)
        #expect(with > 0.9 && without < with - 0.3, "digit accuracy with 1/√d_k \(with), without \(without)")
    }

    @Test("with the causal mask no answer depends on later digits; trained without it, some do",
          arguments: [82, 83, 84] as [UInt64])
    func noMaskLetsTheFutureIn(seed: UInt64) throws {
        var config = SequenceDemoConfig()
        (config.length, config.modelDimension) = (5, 8)
        let context = RunContext(seed: seed, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        var unmasked = config
        unmasked.mask = AttentionMask.none
        let masked = try train(.runningMaximum, config: config, steps: 40, context).model
        let open = try train(.runningMaximum, config: unmasked, steps: 40, context).model
        var rng = SeededRNG(seed: seed)
        let x = SequenceTask.runningMaximum.batch(100, length: 5, rng: &rng).inputs
        #expect(futureDependence(masked, x, rng: &rng) == 0)
        #expect(futureDependence(open, x, rng: &rng) > 0.01)
    }

    // MARK: Cross-attention

    @Test("the cross-attention model's gradients (both embeddings, W_Q, W_K, W_V, readout) match central differences")
    func crossAttentionBackward() {
        var rng = SeededRNG(seed: 85)
        var task = LookupTask()
        (task.sourceLength, task.pointers) = (4, 3)
        var model = CrossAttentionModel(task: task, modelDimension: 4, rng: &rng)
        for key in [\CrossAttentionModel.WQ.b, \.WK.b, \.WV.b, \.readout.b] {
            model[keyPath: key] = Tensor(randomNormal: model[keyPath: key].shape, standardDeviation: 0.5, rng: &rng)
        }
        let examples = task.batch(2, rng: &rng)
        let (s, p, a) = (examples.map(\.source), examples.map(\.pointers), examples.map(\.answers))
        let g = model.gradients(sources: s, pointers: p, answers: a).gradients
        let names = ["dE_s", "dE_q", "dW_Q", "db_Q", "dW_K", "db_K", "dW_V", "db_V", "dW_y", "db_y"]
        for (i, parameter) in CrossAttentionModel.parameters.enumerated() {
            expectGradient(names[i], analytic: g[i], at: model[keyPath: parameter]) { θ in
                var m = model
                m[keyPath: parameter] = θ
                return m.gradients(sources: s, pointers: p, answers: a).loss
            }
        }
    }

    @Test("cross-attention learns the lookup: 150 steps answer over 90 % of held-out pointers", arguments: [86, 87] as [UInt64])
    func crossAttentionLearnsLookup(seed: UInt64) throws {
        let context = RunContext(seed: seed, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let (model, _) = try trainLookup(LookupTask(), modelDimension: 16, steps: 150, batch: 32, context)
        var rng = SeededRNG(seed: seed)
        let test = LookupTask().batch(200, rng: &rng)
        let predicted = model.predict(sources: test.map(\.source), pointers: test.map(\.pointers))
        let digits = accuracy(predicted, test.map(\.answers)).digits
        #expect(digits > 0.9, "held-out accuracy \(digits)")
        #expect(weightOnPointedKey(model, test) > 0.5)
    }

    // MARK: The demo

    @Test("the chapter's fast run writes its figures and reports its metrics") func fastRunWritesFigures() throws {
        let context = try runFast(.attention)
        expectFiguresWritten(context, for: .attention)
        for task in SequenceTask.allCases {
            #expect(context.metric("\(task.rawValue): digit accuracy")?.isFinite == true)
        }
    }

    @Test("two runs with the same seed write identical PNG bytes") func runsAreDeterministic() throws {
        let first = try runFast(.attention), second = try runFast(.attention)
        let measured = Set(Chapter.attention.wallClockFigures.map { $0 + ".png" })
        for (a, b) in zip(first.figures, second.figures) where !measured.contains(a.lastPathComponent) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }
}
