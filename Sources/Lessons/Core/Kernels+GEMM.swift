import CKernels

extension Kernels {
    /// Whether the processor can run `gemm`'s AVX2 twin, which also needs fused multiply-adds.
    static let hasAVX2FMA = ck_has_avx2_fma() != 0

    /// The matrix product behind the batched recurrent layers (chapters 4–5) and the Transformer
    /// (chapter 8): the (m × n) block of C at offset c0 becomes
    ///
    /// ```
    /// C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p a(i, p) B[p, j]     p = 0, 1, …, k − 1 in order
    /// ```
    ///
    /// with a(i, p) = A[i, p], or A[p, i] when `transposedA` (so Aᵀ B needs no copy of Aᵀ); given a
    /// `bias` (n values) instead of `accumulate`, each chain starts from bias[j] (a layer's
    /// Z = b + X W without first copying b into every row of Z). Each element is one chain of
    /// *fused* multiply-adds (`addingProduct`: a · b + c rounded once), so there is exactly one
    /// right result, and the AVX2 twin (`ck_gemm_fma`), which runs up to 48 such chains side by
    /// side, produces it bit for bit. Matrices are row-major with leading dimensions lda, ldb, ldc
    /// and start at offsets a0, b0, c0 of their arrays.
    static func gemm(m: Int, n: Int, k: Int,
                     _ A: [Double], _ a0: Int, lda: Int, transposedA: Bool = false,
                     _ B: [Double], _ b0: Int, ldb: Int,
                     into C: inout [Double], _ c0: Int, ldc: Int, accumulate: Bool, bias: [Double]? = nil,
                     fma: Bool = hasAVX2FMA) {
        guard m > 0, n > 0 else { return }
        precondition(c0 + (m - 1) * ldc + n <= C.count, "gemm: C too small")
        checkOperands(m: m, n: n, k: k, A, a0, lda: lda, transposedA: transposedA, B, b0, ldb: ldb,
                      accumulate: accumulate, bias: bias)
        #if arch(x86_64)
        if fma {
            return twinFMA(m: m, n: n, k: k, A, a0, lda: lda, transposedA: transposedA, B, b0, ldb: ldb,
                           into: &C, c0, ldc: ldc, accumulate: accumulate, bias: bias)
        }
        #endif
        let (a, b) = (A.span, B.span)
        var c = C.mutableSpan
        for i in 0..<m {
            for j in 0..<n {
                var sum = accumulate ? c[c0 + i * ldc + j] : bias?[j] ?? 0
                for p in 0..<k {
                    let aip = transposedA ? a[a0 + p * lda + i] : a[a0 + i * lda + p]
                    sum = sum.addingProduct(aip, b[b0 + p * ldb + j])
                }
                c[c0 + i * ldc + j] = sum
            }
        }
    }

    /// The (m × n) product A B (or Aᵀ B), starting from `bias` or 0, in a new array: `gemm` with
    /// `accumulate` false, but the AVX2 twin writes the array whole without a pass of zeros first.
    static func product(m: Int, n: Int, k: Int, _ A: [Double], lda: Int, transposedA: Bool = false,
                        _ B: [Double], ldb: Int, bias: [Double]? = nil, fma: Bool = hasAVX2FMA) -> [Double] {
        #if arch(x86_64)
        if fma, m > 0, n > 0 {
            checkOperands(m: m, n: n, k: k, A, 0, lda: lda, transposedA: transposedA, B, 0, ldb: ldb,
                          accumulate: false, bias: bias)
            return written(m * n) {
                twinFMA(m: m, n: n, k: k, A, 0, lda: lda, transposedA: transposedA, B, 0, ldb: ldb,
                        into: $0, 0, ldc: n, accumulate: false, bias: bias)
            }
        }
        #endif
        var C = [Double](repeating: 0, count: m * n)
        gemm(m: m, n: n, k: k, A, 0, lda: lda, transposedA: transposedA, B, 0, ldb: ldb, into: &C, 0, ldc: n,
             accumulate: false, bias: bias, fma: fma)
        return C
    }

    /// The preconditions on A, B and the bias that `gemm` and `product` share.
    private static func checkOperands(m: Int, n: Int, k: Int, _ A: [Double], _ a0: Int, lda: Int, transposedA: Bool,
                                      _ B: [Double], _ b0: Int, ldb: Int, accumulate: Bool, bias: [Double]?) {
        precondition(bias == nil || (!accumulate && bias!.count >= n), "gemm: a bias of n values, without accumulate")
        precondition(k == 0 || b0 + (k - 1) * ldb + n <= B.count, "gemm: B too small")
        precondition(k == 0 || (transposedA ? a0 + (k - 1) * lda + m : a0 + (m - 1) * lda + k) <= A.count,
                     "gemm: A too small")
    }

    #if arch(x86_64)
    /// `ck_gemm_fma` on checked operands. (Swift passes an array as a C pointer only when it is not
    /// optional, hence the two calls.)
    private static func twinFMA(m: Int, n: Int, k: Int, _ A: [Double], _ a0: Int, lda: Int, transposedA: Bool,
                                _ B: [Double], _ b0: Int, ldb: Int, into C: UnsafeMutablePointer<Double>, _ c0: Int,
                                ldc: Int, accumulate: Bool, bias: [Double]?) {
        let transA: Int32 = transposedA ? 1 : 0
        if let bias {
            ck_gemm_fma(C, c0, ldc, A, a0, lda, transA, B, b0, ldb, m, n, k, 0, bias)
        } else {
            ck_gemm_fma(C, c0, ldc, A, a0, lda, transA, B, b0, ldb, m, n, k, accumulate ? 1 : 0, nil)
        }
    }
    #endif
}
