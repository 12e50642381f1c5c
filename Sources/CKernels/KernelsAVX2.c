// AVX2 twins of the loops in Sources/Lessons/Core/Kernels.swift and Adagrad.update.
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

AVX2 void ck_matvec_avx2(const double *W, const double *x, double *y, long m, long n) {
    // Eight rows at a time give four independent chains of additions; each row's sums are the
    // same as in Swift's four-row loop, because rows do not interact.
    long i = 0;
    for (; i + 4 <= m; ) {
        long rows = i + 8 <= m ? 8 : 4;
        const double *r = W + i * n;
        __m256d a01 = _mm256_setzero_pd(), a23 = _mm256_setzero_pd();
        __m256d a45 = _mm256_setzero_pd(), a67 = _mm256_setzero_pd();
        long j = 0;
        if (rows == 8) {
            for (; j + 2 <= n; j += 2) {
                __m256d xx = _mm256_broadcast_pd((const __m128d *)(x + j));
                a01 = two_rows(a01, r + j, r + n + j, xx);
                a23 = two_rows(a23, r + 2 * n + j, r + 3 * n + j, xx);
                a45 = two_rows(a45, r + 4 * n + j, r + 5 * n + j, xx);
                a67 = two_rows(a67, r + 6 * n + j, r + 7 * n + j, xx);
            }
            finish_rows(a45, r + 4 * n, r + 5 * n, x, j, n, y + i + 4);
            finish_rows(a67, r + 6 * n, r + 7 * n, x, j, n, y + i + 6);
        } else {
            for (; j + 2 <= n; j += 2) {
                __m256d xx = _mm256_broadcast_pd((const __m128d *)(x + j));
                a01 = two_rows(a01, r + j, r + n + j, xx);
                a23 = two_rows(a23, r + 2 * n + j, r + 3 * n + j, xx);
            }
        }
        finish_rows(a01, r, r + n, x, j, n, y + i);
        finish_rows(a23, r + 2 * n, r + 3 * n, x, j, n, y + i + 2);
        i += rows;
    }
    for (; i < m; i++) y[i] = ck_dot_avx2(W + i * n, x, n);
}

// `lanes` vectors (4 · lanes elements) of c, kept in registers while every row of B adds to them.
// Always inlined with a constant `lanes`, so the loops over v unroll and acc stays in registers.
AVX2 static inline __attribute__((always_inline)) void combine_block(
    double *c, const double *a, long stride, const double *B, long k, long n, long lanes) {
    __m256d acc[4];
    for (long v = 0; v < lanes; v++) acc[v] = _mm256_loadu_pd(c + 4 * v);
    long p = 0;
    for (; p + 4 <= k; p += 4) {
        __m256d a0 = _mm256_set1_pd(a[p * stride]), a1 = _mm256_set1_pd(a[(p + 1) * stride]);
        __m256d a2 = _mm256_set1_pd(a[(p + 2) * stride]), a3 = _mm256_set1_pd(a[(p + 3) * stride]);
        const double *b0 = B + p * n, *b1 = b0 + n, *b2 = b1 + n, *b3 = b2 + n;
        for (long v = 0; v < lanes; v++) {
            __m256d t = _mm256_add_pd(_mm256_mul_pd(a0, _mm256_loadu_pd(b0 + 4 * v)),
                                      _mm256_mul_pd(a1, _mm256_loadu_pd(b1 + 4 * v)));
            t = _mm256_add_pd(t, _mm256_mul_pd(a2, _mm256_loadu_pd(b2 + 4 * v)));
            t = _mm256_add_pd(t, _mm256_mul_pd(a3, _mm256_loadu_pd(b3 + 4 * v)));
            acc[v] = _mm256_add_pd(acc[v], t);
        }
    }
    for (; p < k; p++) {
        __m256d ap = _mm256_set1_pd(a[p * stride]);
        for (long v = 0; v < lanes; v++)
            acc[v] = _mm256_add_pd(acc[v], _mm256_mul_pd(ap, _mm256_loadu_pd(B + p * n + 4 * v)));
    }
    for (long v = 0; v < lanes; v++) _mm256_storeu_pd(c + 4 * v, acc[v]);
}

AVX2 void ck_add_row_combination_avx2(double *c, const double *a, long stride, const double *B, long k, long n) {
    // Each c[j] receives, group by group, c[j] + (((a0 b0[j] + a1 b1[j]) + a2 b2[j]) + a3 b3[j]),
    // then c[j] + a_p b_p[j] for the rows left over: the Swift loop's sums, in its order. Where
    // Swift walks the rows in the outer loop and c in the inner one, this keeps a block of c in
    // registers and walks the rows inside it, so c is loaded and stored once, not once per group.
    long j = 0;
    for (; j + 16 <= n; j += 16) combine_block(c + j, a, stride, B + j, k, n, 4);
    for (; j + 4 <= n; j += 4) combine_block(c + j, a, stride, B + j, k, n, 1);
    for (; j < n; j++) {
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

AVX2 void ck_adagrad_avx2(double *theta, double *G, const double *g, long n, double alpha, double epsilon) {
    // A zero gradient leaves G and θ as they are here too (θ − 0 = θ), so the Swift loop's
    // skipping of zero gradients changes nothing but the time.
    __m256d va = _mm256_set1_pd(alpha), ve = _mm256_set1_pd(epsilon);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d gi = _mm256_loadu_pd(g + i);
        __m256d Gi = _mm256_add_pd(_mm256_loadu_pd(G + i), _mm256_mul_pd(gi, gi));
        _mm256_storeu_pd(G + i, Gi);
        __m256d step = _mm256_div_pd(_mm256_mul_pd(va, gi), _mm256_add_pd(_mm256_sqrt_pd(Gi), ve));
        _mm256_storeu_pd(theta + i, _mm256_sub_pd(_mm256_loadu_pd(theta + i), step));
    }
    for (; i < n; i++) {
        G[i] += g[i] * g[i];
        theta[i] -= alpha * g[i] / (__builtin_sqrt(G[i]) + epsilon);
    }
}

#else

int ck_has_avx2(void) { return 0; }

#endif
