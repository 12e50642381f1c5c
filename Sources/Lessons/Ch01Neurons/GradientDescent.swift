// listing: gradient-descent
/// The iterates of gradient descent w ← w − α f'(w), starting from w₀: [w₀, w₁, …, w_steps].
/// Equation (1.6).
public func gradientDescentPath(start w0: Double, learningRate α: Double, steps: Int,
                                derivative: (Double) -> Double) -> [Double] {
    var path = [w0]
    var w = w0
    for _ in 0..<steps {
        w = w - α * derivative(w)
        path.append(w)
    }
    return path
}
// end listing

/// Gradient descent on a function of two variables, returning every point visited.
public func gradientDescentPath2D(start: (x: Double, y: Double), learningRate α: Double, steps: Int,
                                  gradient: (Double, Double) -> (Double, Double)) -> [(x: Double, y: Double)] {
    var path = [start]
    var p = start
    for _ in 0..<steps {
        let g = gradient(p.x, p.y)
        p = (p.x - α * g.0, p.y - α * g.1)
        path.append(p)
    }
    return path
}

/// The chapter's ill-conditioned bowl f(x, y) = x² + 25y², whose curvatures (the Hessian's
/// eigenvalues) are λ = 2 along x and λ = 50 along y. Gradient descent multiplies each coordinate
/// by 1 − αλ per step, so it converges only for α < α_max = 2/λ_max = 0.04.
public struct IllConditionedBowl: Sendable {
    /// The curvatures along x and y.
    public let λx = 2.0, λy = 50.0
    /// The learning rates the figure compares: one that crawls, one near the best, one just too large.
    public let learningRates = [0.01, 0.037, 0.0405]
    public let start = (x: -2.0, y: 0.3)
    public let steps = 25

    public init() {}

    public func f(_ x: Double, _ y: Double) -> Double { λx / 2 * x * x + λy / 2 * y * y }
    public func gradient(_ x: Double, _ y: Double) -> (Double, Double) { (λx * x, λy * y) }

    /// The factor each coordinate is multiplied by in one step: 1 − αλ.
    public func contraction(learningRate α: Double) -> (x: Double, y: Double) { (1 - α * λx, 1 - α * λy) }

    /// The first step at which f drops below `tolerance`, or nil if it never does in 10,000 steps.
    public func stepsToConverge(learningRate α: Double, tolerance: Double) -> Int? {
        let path = gradientDescentPath2D(start: start, learningRate: α, steps: 10_000, gradient: gradient)
        return path.firstIndex { f($0.x, $0.y) < tolerance }
    }
}
