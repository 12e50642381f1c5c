#ifndef CKERNELS_H
#define CKERNELS_H

/// The innermost loops of `Sources/Lessons/Core/Kernels.swift` (dot and matrix–vector products,
/// combinations of rows, the RNN's tanh, the matrix product) and of chapter 8 (attention heads,
/// LayerNorm, AdamW), four `double`s at a time with AVX2.
/// Each function performs exactly the operations of its Swift twin, in the same order, so the
/// results are bit-for-bit the same; only the instructions are wider. The Swift side calls them
/// when `ck_has_avx2()` says the processor can run them, and runs its own loops otherwise.
/// The copies and column sums declared first are plain C for every processor.

/// 1 when the processor and the operating system support AVX2, else 0.
int ck_has_avx2(void);

/// 1 when they support AVX2 and fused multiply-add instructions, else 0.
int ck_has_avx2_fma(void);

/// dst[d0 + i · ldd + j] = src[s0 + i · lds + j] for i < rows, j < width: a block of rows copied
/// between matrices with leading dimensions ldd and lds (any processor).
void ck_copy_rows(double *dst, long d0, long ldd, const double *src, long s0, long lds, long rows, long width);

/// dst (c × r) = the transpose of the row-major (r × c) src (any processor).
void ck_transpose(double *dst, const double *src, long r, long c);

/// out[j] = Σ_i x[i · cols + j] over the rows in order, for j < cols (any processor).
void ck_sum_rows(double *out, const double *x, long rows, long cols);

#if defined(__x86_64__)
/// Σᵢ a[i] b[i], in the four interleaved sums of `Kernels.dot`.
double ck_dot_avx2(const double *a, const double *b, long n);

/// y = W x for a row-major (m × n) W, as `Kernels.matvec`: per row, one sum over the even
/// columns and one over the odd columns.
void ck_matvec_avx2(const double *W, const double *x, double *y, long m, long n);

/// Y[i, :] = W X[i, :] for the `count` rows of X (each n long) and of Y (each m long): that many
/// `ck_matvec_avx2`s, two at a time.
void ck_matvecs_avx2(const double *W, const double *X, double *Y, long count, long m, long n);

/// c += Σ_p a[p · stride] B[p, :] over the k rows of a row-major (k × n) B, as
/// `Kernels.addRowCombination`: rows taken four at a time.
void ck_add_row_combination_avx2(double *c, const double *a, long stride, const double *B, long k, long n);

/// `ck_add_row_combination_avx2` for the m rows of a row-major (m × n) C, row i with the
/// coefficients a[i · ldA + p · stride]: two rows of C at a time.
void ck_add_row_combinations_avx2(double *C, long m, const double *a, long ldA, long stride,
                                  const double *B, long k, long n);

/// x ← tanh(x) for the n elements at x, as `Kernels.tanh`.
void ck_tanh_avx2(double *x, long n);


/// C[i, j] ← (accumulate ? C[i, j] : bias ? bias[j] : 0) + Σ_p a(i, p) B[p, j] for the (m × n) block of C, as
/// `Kernels.gemm`: each element one chain of fused multiply-adds over p = 0 … k − 1, in order.
/// a(i, p) is A[i · lda + p], or A[p · lda + i] when transA is 1; B is row-major with leading
/// dimension ldb, C with ldc; each matrix starts at its offset (c0, a0, b0) in its buffer.
void ck_gemm_fma(double *C, long c0, long ldc, const double *A, long a0, long lda, int transA,
                 const double *B, long b0, long ldb, long m, long n, long k, int accumulate,
                 const double *bias);

/// Chapter 8's `AttentionHeads` of all `heads` heads of B sequences of T rows: head h of
/// sequence b reads its d_k columns of the (B·T × heads·d_k) Q, K and V in place; its weights A
/// (T × T, zero above the diagonal when `causal`) go to A + (b · heads + h) · T², its output to
/// its columns of O. Every element of A and O is written.
void ck_attention_heads_avx2(const double *Q, const double *K, const double *V, double *A, double *O,
                             long B, long T, long heads, long dk, int causal, double scale);

/// Its backward pass: writes every element of dQ, dK and dV (B·T × heads·d_k), given dO.
void ck_attention_heads_backward_avx2(const double *A, const double *Q, const double *K, const double *V,
                                      const double *dO, double *dQ, double *dK, double *dV,
                                      long B, long T, long heads, long dk, int causal, double scale);

/// Chapter 8's `AdamW.update` for one tensor of n weights θ, with its moments m and v (updated in
/// place) and its gradient g, the new weights written to `updated`; c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ,
/// rate α_t, decay λ.
void ck_adamw_avx2(double *updated, const double *theta, double *m, double *v, const double *g, long n,
                   double beta1, double beta2, double c1, double c2, double epsilon, double rate, double decay);

/// Chapter 8's `LayerNorm.forward` for n rows of d: x̂ and y (n × d), 1/√(σ² + ε) of each row.
void ck_layer_norm_forward_avx2(const double *x, const double *gamma, const double *beta, double *xHat,
                                double *y, double *inverseStd, long n, long d, double epsilon);

/// Its backward pass: dx (n × d), and dγ, dβ (d, zeroed by the caller) summed over the rows.
void ck_layer_norm_backward_avx2(const double *dy, const double *xHat, const double *gamma,
                                 const double *inverseStd, double *dx, double *dGamma, double *dBeta,
                                 long n, long d);
#endif

#endif
