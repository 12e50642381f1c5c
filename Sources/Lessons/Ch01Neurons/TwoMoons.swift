import Foundation

/// A 2-D binary classification problem no straight line can solve: two interleaved half circles.
public struct TwoMoons: Sendable {
    /// N points, shape (N, 2).
    public var X: Tensor
    /// Labels: +1 for the upper moon, −1 for the lower one.
    public var y: [Double]

    /// `count` points (half per moon) with Gaussian noise of the given standard deviation.
    public init(count: Int, noise: Double, rng: inout SeededRNG) {
        var points: [Double] = []
        var labels: [Double] = []
        for n in 0..<count {
            let upper = n % 2 == 0
            let t = Double.pi * rng.uniform()
            let (px, py) = upper ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
            points += [px + rng.normal(standardDeviation: noise), py + rng.normal(standardDeviation: noise)]
            labels.append(upper ? 1 : -1)
        }
        X = Tensor(shape: [count, 2], data: points)
        y = labels
    }
}
