// Chapter 3 exercises — convolutional networks.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch03Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: avg-pool-backward
/// The backward pass of average pooling.
///
/// Average pooling replaces each F×F window (stride F, windows do not overlap) by its mean:
///
///     Y[n,c,i,j] = (1/F²) Σ_u Σ_v X[n,c, F·i+u, F·j+v]        0 ≤ u, v < F
///
/// so Y has shape (N, C, ⌊H/F⌋, ⌊W/F⌋). Given dY = ∂L/∂Y, return ∂L/∂X with shape `inputShape`
/// (N, C, H, W). Pixels that lie in no window (when H or W is not a multiple of F) get 0.
public func averagePoolBackward(_ dY: Tensor, inputShape: [Int], size F: Int) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: im2col
/// Unrolls the patches of one image so that a convolution becomes one matrix product.
///
/// `x` has shape (C, H, W). Return a matrix of shape (H_out · W_out, C · F · F), with H_out and
/// W_out from equation (3.2). Row i · W_out + j holds the patch under output pixel (i, j): the
/// values X̃[c, S·i+u, S·j+v] of the zero-padded input, in the order c, then u, then v — the
/// order of one filter W[k] in the (K, C, F, F) layout. Then, with W reshaped to (K, C·F·F),
///
///     im2col(x) · Wᵀ   is (H_out · W_out, K): the convolution's output, one column per filter.
public func im2col(_ x: Tensor, filterSize F: Int, stride S: Int, padding P: Int) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: dropout
/// Inverted dropout, forward and backward.
///
/// During training, keep each element of x with probability p — draw `rng.uniform() < p` once per
/// element, in order — and zero the rest. Scale what is kept by 1/p, so that the expected value of
/// each output equals its input and nothing needs rescaling at test time:
///
///     mask[i] = 1 if kept, 0 if dropped;      y = x ⊙ mask / p
///
/// Return y and the mask (same shape as x).
public func dropoutForward(_ x: Tensor, keepProbability p: Double,
                           rng: inout SeededRNG) throws -> (y: Tensor, mask: Tensor) {
    throw ExerciseError.notAttempted
}

/// ∂L/∂x for the dropout above, given dY = ∂L/∂y and the mask the forward pass drew.
public func dropoutBackward(_ dY: Tensor, mask: Tensor, keepProbability p: Double) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: col2im
/// The backward pass of `im2col`: given dCols = ∂L/∂cols, of shape (H_out · W_out, C · F · F),
/// return ∂L/∂x, of shape (C, H, W) = `imageShape`.
///
/// Every entry of im2col's matrix is a copy of one pixel x[c, r, q] (r = S·i+u−P, q = S·j+v−P),
/// or a padding zero. A pixel copied into several patches receives the sum of the gradients of
/// all its copies; the gradients of padding positions go nowhere. With it, the convolution's
/// ∂L/∂x is col2im(dY_cols · W) — one matrix product and one col2im.
public func col2im(_ dCols: Tensor, imageShape: [Int], filterSize F: Int, stride S: Int, padding P: Int) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise
