import Foundation

/// Gradient play on the simplest game, min over x, max over y of V(x, y) = x·y, whose only
/// equilibrium is (0, 0). x descends ∂V/∂x = y and y ascends ∂V/∂y = x.
public enum BilinearGame {
    /// How the two players take their steps.
    public enum Updates: String, Sendable {
        /// Both players step from the same point:
        /// x ← x − αy,  y ← y + αx.  Each step multiplies the distance to (0, 0) by √(1 + α²).
        case simultaneous
        /// x steps first and y answers the *new* x, as the chapter's GAN does (D, then G against
        /// the updated D): x ← x − αy,  y ← y + αx.  The map has determinant 1 and keeps
        /// x² + y² − αxy fixed, so for α < 2 the point circles on a closed curve for ever.
        case alternating
    }

    /// The points visited in `steps` steps of size α from (x, y), the start included.
    public static func trajectory(from start: (x: Double, y: Double), α: Double, steps: Int,
                                  _ updates: Updates) -> [(x: Double, y: Double)] {
        var (x, y) = start
        var points = [start]
        for _ in 0..<steps {
            switch updates {
            case .simultaneous:
                (x, y) = (x - α * y, y + α * x)
            case .alternating:
                x = x - α * y
                y = y + α * x                    // the x it answers is the one just updated
            }
            points.append((x, y))
        }
        return points
    }
}

/// The chapter's comparison: 300 steps of α = 0.1 from (1, 0), both ways.
func reportBilinearGame(_ context: RunContext) {
    let simultaneous = BilinearGame.trajectory(from: (1, 0), α: 0.1, steps: 300, .simultaneous)
    let alternating = BilinearGame.trajectory(from: (1, 0), α: 0.1, steps: 300, .alternating)
    let distance = { (p: (x: Double, y: Double)) in hypot(p.x, p.y) }
    context.report("x·y game, simultaneous steps: distance from (0, 0) after 300 steps", distance(simultaneous.last ?? (0, 0)))
    context.report("x·y game, alternating steps: largest distance in 300 steps", alternating.map(distance).max() ?? .nan)
    context.report("x·y game, alternating steps: smallest distance in 300 steps", alternating.map(distance).min() ?? .nan)
}

/// The two trajectories in the (x, y) plane, and their distance from the equilibrium over time.
func bilinearGameFigure() -> Figure {
    let steps = 300
    let runs = [BilinearGame.Updates.simultaneous, .alternating].map {
        ($0, BilinearGame.trajectory(from: (1, 0), α: 0.1, steps: steps, $0))
    }
    var plane = Panel(title: "min over x, max over y of x·y, from (1, 0), α = 0.1", xLabel: "x (minimises)", yLabel: "y (maximises)")
    var distance = Panel(title: "Distance from the equilibrium (0, 0)", xLabel: "step", yLabel: "√(x² + y²)")
    for (i, (updates, points)) in runs.enumerated() {
        plane.layers.append(.line(x: points.map(\.x), y: points.map(\.y), label: "\(updates.rawValue) steps",
                                  color: .series(i), width: 1.5))
        distance.layers.append(.line(x: points.indices.map(Double.init), y: points.map { hypot($0.x, $0.y) },
                                     label: "\(updates.rawValue) steps", color: .series(i)))
    }
    plane.layers.append(.scatter(x: [0], y: [0], label: "equilibrium", color: .black, radius: 4))
    plane.equalAspect = true
    plane.legend = .topLeft
    distance.legend = .topLeft
    return Figure(title: "Simultaneous gradient steps spiral out; alternating steps circle for ever",
                  width: 1200, height: 560, columns: 2, panels: [plane, distance])
}
