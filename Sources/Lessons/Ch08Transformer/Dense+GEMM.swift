import Foundation

/// Chapter 1's `Dense` with its three matrix products done by `Kernels.gemm` (fused multiply-adds,
/// an AVX2 twin bit-for-bit equal to its Swift loop): the same equations as `forward` and
/// `backward`, equal to them up to rounding (`Ch08TransformerTests.fastDenseMatchesDense`).
extension Dense {
    /// Z = X W + b.   // (N, in) -> (N, out)
    public func fastForward(_ X: Tensor) -> Tensor {
        let (n, k, m) = (X.rows, W.rows, W.cols)
        let bias = b.data
        var Z: [Double] = []                                  // b in every row, then += X W
        Z.reserveCapacity(n * m)
        for _ in 0..<n { Z += bias }
        Kernels.gemm(m: n, n: m, k: k, X.data, 0, lda: k, W.data, 0, ldb: m, into: &Z, 0, ldc: m, accumulate: true)
        return Tensor(shape: [n, m], data: Z)
    }

    /// ∂L/∂X = ∂L/∂Z Wᵀ, ∂L/∂W = Xᵀ ∂L/∂Z, ∂L/∂b = Σₙ ∂L/∂Zₙ.
    public func fastBackward(_ X: Tensor, _ dZ: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        let (n, k, m) = (X.rows, W.rows, W.cols)
        var dX = [Double](repeating: 0, count: n * k), dW = [Double](repeating: 0, count: k * m)
        Kernels.gemm(m: n, n: k, k: m, dZ.data, 0, lda: m, W.transposed.data, 0, ldb: k, into: &dX, 0, ldc: k,
                     accumulate: false)
        Kernels.gemm(m: k, n: m, k: n, X.data, 0, lda: k, transposedA: true, dZ.data, 0, ldb: m, into: &dW, 0,
                     ldc: m, accumulate: false)
        return (Tensor(shape: [n, k], data: dX), Tensor(shape: [k, m], data: dW), dZ.sumRows())
    }
}
