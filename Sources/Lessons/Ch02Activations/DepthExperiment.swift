import Foundation

/// What one deep network looks like inside, at initialisation: the gradient reaching each layer
/// and the values each layer outputs.
public struct DepthProbe: Sendable {
    /// ‖∂L/∂W_l‖ (Frobenius norm) for layers 1…depth.
    public var weightGradientNorms: [Double]
    /// The activations A_l of every hidden layer, for histograms.
    public var activations: [[Double]]
}

// listing: depth-probe
/// Builds a `depth`-layer MLP of the given width and activation, runs a batch of standard normal
/// inputs through it, backpropagates a random linear read-out L = Σ R ⊙ output, and records the
/// gradient norm of every layer's weights. Nothing is trained: this is the network on day one.
public func probeDeepNetwork(activation: Activation, initialization: Initialization, depth: Int = 20,
                             width: Int = 64, batch: Int = 128, rng: inout SeededRNG) -> DepthProbe {
    let sizes = [Int](repeating: width, count: depth + 1)
    let model = MLP(sizes: sizes, hidden: activation, output: activation,
                    initialization: initialization, rng: &rng)
    let X = Tensor(randomNormal: [batch, width], standardDeviation: 1, rng: &rng)
    let R = Tensor(randomNormal: [batch, width], standardDeviation: 1, rng: &rng)
    let cache = model.forward(X)
    let gradients = model.backward(cache, R)  // ∂L/∂output = R
    return DepthProbe(weightGradientNorms: gradients.dW.map { $0.norm() },
                      activations: Array(cache.inputs.dropFirst().map(\.data)) + [cache.output.data])
}
// end listing
