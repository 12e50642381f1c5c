import Foundation

/// The wall-clock time of one forward and one backward pass of a multi-head self-attention layer
/// on a single sequence of each length T. The projections cost O(T · d²), but the scores
/// S = QKᵀ and the weighted sum AV cost O(T² · d), and for T well above d the T² wins: doubling
/// the sequence quadruples the time. Each time is the best of three rounds of `repeats(T)`
/// passes, divided by the number of passes.
func attentionCost(lengths: [Int], modelDimension d: Int, heads: Int, rng: inout SeededRNG) -> [(T: Int, seconds: Double)] {
    let layer = MultiHeadAttention(modelDimension: d, heads: heads, rng: &rng)
    let clock = ContinuousClock()
    return lengths.map { T in
        let X = Tensor(randomNormal: [T, d], standardDeviation: 1, rng: &rng)      // (T, d)
        let dY = Tensor(randomNormal: [T, d], standardDeviation: 1, rng: &rng)
        let passes = max(2, 400_000 / (T * T))
        var best = Double.infinity
        for _ in 0..<3 {
            var checksum = 0.0
            let elapsed = clock.measure {
                for _ in 0..<passes {
                    let cache = layer.forward(X, sequenceLength: T)
                    checksum += layer.backward(cache, dY).dX[0]
                }
            }
            precondition(checksum.isFinite, "attentionCost: the layer produced \(checksum)")
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds / Double(passes))
        }
        return (T, best)
    }
}

/// Measured time against T on log–log axes, with lines of slope 1 and 2 for reference.
func attentionCostFigure(_ cost: [(T: Int, seconds: Double)], modelDimension d: Int) -> Figure {
    var panel = Panel(title: "Forward + backward, one layer, d_model = \(d), one sequence (wall-clock: varies by machine)",
                      xLabel: "sequence length T (doubling at each tick)", yLabel: "time per pass (ms), log scale")
    // One tick per measured length: T doubles from tick to tick, so the x axis is logarithmic too.
    let T = cost.map { Double($0.T) }, ms = cost.map { $0.seconds * 1000 }, x = T.indices.map(Double.init)
    panel.layers = [.line(x: x, y: ms, label: "measured", color: .series(0), markers: true)]
    if let first = T.first, let last = T.last, let m0 = ms.first, let m1 = ms.last {
        panel.layers.append(.line(x: x, y: T.map { m1 * ($0 / last) * ($0 / last) }, label: "∝ T² (through the last point)",
                                  color: .series(1), dashed: true))
        panel.layers.append(.line(x: x, y: T.map { m0 * $0 / first }, label: "∝ T (through the first point)",
                                  color: .gray, dashed: true))
    }
    panel.xTickLabels = cost.map { "\($0.T)" }
    panel.yScale = .log
    panel.legend = .topLeft
    return Figure(title: "Attention's cost grows like T²: every query scores every key",
                  width: 1000, height: 600, panels: [panel])
}
