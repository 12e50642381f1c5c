import Foundation

/// What `FeedForward.forward` keeps for the backward pass.
public struct FeedForwardCache: Sendable {
    /// The input X, the pre-activations Z = X W₁ + b₁ and H = ReLU(Z) (N × 4d).
    public var X: Tensor, Z: Tensor, H: Tensor
}

/// The position-wise feed-forward network of a Transformer block, applied to every token alone:
///
/// ```
/// MLP(x) = ReLU(x W₁ + b₁) W₂ + b₂          W₁: (d × 4d), W₂: (4d × d)                (8.4)
/// ```
///
/// Attention moves information between positions; this is where each position computes with what
/// it gathered. ReLU (chapter 2), as in the original Transformer, rather than GPT's GELU
/// x Φ(x): GELU's error function took about a sixth of a training step's time in a profile,
/// and its advantage is reported for models far larger than this one.
/// The two layers are chapter 1's `Dense`; their products run through `Kernels.gemm`.
public struct FeedForward: Sendable {
    public var W1: Dense, W2: Dense

    public init(dimension d: Int, hidden: Int, rng: inout SeededRNG) {
        W1 = Dense(inputs: d, outputs: hidden, initialization: .he, rng: &rng)
        W2 = Dense(inputs: hidden, outputs: d, initialization: .xavier, rng: &rng)
    }

    // listing: feed-forward
    /// ReLU(X W₁ + b₁) W₂ + b₂.   // (N, d) -> (N, 4d) -> (N, d)
    public func forward(_ X: Tensor) -> (Y: Tensor, cache: FeedForwardCache) {
        let Z = W1.fastForward(X)
        let H = Activation.relu(Z)
        return (W2.fastForward(H), FeedForwardCache(X: X, Z: Z, H: H))
    }

    /// ∂L/∂X and the four parameter gradients (dW₁, db₁, dW₂, db₂), given dY = ∂L/∂Y.
    public func backward(_ cache: FeedForwardCache, _ dY: Tensor) -> (dX: Tensor, gradients: [Tensor]) {
        let (dH, dW2, db2) = W2.fastBackward(cache.H, dY)
        let dZ = Tensor.zip(dH, cache.Z) { dh, z in z > 0 ? dh : 0 }   // ReLU′ = 1 where z > 0, else 0
        let (dX, dW1, db1) = W1.fastBackward(cache.X, dZ)
        return (dX, [dW1, db1, dW2, db2])
    }
    // end listing

    /// W₁, b₁, W₂, b₂.
    public var parameters: [Tensor] {
        get { [W1.W, W1.b, W2.W, W2.b] }
        set { (W1.W, W1.b, W2.W, W2.b) = (newValue[0], newValue[1], newValue[2], newValue[3]) }
    }
}
