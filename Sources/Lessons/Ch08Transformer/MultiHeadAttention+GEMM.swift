import Foundation

/// Chapter 7's `MultiHeadAttention` with its four projections done by `Kernels.gemm`
/// (`Dense.fastForward`, `Dense.fastBackward`): the projections are most of the layer's
/// multiply-adds at d = 64, T = 32. The heads are chapter 7's own code. Equal to `forward` and
/// `backward` up to rounding (`Ch08TransformerTests.fastAttentionMatchesAttention`).
extension MultiHeadAttention {
    /// MultiHead(X), equation (7.6).   // (B·T, d) -> (B·T, d)
    public func fastForward(_ X: Tensor, sequenceLength T: Int) -> MultiHeadCache {
        let Q = WQ.fastForward(X), K = WK.fastForward(X), V = WV.fastForward(X)
        return attendEachHead(X: X, Q: Q, K: K, V: V, sequenceLength: T, outputProjection: WO.fastForward)
    }

    /// The gradients of `backward`.
    public func fastBackward(_ cache: MultiHeadCache, _ dY: Tensor) -> MultiHeadGradients {
        let (dConcat, dWO, dbO) = WO.fastBackward(cache.concatenated, dY)
        let (dQ, dK, dV) = eachHeadBackward(cache, dConcat)
        let q = WQ.fastBackward(cache.X, dQ), k = WK.fastBackward(cache.X, dK), v = WV.fastBackward(cache.X, dV)
        return MultiHeadGradients(projections: [(q.dW, q.db), (k.dW, k.db), (v.dW, v.db), (dWO, dbO)],
                                  dX: q.dX + k.dX + v.dX)
    }
}
