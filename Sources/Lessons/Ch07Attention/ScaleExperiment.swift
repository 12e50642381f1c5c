import Foundation

/// How sharp softmax attention is for random queries and keys, with or without the 1/√d_k.
public struct SoftmaxSharpness: Sendable {
    /// The mean over queries of the largest attention weight (1/T = uniform, 1 = one-hot).
    public var largestWeight: Double
    /// The mean over queries of ‖diag(a) − a aᵀ‖, the size of the softmax Jacobian that every
    /// gradient into the scores is multiplied by (0 when the softmax is saturated).
    public var jacobianNorm: Double
}

// listing: scale-experiment
/// Draws `queries` random queries and T random keys with independent N(0, 1) components of
/// dimension d_k, and measures how peaked softmax(q Kᵀ · scale) is. With scale = 1 the scores
/// have variance d_k (equation 7.3), so the softmax saturates as d_k grows; with
/// scale = 1/√d_k the variance stays 1.
public func softmaxSharpness(dk: Int, keys T: Int, queries: Int, scale: Double,
                             rng: inout SeededRNG) -> SoftmaxSharpness {
    var largest = 0.0, norm = 0.0
    for _ in 0..<queries {
        let q = Tensor(randomNormal: [1, dk], standardDeviation: 1, rng: &rng)
        let K = Tensor(randomNormal: [T, dk], standardDeviation: 1, rng: &rng)
        let a = softmaxRows(q.matmulTransposed(K) * scale).data     // (1, d_k) x (T, d_k)ᵀ -> T weights
        largest += a.max() ?? 0
        var squares = 0.0
        for i in 0..<T {
            for j in 0..<T {
                let J = (i == j ? a[i] : 0) - a[i] * a[j]
                squares += J * J
            }
        }
        norm += squares.squareRoot()
    }
    return SoftmaxSharpness(largestWeight: largest / Double(queries), jacobianNorm: norm / Double(queries))
}
// end listing
