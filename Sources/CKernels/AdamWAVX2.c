// The AVX2 twin of chapter 8's AdamW step (Sources/Lessons/Ch08Transformer/AdamW.swift).
//
// Each lane is one element of the Swift loop and goes through the same operations in the same
// order, each rounded on its own (contraction off): divisions and square roots are correctly
// rounded in both, so the results are bit-for-bit the same. Four elements per instruction matter
// here because the step is three divisions and a square root per weight, the slowest arithmetic a
// processor has, and it runs on one core between the parallel halves of every training step.
#include "CKernels.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

// One weight: the body of the Swift loop, written in C.
static inline double adamwScalar(double theta, double *m, double *v, double g, double beta1, double beta2,
                                 double c1, double c2, double epsilon, double rate, double decay) {
    *m = beta1 * *m + (1 - beta1) * g;
    *v = beta2 * *v + (1 - beta2) * g * g;
    double adam = (*m / c1) / (sqrt(*v / c2) + epsilon);
    return theta - rate * (adam + decay * theta);
}

AVX2 void ck_adamw_avx2(double *updated, const double *theta, double *m, double *v, const double *g, long n,
                        double beta1, double beta2, double c1, double c2, double epsilon, double rate, double decay) {
    const __m256d b1 = _mm256_set1_pd(beta1), b2 = _mm256_set1_pd(beta2);
    const __m256d one1 = _mm256_set1_pd(1 - beta1), one2 = _mm256_set1_pd(1 - beta2);
    const __m256d vc1 = _mm256_set1_pd(c1), vc2 = _mm256_set1_pd(c2), eps = _mm256_set1_pd(epsilon);
    const __m256d alpha = _mm256_set1_pd(rate), lambda = _mm256_set1_pd(decay);
    long k = 0;
    for (; k + 4 <= n; k += 4) {
        __m256d gk = _mm256_loadu_pd(g + k), th = _mm256_loadu_pd(theta + k);
        __m256d mk = _mm256_add_pd(_mm256_mul_pd(b1, _mm256_loadu_pd(m + k)), _mm256_mul_pd(one1, gk));
        __m256d vk = _mm256_add_pd(_mm256_mul_pd(b2, _mm256_loadu_pd(v + k)), _mm256_mul_pd(_mm256_mul_pd(one2, gk), gk));
        __m256d adam = _mm256_div_pd(_mm256_div_pd(mk, vc1), _mm256_add_pd(_mm256_sqrt_pd(_mm256_div_pd(vk, vc2)), eps));
        _mm256_storeu_pd(m + k, mk);
        _mm256_storeu_pd(v + k, vk);
        _mm256_storeu_pd(updated + k, _mm256_sub_pd(th, _mm256_mul_pd(alpha, _mm256_add_pd(adam, _mm256_mul_pd(lambda, th)))));
    }
    for (; k < n; k++) updated[k] = adamwScalar(theta[k], m + k, v + k, g[k], beta1, beta2, c1, c2, epsilon, rate, decay);
}

#endif
