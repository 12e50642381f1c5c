import Foundation

/// Token and position embeddings, GPT's input layer: token c at position t becomes
///
/// ```
/// x = E[c] + P[t]              E: (V × d), one row per character;  P: (T × d), one row per position   (8.1)
/// ```
///
/// Attention itself is blind to order (permute the keys and values together and nothing changes),
/// so P is the model's only way to know where a character sits. Both tables are learned. Their
/// backward pass adds each token's gradient row into the row it was read from:
/// ∂L/∂E[c] = Σ over the tokens equal to c, ∂L/∂P[t] = Σ over the sequences at position t.
public struct Embeddings: Sendable {
    public var E: Tensor, P: Tensor
    /// False for the ablation without positional information: x = E[c].
    public let usesPositions: Bool

    public init(vocabularySize V: Int, context T: Int, dimension d: Int, usesPositions: Bool = true,
                rng: inout SeededRNG) {
        E = Tensor(randomNormal: [V, d], standardDeviation: 0.1, rng: &rng)
        P = Tensor(randomNormal: [T, d], standardDeviation: 0.1, rng: &rng)
        self.usesPositions = usesPositions
    }

    // listing: embeddings
    /// The rows E[c] + P[t] of B sequences of T tokens, stacked.   // B·T tokens -> (B·T, d)
    public func forward(_ tokens: [Int], sequenceLength T: Int) -> Tensor {
        let d = E.cols
        var X = [Double](repeating: 0, count: tokens.count * d)
        let (e, p) = (E.data.span, P.data.span)
        var x = X.mutableSpan
        for (i, c) in tokens.enumerated() {
            let t = i % T                                         // row i of X is E[c] + P[t]
            for j in 0..<d { x[i * d + j] = e[c * d + j] + (usesPositions ? p[t * d + j] : 0) }
        }
        return Tensor(shape: [tokens.count, d], data: X)
    }

    /// ∂L/∂E and ∂L/∂P given dX = ∂L/∂X: every row of dX is added to the rows it was read from.
    public func backward(_ tokens: [Int], sequenceLength T: Int, _ dX: Tensor) -> (dE: Tensor, dP: Tensor) {
        let d = E.cols
        var dE = [Double](repeating: 0, count: E.count), dP = [Double](repeating: 0, count: P.count)
        let dx = dX.data.span
        var de = dE.mutableSpan, dp = dP.mutableSpan
        for (i, c) in tokens.enumerated() {
            let t = i % T
            for j in 0..<d {
                de[c * d + j] += dx[i * d + j]                    // ∂L/∂E[c] += ∂L/∂X[i]
                if usesPositions { dp[t * d + j] += dx[i * d + j] }   // ∂L/∂P[t] += ∂L/∂X[i]
            }
        }
        return (Tensor(shape: E.shape, data: dE), Tensor(shape: P.shape, data: dP))
    }
    // end listing
}
