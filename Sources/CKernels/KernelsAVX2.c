// AVX2 twins of the loops in Sources/Lessons/Core/Kernels.swift.
//
// Bit-for-bit equality with the Swift loops is the point, so three rules hold throughout:
// every lane of a vector plays the part of one scalar variable of the Swift loop; products
// and sums are rounded separately, as Swift does (FMA is never enabled and contraction is off);
// and sums are formed in the same order.
#include "CKernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

int ck_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

#define AVX2 __attribute__((target("avx2")))

// tanh's constants (see Kernels.tanh): log₂e, ln 2 split into a part with zeros in its low bits
// (so k · ln2_hi is exact) and the rest, and the Taylor coefficients 1/13!, 1/12!, …, 1/2! of eʳ − 1.
#define TANH_LOG2E 1.4426950408889634
#define TANH_LN2_HI 0.693147180369123816490
#define TANH_LN2_LO 1.90821492927058770002e-10
static const double tanh_taylor[12] = {
    1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320,
    1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2};

// One element, for the tail of the vector loop: Kernels.tanh, written in C.
static double ck_tanh_scalar(double x) {
    double a = __builtin_fabs(x);
    if (!(a < 19.1)) return a != a ? x : __builtin_copysign(1.0, x);
    double u = 2 * a;
    double k = __builtin_nearbyint(u * TANH_LOG2E);
    double r = (u - k * TANH_LN2_HI) - k * TANH_LN2_LO;
    double p = tanh_taylor[0];
    for (int j = 1; j < 12; j++) p = p * r + tanh_taylor[j];
    p = (p * r + 1) * r;
    union { long long bits; double value; } s = {.bits = ((long long)k + 1023) << 52};
    double t = s.value * p + (s.value - 1);
    return __builtin_copysign(t / (t + 2), x);
}

AVX2 double ck_dot_avx2(const double *a, const double *b, long n) {
    // Lane q is the Swift loop's s_q: it sums a[i] b[i] for i ≡ q (mod 4).
    __m256d s = _mm256_setzero_pd();
    long i = 0;
    for (; i + 4 <= n; i += 4)
        s = _mm256_add_pd(s, _mm256_mul_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i)));
    double q[4];
    _mm256_storeu_pd(q, s);
    for (; i < n; i++) q[0] += a[i] * b[i];
    return (q[0] + q[1]) + (q[2] + q[3]);
}

// Lanes (2r, 2r + 1) of the returned vector are row r's sums over even and odd columns so far.
AVX2 static inline __m256d two_rows(__m256d acc, const double *r0, const double *r1, __m256d xx) {
    __m256d w = _mm256_set_m128d(_mm_loadu_pd(r1), _mm_loadu_pd(r0));
    return _mm256_add_pd(acc, _mm256_mul_pd(w, xx));
}

AVX2 static inline void finish_rows(__m256d acc, const double *r0, const double *r1, const double *x,
                                    long j, long n, double *y) {
    double s[4];
    _mm256_storeu_pd(s, acc);
    if (j < n) {  // an odd column count leaves one column, added to the even sums
        s[0] += r0[j] * x[j];
        s[2] += r1[j] * x[j];
    }
    y[0] = s[0] + s[1];
    y[1] = s[2] + s[3];
}

// y[0 ..< R] = rows 0 ..< R of r (each n long) times x, for R = 4 or 8: R / 2 vectors of sums,
// two rows each. Always inlined with a constant R, so the loops over q unroll.
AVX2 static inline __attribute__((always_inline)) void matvec_block(
    const double *r, const double *x, double *y, long n, long R) {
    __m256d acc[4];
    for (long q = 0; q < R / 2; q++) acc[q] = _mm256_setzero_pd();
    long j = 0;
    for (; j + 2 <= n; j += 2) {
        __m256d xx = _mm256_broadcast_pd((const __m128d *)(x + j));
        for (long q = 0; q < R / 2; q++) acc[q] = two_rows(acc[q], r + 2 * q * n + j, r + (2 * q + 1) * n + j, xx);
    }
    for (long q = 0; q < R / 2; q++) finish_rows(acc[q], r + 2 * q * n, r + (2 * q + 1) * n, x, j, n, y + 2 * q);
}

AVX2 void ck_matvec_avx2(const double *W, const double *x, double *y, long m, long n) {
    // Eight rows at a time give four independent chains of additions; each row's sums are the
    // same as in Swift's four-row loop, because rows do not interact. The rows after the last
    // multiple of four are dot products, as in Swift.
    long i = 0;
    for (; i + 8 <= m; i += 8) matvec_block(W + i * n, x, y + i, n, 8);
    for (; i + 4 <= m; i += 4) matvec_block(W + i * n, x, y + i, n, 4);
    for (; i < m; i++) y[i] = ck_dot_avx2(W + i * n, x, n);
}

