import Testing
@testable import Lessons

/// `Kernels.gemm`, the product behind the batched recurrent layers and the Transformer.
@Suite("GEMM kernel") struct GEMMTests {
    /// C (m × n) from `gemm` with padding around every matrix, so offsets and leading dimensions count.
    /// Each sum starts from C (`accumulate`), from a bias, or from 0.
    static func product(m: Int, n: Int, k: Int, transposedA: Bool, accumulate: Bool, bias: Bool = false,
                        fma: Bool) -> [Double] {
        let lda = (transposedA ? m : k) + 3, ldb = n + 2, ldc = n + 5
        let A = KernelsTests.values(7 + (transposedA ? k : m) * lda, seed: 11)
        let B = KernelsTests.values(4 + k * ldb, seed: 12)
        var C = KernelsTests.values(9 + m * ldc, seed: 13)
        Kernels.gemm(m: m, n: n, k: k, A, 7, lda: lda, transposedA: transposedA, B, 4, ldb: ldb,
                     into: &C, 9, ldc: ldc, accumulate: accumulate, bias: bias ? KernelsTests.values(n, seed: 14) : nil,
                     fma: fma)
        return C
    }

    /// The C kernel works in tiles of 6 rows × 8 columns, then 4 columns, then 1–3 masked ones, and
    /// takes the terms in slices of 64 (Aᵀ B) or 128 (A B): every remainder of each, and k across
    /// the slice boundaries.
    @Test("AVX2 + FMA = Swift, bit for bit, for every remainder of rows (mod 6), columns (mod 8) and terms",
          .enabled(if: Kernels.hasAVX2FMA, "this processor has no AVX2 with FMA; the Swift loop runs alone"),
          arguments: [1, 2, 3, 4, 5, 6, 7, 13, 32], [1, 2, 3, 4, 7, 8, 9, 12, 13, 17, 100])
    func twinsAgree(m: Int, n: Int) {
        for k in [0, 1, 5, 64, 65, 129, 300] {
            for transposedA in [false, true] {
                for (accumulate, bias) in [(false, false), (true, false), (false, true)] {
                    let swift = Self.product(m: m, n: n, k: k, transposedA: transposedA, accumulate: accumulate,
                                             bias: bias, fma: false)
                    let avx2 = Self.product(m: m, n: n, k: k, transposedA: transposedA, accumulate: accumulate,
                                            bias: bias, fma: true)
                    #expect(KernelsTests.sameBits(swift, avx2),
                            "\(m) × \(n) × \(k), Aᵀ \(transposedA), += \(accumulate), bias \(bias)")
                }
            }
        }
    }

    /// Without FMA, `product` is `gemm` into zeros; with it, the kernel writes an array never
    /// filled with zeros, so any element it missed would show.
    @Test("product: a new array equal, bit for bit, to gemm into zeros (or from the bias), for every tile remainder",
          .enabled(if: Kernels.hasAVX2FMA, "this processor has no AVX2 with FMA; product is gemm into zeros"))
    func productIsGEMM() {
        let fma = true
        for (m, n, k) in [(1, 1, 1), (5, 3, 7), (7, 9, 65), (13, 17, 130), (4, 6, 0)] {
            for transposedA in [false, true] {
                let (lda, ldb) = (transposedA ? m : k, n)
                let A = KernelsTests.values(max(1, (transposedA ? k : m) * lda), seed: 21)
                let B = KernelsTests.values(max(1, k * ldb), seed: 22), b = KernelsTests.values(n, seed: 23)
                for bias in [nil, b] {
                    var C = [Double](repeating: 0, count: m * n)
                    Kernels.gemm(m: m, n: n, k: k, A, 0, lda: lda, transposedA: transposedA, B, 0, ldb: ldb, into: &C, 0,
                                 ldc: n, accumulate: false, bias: bias, fma: fma)
                    let P = Kernels.product(m: m, n: n, k: k, A, lda: lda, transposedA: transposedA, B, ldb: ldb,
                                            bias: bias, fma: fma)
                    #expect(KernelsTests.sameBits(C, P), "\(m) × \(n) × \(k), Aᵀ \(transposedA), bias \(bias != nil)")
                }
            }
        }
    }

    @Test("gemm computes C + A B, Aᵀ B and b + A B (b in every row), and touches nothing outside C's block")
    func isAMatrixProduct() {
        let (m, n, k) = (5, 9, 6)
        var rng = SeededRNG(seed: 3)
        let A = Tensor(randomNormal: [m, k], standardDeviation: 1, rng: &rng)
        let B = Tensor(randomNormal: [k, n], standardDeviation: 1, rng: &rng)
        let C0 = Tensor(randomNormal: [m, n], standardDeviation: 1, rng: &rng)
        // A reference by hand: the definition of the product, term by term.
        var expected = C0.data
        for i in 0..<m { for j in 0..<n { for p in 0..<k { expected[i * n + j] += A[i, p] * B[p, j] } } }
        for fma in [false, Kernels.hasAVX2FMA] {
            var C = [-7.0] + C0.data + [-7.0]
            Kernels.gemm(m: m, n: n, k: k, A.data, 0, lda: k, B.data, 0, ldb: n, into: &C, 1, ldc: n, accumulate: true, fma: fma)
            #expect(C.first == -7 && C.last == -7)
            #expect(zip(C.dropFirst(), expected).allSatisfy { abs($0 - $1) < 1e-12 })
            var D = [Double](repeating: 99, count: m * n)
            Kernels.gemm(m: m, n: n, k: k, A.transposed.data, 0, lda: m, transposedA: true, B.data, 0, ldb: n,
                         into: &D, 0, ldc: n, accumulate: false, fma: fma)
            #expect(zip(D, A.matmul(B).data).allSatisfy { abs($0 - $1) < 1e-12 })
            let b = (0..<n).map { Double($0) - 4 }
            var E = [Double](repeating: 99, count: m * n)
            Kernels.gemm(m: m, n: n, k: k, A.data, 0, lda: k, B.data, 0, ldb: n, into: &E, 0, ldc: n, accumulate: false,
                         bias: b, fma: fma)
            let AB = A.matmul(B)
            for i in 0..<m { for j in 0..<n { #expect(abs(E[i * n + j] - (b[j] + AB[i, j])) < 1e-12) } }
        }
    }
}
