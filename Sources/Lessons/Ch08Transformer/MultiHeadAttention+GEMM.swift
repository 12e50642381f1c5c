import Foundation

/// Chapter 7's `MultiHeadAttention` with its four projections done by `Kernels.gemm`
/// (`Dense.fastForward`, `Dense.fastBackward`): the projections are most of the layer's
/// multiply-adds at d = 64, T = 32. Everything else is chapter 7's code. Equal to `forward` and
/// `backward` up to rounding (`Ch08TransformerTests.fastAttentionMatchesAttention`).
extension MultiHeadAttention {
    /// MultiHead(X), equation (7.6).   // (B·T, d) -> (B·T, d)
    public func fastForward(_ X: Tensor, sequenceLength T: Int) -> MultiHeadCache {
        forward(X, sequenceLength: T, dense: Dense.fastForward)
    }

    /// The gradients of `backward`.
    public func fastBackward(_ cache: MultiHeadCache, _ dY: Tensor) -> MultiHeadGradients {
        backward(cache, dY, dense: Dense.fastBackward)
    }
}