AVX2 void ck_matvecs_avx2(const double *W, const double *X, double *Y, long count, long m, long n) {
    // Two vectors x, x' at a time: every pair of W's entries, once loaded, serves both.
    long i = 0;
    for (; i + 2 <= count; i += 2) {
        const double *x0 = X + i * n, *x1 = x0 + n;
        double *y0 = Y + i * m, *y1 = y0 + m;
        long r = 0;
        for (; r + 4 <= m; r += 4) {
            const double *w = W + r * n;
            __m256d a01 = _mm256_setzero_pd(), a23 = _mm256_setzero_pd();
            __m256d b01 = _mm256_setzero_pd(), b23 = _mm256_setzero_pd();
            long j = 0;
            for (; j + 2 <= n; j += 2) {
                __m256d xx0 = _mm256_broadcast_pd((const __m128d *)(x0 + j));
                __m256d xx1 = _mm256_broadcast_pd((const __m128d *)(x1 + j));
                __m256d w01 = _mm256_set_m128d(_mm_loadu_pd(w + n + j), _mm_loadu_pd(w + j));
                __m256d w23 = _mm256_set_m128d(_mm_loadu_pd(w + 3 * n + j), _mm_loadu_pd(w + 2 * n + j));
                a01 = _mm256_add_pd(a01, _mm256_mul_pd(w01, xx0));
                a23 = _mm256_add_pd(a23, _mm256_mul_pd(w23, xx0));
                b01 = _mm256_add_pd(b01, _mm256_mul_pd(w01, xx1));
                b23 = _mm256_add_pd(b23, _mm256_mul_pd(w23, xx1));
            }
            finish_rows(a01, w, w + n, x0, j, n, y0 + r);
            finish_rows(a23, w + 2 * n, w + 3 * n, x0, j, n, y0 + r + 2);
            finish_rows(b01, w, w + n, x1, j, n, y1 + r);
            finish_rows(b23, w + 2 * n, w + 3 * n, x1, j, n, y1 + r + 2);
        }
        for (; r < m; r++) {
            y0[r] = ck_dot_avx2(W + r * n, x0, n);
            y1[r] = ck_dot_avx2(W + r * n, x1, n);
        }
    }
    for (; i < count; i++) ck_matvec_avx2(W, X + i * n, Y + i * m, m, n);
}

// A block of `lanes` vectors (4 · lanes elements) in each of `R` rows of C, kept in registers
// while every row of B adds to them; row r's coefficients start at a + r · ldA. Always inlined
// with constant R and lanes, so the loops over r and v unroll and acc stays in registers.
AVX2 static inline __attribute__((always_inline)) void combine_block(
    double *c, long ldC, const double *a, long ldA, long stride, const double *B, long k, long n,
    long R, long lanes) {
    __m256d acc[2][4];
    for (long r = 0; r < R; r++)
        for (long v = 0; v < lanes; v++) acc[r][v] = _mm256_loadu_pd(c + r * ldC + 4 * v);
    long p = 0;
    for (; p + 4 <= k; p += 4) {
        const double *b0 = B + p * n, *b1 = b0 + n, *b2 = b1 + n, *b3 = b2 + n;
        for (long v = 0; v < lanes; v++) {
            __m256d w0 = _mm256_loadu_pd(b0 + 4 * v), w1 = _mm256_loadu_pd(b1 + 4 * v);
            __m256d w2 = _mm256_loadu_pd(b2 + 4 * v), w3 = _mm256_loadu_pd(b3 + 4 * v);
            for (long r = 0; r < R; r++) {
                const double *ar = a + r * ldA;
                __m256d t = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(ar[p * stride]), w0),
                                          _mm256_mul_pd(_mm256_set1_pd(ar[(p + 1) * stride]), w1));
                t = _mm256_add_pd(t, _mm256_mul_pd(_mm256_set1_pd(ar[(p + 2) * stride]), w2));
                t = _mm256_add_pd(t, _mm256_mul_pd(_mm256_set1_pd(ar[(p + 3) * stride]), w3));
                acc[r][v] = _mm256_add_pd(acc[r][v], t);
            }
        }
    }
    for (; p < k; p++)
        for (long v = 0; v < lanes; v++) {
            __m256d w = _mm256_loadu_pd(B + p * n + 4 * v);
            for (long r = 0; r < R; r++)
                acc[r][v] = _mm256_add_pd(acc[r][v], _mm256_mul_pd(_mm256_set1_pd(a[r * ldA + p * stride]), w));
        }
    for (long r = 0; r < R; r++)
        for (long v = 0; v < lanes; v++) _mm256_storeu_pd(c + r * ldC + 4 * v, acc[r][v]);
}

