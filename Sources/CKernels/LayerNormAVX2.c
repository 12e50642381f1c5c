// The twin of chapter 8's LayerNorm (Sources/Lessons/Ch08Transformer/LayerNorm.swift).
//
// Each row's mean and variance are sums of d terms taken one after another, so a row at a time
// the processor mostly waits for the previous addition. Here four rows are summed side by side:
// every sum still adds its terms in the Swift loop's order, one rounding each (contraction off,
// no FMA), so the results are bit-for-bit the Swift loop's — the speed comes from four
// independent chains, not from a new order.
#include "CKernels.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)

#define AVX2 __attribute__((target("avx2")))
#define INLINE static inline __attribute__((always_inline))

// Rows r … r + R − 1 of the forward pass.
AVX2 INLINE void forwardRows(const double *x, const double *gamma, const double *beta, double *xHat, double *y,
                             double *inverseStd, long r, long d, double epsilon, const int R) {
    double mu[4] = {0, 0, 0, 0}, var[4] = {0, 0, 0, 0}, s[4];
    for (long j = 0; j < d; j++)
        for (int k = 0; k < R; k++) mu[k] += x[(r + k) * d + j];
    for (int k = 0; k < R; k++) mu[k] /= (double)d;
    for (long j = 0; j < d; j++)
        for (int k = 0; k < R; k++) {
            double c = x[(r + k) * d + j] - mu[k];
            var[k] += c * c;
        }
    for (int k = 0; k < R; k++) {
        var[k] /= (double)d;
        s[k] = 1 / sqrt(var[k] + epsilon);
        inverseStd[r + k] = s[k];
    }
    for (int k = 0; k < R; k++)
        for (long j = 0; j < d; j++) {
            long i = (r + k) * d + j;
            xHat[i] = (x[i] - mu[k]) * s[k];
            y[i] = gamma[j] * xHat[i] + beta[j];
        }
}

AVX2 void ck_layer_norm_forward_avx2(const double *x, const double *gamma, const double *beta, double *xHat,
                                     double *y, double *inverseStd, long n, long d, double epsilon) {
    long r = 0;
    for (; r + 4 <= n; r += 4) forwardRows(x, gamma, beta, xHat, y, inverseStd, r, d, epsilon, 4);
    for (; r < n; r++) forwardRows(x, gamma, beta, xHat, y, inverseStd, r, d, epsilon, 1);
}

// Rows r … r + R − 1 of the backward pass; dγ and dβ still receive the rows in order, per column.
AVX2 INLINE void backwardRows(const double *dy, const double *xHat, const double *gamma, const double *inverseStd,
                              double *dx, double *dGamma, double *dBeta, long r, long d, const int R) {
    double meanG[4] = {0, 0, 0, 0}, meanGx[4] = {0, 0, 0, 0};
    for (long j = 0; j < d; j++)
        for (int k = 0; k < R; k++) {
            long i = (r + k) * d + j;
            meanG[k] += gamma[j] * dy[i];
            meanGx[k] += gamma[j] * dy[i] * xHat[i];
            dGamma[j] += dy[i] * xHat[i];
            dBeta[j] += dy[i];
        }
    for (int k = 0; k < R; k++) {
        meanG[k] /= (double)d;
        meanGx[k] /= (double)d;
    }
    for (int k = 0; k < R; k++)
        for (long j = 0; j < d; j++) {
            long i = (r + k) * d + j;
            dx[i] = inverseStd[r + k] * (gamma[j] * dy[i] - meanG[k] - xHat[i] * meanGx[k]);
        }
}

AVX2 void ck_layer_norm_backward_avx2(const double *dy, const double *xHat, const double *gamma,
                                      const double *inverseStd, double *dx, double *dGamma, double *dBeta,
                                      long n, long d) {
    long r = 0;
    for (; r + 4 <= n; r += 4) backwardRows(dy, xHat, gamma, inverseStd, dx, dGamma, dBeta, r, d, 4);
    for (; r < n; r++) backwardRows(dy, xHat, gamma, inverseStd, dx, dGamma, dBeta, r, d, 1);
}

#endif
