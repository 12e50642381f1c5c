// Chapter 5 exercises — long short-term memory.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch05Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: gru-forward
/// One step of a gated recurrent unit (Cho et al., 2014), for a dense input vector x (V) and the
/// previous hidden state h (H). The weights are stacked like the LSTM's, in the order z, r, n:
/// W_x is (3H × V), W_h is (3H × H), b is (3H); rows 0..<H are the update gate z, H..<2H the
/// reset gate r, 2H..<3H the candidate n.
///
///     z  = σ(W_xz x + W_hz h + b_z)
///     r  = σ(W_xr x + W_hr h + b_r)
///     n  = tanh(W_xn x + W_hn (r ⊙ h) + b_n)
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// Return h'. (`sigmoid` is in Lessons; `Tensor` has `matvec`, `+`, `*` for ⊙ and `map`.)
public func gruStep(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: gru-backward
/// The backward pass of the GRU step above: given dhNext = ∂L/∂h', return ∂L/∂x, ∂L/∂h,
/// ∂L/∂W_x, ∂L/∂W_h and ∂L/∂b (the last three in the stacked z, r, n layout).
///
/// Recompute the forward quantities you need. Careful with h: it reaches h' four ways — through
/// z ⊙ h directly, through the update gate z (W_hz h), through the reset gate r (W_hr h), and
/// through n's W_hn (r ⊙ h).
public func gruStepBackward(x: Tensor, h: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor, dhNext: Tensor) throws
    -> (dx: Tensor, dh: Tensor, dWx: Tensor, dWh: Tensor, db: Tensor)
{
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: peephole-lstm
/// One step of an LSTM with peephole connections (Gers & Schmidhuber, 2000): the gates also look
/// at the cell state, each through its own vector of weights p (H), element-wise.
///
///     i = σ(W_xi x + W_hi h + p_i ⊙ c_{t−1} + b_i)
///     f = σ(W_xf x + W_hf h + p_f ⊙ c_{t−1} + b_f)
///     g = tanh(W_xg x + W_hg h + b_g)
///     c_t = f ⊙ c_{t−1} + i ⊙ g
///     o = σ(W_xo x + W_ho h + p_o ⊙ c_t + b_o)        — the output gate sees the *new* cell
///     h_t = o ⊙ tanh(c_t)
///
/// `lstm` holds W_x, W_h and b in chapter 5's layout (gate blocks i, f, o, g); `x` is a symbol
/// index (a one-hot input). With all three p zero this is `lstm.step(x, state)`.
public func peepholeLSTMStep(_ lstm: LSTM, pi: Tensor, pf: Tensor, po: Tensor, x: Int, state: LSTMState) throws
    -> LSTMState
{
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: cifg-backward
/// The backward pass of an LSTM step whose input gate is coupled to its forget gate, i = 1 − f:
/// the "CIFG" variant, which Greff et al. (2017) found to learn as well as the full LSTM with a
/// quarter fewer gate weights. From the pre-activations a = W_x x + W_h h + b, stacked in the
/// blocks f, o, g (3H), and the previous cell c (H):
///
///     f = σ(a_f)      o = σ(a_o)      g = tanh(a_g)
///     c' = f ⊙ c + (1 − f) ⊙ g
///     h' = o ⊙ tanh(c')
///
/// Given dhNext = ∂L/∂h' and dcNext = ∂L/∂c' (what the next step sends back along the cell),
/// return ∂L/∂a (3H, the same blocks) and ∂L/∂c. The forget gate now has two jobs — it keeps the
/// old cell and lets in the candidate — and c' reaches L two ways.
public func cifgStepBackward(a: Tensor, c: Tensor, dhNext: Tensor, dcNext: Tensor) throws -> (da: Tensor, dc: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise
