import Foundation

/// log σ(z), finite for every finite z.
///
/// log σ(z) = −log(1 + e⁻ᶻ). For z ≪ 0, e⁻ᶻ overflows, so that branch uses the equal form
/// z − log(1 + eᶻ). `log1p` keeps the digits when e^(∓z) is tiny. Note log(1 − σ(z)) = log σ(−z).
public func logSigmoid(_ z: Double) -> Double {
    z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z))
}

/// A loss of D on m real logits a and m generated logits b, with its gradients ∂L/∂a and ∂L/∂b:
/// `discriminatorLoss` (6.3), or a variant such as exercise label-smoothing's.
public typealias DiscriminatorLossFunction = (_ real: Tensor, _ fake: Tensor) throws
    -> (loss: Double, dReal: Tensor, dFake: Tensor)

// listing: discriminator-loss
/// The discriminator's loss on m real logits a and m generated logits b, where D(x) = σ(a):
///
/// ```
/// L_D = −(1/m) Σᵢ log σ(aᵢ) − (1/m) Σᵢ log(1 − σ(bᵢ))                 equation (6.3)
/// ∂L_D/∂aᵢ = (σ(aᵢ) − 1) / m,     ∂L_D/∂bᵢ = σ(bᵢ) / m
/// ```
///
/// It is −V of equation (6.2) estimated on the batch: D climbs V by descending L_D.
public func discriminatorLoss(real a: Tensor, fake b: Tensor) -> (loss: Double, dReal: Tensor, dFake: Tensor) {
    let m = Double(a.count)
    var loss = 0.0
    var dReal = Tensor(zeros: a.shape), dFake = Tensor(zeros: b.shape)
    for i in 0..<a.count {
        loss -= logSigmoid(a[i])
        dReal[i] = (sigmoid(a[i]) - 1) / m
    }
    for i in 0..<b.count {
        loss -= logSigmoid(-b[i])
        dFake[i] = sigmoid(b[i]) / m
    }
    return (loss / m, dReal, dFake)
}
// end listing

// listing: generator-loss
/// What the generator minimises, given the discriminator's logits b on m generated points.
public enum GeneratorLoss: String, Sendable {
    /// The minimax game as written, L_G = (1/m) Σ log(1 − σ(bᵢ)), ∂L_G/∂bᵢ = −σ(bᵢ)/m.
    /// Equation (6.4). When D confidently rejects (σ(b) ≈ 0) the gradient vanishes.
    case saturating
    /// Goodfellow et al.'s fix, L_G = −(1/m) Σ log σ(bᵢ), ∂L_G/∂bᵢ = (σ(bᵢ) − 1)/m.
    /// Equation (6.5). Same fixed point, but the gradient is largest exactly when D rejects.
    case nonSaturating

    /// The loss and its gradient with respect to the logits b.
    public func callAsFunction(fake b: Tensor) -> LossAndGradient {
        let m = Double(b.count)
        var loss = 0.0
        var gradient = Tensor(zeros: b.shape)
        for i in 0..<b.count {
            switch self {
            case .saturating:
                loss += logSigmoid(-b[i])
                gradient[i] = -sigmoid(b[i]) / m
            case .nonSaturating:
                loss -= logSigmoid(b[i])
                gradient[i] = (sigmoid(b[i]) - 1) / m
            }
        }
        return LossAndGradient(loss: loss / m, gradient: gradient)
    }
}
// end listing