// The columns j ≥ `from` of one row of C, one element at a time.
static void combine_tail(double *c, const double *a, long stride, const double *B, long k, long n, long from) {
    for (long j = from; j < n; j++) {
        double cj = c[j];
        long p = 0;
        for (; p + 4 <= k; p += 4) {
            const double *b0 = B + p * n + j;
            cj += a[p * stride] * b0[0] + a[(p + 1) * stride] * b0[n]
                + a[(p + 2) * stride] * b0[2 * n] + a[(p + 3) * stride] * b0[3 * n];
        }
        for (; p < k; p++) cj += a[p * stride] * B[p * n + j];
        c[j] = cj;
    }
}

AVX2 void ck_add_row_combination_avx2(double *c, const double *a, long stride, const double *B, long k, long n) {
    // Each c[j] receives, group by group, c[j] + (((a0 b0[j] + a1 b1[j]) + a2 b2[j]) + a3 b3[j]),
    // then c[j] + a_p b_p[j] for the rows left over: the Swift loop's sums, in its order. Where
    // Swift walks the rows in the outer loop and c in the inner one, this keeps a block of c in
    // registers and walks the rows inside it, so c is loaded and stored once, not once per group.
    long j = 0;
    for (; j + 16 <= n; j += 16) combine_block(c + j, 0, a, 0, stride, B + j, k, n, 1, 4);
    for (; j + 4 <= n; j += 4) combine_block(c + j, 0, a, 0, stride, B + j, k, n, 1, 1);
    combine_tail(c, a, stride, B, k, n, j);
}

AVX2 void ck_add_row_combinations_avx2(double *C, long m, const double *a, long ldA, long stride,
                                       const double *B, long k, long n) {
    // When B is larger than the L1 cache (32 KB on most cores), streaming it in from L2 limits the
    // speed; two rows of C at a time halve that, as each vector of B, once loaded, serves both.
    // A smaller B stays in L1, and there a single row keeps more of its coefficients in registers.
    long i = 0;
    for (; k * n > 4096 && i + 2 <= m; i += 2) {
        double *c = C + i * n;
        const double *ai = a + i * ldA;
        long j = 0;
        for (; j + 8 <= n; j += 8) combine_block(c + j, n, ai, ldA, stride, B + j, k, n, 2, 2);
        for (; j + 4 <= n; j += 4) combine_block(c + j, n, ai, ldA, stride, B + j, k, n, 2, 1);
        combine_tail(c, ai, stride, B, k, n, j);
        combine_tail(c + n, ai + ldA, stride, B, k, n, j);
    }
    for (; i < m; i++) ck_add_row_combination_avx2(C + i * n, a + i * ldA, stride, B, k, n);
}

AVX2 void ck_tanh_avx2(double *x, long n) {
    // Kernels.tanh's steps, lane by lane; lanes with |x| ≥ 19.1 (or NaN) are computed on a
    // clamped input and then replaced by ±1 (or the NaN), as the Swift function returns early.
    const __m256d sign = _mm256_set1_pd(-0.0), limit = _mm256_set1_pd(19.1);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d xi = _mm256_loadu_pd(x + i);
        __m256d a = _mm256_andnot_pd(sign, xi);
        __m256d inRange = _mm256_cmp_pd(a, limit, _CMP_LT_OQ);
        __m256d u = _mm256_mul_pd(_mm256_set1_pd(2), _mm256_min_pd(a, limit));
        __m256d k = _mm256_round_pd(_mm256_mul_pd(u, _mm256_set1_pd(TANH_LOG2E)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256d r = _mm256_sub_pd(_mm256_sub_pd(u, _mm256_mul_pd(k, _mm256_set1_pd(TANH_LN2_HI))),
                                  _mm256_mul_pd(k, _mm256_set1_pd(TANH_LN2_LO)));
        __m256d p = _mm256_set1_pd(tanh_taylor[0]);
        for (int j = 1; j < 12; j++)
            p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(tanh_taylor[j]));
        p = _mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(1)), r);
        __m128i k32 = _mm256_cvtpd_epi32(k);
        __m256d s = _mm256_castsi256_pd(_mm256_slli_epi64(
            _mm256_add_epi64(_mm256_cvtepi32_epi64(k32), _mm256_set1_epi64x(1023)), 52));
        __m256d t = _mm256_add_pd(_mm256_mul_pd(s, p), _mm256_sub_pd(s, _mm256_set1_pd(1)));
        __m256d th = _mm256_div_pd(t, _mm256_add_pd(t, _mm256_set1_pd(2)));
        __m256d signed_th = _mm256_or_pd(th, _mm256_and_pd(sign, xi));
        __m256d one = _mm256_or_pd(_mm256_set1_pd(1), _mm256_and_pd(sign, xi));
        __m256d outside = _mm256_blendv_pd(one, xi, _mm256_cmp_pd(xi, xi, _CMP_UNORD_Q));
        _mm256_storeu_pd(x + i, _mm256_blendv_pd(outside, signed_th, inRange));
    }
    for (; i < n; i++) x[i] = ck_tanh_scalar(x[i]);
}

#else

int ck_has_avx2(void) { return 0; }

#endif
