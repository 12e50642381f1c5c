import Foundation

/// One network of the depth experiment: an activation and the standard deviation of its weights,
/// written as a gain times a reference initialisation (1 × Xavier, 4 × Xavier, 1.5 × He …).
public struct DepthSetup: Sendable {
    public var activation: Activation
    public var gain: Double
    public var reference: Initialization

    public init(_ activation: Activation, gain: Double = 1, _ reference: Initialization) {
        (self.activation, self.gain, self.reference) = (activation, gain, reference)
    }

    /// σ_w for a square layer of the given width.
    public func weightStandardDeviation(width: Int) -> Double {
        gain * reference.standardDeviation(fanIn: width, fanOut: width)
    }

    public var label: String {
        "\(activation.displayName), " + (gain == 1 ? "" : String(format: "%g × ", gain)) + reference.displayName
    }
}

/// What one deep network looks like inside, at initialisation: the gradient reaching each layer
/// and the values each layer outputs.
public struct DepthProbe: Sendable {
    /// ‖∂L/∂W_l‖ (Frobenius norm) for layers 1…depth.
    public var weightGradientNorms: [Double]
    /// ‖δ_l‖ = ‖∂L/∂Z_l‖ (Frobenius norm over the batch) for layers 1…depth.
    public var errorNorms: [Double]
    /// The per-layer factor predicted for ‖δ_l‖ / ‖δ_{l+1}‖, l = 1…depth − 1:
    /// √n · σ_w · rms f'(Z_l)   (see `predictedErrorFactor`).
    public var predictedFactors: [Double]
    /// The activations A_l of every hidden layer, for histograms.
    public var activations: [[Double]]

    /// The measured ‖δ_l‖ / ‖δ_{l+1}‖, l = 1…depth − 1.
    public var measuredFactors: [Double] { zip(errorNorms, errorNorms.dropFirst()).map { $0 / $1 } }
}

// listing: depth-probe
/// Builds a `depth`-layer MLP of the given width, activation and weight scale, runs a batch of
/// standard normal inputs through it, backpropagates a random linear read-out L = Σ R ⊙ output,
/// and records the gradient norms of every layer. Nothing is trained: this is the network on day one.
public func probeDeepNetwork(_ setup: DepthSetup, depth: Int = 20, width: Int = 64, batch: Int = 128,
                             rng: inout SeededRNG) -> DepthProbe {
    let sizes = [Int](repeating: width, count: depth + 1)
    let σw = setup.weightStandardDeviation(width: width)
    let model = MLP(sizes: sizes, hidden: setup.activation, output: setup.activation,
                    initialization: .normal(σw), rng: &rng)
    let X = Tensor(randomNormal: [batch, width], standardDeviation: 1, rng: &rng)
    let R = Tensor(randomNormal: [batch, width], standardDeviation: 1, rng: &rng)
    let cache = model.forward(X)
    let gradients = model.backward(cache, R)  // ∂L/∂output = R
    let predicted = (0..<(depth - 1)).map { l in
        predictedErrorFactor(cache.preActivations[l], setup.activation, width: width, weightStandardDeviation: σw)
    }
    return DepthProbe(weightGradientNorms: gradients.dW.map { $0.norm() },
                      errorNorms: gradients.errors.map { $0.norm() },
                      predictedFactors: predicted,
                      activations: Array(cache.inputs.dropFirst().map(\.data)) + [cache.output.data])
}
// end listing

/// How much one step of (1.8), δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l), is expected to scale ‖δ‖:
///
/// ```
/// ‖δ_l‖ / ‖δ_{l+1}‖ ≈ √n · σ_w · rms f'(Z_l),     rms f' = √(mean over the batch and units of f'(Z_l)²)
/// ```
///
/// Each entry of δ_{l+1} W_{l+1}ᵀ sums n terms with independent random weights of variance σ_w²,
/// so its mean square is n σ_w² times that of δ_{l+1}; multiplying element by element by f'(Z_l)
/// multiplies the mean square by the mean of f'². (It is the root mean square of f', not its mean:
/// for ReLU with He, E[f'] = ½ but rms f' = 1/√2, and √n · √(2/n) / √2 = 1.)
public func predictedErrorFactor(_ Z: Tensor, _ f: Activation, width n: Int, weightStandardDeviation σw: Double) -> Double {
    let meanSquare = Z.data.map { let d = f.derivative($0); return d * d }.reduce(0, +) / Double(Z.count)
    return Double(n).squareRoot() * σw * meanSquare.squareRoot()
}
