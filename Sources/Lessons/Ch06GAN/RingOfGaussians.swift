import Foundation

// listing: ring
/// The chapter's data: a mixture of K Gaussians whose centres sit evenly on a circle.
///
/// ```
/// p_data(x) = (1/K) Σₖ N(x; μₖ, σ² I),   μₖ = r (cos 2πk/K, sin 2πk/K)     equation (6.1)
/// ```
///
/// With K = 8, r = 2 and σ = 0.05 the modes are 1.53 apart — thirty standard deviations — so a
/// generator that lands between them is easy to spot, and one that drops a mode is easy to count.
public struct RingOfGaussians: Sendable {
    public let modes: Int
    public let radius: Double
    public let standardDeviation: Double

    public init(modes: Int = 8, radius: Double = 2, standardDeviation: Double = 0.05) {
        self.modes = modes
        self.radius = radius
        self.standardDeviation = standardDeviation
    }

    /// Centre μₖ of mode k.
    public func centre(_ k: Int) -> (x: Double, y: Double) {
        let angle = 2 * Double.pi * Double(k) / Double(modes)
        return (radius * cos(angle), radius * sin(angle))
    }

    /// n samples: pick a mode uniformly, add isotropic noise.   // (n, 2)
    public func sample(_ n: Int, rng: inout SeededRNG) -> Tensor {
        var x = Tensor(zeros: [n, 2])
        for i in 0..<n {
            let μ = centre(rng.int(below: modes))
            x[i, 0] = μ.x + rng.normal(standardDeviation: standardDeviation)
            x[i, 1] = μ.y + rng.normal(standardDeviation: standardDeviation)
        }
        return x
    }

    /// The density p_data at (x, y), equation (6.1).
    public func density(x: Double, y: Double) -> Double {
        let s2 = standardDeviation * standardDeviation
        var p = 0.0
        for k in 0..<modes {
            let μ = centre(k)
            let d2 = (x - μ.x) * (x - μ.x) + (y - μ.y) * (y - μ.y)
            p += exp(-d2 / (2 * s2))
        }
        return p / (Double(modes) * 2 * Double.pi * s2)
    }
}
// end listing

// listing: coverage
/// How well a set of generated points covers the ring.
///
/// A point *belongs* to mode k if it lies within `distance` of the centre μₖ — by default 3σ,
/// which a real sample manages with probability 1 − e^(−9/2) ≈ 98.9 %: a *high-quality* point.
/// A mode is *covered* if at least `minimumShare` of all points belong to it; a perfect generator
/// puts 1/K = 12.5 % on each.
public struct ModeCoverage: Sendable {
    /// Points within `distance` of each mode's centre.
    public var counts: [Int]
    /// Total number of points examined.
    public var total: Int
    /// The share of all points a mode needs to count as covered.
    public var minimumShare: Double

    /// Classifies every row (x₁, x₂) of `points`; `distance` defaults to 3σ.
    public init(of points: Tensor, ring: RingOfGaussians, within distance: Double? = nil, minimumShare: Double = 0.02) {
        precondition(points.shape.count == 2 && points.cols == 2, "ModeCoverage needs (n, 2) points, got \(points.shape)")
        let limit = distance ?? 3 * ring.standardDeviation
        var counts = Array(repeating: 0, count: ring.modes)
        for i in 0..<points.rows {
            for k in 0..<ring.modes {
                let μ = ring.centre(k)
                if hypot(points[i, 0] - μ.x, points[i, 1] - μ.y) <= limit { counts[k] += 1 }
            }
        }
        self.counts = counts
        total = points.rows
        self.minimumShare = minimumShare
    }

    /// The number of modes with at least `minimumShare` of the points.
    public var modesCovered: Int {
        counts.filter { Double($0) >= minimumShare * Double(total) }.count
    }

    /// The share of all points that belong to each mode.
    public var shares: [Double] { counts.map { Double($0) / Double(max(total, 1)) } }

    /// The fraction of points that belong to some mode.
    public var highQualityFraction: Double { Double(counts.reduce(0, +)) / Double(max(total, 1)) }
}
// end listing
