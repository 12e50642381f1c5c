// Copies between matrices: Tensor.transposed, and the sub-matrices of chapter 7's heads
// (Tensor.block, Tensor.setBlock). Pure data movement, so there is nothing to round and any
// processor runs them; in C each row is one memcpy, where a Swift loop checked every index.
#include "CKernels.h"
#include <string.h>

void ck_copy_rows(double *dst, long d0, long ldd, const double *src, long s0, long lds, long rows, long width) {
    for (long i = 0; i < rows; i++) memcpy(dst + d0 + i * ldd, src + s0 + i * lds, (size_t)width * sizeof(double));
}

void ck_transpose(double *dst, const double *src, long r, long c) {
    // Four source rows at a time, so that every cache line written receives four elements at once.
    long i = 0;
    for (; i + 4 <= r; i += 4)
        for (long j = 0; j < c; j++)
            for (long k = 0; k < 4; k++) dst[j * r + i + k] = src[(i + k) * c + j];
    for (; i < r; i++)
        for (long j = 0; j < c; j++) dst[j * r + i] = src[i * c + j];
}
