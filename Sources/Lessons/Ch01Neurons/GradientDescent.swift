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
