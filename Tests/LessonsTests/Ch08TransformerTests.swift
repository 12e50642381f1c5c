import Foundation
import Testing
@testable import Lessons

/// A tiny configuration for gradient checks: V = 5 characters, T = 4, d = 8, two heads, two blocks.
private func tinyConfig(_ change: (inout TransformerConfig) -> Void = { _ in }) -> TransformerConfig {
    var config = TransformerConfig(vocabularySize: 5)
    (config.context, config.dimension, config.heads, config.layers) = (4, 8, 2, 2)
    change(&config)
    return config
}

/// Random parameters everywhere (γ, β and biases too), so that no gradient is checked only at its
/// initial value of 1 or 0.
private func randomized(_ parameters: [Tensor], rng: inout SeededRNG) -> [Tensor] {
    parameters.map { p in p + Tensor(randomNormal: p.shape, standardDeviation: 0.3, rng: &rng) }
}

@Suite("Chapter 8: a small Transformer") struct Ch08TransformerTests {
    // MARK: Pieces

    @Test("token + position embeddings (8.1): row b·T + t is E[c] + P[t]; dE, dP match central differences")
    func embeddings() {
        var rng = SeededRNG(seed: 80)
        let layer = Embeddings(vocabularySize: 5, context: 3, dimension: 4, rng: &rng)
        let tokens = [2, 0, 2, 4, 4, 1]                                    // two sequences of T = 3
        let X = layer.forward(tokens, sequenceLength: 3)
        for (i, c) in tokens.enumerated() {
            for j in 0..<4 { #expect(X[i, j] == layer.E[c, j] + layer.P[i % 3, j], "X[\(i), \(j)]") }
        }
        let R = Tensor(randomNormal: X.shape, standardDeviation: 1, rng: &rng)   // L = Σ R ⊙ X
        let (dE, dP) = layer.backward(tokens, sequenceLength: 3, R)
        expectGradient("dE", analytic: dE, at: layer.E) { E in
            var l = layer; l.E = E; return l.forward(tokens, sequenceLength: 3).dot(R)
        }
        expectGradient("dP", analytic: dP, at: layer.P) { P in
            var l = layer; l.P = P; return l.forward(tokens, sequenceLength: 3).dot(R)
        }
    }

    @Test("layer norm (8.2) matches numpy; each row of x̂ has mean 0 and variance 1",
          arguments: Kernels.hasAVX2 ? [false, true] : [false])
    func layerNormForward(_ avx2: Bool) {
        var norm = LayerNorm(dimension: 4)
        norm.γ = Tensor([1, 0.5, -2, 1.5])
        norm.β = Tensor([0, 0.1, 0.2, -0.3])
        let X = Tensor(rows: [[1, 2, 4, -1], [0.5, -0.3, 0.2, 0.0]])
        let (Y, cache) = norm.forward(X, avx2: avx2)
        // numpy: mu = x.mean(1, keepdims=True); var = x.var(1, keepdims=True)
        //        (g * (x - mu) / np.sqrt(var + 1e-5) + b).ravel()
        let numpy = [-0.2773496714211406, 0.2386748357105703, -2.573496714211406, -2.3801225356585545,
                     1.3719079830438834, -0.5859539915219417, -0.4859539915219417, -0.8144654936414564]
        for (i, (y, e)) in zip(Y.data, numpy).enumerated() { #expect(abs(y - e) < 1e-12, "Y[\(i)] = \(y), numpy \(e)") }
        for r in 0..<2 {
            let row = cache.xHat.row(r)
            let mean = row.sum() / 4, variance = row.dot(row) / 4 - mean * mean
            // ε takes a little off: the variance of x̂ is σ²/(σ² + ε), here σ² = 0.085 for row 1.
            #expect(abs(mean) < 1e-15 && abs(variance - 1) < 2e-4, "row \(r): mean \(mean), variance \(variance)")
        }
    }

    @Test("layer norm backward (8.3): dX, dγ, dβ match central differences",
          arguments: Kernels.hasAVX2 ? [false, true] : [false])
    func layerNormBackward(_ avx2: Bool) {
        var rng = SeededRNG(seed: 81)
        var norm = LayerNorm(dimension: 6)
        norm.γ = Tensor(randomNormal: [6], standardDeviation: 1, rng: &rng)
        norm.β = Tensor(randomNormal: [6], standardDeviation: 1, rng: &rng)
        let X = Tensor(randomNormal: [5, 6], standardDeviation: 2, rng: &rng)   // C: four rows together, one alone
        let R = Tensor(randomNormal: [5, 6], standardDeviation: 1, rng: &rng)   // L = Σ R ⊙ Y
        let g = norm.backward(norm.forward(X, avx2: avx2).cache, R, avx2: avx2)
        expectGradient("dX", analytic: g.dX, at: X) { norm.forward($0).Y.dot(R) }
        expectGradient("dγ", analytic: g.dγ, at: norm.γ) { γ in var n = norm; n.γ = γ; return n.forward(X).Y.dot(R) }
        expectGradient("dβ", analytic: g.dβ, at: norm.β) { β in var n = norm; n.β = β; return n.forward(X).Y.dot(R) }
    }

    @Test("layer norm's AVX2 twins equal its Swift loops bit for bit, forward and backward",
          .enabled(if: Kernels.hasAVX2, "this processor has no AVX2; the Swift loops run alone"),
          arguments: [(1, 6), (4, 1), (5, 7), (9, 64)])
    func layerNormTwinsAgree(_ n: Int, _ d: Int) {
        var rng = SeededRNG(seed: 89)
        var norm = LayerNorm(dimension: d)
        norm.γ = Tensor(randomNormal: [d], standardDeviation: 1, rng: &rng)
        norm.β = Tensor(randomNormal: [d], standardDeviation: 1, rng: &rng)
        let X = Tensor(randomNormal: [n, d], standardDeviation: 3, rng: &rng)
        let dY = Tensor(randomNormal: [n, d], standardDeviation: 1, rng: &rng)
        let (swift, avx2) = (norm.forward(X, avx2: false), norm.forward(X, avx2: true))
        #expect(swift.Y == avx2.Y && swift.cache.xHat == avx2.cache.xHat && swift.cache.inverseStd == avx2.cache.inverseStd)
        let (g, h) = (norm.backward(swift.cache, dY, avx2: false), norm.backward(swift.cache, dY, avx2: true))
        #expect(g.dX == h.dX && g.dγ == h.dγ && g.dβ == h.dβ)
    }

    @Test("feed-forward network (8.4): ReLU(xW₁ + b₁)W₂ + b₂ row by row; dX and dW₁ … db₂ match central differences")
    func feedForward() {
        var rng = SeededRNG(seed: 82)
        var mlp = FeedForward(dimension: 4, hidden: 16, rng: &rng)
        mlp.parameters = randomized(mlp.parameters, rng: &rng)
        let X = Tensor(randomNormal: [5, 4], standardDeviation: 1, rng: &rng)
        let Y = mlp.forward(X).Y
        let row = X.row(2).reshaped([1, 4])
        let expected = Activation.relu(row.matmul(mlp.W1.W) + mlp.W1.b.reshaped([1, 16])).matmul(mlp.W2.W)
            + mlp.W2.b.reshaped([1, 4])
        #expect((Y.row(2) - expected.reshaped([4])).maxAbs() < 1e-12)
        let R = Tensor(randomNormal: Y.shape, standardDeviation: 1, rng: &rng)
        let (dX, gradients) = mlp.backward(mlp.forward(X).cache, R)
        expectGradient("dX", analytic: dX, at: X) { mlp.forward($0).Y.dot(R) }
        for (i, name) in ["dW₁", "db₁", "dW₂", "db₂"].enumerated() {
            expectGradient(name, analytic: gradients[i], at: mlp.parameters[i]) { p in
                var m = mlp; m.parameters[i] = p; return m.forward(X).Y.dot(R)
            }
        }
    }

    @Test("Dense through Kernels.gemm equals chapter 1's Dense, forward and backward, to rounding")
    func fastDenseMatchesDense() {
        var rng = SeededRNG(seed: 83)
        var layer = Dense(inputs: 7, outputs: 11, initialization: .xavier, rng: &rng)
        layer.b = Tensor(randomNormal: [11], standardDeviation: 1, rng: &rng)
        let X = Tensor(randomNormal: [9, 7], standardDeviation: 1, rng: &rng)
        let dZ = Tensor(randomNormal: [9, 11], standardDeviation: 1, rng: &rng)
        #expect((layer.fastForward(X) - layer.forward(X)).maxAbs() < 1e-13)
        let (fast, plain) = (layer.fastBackward(X, dZ), layer.backward(X, dZ))
        #expect((fast.dX - plain.dX).maxAbs() < 1e-13 && (fast.dW - plain.dW).maxAbs() < 1e-13 && fast.db == plain.db)
    }

    @Test("causal multi-head attention with its projections through Kernels.gemm equals chapter 7's, forward and backward, to rounding")
    func fastAttentionMatchesAttention() {
        var rng = SeededRNG(seed: 85)
        var layer = MultiHeadAttention(modelDimension: 8, heads: 2, mask: .causal, rng: &rng)
        for p in MultiHeadAttention.projections {
            layer[keyPath: p].b = Tensor(randomNormal: [8], standardDeviation: 1, rng: &rng)
        }
        let X = Tensor(randomNormal: [12, 8], standardDeviation: 1, rng: &rng)      // B = 3 sequences of T = 4
        let dY = Tensor(randomNormal: [12, 8], standardDeviation: 1, rng: &rng)
        let (fast, plain) = (layer.fastForward(X, sequenceLength: 4), layer.forward(X, sequenceLength: 4))
        #expect((fast.output - plain.output).maxAbs() < 1e-12)
        for b in 0..<3 {
            for h in 0..<2 { #expect((fast.heads.weights(sequence: b, head: h) - plain.heads[b * 2 + h].A).maxAbs() < 1e-12) }
        }
        let (g, h) = (layer.fastBackward(fast, dY), layer.backward(plain, dY))
        #expect((g.dX - h.dX).maxAbs() < 1e-12)
        for (a, b) in zip(g.projections, h.projections) {
            #expect((a.dW - b.dW).maxAbs() < 1e-12 && (a.db - b.db).maxAbs() < 1e-12)
        }
    }

    /// Q, K, V and an upstream gradient dO for B sequences of T rows and `heads` heads of width
    /// d_k, at random: (B·T × heads·d_k) each.
    private func randomHeads(B: Int, T: Int, heads: Int, dk: Int, seed: UInt64) -> (Q: Tensor, K: Tensor, V: Tensor, dO: Tensor) {
        var rng = SeededRNG(seed: seed)
        let shape = [B * T, heads * dk]
        return (Tensor(randomNormal: shape, standardDeviation: 1, rng: &rng), Tensor(randomNormal: shape, standardDeviation: 1, rng: &rng),
                Tensor(randomNormal: shape, standardDeviation: 1, rng: &rng), Tensor(randomNormal: shape, standardDeviation: 1, rng: &rng))
    }

    @Test("all heads at once, in place, equal chapter 7's attention (7.2), (7.4) of each head's block, with and without the causal mask (7.5), forward and backward, to rounding",
          arguments: [(1, 1, 3), (5, 2, 3), (7, 2, 16), (33, 3, 5)])
    func attentionHeadsMatchAttention(_ T: Int, _ heads: Int, _ dk: Int) {
        let B = 2
        let (Q, K, V, dO) = randomHeads(B: B, T: T, heads: heads, dk: dk, seed: 86)
        for mask in [AttentionMask.causal, .none] {
            for scaled in [true, false] {
                let all = AttentionHeads(Q: Q, K: K, V: V, heads: heads, sequenceLength: T, mask: mask, scaled: scaled)
                let (dQ, dK, dV) = all.backward(Q: Q, K: K, V: V, dO)
                for b in 0..<B {
                    for h in 0..<heads {
                        let (rows, cols) = ((b * T)..<((b + 1) * T), (h * dk)..<((h + 1) * dk))
                        let plain = attention(Q: Q.block(rows, cols), K: K.block(rows, cols), V: V.block(rows, cols),
                                              mask: mask, scaled: scaled)
                        let g = attentionBackward(plain, dO.block(rows, cols))
                        #expect((all.weights(sequence: b, head: h) - plain.A).maxAbs() < 1e-12
                                && (all.output.block(rows, cols) - plain.output).maxAbs() < 1e-12)
                        #expect((dQ.block(rows, cols) - g.dQ).maxAbs() < 1e-12 && (dK.block(rows, cols) - g.dK).maxAbs() < 1e-12
                                && (dV.block(rows, cols) - g.dV).maxAbs() < 1e-12,
                                "T = \(T), d_k = \(dk), sequence \(b), head \(h), \(mask), scaled: \(scaled)")
                    }
                }
            }
        }
    }

    @Test("the attention heads' AVX2 twins equal their Swift loops bit for bit, forward and backward",
          .enabled(if: Kernels.hasAVX2, "this processor has no AVX2; the Swift loops run alone"),
          arguments: [(1, 1, 3), (6, 2, 5), (32, 4, 16), (37, 2, 16), (100, 2, 16), (260, 1, 16)])
    func attentionHeadsTwinsAgree(_ T: Int, _ heads: Int, _ dk: Int) {
        let (Q, K, V, dO) = randomHeads(B: 3, T: T, heads: heads, dk: dk, seed: 87)
        for mask in [AttentionMask.causal, .none] {
            let swift = AttentionHeads(Q: Q, K: K, V: V, heads: heads, sequenceLength: T, mask: mask, scaled: true, avx2: false)
            let avx2 = AttentionHeads(Q: Q, K: K, V: V, heads: heads, sequenceLength: T, mask: mask, scaled: true, avx2: true)
            #expect(swift.A == avx2.A && swift.output == avx2.output)
            let (g, h) = (swift.backward(Q: Q, K: K, V: V, dO, avx2: false), swift.backward(Q: Q, K: K, V: V, dO, avx2: true))
            #expect(g.dQ == h.dQ && g.dK == h.dK && g.dV == h.dV, "T = \(T), \(heads) heads of \(dk), \(mask)")
        }
    }

    // MARK: The block and the model

    @Test("Transformer block (8.5), (8.6): dx and all 16 parameter gradients match central differences",
          arguments: [(NormPlacement.pre, true), (.post, true), (.pre, false)])
    func blockBackward(_ norm: NormPlacement, _ residual: Bool) {
        var rng = SeededRNG(seed: 84)
        var block = TransformerBlock(dimension: 8, heads: 2, norm: norm, residual: residual, rng: &rng)
        block.parameters = randomized(block.parameters, rng: &rng)
        let x = Tensor(randomNormal: [8, 8], standardDeviation: 1, rng: &rng)       // B = 2 sequences of T = 4
        let R = Tensor(randomNormal: [8, 8], standardDeviation: 0.3, rng: &rng)     // L = Σ R ⊙ y
        let (dx, gradients) = block.backward(block.forward(x, sequenceLength: 4).cache, R)
        expectGradient("dx", analytic: dx, at: x) { block.forward($0, sequenceLength: 4).y.dot(R) }
        #expect(gradients.count == 16)
        // The key bias b_K (parameter 5) adds q·b_K to every score of a row, which the softmax
        // ignores: its gradient is exactly 0, and central differences see only rounding noise.
        #expect(gradients[5].maxAbs() < 1e-12, "db_K = \(gradients[5])")
        for i in gradients.indices where i != 5 {
            expectGradient("parameter \(i)", analytic: gradients[i], at: block.parameters[i]) { p in
                var b = block; b.parameters[i] = p; return b.forward(x, sequenceLength: 4).y.dot(R)
            }
        }
    }

    @Test("pre-LN block (8.5): y = x′ + MLP(LN₂(x′)) with x′ = x + MHA(LN₁(x)), built from the pieces")
    func blockComposesThePieces() {
        var rng = SeededRNG(seed: 85)
        let block = TransformerBlock(dimension: 8, heads: 2, rng: &rng)
        let x = Tensor(randomNormal: [4, 8], standardDeviation: 1, rng: &rng)
        let x1 = x + block.attention.forward(block.ln1.forward(x).Y, sequenceLength: 4).output
        let y = x1 + block.mlp.forward(block.ln2.forward(x1).Y).Y
        #expect((block.forward(x, sequenceLength: 4).y - y).maxAbs() < 1e-13)
    }

    @Test("full model (8.7): the gradient of every parameter matches central differences", arguments: [false, true])
    func modelBackward(_ postLN: Bool) {
        var rng = SeededRNG(seed: 86)
        var model = Transformer(tinyConfig { $0.norm = postLN ? .post : .pre }, rng: &rng)
        model.parameters = randomized(model.parameters, rng: &rng)
        let tokens = [1, 4, 0, 2, 3, 3, 1, 0], targets = [4, 0, 2, 2, 3, 1, 0, 4]
        let (_, gradients) = model.loss(tokens, targets: targets, sequenceLength: 4)
        #expect(gradients.count == model.parameters.count)
        for i in gradients.indices {
            expectGradient("parameter \(i) \(model.parameters[i].shape)", analytic: gradients[i], at: model.parameters[i]) { p in
                var m = model; m.parameters[i] = p; return m.loss(tokens, targets: targets, sequenceLength: 4).loss
            }
        }
    }

    @Test("causal: changing character t changes no prediction before t; without the mask it does")
    func causality() {
        var rng = SeededRNG(seed: 87)
        for mask in [AttentionMask.causal, .none] {
            let model = Transformer(tinyConfig { $0.mask = mask }, rng: &rng)
            let a = model.forward([1, 2, 3, 4], sequenceLength: 4).logits
            let b = model.forward([1, 2, 0, 4], sequenceLength: 4).logits
            let earlier = (a.block(0..<2, 0..<5) - b.block(0..<2, 0..<5)).maxAbs()
            #expect(mask == .causal ? earlier == 0 : earlier > 1e-6, "\(mask): earlier logits moved by \(earlier)")
        }
    }

    // MARK: Optimizer

    @Test("AdamW (8.8): two steps match numpy; the decay is decoupled (zero gradient: θ ← (1 − αλ) θ)",
          arguments: Kernels.hasAVX2 ? [false, true] : [false])
    func adamW(_ avx2: Bool) {
        var θ = [Tensor([1, -2, 1, -2, 1])]                             // four weights in a vector, one after
        var optimizer = AdamW(learningRate: 0.1, weightDecay: 0.1)
        optimizer.update(&θ, gradients: [Tensor([0.5, 0.1, 0.5, 0.1, 0.5])], decays: [true], avx2: avx2)
        optimizer.update(&θ, gradients: [Tensor([-0.2, 0.3, -0.2, 0.3, -0.2])], decays: [true], avx2: avx2)
        // numpy, β₁ = 0.9, β₂ = 0.95, ε = 1e-8: m = .9m + .1g; v = .95v + .05g²;
        //        θ -= 0.1 * (m/(1 − .9**t) / (sqrt(v/(1 − .95**t)) + 1e-8) + 0.1 θ)
        for k in [0, 2, 4] { #expect(abs(θ[0][k] - 0.8462203447673704) < 1e-14, "\(θ[0])") }
        for k in [1, 3] { #expect(abs(θ[0][k] + 2.1500692000503046) < 1e-14, "\(θ[0])") }
        var fresh = AdamW(learningRate: 0.1, weightDecay: 0.5)
        var ψ = [Tensor([3, -1]), Tensor([3, -1])]
        fresh.update(&ψ, gradients: [Tensor([0, 0]), Tensor([0, 0])], decays: [true, false], avx2: avx2)
        #expect((ψ[0] - Tensor([3 * 0.95, -0.95])).maxAbs() < 1e-15 && ψ[1] == Tensor([3, -1]))
    }

    @Test("AdamW: the AVX2 twin = the Swift loop, bit for bit, over three steps, for n = 0 … 9 and 100",
          .enabled(if: Kernels.hasAVX2, "this processor has no AVX2; the Swift loop runs alone"),
          arguments: Array(0...9) + [100])
    func adamWTwinsAgree(_ n: Int) {
        var rng = SeededRNG(seed: 88)
        let start = [Tensor(randomNormal: [n], standardDeviation: 1, rng: &rng), Tensor(randomNormal: [n, 1], standardDeviation: 1, rng: &rng)]
        var (θ, ψ) = (start, start)
        var (swift, avx2) = (AdamW(learningRate: 0.03, weightDecay: 0.1), AdamW(learningRate: 0.03, weightDecay: 0.1))
        for _ in 0..<3 {
            let g = [Tensor(randomNormal: [n], standardDeviation: 0.5, rng: &rng), Tensor(randomNormal: [n, 1], standardDeviation: 1e-4, rng: &rng)]
            swift.update(&θ, gradients: g, decays: [false, true], avx2: false)
            avx2.update(&ψ, gradients: g, decays: [false, true], avx2: true)
        }
        #expect(θ == ψ && (n == 0 || θ != start))
    }

    @Test("warm-up and cosine (8.9): 0 → α linearly over w steps, α at the peak, midway, α_min at the end")
    func schedule() {
        let s = WarmupCosineSchedule(peak: 1e-2, minimum: 1e-3, warmup: 10, total: 110)
        #expect(abs(s.learningRate(at: 1) - 1e-3) < 1e-18 && abs(s.learningRate(at: 5) - 5e-3) < 1e-18)
        #expect(s.learningRate(at: 10) == 1e-2)
        #expect(abs(s.learningRate(at: 60) - 5.5e-3) < 1e-15)           // halfway down: (α + α_min)/2
        #expect(abs(s.learningRate(at: 110) - 1e-3) < 1e-15)
        #expect((11...110).allSatisfy { s.learningRate(at: $0) <= s.learningRate(at: $0 - 1) })
    }

    // MARK: Evaluation

    @Test("held-out windows: every character of a block but the first is scored exactly once, with ≥ T/2 of context")
    func evaluationWindows() {
        for length in [2, 5, 33, 100, 1_000] {
            let T = 32
            var scored = [Int](repeating: 0, count: length)
            for w in Transformer.windows([Array(repeating: 0, count: length)], context: T) {
                for t in w.firstScored..<w.length {
                    scored[w.start + t + 1] += 1
                    #expect(w.start + t + 1 <= T || t + 1 >= T / 2, "character \(w.start + t + 1) from \(t + 1) characters")
                }
            }
            #expect(scored.dropFirst().allSatisfy { $0 == 1 } && scored[0] == 0, "length \(length)")
        }
    }

    @Test("the held-out loss is the mean −log p of the next character, from the model's own forward pass")
    func meanLossByHand() {
        var rng = SeededRNG(seed: 88)
        let model = Transformer(tinyConfig(), rng: &rng)
        let block = [3, 1, 4, 1, 0]                                         // one window of T = 4
        let p = softmaxRows(model.forward(Array(block.prefix(4)), sequenceLength: 4).logits)
        let expected = (0..<4).reduce(0.0) { $0 - log(p[$1, block[$1 + 1]]) } / 4
        #expect(abs(model.meanLoss(on: [block]) - expected) < 1e-12)
    }

    @Test("no positions, one block: order-blind — permuting the earlier characters leaves the last prediction unchanged; with two blocks the causal mask leaks order")
    func withoutPositionsOrderBlind() {
        var rng = SeededRNG(seed: 89)
        for (layers, usesPositions) in [(1, false), (1, true), (2, false)] {
            let model = Transformer(tinyConfig { ($0.layers, $0.usesPositions) = (layers, usesPositions) }, rng: &rng)
            let a = model.forward([1, 2, 3, 4], sequenceLength: 4).logits.row(3)
            let b = model.forward([3, 1, 2, 4], sequenceLength: 4).logits.row(3)
            let blind = layers == 1 && !usesPositions
            #expect(blind ? (a - b).maxAbs() < 1e-12 : (a - b).maxAbs() > 1e-4,
                    "\(layers) blocks, positions \(usesPositions): moved by \((a - b).maxAbs())")
        }

    }
}

/// Trains a tiny Transformer (T = 8, d = 16, two heads, one block unless changed) on the echo text
/// and returns its mean training loss over the last 20 steps, its honest held-out loss and the model.
private func trainOnEcho(seed: UInt64, steps: Int = 150, learningRate: Double = 1e-2, warmup: Int = 20,
                         _ change: (inout TransformerConfig) -> Void = { _ in }) throws
    -> (training: Double, heldOut: Double, model: Transformer) {
    let task = EchoText()
    var config = TransformerConfig(vocabularySize: task.vocabularySize)
    (config.context, config.dimension, config.heads, config.layers) = (8, 16, 2, 1)
    change(&config)
    let context = RunContext(seed: seed, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
    var textRNG = context.rng("echo text"), initRNG = context.rng("init")
    let text = task.generate(20_000, rng: &textRNG), heldOut = task.generate(300, rng: &textRNG)
    var model = Transformer(config, rng: &initRNG)
    var settings = TransformerTrainingSettings(steps: steps)
    (settings.batch, settings.evaluations, settings.warmup) = (8, 0, warmup)
    (settings.peakLearningRate, settings.minimumLearningRate) = (learningRate, learningRate / 10)
    let history = try trainTransformer(&model, on: text, heldOut: [], settings: settings, context: context, label: "echo")
    let last = history.trainingLoss.suffix(20)
    return (last.reduce(0, +) / Double(last.count), model.prefixLoss(on: heldOut, count: 200), model)
}

/// The chapter's experiments on configurations small enough for a debug build.
@Suite("Chapter 8: training claims") struct Ch08TrainingClaimsTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    @Test("the Transformer uses context a bigram cannot see: on the echo text it ends below log V", arguments: seeds)
    func beatsTheBigramOnEcho(seed: UInt64) throws {
        let run = try trainOnEcho(seed: seed)
        let bigram = log(Double(EchoText().vocabularySize))
        #expect(run.heldOut < bigram - 0.3, "seed \(seed): held-out \(run.heldOut), bigram \(bigram)")
    }

    @Test("echo text: a bigram scores log V, the ideal predictor the stated entropy (0.804 nats for V = 8, p = 0.8; Python: math)")
    func echoTextEntropy() {
        let task = EchoText()
        var rng = SeededRNG(seed: 81)
        let text = task.generate(60_000, rng: &rng), heldOut = task.generate(20_000, rng: &rng)
        let bigram = NGramModel(order: 2, vocabularySize: 8, smoothing: .kneserNey, text: text).meanLoss(on: [heldOut])
        #expect(abs(bigram - log(8)) < 0.01, "bigram \(bigram)")
        let hit = task.repeatProbability + (1 - task.repeatProbability) / 8, miss = (1 - task.repeatProbability) / 8
        let ideal = (3..<heldOut.count).reduce(0.0) { $0 - log(heldOut[$1] == heldOut[$1 - 3] ? hit : miss) }
            / Double(heldOut.count - 3)
        #expect(abs(ideal - task.entropy) < 0.02 && abs(task.entropy - 0.80426071590409) < 1e-12, "ideal \(ideal), entropy \(task.entropy)")
    }

    static let ablationSeeds: [UInt64] = [1, 2, 3]
    let logV = log(Double(EchoText().vocabularySize))

    @Test("no causal mask: the training loss falls below the best possible (it reads the answer); predicting from the past it does worse", arguments: ablationSeeds)
    func withoutMaskCheats(seed: UInt64) throws {
        let run = try trainOnEcho(seed: seed) { $0.mask = .none }
        print("ablation seed \(seed) no mask: training \(run.training), held-out \(run.heldOut)")
        #expect(run.training < EchoText().entropy - 0.2 && run.heldOut > run.training + 0.5,
                "seed \(seed): training \(run.training), held-out \(run.heldOut)")
    }

    @Test("no positions: one block cannot find the character three back and stays far above the full model", arguments: ablationSeeds)
    func withoutPositionsFails(seed: UInt64) throws {
        let blind = try trainOnEcho(seed: seed) { $0.usesPositions = false }
        let full = try trainOnEcho(seed: seed)
        print("ablation seed \(seed) no positions: \(blind.heldOut), full \(full.heldOut)")
        #expect(blind.heldOut > full.heldOut + 0.3, "seed \(seed): no positions \(blind.heldOut), full \(full.heldOut)")
    }

    @Test("post-LN at 5× the learning rate without warm-up stays at log V; pre-LN gets below it", arguments: ablationSeeds)
    func postLNUnstable(seed: UInt64) throws {
        let post = try trainOnEcho(seed: seed, learningRate: 5e-2, warmup: 0) { ($0.norm, $0.layers) = (.post, 2) }
        let pre = try trainOnEcho(seed: seed, learningRate: 5e-2, warmup: 0) { $0.layers = 2 }
        print("ablation seed \(seed) post-LN: \(post.heldOut), pre-LN \(pre.heldOut)")
        #expect(post.heldOut > logV - 0.1 && pre.heldOut < post.heldOut - 0.1, "seed \(seed): post \(post.heldOut), pre \(pre.heldOut)")
    }

    @Test("no residuals: six blocks stay at log V; with residuals the same six blocks learn", arguments: ablationSeeds)
    func withoutResidualsDepthStops(seed: UInt64) throws {
        let plain = try trainOnEcho(seed: seed) { ($0.layers, $0.residual) = (6, false) }
        let residual = try trainOnEcho(seed: seed) { $0.layers = 6 }
        print("ablation seed \(seed) no residuals: \(plain.heldOut), residuals \(residual.heldOut)")
        #expect(plain.heldOut > logV - 0.1 && residual.heldOut < logV - 0.3, "seed \(seed): plain \(plain.heldOut), residual \(residual.heldOut)")
    }

    @Test("a --fast run writes every figure and reports every baseline, the RNN, the LSTM and the Transformer")
    func fastRunWritesFigures() throws {
        let context = try runFast(.transformer)
        expectFiguresWritten(context, for: .transformer)
        for name in ["unigram", "bigram", "trigram", "best count model", "RNN", "LSTM", "Transformer"] {
            #expect(context.metric(name)?.isFinite == true, "\(name)")
        }
    }

    @Test("the RNN, the LSTM and the Transformer of the comparison read the same number of characters")
    func equalBudget() throws {
        let context = try runFast(.transformer)
        let seen = try #require(context.metric("Transformer characters seen"))
        #expect(seen > 0)
        #expect(context.metric("RNN characters seen") == seen)
        #expect(context.metric("LSTM characters seen") == seen)
    }

    @Test("two runs with the same seed write identical PNG bytes, but for the one drawn against seconds")
    func runsAreDeterministic() throws {
        let first = try runFast(.transformer), second = try runFast(.transformer)
        let measured = Set(Chapter.transformer.wallClockFigures.map { $0 + ".png" })
        for (a, b) in zip(first.figures, second.figures) where !measured.contains(a.lastPathComponent) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }
}
