// The matrix product of Kernels.gemm with AVX2 and fused multiply-adds.
//
// Every element of C is one chain of fused multiply-adds, c ← a(i, p) · B[p, j] + c for
// p = 0, 1, …, k − 1, exactly as the Swift loop does it with `addingProduct`: a fused multiply-add
// rounds once, so there is one right answer for each step and both loops produce it. The vector
// code only computes many such chains side by side (up to 6 rows × 8 columns of C at once).
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

// One tile of C: `rows` rows (1–6) × `vecs` vectors of 4 columns (1 or 2) at (i, j), over the k
// terms p = 0 … k − 1, each chain starting from C (accumulate), from bias[j] (a non-null bias) or
// 0. Six rows × eight columns is twelve accumulators, enough independent chains to keep both FMA
// units busy (each FMA waits for the previous one of its chain). When `masked`, the
// last vector covers only the 1–3 columns `mask` selects, at the right edge of C. Every argument
// marked const is a constant at each call, so the compiler writes one loop per combination.
AVX2FMA static inline __attribute__((always_inline))
void tile(double *C, long ldc, const double *A, long lda, const int transA, const double *B, long ldb,
          long i, long j, long k, int accumulate, const double *bias, const int rows, const int vecs,
          const int masked, __m256i mask) {
    __m256d c[6][2];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vecs; v++) {
            const double *at = accumulate ? C + (i + r) * ldc + j + 4 * v : bias ? bias + j + 4 * v : 0;
            c[r][v] = !at ? _mm256_setzero_pd()
                    : (masked && v == vecs - 1) ? _mm256_maskload_pd(at, mask) : _mm256_loadu_pd(at);
        }
    for (long p = 0; p < k; p++) {
        __m256d b[2];
        for (int v = 0; v < vecs; v++) {
            const double *at = B + p * ldb + j + 4 * v;
            b[v] = (masked && v == vecs - 1) ? _mm256_maskload_pd(at, mask) : _mm256_loadu_pd(at);
        }
        for (int r = 0; r < rows; r++) {
            __m256d a = _mm256_set1_pd(A_AT(i + r, p));
            for (int v = 0; v < vecs; v++) c[r][v] = _mm256_fmadd_pd(a, b[v], c[r][v]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vecs; v++) {
            double *at = C + (i + r) * ldc + j + 4 * v;
            if (masked && v == vecs - 1) _mm256_maskstore_pd(at, mask, c[r][v]);
            else _mm256_storeu_pd(at, c[r][v]);
        }
}

// `rows` rows of C across all n columns: eight at a time, then four, then the 1–3 left (masked),
// so that no column falls back to one scalar chain at a time.
AVX2FMA static inline __attribute__((always_inline))
void rowBlock(double *C, long ldc, const double *A, long lda, const int transA, const double *B, long ldb,
              long i, long n, long k, int accumulate, const double *bias, const int rows) {
    const __m256i all = _mm256_set1_epi64x(-1);
    long j = 0;
    for (; j + 8 <= n; j += 8) tile(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate, bias, rows, 2, 0, all);
    if (j + 4 <= n) {
        tile(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate, bias, rows, 1, 0, all);
        j += 4;
    }
    if (j < n) {
        long left = n - j;
        __m256i mask = _mm256_set_epi64x(0, left > 2 ? -1 : 0, left > 1 ? -1 : 0, -1);
        tile(C, ldc, A, lda, transA, B, ldb, i, j, k, accumulate, bias, rows, 1, 1, mask);
    }
}

// The terms p are taken in slices of KC, each slice added into C in order: a partial sum kept in C
// between slices is the same double the chain would hold, so the result does not change, while
// the slice of B (KC × n) and the six rows of A being used stay in the caches. Only the first
// slice starts from the bias.
AVX2FMA static inline __attribute__((always_inline))
void gemm(double *C, long ldc, const double *A, long lda, const int transA,
          const double *B, long ldb, long m, long n, long k, int accumulate, const double *bias) {
    const long KC = transA ? 64 : 128;      // measured best on the course's shapes
    long p0 = 0;
    do {
        long kc = k - p0 < KC ? k - p0 : KC;
        const double *Ap = transA ? A + p0 * lda : A + p0, *Bp = B + p0 * ldb;
        int add = accumulate || p0 > 0;
        const double *start = p0 > 0 ? 0 : bias;
        long i = 0;
        for (; i + 6 <= m; i += 6) rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 6);
        switch (m - i) {
        case 5: rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 5); break;
        case 4: rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 4); break;
        case 3: rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 3); break;
        case 2: rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 2); break;
        case 1: rowBlock(C, ldc, Ap, lda, transA, Bp, ldb, i, n, kc, add, start, 1); break;
        default: break;
        }
        p0 += KC;
    } while (p0 < k);
}

AVX2FMA void ck_gemm_fma(double *C, long c0, long ldc, const double *A, long a0, long lda, int transA,
                         const double *B, long b0, long ldb, long m, long n, long k, int accumulate,
                         const double *bias) {
    if (transA) gemm(C + c0, ldc, A + a0, lda, 1, B + b0, ldb, m, n, k, accumulate, bias);
    else gemm(C + c0, ldc, A + a0, lda, 0, B + b0, ldb, m, n, k, accumulate, bias);
}

#else

int ck_has_avx2_fma(void) { return 0; }

#endif
