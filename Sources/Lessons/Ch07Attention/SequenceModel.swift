import Foundation

/// What `SequenceModel.forward` keeps for the backward pass.
public struct SequenceModelCache: Sendable {
    /// One row per token, one-hot (B·T × vocabulary).
    public var oneHot: Tensor
    public var attention: MultiHeadCache
    /// One row of scores over the vocabulary per position (B·T × vocabulary).
    public var logits: Tensor
}

/// The gradients of every parameter of a `SequenceModel`.
public struct SequenceModelGradients: Sendable {
    public var dE: Tensor
    public var attention: MultiHeadGradients
    public var dWy: Tensor, dby: Tensor
}

/// The chapter's model: one multi-head attention layer between an embedding and a readout.
///
/// ```
/// X = onehot(tokens) E + PE                  (B·T × d_model)
/// Y = MultiHead(X)                           equation (7.6)
/// logits = Y W_y + b_y                       (B·T × vocabulary), softmax cross-entropy (2.9)
/// ```
///
/// There is no residual connection and no MLP: in the chapter's tasks the answer at position i
/// sits at *another* position, so everything the readout needs must come through attention.
public struct SequenceModel: Sendable {
    /// Token embeddings: row t is the vector of token t (vocabulary × d_model).
    public var E: Tensor
    public var attention: MultiHeadAttention
    /// From d_model to one logit per token.
    public var readout: Dense
    /// The fixed positional encoding (T × d_model), equation (7.7).
    public let PE: Tensor
    public let vocabulary: Int

    /// `positionalEncoding: false` and `scaledScores: false` are the chapter's ablations: no PE
    /// (a zero table), and no 1/√d_k in the scores.
    public init(vocabulary: Int, length T: Int, modelDimension d: Int, heads: Int, mask: AttentionMask,
                positionalEncoding: Bool = true, scaledScores: Bool = true, rng: inout SeededRNG) {
        E = Tensor(randomNormal: [vocabulary, d], standardDeviation: 1, rng: &rng)
        attention = MultiHeadAttention(modelDimension: d, heads: heads, mask: mask, scaledScores: scaledScores, rng: &rng)
        readout = Dense(inputs: d, outputs: vocabulary, initialization: .xavier, rng: &rng)
        PE = positionalEncoding ? sinusoidalPositionalEncoding(positions: T, dimensions: d) : Tensor(zeros: [T, d])
        self.vocabulary = vocabulary
    }

    /// The length T of every sequence.
    public var length: Int { PE.rows }

    // listing: sequence-model
    /// Runs a batch of B token sequences, each of length T.
    public func forward(_ tokens: [[Int]]) -> SequenceModelCache {
        let T = length
        var oneHot = Tensor(zeros: [tokens.count * T, vocabulary])
        for (b, sequence) in tokens.enumerated() {
            precondition(sequence.count == T, "SequenceModel: a sequence of length \(sequence.count), expected \(T)")
            for (t, token) in sequence.enumerated() { oneHot.data[(b * T + t) * vocabulary + token] = 1 }
        }
        var X = oneHot.matmul(E)                   // (B·T, vocab) x (vocab, d) -> (B·T, d): a lookup
        for r in 0..<X.rows {
            for j in 0..<X.cols { X[r, j] += PE[r % T, j] }       // row b·T + t gets PE[t]
        }
        let attended = attention.forward(X, sequenceLength: T)              // (B·T, d)
        return SequenceModelCache(oneHot: oneHot, attention: attended,
                                  logits: readout.forward(attended.output))  // (B·T, vocab)
    }

    /// The mean cross-entropy over every position, and the gradient of every parameter.
    public func gradients(_ tokens: [[Int]], targets: [[Int]]) -> (loss: Double, gradients: SequenceModelGradients) {
        let cache = forward(tokens)
        let L = softmaxCrossEntropy(logits: cache.logits, labels: targets.flatMap { $0 })
        let (dY, dWy, dby) = readout.backward(cache.attention.output, L.gradient)
        let a = attention.backward(cache.attention, dY)
        // PE is fixed; the embedding is a Dense layer without bias on one-hot rows: dE = onehotᵀ dX.
        let dE = cache.oneHot.transposedMatmul(a.dX)
        return (L.loss, SequenceModelGradients(dE: dE, attention: a, dWy: dWy, dby: dby))
    }
    // end listing

    /// One optimizer step on every parameter (slots 0 … 10).
    public mutating func update(_ g: SequenceModelGradients, with optimizer: inout some Optimizer) {
        optimizer.update(&E, gradient: g.dE, slot: 0)
        attention.update(g.attention, with: &optimizer, firstSlot: 1)
        optimizer.update(&readout.W, gradient: g.dWy, slot: 9)
        optimizer.update(&readout.b, gradient: g.dby, slot: 10)
    }

    /// The most likely token at every position.
    public func predict(_ tokens: [[Int]]) -> [[Int]] {
        let logits = forward(tokens).logits.data
        let (T, V) = (length, vocabulary)
        return tokens.indices.map { b in
            (0..<T).map { t in
                let row = logits[((b * T + t) * V)..<((b * T + t + 1) * V)]
                return (row.indices.max { row[$0] < row[$1] } ?? row.startIndex) - row.startIndex
            }
        }
    }
}
