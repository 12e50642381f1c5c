import Foundation

/// A normal density N(μ, s²) on the line: the two known densities of the chapter's 1-D check.
public struct Normal1D: Sendable {
    public var mean: Double, standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The density at x.
    public func density(_ x: Double) -> Double {
        let u = (x - mean) / standardDeviation
        return exp(-0.5 * u * u) / (standardDeviation * (2 * Double.pi).squareRoot())
    }

    /// n samples as a column.   // -> (n, 1)
    public func sample(_ n: Int, rng: inout SeededRNG) -> Tensor {
        Tensor(shape: [n, 1], data: (0..<n).map { _ in rng.normal(mean: mean, standardDeviation: standardDeviation) })
    }
}

// listing: optimal-discriminator
/// The best possible discriminator against a fixed generator:
///
/// ```
/// D*(x) = p_data(x) / (p_data(x) + p_g(x))                                  equation (6.7)
/// ```
///
/// For each x, V's integrand p_data log D + p_g log(1 − D) is largest where its derivative
/// p_data/D − p_g/(1 − D) is zero, which is this D.
public func optimalDiscriminator(pData: Double, pG: Double) -> Double {
    pData / (pData + pG)
}
// end listing

/// The value of the game on the line, V(D, G) = ∫ [p_data log D + p_g log(1 − D)] dx
/// (equation 6.2 with G's samples drawn from p_g), by the trapezoid rule on `points` points.
public func gameValue(_ D: (Double) -> Double, data: Normal1D, generator: Normal1D,
                      over range: ClosedRange<Double>, points: Int = 20_001) -> Double {
    trapezoid(over: range, points: points) { x in
        let d = D(x)
        // 0 · log 0 = 0: where a density vanishes, its term contributes nothing.
        let real = data.density(x) > 0 ? data.density(x) * log(d) : 0
        let fake = generator.density(x) > 0 ? generator.density(x) * log(1 - d) : 0
        return real + fake
    }
}

/// The Jensen–Shannon divergence JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, in nats,
/// by the trapezoid rule. It is 0 when p = q and at most log 2.
public func jensenShannonDivergence(_ p: Normal1D, _ q: Normal1D, over range: ClosedRange<Double>,
                                    points: Int = 20_001) -> Double {
    trapezoid(over: range, points: points) { x in
        let (a, b) = (p.density(x), q.density(x))
        let m = (a + b) / 2
        return 0.5 * (a > 0 ? a * log(a / m) : 0) + 0.5 * (b > 0 ? b * log(b / m) : 0)
    }
}

/// The Kullback–Leibler divergence KL(p ‖ q) = ∫ p log(p/q) dx in nats, by the trapezoid rule.
/// Reverse KL, KL(p_g ‖ p_data), charges G only where p_g > 0: a mode of the data that G drops
/// costs it nothing, a sample where there is no data costs it a lot.
public func klDivergence(_ p: Normal1D, _ q: Normal1D, over range: ClosedRange<Double>, points: Int = 20_001) -> Double {
    trapezoid(over: range, points: points) { x in
        let (a, b) = (p.density(x), q.density(x))
        return a > 0 ? a * log(a / b) : 0
    }
}

/// G's non-saturating loss (6.5) in expectation, E_{x ~ p_g}[−log D(x)], against a *fixed*
/// discriminator D: the loss whose gradient G follows while D stands still.
public func nonSaturatingLoss(_ D: (Double) -> Double, generator: Normal1D, over range: ClosedRange<Double>,
                              points: Int = 20_001) -> Double {
    trapezoid(over: range, points: points) { x in
        let p = generator.density(x)
        return p > 0 ? -p * log(D(x)) : 0
    }
}

/// ∫ f over the range by the trapezoid rule on `points` evenly spaced points.
func trapezoid(over range: ClosedRange<Double>, points: Int, _ f: (Double) -> Double) -> Double {
    let h = (range.upperBound - range.lowerBound) / Double(points - 1)
    var sum = 0.0
    for i in 0..<points {
        let weight = (i == 0 || i == points - 1) ? 0.5 : 1
        sum += weight * f(range.lowerBound + Double(i) * h)
    }
    return sum * h
}

// listing: train-discriminator
/// Trains a discriminator D(x) = σ(MLP(x)) on the line against a *fixed* generator density,
/// with the loss of equation (6.3) on fresh samples each step: what the inner "max over D" of the
/// game does when G stands still. It should approach D* of equation (6.7).
public func trainDiscriminator(data: Normal1D, generator: Normal1D, steps: Int, batch: Int = 256,
                               rng: inout SeededRNG) -> MLP {
    var D = MLP(sizes: [1, 16, 16, 1], hidden: .tanh, initialization: .xavier, rng: &rng)
    var adam = Adam(learningRate: 3e-3)
    for _ in 0..<steps {
        let x = data.sample(batch, rng: &rng), x̃ = generator.sample(batch, rng: &rng)
        D.update(discriminatorGradients(D, real: x, fake: x̃).gradients, with: &adam)
    }
    return D
}
// end listing
