import Foundation

/// What `ConvNet.forward` keeps for the backward pass (and for the feature-map figure).
public struct ConvNetCache: Sendable {
    /// The input batch, (N, C, H, W).
    public var X: Tensor
    /// The convolution's output before ReLU, (N, K, H₁, W₁).
    public var Z: Tensor
    /// ReLU(Z), the feature maps, (N, K, H₁, W₁).
    public var A: Tensor
    /// The max-pooled maps, (N, K, H₂, W₂), and where each maximum came from in A.
    public var pooled: Tensor, argmax: [Int]
    /// The pooled maps flattened to rows, (N, K·H₂·W₂).
    public var flat: Tensor
    /// The dense head's cache; its output is the class scores (the logits), (N, classes).
    public var head: MLPCache
    public var logits: Tensor { head.output }
}

/// The gradients of every parameter of a `ConvNet`, and of its input.
public struct ConvNetGradients: Sendable {
    public var convW: Tensor, convB: Tensor
    public var head: MLPGradients
    public var dX: Tensor
}

// listing: convnet
/// The chapter's network: one convolution layer, ReLU, max pooling, then chapter 1's MLP as a
/// dense head that scores the classes.
///
/// ```
/// X (N, 1, H, W) ─conv 3×3, K filters, pad 1→ Z (N, K, H, W) ─ReLU→ A ─maxpool 2→ (N, K, H/2, W/2)
///   ─flatten→ (N, K·H/2·W/2) ─dense, ReLU→ (N, 64) ─dense→ logits (N, 10) ─softmax cross-entropy→ L
/// ```
///
/// With the 8×8 digits and K = 16: 16·9 + 16 = 160 convolution parameters, and
/// 256·64 + 64 + 64·10 + 10 = 17,098 in the head.
public struct ConvNet: Sendable {
    public var conv: Conv2D
    public let pool: MaxPool2D
    public var head: MLP

    /// A network for images of `height` × `width` pixels with `channels` channels.
    public init(height: Int, width: Int, channels: Int = 1, filters K: Int, hidden: Int, classes: Int,
                rng: inout SeededRNG) {
        conv = Conv2D(inputChannels: channels, filters: K, filterSize: 3, padding: 1, rng: &rng)  // keeps H × W
        pool = MaxPool2D(size: 2)                                                                  // halves them
        let features = K * (height / 2) * (width / 2)
        head = MLP(sizes: [features, hidden, classes], hidden: .relu, initialization: .he, rng: &rng)
    }

    public func forward(_ X: Tensor) -> ConvNetCache {
        let N = X.shape[0]
        let Z = conv.forward(X)                           // (N, C, H, W)     -> (N, K, H, W)
        let A = Activation.relu(Z)                        // same shape
        let (pooled, argmax) = pool.forward(A)            // (N, K, H, W)     -> (N, K, H/2, W/2)
        let flat = pooled.reshaped([N, pooled.count / N]) // (N, K, H/2, W/2) -> (N, K·H/2·W/2)
        let head = head.forward(flat)                     // -> (N, classes)
        return ConvNetCache(X: X, Z: Z, A: A, pooled: pooled, argmax: argmax, flat: flat, head: head)
    }

    /// Backpropagates dLogits = ∂L/∂logits through every layer, last to first.
    public func backward(_ cache: ConvNetCache, _ dLogits: Tensor) -> ConvNetGradients {
        let headGradients = head.backward(cache.head, dLogits)
        let dPooled = headGradients.dX.reshaped(cache.pooled.shape)     // un-flatten
        let dA = pool.backward(dPooled, argmax: cache.argmax, inputShape: cache.A.shape)
        var dZ = dA
        for i in 0..<dZ.count where cache.Z.data[i] <= 0 { dZ.data[i] = 0 }  // ReLU'(z) = 1[z > 0]
        let (dX, dW, db) = conv.backward(cache.X, dZ)
        return ConvNetGradients(convW: dW, convB: db, head: headGradients, dX: dX)
    }

    /// One optimizer step on every parameter: the filters in slots 0–1, the head's layers after.
    public mutating func update(_ g: ConvNetGradients, with optimizer: inout some Optimizer) {
        optimizer.update(&conv.W, gradient: g.convW, slot: 0)
        optimizer.update(&conv.b, gradient: g.convB, slot: 1)
        for l in head.layers.indices {
            optimizer.update(&head.layers[l].W, gradient: g.head.dW[l], slot: 2 + 2 * l)
            optimizer.update(&head.layers[l].b, gradient: g.head.db[l], slot: 3 + 2 * l)
        }
    }
}
// end listing

extension ConvNet {
    /// The index of the largest score in each row of `logits`.
    public static func predictions(_ logits: Tensor) -> [Int] {
        let c = logits.cols
        return (0..<logits.rows).map { r in
            var best = 0
            for j in 1..<c where logits.data[r * c + j] > logits.data[r * c + best] { best = j }
            return best
        }
    }
}
