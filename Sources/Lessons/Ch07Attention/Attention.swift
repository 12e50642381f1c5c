import Foundation

/// Which keys each query may look at.
public enum AttentionMask: Sendable, Equatable {
    /// Every query sees every key.
    case none
    /// Query i sees keys j ≤ i only: S_ij = −∞ for j > i, so A_ij = 0. Equation (7.5).
    case causal

    /// Sets the forbidden scores of S (T_q × T_k) to −∞; softmax turns them into exact zeros.
    func apply(to S: inout Tensor) {
        guard self == .causal else { return }
        for i in 0..<S.rows where i + 1 < S.cols {
            for j in (i + 1)..<S.cols { S[i, j] = -.infinity }
        }
    }
}

/// What scaled dot-product attention keeps for its backward pass.
public struct AttentionCache: Sendable {
    /// The inputs: queries (T_q × d_k), keys (T_k × d_k), values (T_k × d_v).
    public var Q: Tensor, K: Tensor, V: Tensor
    /// The attention weights A = softmax(Q Kᵀ / √d_k), one row per query (T_q × T_k).
    public var A: Tensor
    /// The output A V (T_q × d_v).
    public var output: Tensor
    /// The factor the scores were multiplied by: 1/√d_k, or 1 in the chapter's "no scaling" ablation.
    public var scale: Double
}

// listing: attention-forward
/// Scaled dot-product attention:
///
/// ```
/// S = Q Kᵀ / √d_k,    A = softmax(S) row by row,    O = A V               equation (7.2)
/// ```
///
/// Row i of A holds the weights αᵢⱼ = exp(Sᵢⱼ) / Σⱼ′ exp(Sᵢⱼ′) of equation (7.1): how much
/// query i takes from value j. `mask` sets forbidden scores to −∞ before the softmax (7.5).
/// `scaled: false` leaves out the 1/√d_k, for the chapter's ablation.
public func attention(Q: Tensor, K: Tensor, V: Tensor, mask: AttentionMask = .none,
                      scaled: Bool = true) -> AttentionCache {
    precondition(Q.cols == K.cols && K.rows == V.rows,
                 "attention: Q \(Q.shape), K \(K.shape), V \(V.shape) do not fit")
    let scale = scaled ? 1 / Double(Q.cols).squareRoot() : 1
    var S = Q.matmulTransposed(K) * scale        // (T_q, d_k) x (T_k, d_k)ᵀ -> (T_q, T_k)
    mask.apply(to: &S)
    let A = softmaxRows(S)                       // (T_q, T_k), each row sums to 1
    return AttentionCache(Q: Q, K: K, V: V, A: A, output: A.matmul(V), scale: scale)  // -> (T_q, d_v)
}
// end listing

// listing: attention-backward
/// The gradients of scaled dot-product attention, given dO = ∂L/∂O:
///
/// ```
/// ∂L/∂V = Aᵀ dO                         ∂L/∂A = dO Vᵀ
/// ∂L/∂S = A ⊙ (∂L/∂A − rowsum(A ⊙ ∂L/∂A))       (the softmax Jacobian, row by row)
/// ∂L/∂Q = ∂L/∂S K / √d_k                ∂L/∂K = (∂L/∂S)ᵀ Q / √d_k        equation (7.4)
/// ```
///
/// The cache's `scale` stands for 1/√d_k (1 when the forward pass left it out). A masked weight
/// is exactly 0, so its ∂L/∂S is 0 too: nothing flows to a key a query could not see.
public func attentionBackward(_ cache: AttentionCache, _ dO: Tensor) -> (dQ: Tensor, dK: Tensor, dV: Tensor) {
    let (A, Q, K, V, scale) = (cache.A, cache.Q, cache.K, cache.V, cache.scale)
    let dV = A.transposedMatmul(dO)              // (T_q, T_k)ᵀ x (T_q, d_v) -> (T_k, d_v)
    let dA = dO.matmulTransposed(V)              // (T_q, d_v) x (T_k, d_v)ᵀ -> (T_q, T_k)
    var dS = Tensor(zeros: A.shape)              // (T_q, T_k)
    for i in 0..<A.rows {
        var dot = 0.0                            // Σⱼ A_ij ∂L/∂A_ij
        for j in 0..<A.cols { dot += A[i, j] * dA[i, j] }
        for j in 0..<A.cols { dS[i, j] = A[i, j] * (dA[i, j] - dot) }
    }
    let dQ = dS.matmul(K) * scale                // (T_q, T_k) x (T_k, d_k) -> (T_q, d_k)
    let dK = dS.transposedMatmul(Q) * scale      // (T_q, T_k)ᵀ x (T_q, d_k) -> (T_k, d_k)
    return (dQ, dK, dV)
}
// end listing
