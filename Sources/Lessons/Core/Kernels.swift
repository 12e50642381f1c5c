import CKernels

/// The innermost loops of the course — matrix products, the RNN's tanh —
/// written so that the processor can do several operations at once.
///
/// Swift keeps floating-point additions in program order, so a plain `s += a[i] * b[i]` loop is
/// one chain of dependent additions: each waits for the one before, about 1 multiply-add per
/// nanosecond. Summing into several independent accumulators instead lets the processor work on
/// them side by side, 2–4× faster on the same core. (Plain scalar code, not `SIMD4`: the SIMD
/// types are very slow in the unoptimised debug builds that `swift test` uses.) Likewise a loop
/// that adds one row at a time to an output row loads and stores that row once per multiply-add;
/// adding four rows at a time does it once per four. The results differ from the plain loops only
/// by rounding (the terms are added in another order). Used by `Tensor`'s matrix products and by
/// the recurrent layers of chapters 4–5, whose per-time-step products cannot be batched into one
/// big matrix product.
///
/// On a processor with AVX2 (most x86-64 processors made since 2013–2015), each loop hands over
/// to its twin in `Sources/CKernels/KernelsAVX2.c`, which does the same multiplications and
/// additions in the same order, four `Double`s per instruction: the results are bit-for-bit those
/// of the Swift loops below (`KernelsTests` checks every size class), 1.2–4× sooner depending on
/// the loop (BENCHMARKS.md). Swift has no way to ask for AVX2 in one function only, and compiling
/// the whole course for AVX2 would crash it on older processors; C can, and the choice is made
/// once, at run time. The `avx2` parameters exist so that tests can run both versions.
@usableFromInline enum Kernels {
    /// Whether the processor (and operating system) can run the AVX2 twins (usable in a public
    /// function's default argument: `AdamW.update`'s, `LayerNorm.forward`'s and `backward`'s).
    @usableFromInline static let hasAVX2 = ck_has_avx2() != 0

    /// `count` numbers that `fill` (a C kernel) writes, every one, before anything reads them. A new
    /// array is otherwise filled with zeros first: a pass over memory that, for chapter 8's large
    /// activations, costs about as much as the copy or product that then overwrites them.
    @inline(__always)
    static func written(_ count: Int, by fill: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let start = buffer.baseAddress { fill(start) }
            initialized = count
        }
    }
    /// Σᵢ a[i] b[i] over `n` elements starting at `a` and `b`, in four independent sums.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int, avx2: Bool = hasAVX2) -> Double {
        #if arch(x86_64)
        if avx2 { return ck_dot_avx2(a, b, n) }
        #endif
        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i]
            s1 += a[i + 1] * b[i + 1]
            s2 += a[i + 2] * b[i + 2]
            s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < n {
            s0 += a[i] * b[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// y = W x for a row-major (m × n) matrix W, an n-vector x and an m-vector y.
    ///
    /// Four rows at a time, each with two sums (even and odd columns), so every load of x serves
    /// four rows and eight independent sums keep the processor busy.
    static func matvec(_ W: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                       into y: UnsafeMutablePointer<Double>, rows m: Int, cols n: Int, avx2: Bool = hasAVX2) {
        #if arch(x86_64)
        if avx2 { return ck_matvec_avx2(W, x, y, m, n) }
        #endif
        var i = 0
        while i + 4 <= m {
            let r0 = W + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
            var (a0, a1, a2, a3) = (0.0, 0.0, 0.0, 0.0)
            var (b0, b1, b2, b3) = (0.0, 0.0, 0.0, 0.0)
            var j = 0
            while j + 2 <= n {
                let (x0, x1) = (x[j], x[j + 1])
                a0 += r0[j] * x0
                b0 += r0[j + 1] * x1
                a1 += r1[j] * x0
                b1 += r1[j + 1] * x1
                a2 += r2[j] * x0
                b2 += r2[j + 1] * x1
                a3 += r3[j] * x0
                b3 += r3[j + 1] * x1
                j += 2
            }
            if j < n {
                a0 += r0[j] * x[j]
                a1 += r1[j] * x[j]
                a2 += r2[j] * x[j]
                a3 += r3[j] * x[j]
            }
            y[i] = a0 + b0
            y[i + 1] = a1 + b1
            y[i + 2] = a2 + b2
            y[i + 3] = a3 + b3
            i += 4
        }
        while i < m {
            y[i] = dot(W + i * n, x, n, avx2: false)
            i += 1
        }
    }

    /// c += Σ_p a_p · B[p, :] over the k rows of a row-major (k × n) matrix B, with the
    /// coefficients a_p = a[p · stride]: a linear combination of B's rows added to the n-vector c.
    ///
    /// This one loop is every product whose inner loop runs along rows: the rows of A B
    /// (coefficients a row of A), of Aᵀ B (a column of A, hence the stride) and Wᵀ v. Four rows at
    /// a time, so c is loaded and stored once per four multiply-adds; the loop over c has no
    /// dependence between elements, and the compiler vectorises it.
    static func addRowCombination(into c: UnsafeMutablePointer<Double>, coefficients a: UnsafePointer<Double>,
                                  stride: Int, rows B: UnsafePointer<Double>, count k: Int, length n: Int,
                                  avx2: Bool = hasAVX2) {
        #if arch(x86_64)
        if avx2 { return ck_add_row_combination_avx2(c, a, stride, B, k, n) }
        #endif
        var p = 0
        while p + 4 <= k {
            let a0 = a[p * stride], a1 = a[(p + 1) * stride], a2 = a[(p + 2) * stride], a3 = a[(p + 3) * stride]
            let b0 = B + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
            for j in 0..<n { c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j] }
            p += 4
        }
        while p < k {
            let ap = a[p * stride], bp = B + p * n
            for j in 0..<n { c[j] += ap * bp[j] }
            p += 1
        }
    }

    /// Row i of the (m × n) matrix C gets `addRowCombination` with the coefficients
    /// a[i · rowStride + p · stride]: C += A B when A's rows are the coefficients (rowStride k,
    /// stride 1), C += Aᵀ B when A's columns are (rowStride 1, stride m).
    static func addRowCombinations(into C: UnsafeMutablePointer<Double>, rows m: Int,
                                   coefficients a: UnsafePointer<Double>, rowStride: Int, stride: Int,
                                   rows B: UnsafePointer<Double>, count k: Int, length n: Int,
                                   avx2: Bool = hasAVX2) {
        #if arch(x86_64)
        if avx2 { return ck_add_row_combinations_avx2(C, m, a, rowStride, stride, B, k, n) }
        #endif
        for i in 0..<m {
            addRowCombination(into: C + i * n, coefficients: a + i * rowStride, stride: stride,
                              rows: B, count: k, length: n, avx2: false)
        }
    }

    /// Y[i, :] = W X[i, :] for the `count` rows of X (n long each) and Y (m long each), with W a
    /// row-major (m × n) matrix: C = A Bᵀ is this with W = B and X = A.
    static func matvecs(_ W: UnsafePointer<Double>, rows m: Int, cols n: Int, _ X: UnsafePointer<Double>,
                        count: Int, into Y: UnsafeMutablePointer<Double>, avx2: Bool = hasAVX2) {
        #if arch(x86_64)
        if avx2 { return ck_matvecs_avx2(W, X, Y, count, m, n) }
        #endif
        for i in 0..<count { matvec(W, X + i * n, into: Y + i * m, rows: m, cols: n, avx2: false) }
    }

    /// y += Wᵀ v for a row-major (m × n) matrix W, an m-vector v and an n-vector y: the
    /// combination of W's rows with coefficients v.
    static func transposedMatvecAdd(_ W: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
                                    into y: UnsafeMutablePointer<Double>, rows m: Int, cols n: Int) {
        addRowCombination(into: y, coefficients: v, stride: 1, rows: W, count: m, length: n)
    }

    /// tanh(x) = t / (t + 2) with t = e^{2|x|} − 1, and the sign of x.
    ///
    /// The C library's tanh takes about 15 ns, a tenth of the whole of one RNN time step; this one
    /// is made of additions, multiplications and one division, so the AVX2 twin does four at a
    /// time. With u = 2|x| = k ln 2 + r (|r| ≤ ½ ln 2, k an integer), e^u − 1 = 2ᵏ(eʳ − 1) + (2ᵏ − 1),
    /// and eʳ − 1 is its Taylor series to r¹³/13!, whose next term is below 10⁻¹⁷. Within
    /// 1e-15 · |tanh x| of the C library's tanh everywhere (a test sweeps [−20, 20]); beyond
    /// |x| = 19.1, tanh x rounds to ±1.
    static func tanh(_ x: Double) -> Double {
        let a = x.magnitude
        guard a < 19.1 else { return a.isNaN ? x : Double(signOf: x, magnitudeOf: 1) }
        let u = 2 * a
        let k = (u * 1.4426950408889634).rounded(.toNearestOrEven)        // u / ln 2
        let r = (u - k * 0.693147180369123816490) - k * 1.90821492927058770002e-10
        var p = taylor[0]
        for j in 1..<taylor.count { p = p * r + taylor[j] }
        p = (p * r + 1) * r                                             // eʳ − 1
        let twoK = Double(sign: .plus, exponent: Int(k), significand: 1)
        let t = twoK * p + (twoK - 1)                                   // e^u − 1
        return Double(signOf: x, magnitudeOf: t / (t + 2))
    }

    /// 1/13!, 1/12!, …, 1/2!: the Taylor coefficients of eʳ − 1 = r + r²/2! + … + r¹³/13!, for Horner's rule.
    private static let taylor: [Double] = [6227020800, 479001600, 39916800, 3628800, 362880, 40320, 5040, 720,
                                           120, 24, 6, 2].map { 1 / $0 }

    /// x ← tanh(x) for the n elements at x, with `tanh(_:)` above.
    static func tanh(_ x: UnsafeMutablePointer<Double>, count n: Int, avx2: Bool = hasAVX2) {
        #if arch(x86_64)
        if avx2 { return ck_tanh_avx2(x, n) }
        #endif
        for i in 0..<n { x[i] = tanh(x[i]) }
    }
}
