// The matrix product of Kernels.gemm with AVX2 and fused multiply-adds.
//
// Every element of C is one chain of fused multiply-adds, c ← a(i, p) · B[p, j] + c for
// p = 0, 1, …, k − 1, exactly as the Swift loop does it with `addingProduct`: a fused multiply-add
// rounds once, so there is one right answer for each step and both loops produce it. The vector
// code only computes many such chains side by side (4 rows × 8 columns of C at once).
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int ck_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
}

#define AVX2FMA __attribute__((target("avx2,fma")))

// a(i, p): row-major A (m × k), or A stored transposed (k × m).
#define A_AT(i, p) (transA ? A[(p) * lda + (i)] : A[(i) * lda + (p)])

// ROWS rows (1 or 4) × 8 columns of C, starting at row i and column j.
AVX2FMA static inline void block8(double *C, long ldc, const double *A, long lda, int transA,
                                  const double *B, long ldb, long i, long j, long k, int accumulate, int rows) {
    __m256d c[4][2];
    for (int r = 0; r < rows; r++) {
        c[r][0] = accumulate ? _mm256_loadu_pd(C + (i + r) * ldc + j) : _mm256_setzero_pd();
        c[r][1] = accumulate ? _mm256_loadu_pd(C + (i + r) * ldc + j + 4) : _mm256_setzero_pd();
    }
    for (long p = 0; p < k; p++) {
        __m256d b0 = _mm256_loadu_pd(B + p * ldb + j), b1 = _mm256_loadu_pd(B + p * ldb + j + 4);
        for (int r = 0; r < rows; r++) {
            __m256d a = _mm256_set1_pd(A_AT(i + r, p));
            c[r][0] = _mm256_fmadd_pd(a, b0, c[r][0]);
            c[r][1] = _mm256_fmadd_pd(a, b1, c[r][1]);
        }
    }
    for (int r = 0; r < rows; r++) {
        _mm256_storeu_pd(C + (i + r) * ldc + j, c[r][0]);
        _mm256_storeu_pd(C + (i + r) * ldc + j + 4, c[r][1]);
    }
}

// One element: the same chain, one term at a time.
AVX2FMA static inline void element(double *C, long ldc, const double *A, long lda, int transA,
                                   const double *B, long ldb, long i, long j, long k, int accumulate) {
    double c = accumulate ? C[i * ldc + j] : 0.0;
    for (long p = 0; p < k; p++) c = __builtin_fma(A_AT(i, p), B[p * ldb + j], c);
    C[i * ldc + j] = c;
}

AVX2FMA void ck_gemm_fma(double *C, long c0, long ldc, const double *A, long a0, long lda, int transA,
                         const double *B, long b0, long ldb, long m, long n, long k, int accumulate) {
    C += c0;
    A += a0;
    B += b0;
    long j = 0;
    // Columns in blocks of 8: B's 8-column strip stays in the L1 cache while every row block uses it.
    for (; j + 8 <= n; j += 8) {
        long i = 0;
        for (; i + 4 <= m; i += 4) block8(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate, 4);
        for (; i < m; i++) block8(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate, 1);
    }
    for (; j < n; j++)
        for (long i = 0; i < m; i++) element(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate);
}

#else

int ck_has_avx2_fma(void) { return 0; }

#endif
