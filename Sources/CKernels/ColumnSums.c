// Tensor.sumRows, the gradient of a bias broadcast over rows: out[j] = Σ_i x[i, j]. Each column's
// sum adds the rows in order, as the Swift loop did, so the result is the same bit for bit; the
// compiler vectorises across columns only, which does not reorder any sum.
#include "CKernels.h"

void ck_sum_rows(double *out, const double *x, long rows, long cols) {
    for (long j = 0; j < cols; j++) out[j] = 0;
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) out[j] += x[i * cols + j];
}
