import Foundation

/// An element-wise activation function with its derivative, the pair every layer's backward needs.
///
/// The derivative is written in terms of what the forward pass already computed where that is
/// cheaper (σ' = σ(1 − σ), tanh' = 1 − tanh²), which is how backward passes use it.
public enum Activation: String, CaseIterable, Sendable {
    case sigmoid, tanh, relu, leakyReLU, identity

    /// The slope of leaky ReLU for x < 0.
    public static let leakySlope = 0.01

    /// f(x).
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .sigmoid: return Lessons.sigmoid(x)
        case .tanh: return Foundation.tanh(x)
        case .relu: return max(0, x)
        case .leakyReLU: return x > 0 ? x : Activation.leakySlope * x
        case .identity: return x
        }
    }

    // listing: activation-derivatives
    /// f'(x), given both x and y = f(x). ReLU and leaky ReLU are not differentiable at 0; like
    /// every framework we use the left-hand slope there (0, or the leak).
    public func derivative(x: Double, y: Double) -> Double {
        switch self {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .relu: return x > 0 ? 1 : 0
        case .leakyReLU: return x > 0 ? 1 : Activation.leakySlope
        case .identity: return 1
        }
    }
    // end listing

    /// f'(x) from x alone.
    public func derivative(_ x: Double) -> Double { derivative(x: x, y: self(x)) }

    /// f applied to every element. ReLU, chapter 8's hot activation, gets its own loop: with the
    /// `switch` out of it, the compiler turns it into vector instructions.
    public func callAsFunction(_ z: Tensor) -> Tensor {
        self == .relu ? z.map { max(0, $0) } : z.map { self($0) }
    }

    /// The name as the chapters print it.
    public var displayName: String {
        switch self {
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .relu: return "ReLU"
        case .leakyReLU: return "leaky ReLU"
        case .identity: return "identity"
        }
    }
}

// listing: sigmoid
/// σ(x) = 1 / (1 + e⁻ˣ), written so that neither branch can overflow:
/// for x < 0 it uses the equal form eˣ / (1 + eˣ).
public func sigmoid(_ x: Double) -> Double {
    if x >= 0 {
        return 1 / (1 + exp(-x))
    } else {
        let e = exp(x)
        return e / (1 + e)
    }
}
// end listing
