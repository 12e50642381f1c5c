// Chapter 7 exercises — attention.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch07Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: padding-mask
/// Scaled dot-product attention over a padded batch entry: only the first `validKeys` rows of
/// K and V are real tokens, the rest are padding added to make every sequence the same length.
///
/// Return the weights A = softmax(Q Kᵀ / √d_k) (T_q × T_k) with every padding column exactly 0,
/// and the output A V. Each row of A must still sum to 1, and the result must not change
/// whatever the padding rows of K and V contain. (Compare `AttentionMask.apply(to:)` in
/// Sources/Lessons/Ch07Attention/Attention.swift.)
public func paddedAttention(Q: Tensor, K: Tensor, V: Tensor, validKeys: Int) throws -> (weights: Tensor, output: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: kv-cache
/// One step of causal self-attention for text generation, with a key–value cache.
///
/// A model that writes one token at a time need not recompute the keys and values of the tokens
/// before: it keeps them. Given the new token's query q, key k (1 × d_k) and value v (1 × d_v),
/// and the cached keys (t × d_k) and values (t × d_v) of the t earlier tokens (t may be 0),
/// return the new token's attention output (1 × d_v) and the caches with the new row appended.
///
/// Run over a sequence token by token, the outputs must equal the rows of
/// `attention(Q:K:V:mask: .causal)` on the whole sequence.
public func attendWithCache(q: Tensor, k: Tensor, v: Tensor, keys: Tensor, values: Tensor) throws
    -> (output: Tensor, keys: Tensor, values: Tensor)
{
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: learned-positions
/// Learned positional embeddings (as in BERT and GPT-2), instead of the fixed sinusoids of (7.7).
///
/// P is a trainable table with one row per position (maxLength × d). X holds a batch of embedded
/// sequences of length T ≤ maxLength, stacked as rows (B·T × d). The forward pass is
/// Y[b·T + t] = X[b·T + t] + P[t]. Given dY = ∂L/∂Y, return Y and ∂L/∂P (maxLength × d): every
/// sequence of the batch adds to the same rows of P, and the rows for positions ≥ T get nothing.
public func learnedPositions(X: Tensor, P: Tensor, dY: Tensor, sequenceLength T: Int) throws -> (Y: Tensor, dP: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: alibi
/// Causal attention with linear biases instead of positional encodings — ALiBi (Press, Smith &
/// Lewis, 2022): every score is lowered in proportion to how far back its key is,
///
///     S_ij = q_i · k_j / √d_k − m (i − j)     for j ≤ i,        S_ij = −∞  for j > i,
///
/// with a slope m ≥ 0 (each head of a model gets its own). Return the weights A = softmax(S), row
/// by row (T × T), and the output A V. With m = 0 this is the causal attention of (7.5); a large
/// m makes each query look mostly at the tokens just before it.
public func alibiAttention(Q: Tensor, K: Tensor, V: Tensor, slope m: Double) throws -> (weights: Tensor, output: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise
