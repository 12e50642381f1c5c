import Testing
@testable import Lessons

/// The AVX2 kernels must return exactly what the Swift loops return, bit for bit, for every shape:
/// full vectors, the leftover rows, columns and lanes, strided coefficients. (On a processor
/// without AVX2 the Swift loops are the only kernels, and these tests have nothing to compare.)
@Suite("AVX2 kernels", .enabled(if: Kernels.hasAVX2, "this processor has no AVX2; the Swift loops run alone"))
struct KernelsTests {
    /// Random values with every sign and a spread of magnitudes, so that a change in the order of
    /// the additions would change the rounding.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededRNG(seed: seed)
        return (0..<count).map { _ in rng.normal() * Double(1 << rng.int(below: 20)) }
    }

    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("dot: AVX2 = Swift, bit for bit, for n = 0 … 20 and 100", arguments: Array(0...20) + [100])
    func dot(n: Int) {
        let a = Self.values(n + 1, seed: 1), b = Self.values(n + 1, seed: 2)
        let swift = Kernels.dot(a, b, n, avx2: false), avx2 = Kernels.dot(a, b, n, avx2: true)
        #expect(swift.bitPattern == avx2.bitPattern, "n = \(n): \(swift) vs \(avx2)")
    }

    @Test("W x: AVX2 = Swift, bit for bit, for every remainder of rows (mod 8) and columns (mod 2)",
          arguments: [1, 3, 4, 5, 7, 8, 9, 12, 13, 100], [1, 2, 3, 8, 100])
    func matvec(m: Int, n: Int) {
        let W = Self.values(m * n, seed: 3), x = Self.values(n, seed: 4)
        var swift = [Double](repeating: 0, count: m), avx2 = swift
        Kernels.matvec(W, x, into: &swift, rows: m, cols: n, avx2: false)
        Kernels.matvec(W, x, into: &avx2, rows: m, cols: n, avx2: true)
        #expect(Self.sameBits(swift, avx2), "\(m) × \(n)")
    }

    @Test("c += Σ a_p B[p, :]: AVX2 = Swift, bit for bit, for every remainder of rows (mod 4) and columns (mod 16, mod 4)",
          arguments: [1, 3, 4, 5, 9, 25, 100], [1, 3, 4, 5, 15, 16, 17, 21, 36, 76, 100])
    func rowCombination(k: Int, n: Int) {
        let B = Self.values(k * n, seed: 5), c0 = Self.values(n, seed: 6)
        for stride in [1, 3] {
            let a = Self.values(k * stride, seed: 7)
            var swift = c0, avx2 = c0
            Kernels.addRowCombination(into: &swift, coefficients: a, stride: stride, rows: B, count: k, length: n, avx2: false)
            Kernels.addRowCombination(into: &avx2, coefficients: a, stride: stride, rows: B, count: k, length: n, avx2: true)
            #expect(Self.sameBits(swift, avx2), "k = \(k), n = \(n), stride \(stride)")
        }
    }

    @Test("C += A B and C += Aᵀ B, two rows of C at a time: AVX2 = Swift, bit for bit",
          arguments: [1, 2, 3, 5], [(4, 17), (25, 76), (9, 100)])
    func rowCombinations(m: Int, kn: (Int, Int)) {
        let (k, n) = kn
        let B = Self.values(k * n, seed: 11), A = Self.values(m * k, seed: 12), C0 = Self.values(m * n, seed: 13)
        for (rowStride, stride) in [(k, 1), (1, m)] {   // A (m × k) by rows; A (k × m) by columns
            var swift = C0, avx2 = C0
            Kernels.addRowCombinations(into: &swift, rows: m, coefficients: A, rowStride: rowStride, stride: stride,
                                       rows: B, count: k, length: n, avx2: false)
            Kernels.addRowCombinations(into: &avx2, rows: m, coefficients: A, rowStride: rowStride, stride: stride,
                                       rows: B, count: k, length: n, avx2: true)
            #expect(Self.sameBits(swift, avx2), "m = \(m), k = \(k), n = \(n), strides \(rowStride), \(stride)")
        }
    }

    @Test("W xᵢ for several xᵢ, two at a time: AVX2 = Swift, bit for bit",
          arguments: [1, 2, 3, 5], [(3, 7), (100, 76), (76, 100)])
    func matvecs(count: Int, mn: (Int, Int)) {
        let (m, n) = mn
        let W = Self.values(m * n, seed: 14), X = Self.values(count * n, seed: 15)
        var swift = [Double](repeating: 0, count: count * m), avx2 = swift
        Kernels.matvecs(W, rows: m, cols: n, X, count: count, into: &swift, avx2: false)
        Kernels.matvecs(W, rows: m, cols: n, X, count: count, into: &avx2, avx2: true)
        #expect(Self.sameBits(swift, avx2), "\(count) vectors, W \(m) × \(n)")
    }

    @Test("tanh: AVX2 = Swift, bit for bit, across [−25, 25], at ±0, ±∞ and NaN")
    func tanhTwins() {
        var xs = (0...5003).map { Double($0) / 100 - 25.015 } + [0, -0.0, .infinity, -.infinity, .nan, 19.1, -19.09, 1e-300]
        let swift = xs.map(Kernels.tanh)
        Kernels.tanh(&xs, count: xs.count, avx2: true)
        #expect(Self.sameBits(swift, xs))
    }
}
