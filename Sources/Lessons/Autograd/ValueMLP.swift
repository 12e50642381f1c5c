import Foundation

// listing: value-mlp
/// A multi-layer perceptron built from `Value`s, one scalar at a time, as in micrograd.
/// Slow (every multiply is an object) but every derivative comes from the engine.
public struct ValueMLP {
    /// weights[l][j][i]: from input i to neuron j of layer l; biases[l][j].
    public var weights: [[[Value]]]
    public var biases: [[Value]]
    /// The activation of every layer but the last, which is linear.
    public let activation: Activation

    /// Layer sizes, e.g. [2, 16, 16, 1]; weights drawn N(0, 1/fan_in).
    public init(sizes: [Int], activation: Activation = .tanh, rng: inout SeededRNG) {
        precondition(activation == .tanh || activation == .relu, "ValueMLP supports tanh and ReLU")
        self.activation = activation
        weights = []
        biases = []
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let std = 1 / Double(fanIn).squareRoot()
            weights.append((0..<fanOut).map { _ in
                (0..<fanIn).map { _ in Value(rng.normal(standardDeviation: std)) }
            })
            biases.append((0..<fanOut).map { _ in Value(0) })
        }
    }

    /// Every trainable scalar.
    public var parameters: [Value] { weights.flatMap { $0.flatMap { $0 } } + biases.flatMap { $0 } }

    /// The network's outputs for one input: z = Σᵢ wᵢxᵢ + b per neuron (one `dot` node),
    /// then the activation.
    public func callAsFunction(_ x: [Value]) -> [Value] {
        var a = x
        for l in weights.indices {
            let isLast = l == weights.count - 1
            a = zip(weights[l], biases[l]).map { w, b in
                let z = Value.dot(w, a, plus: b)
                return isLast ? z : (activation == .tanh ? z.tanh() : z.relu())
            }
        }
        return a
    }
}
// end listing

extension ValueMLP {
    /// The same network as a hand-written `MLP` (tanh or ReLU hidden layers, linear output), with
    /// the same weights: W[i, j] of layer l becomes weights[l][j][i].
    public init(copying mlp: MLP) {
        precondition(mlp.output == .identity, "ValueMLP's last layer is linear")
        activation = mlp.hidden
        weights = mlp.layers.map { layer in
            (0..<layer.W.shape[1]).map { j in (0..<layer.W.shape[0]).map { i in Value(layer.W[i, j]) } }
        }
        biases = mlp.layers.map { layer in layer.b.data.map { Value($0) } }
    }
}
