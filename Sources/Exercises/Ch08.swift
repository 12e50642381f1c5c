// Chapter 8 exercises — a small Transformer.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch08Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: layer-norm-backward
/// The backward pass of layer normalisation (8.3), for every row of X (N × d):
///
///     x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β       (μ, σ² the mean and variance of the row)
///
/// Given X, γ (d), ε and dY = ∂L/∂Y (N × d), return ∂L/∂X (N × d), ∂L/∂γ and ∂L/∂β (d each).
/// Remember that μ and σ² depend on every element of the row. (Compare your result with
/// `LayerNorm.backward` only after you have derived it.)
public func layerNormBackward(X: Tensor, γ: Tensor, dY: Tensor, ε: Double) throws -> (dX: Tensor, dγ: Tensor, dβ: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: warmup-cosine
/// The learning rate at step t = 1 … total of the schedule (8.9): linear warm-up from 0 to `peak`
/// over the first `warmup` steps (step `warmup` is at the peak), then half a cosine from `peak`
/// down to `minimum`, reached at step `total`.
public func warmupCosine(step t: Int, peak: Double, minimum: Double, warmup: Int, total: Int) throws -> Double {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: tied-head
/// Weight tying (Press & Wolf, 2017): the output head reuses the token embedding E (V × d)
/// instead of a matrix of its own, logits = H Eᵀ (no bias), where H (N × d) is the last layer's
/// output.
///
/// Given H, E, dLogits = ∂L/∂logits (N × V) and dEFromInput — the gradient the *input* embedding
/// already gave E (V × d) — return the logits, ∂L/∂H and the total ∂L/∂E of the shared matrix.
public func tiedHead(H: Tensor, E: Tensor, dLogits: Tensor, dEFromInput: Tensor) throws
    -> (logits: Tensor, dH: Tensor, dE: Tensor)
{
    throw ExerciseError.notAttempted
}
// end exercise
