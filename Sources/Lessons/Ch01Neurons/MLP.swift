import Foundation

/// What the forward pass of an `MLP` keeps for its backward pass.
public struct MLPCache: Sendable {
    /// The input of every layer: inputs[0] is X, inputs[l] = f(Z[l−1]).
    public var inputs: [Tensor]
    /// The pre-activations Z of every layer.
    public var preActivations: [Tensor]
    /// The network's output, f_out(Z_last).
    public var output: Tensor
}

/// The gradients of an `MLP`'s parameters, layer by layer, and of its input.
public struct MLPGradients: Sendable {
    public var dW: [Tensor], db: [Tensor]
    public var dX: Tensor
    /// δ_l = ∂L/∂Z_l of every layer, first to last: the error signal backpropagation carries.
    public var errors: [Tensor]
}

// listing: mlp
/// A multi-layer perceptron with hand-written backpropagation: Dense layers with an activation
/// between them, on a batch of row vectors.
///
/// ```
/// forward:   Z_l = A_{l−1} W_l + b_l,   A_l = f(Z_l)                  (A_0 = X)
/// backward:  δ_L = ∂L/∂Z_L
///            δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l)                      equation (1.8)
///            ∂L/∂W_l = A_{l−1}ᵀ δ_l,   ∂L/∂b_l = Σₙ δ_l              equation (1.9)
/// ```
public struct MLP: Sendable {
    public var layers: [Dense]
    /// The activation after every hidden layer.
    public let hidden: Activation
    /// The activation of the output layer (identity for logits or regression).
    public let output: Activation

    /// Layer sizes, e.g. [2, 16, 16, 1].
    public init(sizes: [Int], hidden: Activation, output: Activation = .identity,
                initialization: Initialization, rng: inout SeededRNG) {
        precondition(sizes.count >= 2, "an MLP needs at least an input and an output size")
        layers = zip(sizes, sizes.dropFirst()).map { fanIn, fanOut in
            Dense(inputs: fanIn, outputs: fanOut, initialization: initialization, rng: &rng)
        }
        self.hidden = hidden
        self.output = output
    }

    private func activation(ofLayer l: Int) -> Activation { l == layers.count - 1 ? output : hidden }

    /// Runs the network on X (N × inputs), keeping what backward needs.
    public func forward(_ X: Tensor) -> MLPCache {
        var cache = MLPCache(inputs: [], preActivations: [], output: X)
        var A = X
        for (l, layer) in layers.enumerated() {
            cache.inputs.append(A)
            let Z = layer.forward(A)
            cache.preActivations.append(Z)
            A = activation(ofLayer: l)(Z)
        }
        cache.output = A
        return cache
    }

    /// Backpropagates dOut = ∂L/∂(output) through the network.
    public func backward(_ cache: MLPCache, _ dOut: Tensor) -> MLPGradients {
        var dW = [Tensor](), db = [Tensor](), errors = [Tensor]()
        var dA = dOut
        for l in layers.indices.reversed() {
            let f = activation(ofLayer: l)
            let Z = cache.preActivations[l]
            let A = l == layers.count - 1 ? cache.output : cache.inputs[l + 1]
            var δ = dA
            for i in 0..<δ.count { δ.data[i] *= f.derivative(x: Z.data[i], y: A.data[i]) }
            let (dX, dWl, dbl) = layers[l].backward(cache.inputs[l], δ)
            dW.append(dWl)
            db.append(dbl)
            errors.append(δ)
            dA = dX
        }
        return MLPGradients(dW: dW.reversed(), db: db.reversed(), dX: dA, errors: errors.reversed())
    }

    /// Applies one optimizer step to every weight and bias (slots 2l and 2l + 1).
    public mutating func update(_ gradients: MLPGradients, with optimizer: inout some Optimizer) {
        for l in layers.indices {
            optimizer.update(&layers[l].W, gradient: gradients.dW[l], slot: 2 * l)
            optimizer.update(&layers[l].b, gradient: gradients.db[l], slot: 2 * l + 1)
        }
    }
}
// end listing
