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
        var X = Tensor(zeros: [tokens.count, d])
        for (i, c) in tokens.enumerated() {
            for j in 0..<d { X[i, j] = E[c, j] + (usesPositions ? P[i % T, j] : 0) }
        }
        return X
    }

    /// ∂L/∂E and ∂L/∂P given dX = ∂L/∂X: every row of dX is added to the rows it was read from.
    public func backward(_ tokens: [Int], sequenceLength T: Int, _ dX: Tensor) -> (dE: Tensor, dP: Tensor) {
        var dE = Tensor(zeros: E.shape), dP = Tensor(zeros: P.shape)
        for (i, c) in tokens.enumerated() {
            for j in 0..<E.cols {
                dE[c, j] += dX[i, j]
                if usesPositions { dP[i % T, j] += dX[i, j] }
            }
        }
        return (dE, dP)
    }
    // end listing
}
