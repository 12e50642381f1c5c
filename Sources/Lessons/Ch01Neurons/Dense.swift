import Foundation

/// How to draw a layer's initial weights.
public enum Initialization: Sendable, Equatable {
    /// N(0, std²) with a fixed standard deviation.
    case normal(Double)
    /// Xavier/Glorot: std = √(2 / (fan_in + fan_out)), keeps the variance of tanh/sigmoid layers
    /// roughly constant forwards and backwards. Equation (2.12).
    case xavier
    /// He/Kaiming: std = √(2 / fan_in), makes up for ReLU zeroing half its inputs. Equation (2.13).
    case he

    /// "Xavier", "He" or "N(0, 0.05²)".
    public var displayName: String {
        switch self {
        case let .normal(std): return "N(0, \(std)²)"
        case .xavier: return "Xavier"
        case .he: return "He"
        }
    }

    /// The standard deviation for a layer with the given fan-in and fan-out.
    public func standardDeviation(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case let .normal(std): return std
        case .xavier: return (2 / Double(fanIn + fanOut)).squareRoot()
        case .he: return (2 / Double(fanIn)).squareRoot()
        }
    }
}

// listing: dense
/// A fully connected (affine) layer on a batch of row vectors.
///
/// ```
/// forward:   Z = X W + b                      X: (N × in), W: (in × out), b: (out), Z: (N × out)
/// backward:  ∂L/∂X = ∂L/∂Z Wᵀ,  ∂L/∂W = Xᵀ ∂L/∂Z,  ∂L/∂b = Σₙ ∂L/∂Zₙ
/// ```
public struct Dense: Sendable {
    public var W: Tensor
    public var b: Tensor

    public init(inputs: Int, outputs: Int, initialization: Initialization, rng: inout SeededRNG) {
        let std = initialization.standardDeviation(fanIn: inputs, fanOut: outputs)
        W = Tensor(randomNormal: [inputs, outputs], standardDeviation: std, rng: &rng)
        b = Tensor(zeros: [outputs])
    }

    public init(W: Tensor, b: Tensor) {
        self.W = W
        self.b = b
    }

    /// Z = X W + b.
    public func forward(_ X: Tensor) -> Tensor {
        X.matmul(W).addingRowVector(b)
    }

    /// The gradients of the loss with respect to X, W and b, given the input X of the forward
    /// pass and dZ = ∂L/∂Z.
    public func backward(_ X: Tensor, _ dZ: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        (dZ.matmulTransposed(W), X.transposedMatmul(dZ), dZ.sumRows())
    }
}
// end listing
