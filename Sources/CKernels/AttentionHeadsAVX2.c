// AVX2 twins of chapter 8's attention heads (Sources/Lessons/Ch08Transformer/AttentionHeads.swift).
//
// As in KernelsAVX2.c, every lane of a vector plays the part of one element of the Swift loop,
// products and sums are rounded separately (no FMA, contraction off), and every sum is formed in
// the Swift loop's order, so the results are bit-for-bit the same. The exponentials and the
// sums of each softmax row stay scalar, as in Swift, and call the same C library `exp`.
//
// Head h of sequence b is the block of columns h·dk … (h+1)·dk − 1 and rows b·T … (b+1)·T − 1 of
// the (B·T × d) matrices Q, K, V and O: its row i starts at (b·T + i)·d + h·dk, rows d apart.
#include "CKernels.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
// held in registers across p. s has room for a whole row of Bt (ld numbers), and columns n … ld − 1
// of s may be written too (with sums of columns of Bt the loop does not use, which the caller
// ignores): a row cut short at n still runs in whole vectors rather than ending in scalar sums.
AVX2 static inline void rowTimesColumns(double *s, const double *q, const double *Bt, long ld, long k, long n) {
    long j = 0;
    for (; j < n && j + 16 <= ld; j += 16) {
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
    for (; j < n && j + 4 <= ld; j += 4) {
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

// x[j] ← x[j] · f for j < n (exact, lane by lane, as the scalar product).
AVX2 static inline void scale(double *x, double f, long n) {
    long j = 0;
    for (; j + 4 <= n; j += 4) _mm256_storeu_pd(x + j, _mm256_mul_pd(_mm256_loadu_pd(x + j), _mm256_set1_pd(f)));
    for (; j < n; j++) x[j] *= f;
}

// x[j] ← x[j] / d for j < n.
AVX2 static inline void divide(double *x, double d, long n) {
    long j = 0;
    for (; j + 4 <= n; j += 4) _mm256_storeu_pd(x + j, _mm256_div_pd(_mm256_loadu_pd(x + j), _mm256_set1_pd(d)));
    for (; j < n; j++) x[j] /= d;
}

// Rows 16 wide (d_k = d_v = 16, the chapter's heads) are held in four registers across a loop over
// j instead of being loaded and stored for every j: the same additions in the same order.
typedef struct { __m256d v[4]; } Row16;

AVX2 static inline Row16 load16(const double *x) {
    return (Row16){{_mm256_loadu_pd(x), _mm256_loadu_pd(x + 4), _mm256_loadu_pd(x + 8), _mm256_loadu_pd(x + 12)}};
}

AVX2 static inline Row16 zero16(void) { return (Row16){{_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()}}; }

AVX2 static inline void store16(double *x, Row16 r) {
    for (int c = 0; c < 4; c++) _mm256_storeu_pd(x + 4 * c, r.v[c]);
}

// r + a · x, element by element, the product rounded before the sum.
AVX2 static inline Row16 axpy16(Row16 r, double a, Row16 x) {
    const __m256d va = _mm256_set1_pd(a);
    for (int c = 0; c < 4; c++) r.v[c] = _mm256_add_pd(r.v[c], _mm256_mul_pd(va, x.v[c]));
    return r;
}

// dst (dk × T) = the transpose of one head's block (T × dk, rows ld apart).
static void transposeHead(double *dst, const double *src, long T, long dk, long ld) {
    for (long i = 0; i < T; i++)
        for (long p = 0; p < dk; p++) dst[p * T + i] = src[i * ld + p];
}

// Sets the T rows (each dk long, ld apart) of one head's block to zero.
static void zeroHead(double *x, long T, long dk, long ld) {
    for (long i = 0; i < T; i++) memset(x + i * ld, 0, (size_t)dk * sizeof(double));
}

// One head: A (T × T) and its block of O, with Kt room for Kᵀ.
AVX2 static void head(const double *Q, const double *K, const double *V, double *A, double *O, double *Kt,
                      long T, long dk, long ld, int causal, double factor) {
    transposeHead(Kt, K, T, dk, ld);
    for (long i = 0; i < T; i++) {
        const long n = causal ? i + 1 : T;                  // the keys j < n that query i sees
        double *a = A + i * T;
        rowTimesColumns(a, Q + i * ld, Kt, T, dk, n);
        scale(a, factor, n);
        double m = -INFINITY;
        for (long j = 0; j < n; j++) m = a[j] >= m ? a[j] : m;        // Swift's max(m, a[j])
        double sum = 0;
        for (long j = 0; j < n; j++) {
            a[j] = exp(a[j] - m);
            sum += a[j];
        }
        divide(a, sum, n);
        for (long j = n; j < T; j++) a[j] = 0;
        if (dk == 16) {
            Row16 o = zero16();
            for (long j = 0; j < n; j++) o = axpy16(o, a[j], load16(V + j * ld));
            store16(O + i * ld, o);
        } else {
            memset(O + i * ld, 0, (size_t)dk * sizeof(double));
            for (long j = 0; j < n; j++) axpy(O + i * ld, a[j], V + j * ld, dk);
        }
    }
}

// A head of more than this many rows is copied into contiguous scratch first, and its results
// copied back: the rows of a head in place lie d numbers apart, so a long head's rows fall into a
// few cache sets and evict one another (at T = 1,024 the kernels ran 20 % slower in place).
enum { IN_PLACE_MAX_T = 64 };

AVX2 void ck_attention_heads_avx2(const double *Q, const double *K, const double *V, double *A, double *O,
                                  long B, long T, long heads, long dk, int causal, double scale) {
    const long ld = heads * dk, size = T * dk, copied = T > IN_PLACE_MAX_T;
    double *Kt = malloc((size_t)(size * (copied ? 5 : 1)) * sizeof(double));
    double *Qc = Kt + size, *Kc = Qc + size, *Vc = Kc + size, *Oc = Vc + size;
    for (long b = 0; b < B; b++)
        for (long h = 0; h < heads; h++) {
            const long first = b * T * ld + h * dk;
            double *a = A + (b * heads + h) * T * T;
            if (!copied) {
                head(Q + first, K + first, V + first, a, O + first, Kt, T, dk, ld, causal, scale);
                continue;
            }
            ck_copy_rows(Qc, 0, dk, Q, first, ld, T, dk);
            ck_copy_rows(Kc, 0, dk, K, first, ld, T, dk);
            ck_copy_rows(Vc, 0, dk, V, first, ld, T, dk);
            head(Qc, Kc, Vc, a, Oc, Kt, T, dk, dk, causal, scale);
            ck_copy_rows(O, first, ld, Oc, 0, dk, T, dk);
        }
    free(Kt);
}

// One head's backward pass, with Vt room for Vᵀ, dA for one row of ∂L/∂A and dS for ∂L/∂S (T × T).
// For 16-wide heads, ∂L/∂Q_i is summed over j in registers row by row, then ∂L/∂V_j and ∂L/∂K_j
// over i in registers column by column: each sum still adds its terms in the Swift loop's order
// (i ascending for ∂L/∂V_j and ∂L/∂K_j), without a load and a store of both rows for every (i, j).
// Only up to T = 256: a column of A and of ∂L/∂S then lies on at most 128 pages of memory each,
// while longer ones (T = 1,024: one page per element) run slower than the row-by-row loop.
static inline int byColumns(long T, long dk) { return dk == 16 && T <= 256; }

AVX2 static void headBackward(const double *A, const double *Q, const double *K, const double *V, const double *dO,
                              double *dQ, double *dK, double *dV, double *Vt, double *dA, double *dS,
                              long T, long dk, long ld, int causal, double scale) {
    transposeHead(Vt, V, T, dk, ld);
    const int columns = byColumns(T, dk);
    if (!columns) {
        zeroHead(dK, T, dk, ld);
        zeroHead(dV, T, dk, ld);
    }
    for (long i = 0; i < T; i++) {
        const long n = causal ? i + 1 : T;
        const double *a = A + i * T, *g = dO + i * ld;
        rowTimesColumns(dA, g, Vt, T, dk, n);
        double dot = 0;
        for (long j = 0; j < n; j++) dot += a[j] * dA[j];
        if (columns) {
            Row16 dq = zero16();
            for (long j = 0; j < n; j++) {
                dS[i * T + j] = a[j] * (dA[j] - dot) * scale;
                dq = axpy16(dq, dS[i * T + j], load16(K + j * ld));
            }
            store16(dQ + i * ld, dq);
            continue;
        }
        memset(dQ + i * ld, 0, (size_t)dk * sizeof(double));
        for (long j = 0; j < n; j++) {
            const double dSij = a[j] * (dA[j] - dot) * scale;
            axpy(dV + j * ld, a[j], g, dk);
            axpy(dQ + i * ld, dSij, K + j * ld, dk);
            axpy(dK + j * ld, dSij, Q + i * ld, dk);
        }
    }
    if (!columns) return;
    for (long j = 0; j < T; j++) {
        Row16 dv = zero16(), dkj = zero16();
        for (long i = causal ? j : 0; i < T; i++) {
            dv = axpy16(dv, A[i * T + j], load16(dO + i * ld));
            dkj = axpy16(dkj, dS[i * T + j], load16(Q + i * ld));
        }
        store16(dV + j * ld, dv);
        store16(dK + j * ld, dkj);
    }
}

AVX2 void ck_attention_heads_backward_avx2(const double *A, const double *Q, const double *K, const double *V,
                                           const double *dO, double *dQ, double *dK, double *dV,
                                           long B, long T, long heads, long dk, int causal, double scale) {
    const long ld = heads * dk, size = T * dk, copied = T > IN_PLACE_MAX_T;
    const long scores = byColumns(T, dk) ? T * T : 0;
    double *Vt = malloc((size_t)(size + T + scores + size * (copied ? 7 : 0)) * sizeof(double));
    double *dA = Vt + size, *dS = dA + T;
    double *Qc = dS + scores, *Kc = Qc + size, *Vc = Kc + size, *dOc = Vc + size;
    double *dQc = dOc + size, *dKc = dQc + size, *dVc = dKc + size;
    for (long b = 0; b < B; b++)
        for (long h = 0; h < heads; h++) {
            const long first = b * T * ld + h * dk;
            const double *a = A + (b * heads + h) * T * T;
            if (!copied) {
                headBackward(a, Q + first, K + first, V + first, dO + first, dQ + first, dK + first, dV + first,
                             Vt, dA, dS, T, dk, ld, causal, scale);
                continue;
            }
            ck_copy_rows(Qc, 0, dk, Q, first, ld, T, dk);
            ck_copy_rows(Kc, 0, dk, K, first, ld, T, dk);
            ck_copy_rows(Vc, 0, dk, V, first, ld, T, dk);
            ck_copy_rows(dOc, 0, dk, dO, first, ld, T, dk);
            headBackward(a, Qc, Kc, Vc, dOc, dQc, dKc, dVc, Vt, dA, dS, T, dk, dk, causal, scale);
            ck_copy_rows(dQ, first, ld, dQc, 0, dk, T, dk);
            ck_copy_rows(dK, first, ld, dKc, 0, dk, T, dk);
            ck_copy_rows(dV, first, ld, dVc, 0, dk, T, dk);
        }
    free(Vt);
}

#endif
