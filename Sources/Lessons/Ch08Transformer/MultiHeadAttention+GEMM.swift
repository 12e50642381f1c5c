import Foundation

/// What `MultiHeadAttention.fastForward` keeps for `fastBackward`: chapter 7's `MultiHeadCache`,
/// with all the heads in one `AttentionHeads` instead of a copy of each head's Q, K, V and a cache
/// per head.
public struct FastMultiHeadCache: Sendable {
    /// The input X and its projections Q, K, V, all (B·T × d_model).
    public var X: Tensor, Q: Tensor, K: Tensor, V: Tensor
    /// Every head's weights, and Concat(head₁, …, head_{n_h}) as `heads.output`.
    public var heads: AttentionHeads
    /// The layer's output (B·T × d_model).
    public var output: Tensor
}

/// Chapter 7's `MultiHeadAttention` (7.6) with its four projections done by `Kernels.gemm`
/// (`Dense.fastForward`, `Dense.fastBackward`), which are most of the layer's multiply-adds at
/// d = 64, T = 32, and its heads by `AttentionHeads`, which reads each head's columns in place and
/// under the causal mask skips the masked half. The same equations as `forward` and `backward`,
/// equal to them up to rounding (`Ch08TransformerTests.fastAttentionMatchesAttention`).
extension MultiHeadAttention {
    /// MultiHead(X), equation (7.6).   // (B·T, d) -> (B·T, d)
    public func fastForward(_ X: Tensor, sequenceLength T: Int) -> FastMultiHeadCache {
        let Q = WQ.fastForward(X), K = WK.fastForward(X), V = WV.fastForward(X)
        let all = AttentionHeads(Q: Q, K: K, V: V, heads: heads, sequenceLength: T, mask: mask, scaled: scaledScores)
        return FastMultiHeadCache(X: X, Q: Q, K: K, V: V, heads: all, output: WO.fastForward(all.output))
    }

    /// The gradients of `backward`, given dY = ∂L/∂(output).
    public func fastBackward(_ cache: FastMultiHeadCache, _ dY: Tensor) -> MultiHeadGradients {
        let (dConcat, dWO, dbO) = WO.fastBackward(cache.heads.output, dY)
        let (dQ, dK, dV) = cache.heads.backward(Q: cache.Q, K: cache.K, V: cache.V, dConcat)
        // X feeds all three projections, so its gradient is the sum of the three.
        let q = WQ.fastBackward(cache.X, dQ), k = WK.fastBackward(cache.X, dK), v = WV.fastBackward(cache.X, dV)
        return MultiHeadGradients(projections: [(q.dW, q.db), (k.dW, k.db), (v.dW, v.db), (dWO, dbO)],
                                  dX: q.dX + k.dX + v.dX)
    }
}
