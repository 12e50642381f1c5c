// AVX2 twins of chapter 8's causal attention (Sources/Lessons/Ch08Transformer/CausalAttention.swift).
//
// As in KernelsAVX2.c, every lane of a vector plays the part of one element of the Swift loop,
// products and sums are rounded separately (no FMA, contraction off), and every sum is formed in
// the Swift loop's order, so the results are bit-for-bit the same. The exponentials and the
// sums of each softmax row stay scalar, as in Swift, and call the same C library `exp`.
#include "CKernels.h"
#include <math.h>
#include <stdlib.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

// y[c] += a · x[c] for c < n.
AVX2 static inline void axpy(double *y, double a, const double *x, long n) {
    const __m256d va = _mm256_set1_pd(a);
    long c = 0;
    for (; c + 4 <= n; c += 4)
        _mm256_storeu_pd(y + c, _mm256_add_pd(_mm256_loadu_pd(y + c), _mm256_mul_pd(va, _mm256_loadu_pd(x + c))));
    for (; c < n; c++) y[c] += a * x[c];
}

// s[j] = Σ_p q[p] · Bt[p · ld + j] for j < n, each sum starting from 0 and taken over p = 0 … k − 1
// in order: the Swift loop's `for p { for j { s[j] += q[p] * Bt[p * ld + j] } }`, sixteen columns
// held in registers across p.
AVX2 static inline void rowTimesColumns(double *s, const double *q, const double *Bt, long ld, long k, long n) {
    long j = 0;
    for (; j + 16 <= n; j += 16) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        for (long p = 0; p < k; p++) {
            const __m256d b = _mm256_set1_pd(q[p]);
            const double *r = Bt + p * ld + j;
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(b, _mm256_loadu_pd(r)));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(b, _mm256_loadu_pd(r + 4)));
            a2 = _mm256_add_pd(a2, _mm256_mul_pd(b, _mm256_loadu_pd(r + 8)));
            a3 = _mm256_add_pd(a3, _mm256_mul_pd(b, _mm256_loadu_pd(r + 12)));
        }
        _mm256_storeu_pd(s + j, a0);
        _mm256_storeu_pd(s + j + 4, a1);
        _mm256_storeu_pd(s + j + 8, a2);
        _mm256_storeu_pd(s + j + 12, a3);
    }
    for (; j + 4 <= n; j += 4) {
        __m256d a = _mm256_setzero_pd();
        for (long p = 0; p < k; p++)
            a = _mm256_add_pd(a, _mm256_mul_pd(_mm256_set1_pd(q[p]), _mm256_loadu_pd(Bt + p * ld + j)));
        _mm256_storeu_pd(s + j, a);
    }
    for (; j < n; j++) {
        double a = 0;
        for (long p = 0; p < k; p++) a += q[p] * Bt[p * ld + j];
        s[j] = a;
    }
}

// Rows 16 wide (d_k = d_v = 16, the chapter's heads) are held in four registers across a loop over
// j instead of being loaded and stored for every j: the same additions in the same order.
typedef struct { __m256d v[4]; } Row16;

AVX2 static inline Row16 load16(const double *x) {
    return (Row16){{_mm256_loadu_pd(x), _mm256_loadu_pd(x + 4), _mm256_loadu_pd(x + 8), _mm256_loadu_pd(x + 12)}};
}

AVX2 static inline void store16(double *x, Row16 r) {
    for (int c = 0; c < 4; c++) _mm256_storeu_pd(x + 4 * c, r.v[c]);
}

// r + a · x, element by element, the product rounded before the sum.
AVX2 static inline Row16 axpy16(Row16 r, double a, Row16 x) {
    const __m256d va = _mm256_set1_pd(a);
    for (int c = 0; c < 4; c++) r.v[c] = _mm256_add_pd(r.v[c], _mm256_mul_pd(va, x.v[c]));
    return r;
}

AVX2 void ck_causal_attention_avx2(const double *Q, const double *K, const double *V, double *A, double *O,
                                   long T, long dk, long dv, double scale) {
    double *Kt = malloc((size_t)(T * dk) * sizeof(double));
    ck_transpose(Kt, K, T, dk);
    for (long i = 0; i < T; i++) {
        double *a = A + i * T;
        rowTimesColumns(a, Q + i * dk, Kt, T, dk, i + 1);
        double m = -INFINITY;
        for (long j = 0; j <= i; j++) {
            a[j] *= scale;
            m = a[j] >= m ? a[j] : m;                       // Swift's max(m, a[j])
        }
        double sum = 0;
        for (long j = 0; j <= i; j++) {
            a[j] = exp(a[j] - m);
            sum += a[j];
        }
        for (long j = 0; j <= i; j++) a[j] /= sum;
        if (dv == 16) {
            Row16 o = load16(O + i * dv);
            for (long j = 0; j <= i; j++) o = axpy16(o, a[j], load16(V + j * dv));
            store16(O + i * dv, o);
        } else {
            for (long j = 0; j <= i; j++) axpy(O + i * dv, a[j], V + j * dv, dv);
        }
    }
    free(Kt);
}

AVX2 void ck_causal_attention_backward_avx2(const double *A, const double *Q, const double *K, const double *V,
                                            const double *dO, double *dQ, double *dK, double *dV,
                                            long T, long dk, long dv, double scale) {
    double *Vt = malloc((size_t)(T * dv + T) * sizeof(double)), *dA = Vt + T * dv;   // Vᵀ, one row of ∂L/∂A
    ck_transpose(Vt, V, T, dv);
    for (long i = 0; i < T; i++) {
        const double *a = A + i * T, *g = dO + i * dv;
        rowTimesColumns(dA, g, Vt, T, dv, i + 1);
        double dot = 0;
        for (long j = 0; j <= i; j++) dot += a[j] * dA[j];
        if (dk == 16 && dv == 16) {                         // dQ_i, dO_i and Q_i stay in registers
            const Row16 gi = load16(g), qi = load16(Q + i * dk);
            Row16 dq = load16(dQ + i * dk);
            for (long j = 0; j <= i; j++) {
                const double dS = a[j] * (dA[j] - dot) * scale;
                store16(dV + j * dv, axpy16(load16(dV + j * dv), a[j], gi));
                dq = axpy16(dq, dS, load16(K + j * dk));
                store16(dK + j * dk, axpy16(load16(dK + j * dk), dS, qi));
            }
            store16(dQ + i * dk, dq);
            continue;
        }
        for (long j = 0; j <= i; j++) {
            const double dS = a[j] * (dA[j] - dot) * scale;
            axpy(dV + j * dv, a[j], g, dv);
            axpy(dQ + i * dk, dS, K + j * dk, dk);
            axpy(dK + j * dk, dS, Q + i * dk, dk);
        }
    }
    free(Vt);
}

#endif
