import Foundation

/// Chapter 7's `MultiHeadAttention` with its four projections done by `Kernels.gemm`
/// (`Dense.fastForward`, `Dense.fastBackward`), which are most of the layer's multiply-adds at
/// d = 64, T = 32, and each causal head by `CausalAttention`, which skips the masked half.
/// Everything else is chapter 7's code. Equal to `forward` and `backward` up to rounding
/// (`Ch08TransformerTests.fastAttentionMatchesAttention`).
extension MultiHeadAttention {
    /// MultiHead(X), equation (7.6).   // (B·T, d) -> (B·T, d)
    public func fastForward(_ X: Tensor, sequenceLength T: Int) -> MultiHeadCache {
        forward(X, sequenceLength: T, dense: Dense.fastForward) {
            CausalAttention.forward(Q: $0, K: $1, V: $2, mask: $3, scaled: $4)
        }
    }

    /// The gradients of `backward`.
    public func fastBackward(_ cache: MultiHeadCache, _ dY: Tensor) -> MultiHeadGradients {
        backward(cache, dY, dense: Dense.fastBackward) { CausalAttention.backward($0, $1, mask: mask) }
    }
}
