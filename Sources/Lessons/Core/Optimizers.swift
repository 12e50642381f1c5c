import Foundation

/// A rule that turns a gradient into a parameter update.
///
/// Each parameter tensor of a model has a `slot` number so that optimizers with memory (momentum,
/// Adam) keep one state per parameter. The gradient is ∂L/∂θ; every rule moves against it.
public protocol Optimizer {
    /// Updates θ in place given g = ∂L/∂θ.
    mutating func update(_ θ: inout Tensor, gradient g: Tensor, slot: Int)
}

// listing: sgd
/// Plain gradient descent:
///
/// ```
/// θ ← θ − α g
/// ```
public struct SGD: Optimizer {
    public var learningRate: Double
    public init(learningRate: Double) { self.learningRate = learningRate }

    public mutating func update(_ θ: inout Tensor, gradient g: Tensor, slot: Int) {
        θ.add(g, scaledBy: -learningRate)
    }
}
// end listing

// listing: momentum
/// Gradient descent with momentum: a velocity that remembers past gradients.
///
/// ```
/// v ← μ v − α g
/// θ ← θ + v
/// ```
public struct Momentum: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    private var velocity: [Int: Tensor] = [:]

    public init(learningRate: Double, momentum: Double = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func update(_ θ: inout Tensor, gradient g: Tensor, slot: Int) {
        var v = velocity.removeValue(forKey: slot) ?? Tensor(zeros: θ.shape)
        for i in 0..<v.count { v.data[i] = momentum * v.data[i] - learningRate * g.data[i] }
        θ += v
        velocity[slot] = v
    }
}
// end listing

// listing: adam
/// Adam (Kingma & Ba, 2015): momentum on the gradient and on its square, with bias correction
/// for the zero start of both averages.
///
/// ```
/// m ← β₁ m + (1 − β₁) g
/// v ← β₂ v + (1 − β₂) g ⊙ g
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − α m̂ / (√v̂ + ε)
/// ```
public struct Adam: Optimizer, Sendable {
    public var learningRate: Double
    public var beta1: Double, beta2: Double, epsilon: Double
    private var state: [Int: (m: Tensor, v: Tensor, t: Int)] = [:]

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func update(_ θ: inout Tensor, gradient g: Tensor, slot: Int) {
        // Taken out of the dictionary, not copied, so the writes below do not copy the arrays.
        var (m, v, t) = state.removeValue(forKey: slot) ?? (Tensor(zeros: θ.shape), Tensor(zeros: θ.shape), 0)
        t += 1
        let (β1, β2, ε, α) = (beta1, beta2, epsilon, learningRate)
        let c1 = 1 - pow(β1, Double(t)), c2 = 1 - pow(β2, Double(t))   // bias corrections (3.12)
        for i in 0..<θ.count {
            m.data[i] = β1 * m.data[i] + (1 - β1) * g.data[i]
            v.data[i] = β2 * v.data[i] + (1 - β2) * g.data[i] * g.data[i]
            let m̂ = m.data[i] / c1, v̂ = v.data[i] / c2
            θ.data[i] -= α * m̂ / (v̂.squareRoot() + ε)
        }
        state[slot] = (m, v, t)
    }
}
// end listing

/// Rescales gradients so their joint Euclidean norm is at most `maxNorm`:
///
/// ```
/// if ‖g‖ > c:  g ← g · c / ‖g‖
/// ```
///
/// Returns the norm before clipping. Used against exploding gradients in recurrent networks.
@discardableResult
public func clipGradients(_ gradients: inout [Tensor], maxNorm c: Double) -> Double {
    let norm = gradients.reduce(0) { $0 + $1.dot($1) }.squareRoot()
    if norm > c {
        let scale = c / norm
        for i in gradients.indices { gradients[i] = scale * gradients[i] }
    }
    return norm
}
