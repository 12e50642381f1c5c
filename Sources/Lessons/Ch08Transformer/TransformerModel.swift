import Foundation

/// The shape of a `Transformer`: its sizes and which parts the ablations take away.
public struct TransformerConfig: Sendable, Equatable {
    /// V, the number of characters.
    public var vocabularySize: Int
    /// T, the longest context the model reads (rows of the position table P). At 32 rather than 64,
    /// a step of 1,024 predictions costs less attention and the held-out loss after 300 steps was
    /// lower (2.26 against 2.48 nats per character).
    public var context = 32
    /// d, the width of every token vector.
    public var dimension = 64
    public var heads = 4
    public var layers = 2
    /// Ablations: `.none` lets every position see the future; `false` removes the positions or
    /// the residual connections; `.post` normalises after each residual sum.
    public var mask: AttentionMask = .causal
    public var usesPositions = true
    public var norm: NormPlacement = .pre
    public var residual = true

    public init(vocabularySize: Int) { self.vocabularySize = vocabularySize }
}

/// What `Transformer.forward` keeps for the backward pass.
public struct TransformerCache: Sendable {
    public var tokens: [Int]
    public var sequenceLength: Int
    public var blocks: [TransformerBlockCache]
    /// The last block's output, normalised by the final layer norm, and that norm's cache.
    public var final: Tensor, finalNorm: LayerNormCache
    /// One row of scores over the V characters per token (B·T × V).
    public var logits: Tensor
}

/// A character-level, decoder-only Transformer in the style of GPT (Radford et al., 2018, 2019):
///
/// ```
/// X₀ = E[c] + P[t]                                      (8.1)
/// Xₗ = Block(Xₗ₋₁),  l = 1 … L                          (8.5)
/// logits = LN_f(X_L) W_y + b_y,  L = −(1/BT) Σ log softmax(logits)[next character]   (8.7)
/// ```
///
/// The causal mask of chapter 7 (7.5) makes position t see only the characters 0 … t, so one
/// forward pass over T characters trains T predictions at once.
public struct Transformer: Sendable {
    public let config: TransformerConfig
    public var embeddings: Embeddings
    public var blocks: [TransformerBlock]
    public var finalNorm: LayerNorm
    /// The output head, d → V.
    public var head: Dense

    public init(_ config: TransformerConfig, rng: inout SeededRNG) {
        let d = config.dimension
        self.config = config
        embeddings = Embeddings(vocabularySize: config.vocabularySize, context: config.context, dimension: d,
                                usesPositions: config.usesPositions, rng: &rng)
        blocks = (0..<config.layers).map { _ in
            TransformerBlock(dimension: d, heads: config.heads, mask: config.mask, norm: config.norm,
                             residual: config.residual, rng: &rng)
        }
        finalNorm = LayerNorm(dimension: d)
        head = Dense(inputs: d, outputs: config.vocabularySize, initialization: .xavier, rng: &rng)
    }

    // listing: transformer-forward
    /// Runs B sequences of T ≤ context characters, stacked in `tokens`.   // B·T -> (B·T, V)
    public func forward(_ tokens: [Int], sequenceLength T: Int) -> TransformerCache {
        precondition(T <= config.context && tokens.count % T == 0,
                     "Transformer: \(tokens.count) tokens are not sequences of length \(T) ≤ \(config.context)")
        var x = embeddings.forward(tokens, sequenceLength: T)          // (B·T, d)   (8.1)
        var caches: [TransformerBlockCache] = []
        for block in blocks {
            let (y, cache) = block.forward(x, sequenceLength: T)       // (B·T, d)   (8.5)
            caches.append(cache)
            x = y
        }
        let (h, finalCache) = finalNorm.forward(x)
        return TransformerCache(tokens: tokens, sequenceLength: T, blocks: caches, final: h,
                                finalNorm: finalCache, logits: head.fastForward(h))   // (B·T, V)
    }

    /// The mean cross-entropy of predicting `targets` (each token's next character) and the
    /// gradient of every parameter, in the order of `parameters`.
    public func loss(_ tokens: [Int], targets: [Int], sequenceLength T: Int) -> (loss: Double, gradients: [Tensor]) {
        let cache = forward(tokens, sequenceLength: T)
        let L = softmaxCrossEntropy(logits: cache.logits, labels: targets)   // (2.9)
        let (dh, dWy, dby) = head.fastBackward(cache.final, L.gradient)
        var (dx, dγ, dβ) = finalNorm.backward(cache.finalNorm, dh)
        var blockGradients: [[Tensor]] = []
        for (block, blockCache) in zip(blocks, cache.blocks).reversed() {
            let (dPrevious, g) = block.backward(blockCache, dx)
            blockGradients.insert(g, at: 0)
            dx = dPrevious
        }
        let (dE, dP) = embeddings.backward(tokens, sequenceLength: T, dx)
        return (L.loss, [dE, dP] + blockGradients.flatMap { $0 } + [dγ, dβ, dWy, dby])
    }
    // end listing

    /// E, P, every block's parameters in order, γ_f, β_f, W_y, b_y.
    public var parameters: [Tensor] {
        get {
            [embeddings.E, embeddings.P] + blocks.flatMap(\.parameters)
                + [finalNorm.γ, finalNorm.β, head.W, head.b]
        }
        set {
            (embeddings.E, embeddings.P) = (newValue[0], newValue[1])
            var i = 2
            for l in blocks.indices {
                let n = blocks[l].parameters.count
                blocks[l].parameters = Array(newValue[i..<(i + n)])
                i += n
            }
            (finalNorm.γ, finalNorm.β, head.W, head.b) = (newValue[i], newValue[i + 1], newValue[i + 2], newValue[i + 3])
        }
    }

    /// Which parameters weight decay applies to: the matrices (embeddings included), not gains and biases.
    public var decays: [Bool] { parameters.map { $0.shape.count == 2 } }

    /// The number of learned numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}
