import Foundation

/// What `MultiHeadAttention.forward` keeps for the backward pass.
public struct MultiHeadCache: Sendable {
    /// The input X and its projections Q, K, V, all (B·T × d_model).
    public var X: Tensor, Q: Tensor, K: Tensor, V: Tensor
    /// One attention cache per sequence b and head h, at index b · heads + h.
    public var heads: [AttentionCache]
    /// The heads' outputs side by side, Concat(head₁, …, head_{n_h}) (B·T × d_model).
    public var concatenated: Tensor
    /// The layer's output (B·T × d_model).
    public var output: Tensor
    /// The length T of each sequence.
    public var sequenceLength: Int
}

/// The gradients of a `MultiHeadAttention` layer's four projections and of its input.
public struct MultiHeadGradients: Sendable {
    /// (dW, db) of W_Q, W_K, W_V, W_O, in that order.
    public var projections: [(dW: Tensor, db: Tensor)]
    public var dX: Tensor
}

/// Multi-head self-attention on a batch of B sequences of length T, stacked as rows:
///
/// ```
/// Q = X W_Q,  K = X W_K,  V = X W_V                      X: (B·T × d_model)
/// head_h = Attention(Q_h, K_h, V_h)                      Q_h: columns h·d_k ..< (h+1)·d_k
/// MultiHead(X) = Concat(head₁, …, head_{n_h}) W_O        equation (7.6)
/// ```
///
/// Each head attends with its own d_k = d_model / n_h columns, so the n_h heads cost what one
/// full-width head would, but each can look somewhere else. The projections are chapter 1's
/// `Dense` layers (with a bias, which the equation leaves out).
public struct MultiHeadAttention: Sendable {
    public var WQ: Dense, WK: Dense, WV: Dense, WO: Dense
    public let heads: Int
    public let mask: AttentionMask
    /// False leaves out the 1/√d_k of equation (7.2): the chapter's "no scaling" ablation.
    public let scaledScores: Bool

    public init(modelDimension d: Int, heads: Int, mask: AttentionMask = .none, scaledScores: Bool = true,
                rng: inout SeededRNG) {
        precondition(d % heads == 0, "d_model = \(d) must be a multiple of the \(heads) heads")
        WQ = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        WK = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        WV = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        WO = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        self.heads = heads
        self.mask = mask
        self.scaledScores = scaledScores
    }

    /// d_k, the width of one head.
    public var headDimension: Int { WQ.W.cols / heads }

    // listing: multi-head-forward
    /// MultiHead(X) for B·T rows, T per sequence.   // (B·T, d_model) -> (B·T, d_model)
    public func forward(_ X: Tensor, sequenceLength T: Int) -> MultiHeadCache {
        precondition(X.rows % T == 0, "MultiHeadAttention: \(X.rows) rows is not a whole number of length-\(T) sequences")
        let Q = WQ.forward(X), K = WK.forward(X), V = WV.forward(X)    // (B·T, d) each
        let dk = headDimension
        var caches: [AttentionCache] = []
        var concat = Tensor(zeros: X.shape)                            // (B·T, d)
        for b in 0..<(X.rows / T) {
            let rows = (b * T)..<((b + 1) * T)
            for h in 0..<heads {
                let cols = (h * dk)..<((h + 1) * dk)
                let head = attention(Q: Q.block(rows, cols), K: K.block(rows, cols), V: V.block(rows, cols),
                                     mask: mask, scaled: scaledScores)  // (T, d_k) -> (T, d_k)
                concat.setBlock(rows, cols, to: head.output)
                caches.append(head)
            }
        }
        return MultiHeadCache(X: X, Q: Q, K: K, V: V, heads: caches, concatenated: concat,
                              output: WO.forward(concat), sequenceLength: T)
    }
    // end listing

    // listing: multi-head-backward
    /// Backpropagates dY = ∂L/∂(output) through W_O, every head, and the three projections.
    public func backward(_ cache: MultiHeadCache, _ dY: Tensor) -> MultiHeadGradients {
        let T = cache.sequenceLength, dk = headDimension
        let (dConcat, dWO, dbO) = WO.backward(cache.concatenated, dY)
        var dQ = Tensor(zeros: cache.Q.shape), dK = dQ, dV = dQ
        for b in 0..<(dY.rows / T) {
            let rows = (b * T)..<((b + 1) * T)
            for h in 0..<heads {
                let cols = (h * dk)..<((h + 1) * dk)
                let g = attentionBackward(cache.heads[b * heads + h], dConcat.block(rows, cols))
                dQ.setBlock(rows, cols, to: g.dQ)
                dK.setBlock(rows, cols, to: g.dK)
                dV.setBlock(rows, cols, to: g.dV)
            }
        }
        // X feeds all three projections, so its gradient is the sum of the three.
        let q = WQ.backward(cache.X, dQ), k = WK.backward(cache.X, dK), v = WV.backward(cache.X, dV)
        return MultiHeadGradients(projections: [(q.dW, q.db), (k.dW, k.db), (v.dW, v.db), (dWO, dbO)],
                                  dX: q.dX + k.dX + v.dX)
    }
    // end listing

    /// The four projections, in the order of `MultiHeadGradients.projections`.
    static var projections: [WritableKeyPath<MultiHeadAttention, Dense>] { [\.WQ, \.WK, \.WV, \.WO] }

    /// Applies one optimizer step to the eight parameter tensors, using slots
    /// `firstSlot ..< firstSlot + 8`.
    public mutating func update(_ g: MultiHeadGradients, with optimizer: inout some Optimizer, firstSlot: Int) {
        for (p, layer) in Self.projections.enumerated() {
            optimizer.update(&self[keyPath: layer].W, gradient: g.projections[p].dW, slot: firstSlot + 2 * p)
            optimizer.update(&self[keyPath: layer].b, gradient: g.projections[p].db, slot: firstSlot + 2 * p + 1)
        }
    }
}

