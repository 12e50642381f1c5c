import Foundation

/// Chapter 1's `Dense` with its three matrix products done by `Kernels.product` (`gemm` into a new
/// array: fused multiply-adds, an AVX2 twin bit-for-bit equal to its Swift loop; the forward sums
/// start from b): the same equations as `forward` and `backward`, equal to them up to rounding
/// (`Ch08TransformerTests.fastDenseMatchesDense`).
extension Dense {
    /// Z = X W + b.   // (N, in) -> (N, out)
    public func fastForward(_ X: Tensor) -> Tensor {
        let (n, k, m) = (X.rows, W.rows, W.cols)
        let Z = Kernels.product(m: n, n: m, k: k, X.data, lda: k, W.data, ldb: m, bias: b.data)   // b + X W
        return Tensor(shape: [n, m], data: Z)
    }

    /// ∂L/∂X = ∂L/∂Z Wᵀ, ∂L/∂W = Xᵀ ∂L/∂Z, ∂L/∂b = Σₙ ∂L/∂Zₙ.
    public func fastBackward(_ X: Tensor, _ dZ: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        let (n, k, m) = (X.rows, W.rows, W.cols)
        let dX = Kernels.product(m: n, n: k, k: m, dZ.data, lda: m, W.transposed.data, ldb: k)
        let dW = Kernels.product(m: k, n: m, k: n, X.data, lda: k, transposedA: true, dZ.data, ldb: m)
        return (Tensor(shape: [n, k], data: dX), Tensor(shape: [k, m], data: dW), dZ.sumRows())
    }
}
