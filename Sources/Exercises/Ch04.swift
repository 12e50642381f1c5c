// Chapter 4 exercises — recurrent networks.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch04Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: top-k-sampling
/// The distribution top-k sampling draws the next character from: softmax(y / τ) kept only for
/// the k largest scores and renormalised over them, zero everywhere else.
///
///     p_i = exp(y_i / τ) / Σ_{j in top k} exp(y_j / τ)    if y_i is one of the k largest scores
///     p_i = 0                                               otherwise
///
/// The scores are all different and 1 ≤ k ≤ y.count. It must stay finite for scores such as
/// [1000, 999, 998]. (Chapter 4's `softmax(_:temperature:)` is the case k = y.count.)
public func topKDistribution(_ y: Tensor, k: Int, temperature τ: Double) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: truncated-bptt
/// ∂L/∂W_hh when the gradient of each step's loss may travel back at most k steps.
///
/// `dhs` (T × H) holds, in row t, the gradient that step t's own output sends into h_t.
/// `RNN.backward` carries each of those back through every earlier step. Here the gradient from
/// step t's output reaches h_t, h_{t−1}, …, h_{t−k+1} and stops: for each t, run the recursion
/// δ = (1 − h_s ⊙ h_s) ⊙ d,  ∂L/∂W_hh += δ h_{s−1}ᵀ,  d = W_hhᵀ δ   for s = t, t − 1, …, t − k + 1
/// (down to the first step), starting from d = dhs row t. h_{s−1} is `h0` for the first step.
/// With k ≥ T this is full BPTT; with k = 1 each output only teaches its own step.
public func truncatedBPTT(_ rnn: RNN, inputs: [Int], h0: Tensor, dhs: Tensor, steps k: Int) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: hidden-jacobian
/// ∂h_t/∂h_s: how the hidden state at step t moves when the state at an earlier step s moves —
/// the H × H matrix whose size decides whether gradients vanish or explode over t − s steps.
///
/// Run `rnn` over `inputs` from `h0`; h_u is the state after input u (0 ≤ u < inputs.count).
/// One step h_u = tanh(W_xh x_u + W_hh h_{u−1} + b_h) has the Jacobian
///
///     ∂h_u/∂h_{u−1} = diag(1 − h_u ⊙ h_u) W_hh
///
/// and the chain rule multiplies these for u = s + 1, …, t — in which order? Return ∂h_t/∂h_s
/// for 0 ≤ s ≤ t < inputs.count (for s = t it is the identity).
public func hiddenStateJacobian(_ rnn: RNN, inputs: [Int], h0: Tensor, from s: Int, to t: Int) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise
