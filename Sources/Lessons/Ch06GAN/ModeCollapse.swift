import Foundation

/// How near a mode's centre a sample must lie to count for that mode in the mode-collapse
/// measurements: 0.5, a third of the 1.53 between neighbouring centres (10σ). Looser than the 3σ
/// of "high quality", so that a generator crowding *around* one mode counts for it.
let collapseRadius = 0.5

extension GANConfig {
    /// A set-up that collapses: Adam's usual β₁ = 0.9 (a long memory of a game that has moved on)
    /// and 5 steps of G for every step of D (G outruns D). Everything else as the default.
    public static var collapsing: GANConfig {
        var config = GANConfig()
        config.beta1 = 0.9
        config.generatorSteps = 5
        return config
    }
}

/// Summary of one run's per-mode coverage: at how many checkpoints it covers at most 3 modes or
/// at least 7, and how often the mode holding most samples changes from one checkpoint to the next.
struct HoppingSummary {
    var checkpoints: Int, fewModes: Int, manyModes: Int, hops: Int

    init(_ run: RingRun) {
        let measured = run.coverage.filter { $0.step > 0 }
        checkpoints = measured.count
        fewModes = measured.filter { $0.near.modesCovered <= 3 }.count
        manyModes = measured.filter { $0.near.modesCovered >= 7 }.count
        let leaders = measured.map { c in c.near.counts.indices.max { c.near.counts[$0] < c.near.counts[$1] } ?? 0 }
        hops = zip(leaders, leaders.dropFirst()).filter { $0 != $1 }.count
    }
}

/// Prints each run's per-mode shares every tenth of the way and reports the hopping summary.
func reportModeHopping(balanced: RingRun, collapsing: RingRun, _ context: RunContext) {
    var table = "share of samples within \(collapseRadius) of each mode (%), and modes with at least 2 %\n"
    table += "run          step" + (0..<8).map { "   m\($0)" }.joined() + "  covered\n"
    for (name, run) in [("balanced", balanced), ("collapsing", collapsing)] {
        let every = max(1, run.coverage.count / 10)
        for (i, c) in run.coverage.enumerated() where i > 0 && (i % every == 0 || i == run.coverage.count - 1) {
            let shares = c.near.shares.map { String(format: "%5.0f", 100 * $0) }.joined()
            table += name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%7d", c.step)
                + shares + String(format: "%9d", c.near.modesCovered) + "\n"
        }
    }
    table.removeLast()                                             // the last line's newline
    context.print(table)
    context.recordText("per-mode coverage", table)
    for (name, run) in [("balanced", balanced), ("collapsing", collapsing)] {
        let summary = HoppingSummary(run)
        context.report("\(name): checkpoints covering ≤ 3 modes (of \(summary.checkpoints))", Double(summary.fewModes))
        context.report("\(name): checkpoints covering ≥ 7 modes (of \(summary.checkpoints))", Double(summary.manyModes))
        context.report("\(name): changes of the most-visited mode", Double(summary.hops))
        context.record("\(name): checkpoints", Double(summary.checkpoints))
    }
}

/// Snapshots of the collapsing run, each run's per-mode shares over training as a heatmap, and
/// the modes covered by both, measured the same way.
func collapseFigure(_ collapsed: RingRun, _ good: RingRun, real: Tensor) -> Figure {
    var panels = collapsed.snapshots.filter { $0.step > 0 }.prefix(3).map { snap in
        var panel = ringPanel(title: "collapsing run, step \(snap.step)", real: real, fake: snap.points)
        panel.legend = .none
        return panel
    }
    for (name, run) in [("balanced run (β₁ = 0.5, 1 G step)", good), ("collapsing run (β₁ = 0.9, 5 G steps)", collapsed)] {
        let measured = run.coverage.filter { $0.step > 0 }
        var heatmap = Panel(title: name, xLabel: "step", yLabel: "mode k")
        let values = (0..<8).map { k in measured.map { $0.near.shares[k] } }
        let last = Double(measured.last?.step ?? 1), first = Double(measured.first?.step ?? 0)
        heatmap.layers = [.field(values: values, x: first...last, y: -0.5...7.5, colormap: .viridis, range: 0...0.5)]
        heatmap.colorBar = "share of samples within \(collapseRadius) of mode k"
        panels.append(heatmap)
    }
    var covered = Panel(title: "Modes covered (≥ 2 % of samples within \(collapseRadius))", xLabel: "step", yLabel: "modes covered")
    for (i, (name, run)) in [("balanced", good), ("collapsing", collapsed)].enumerated() {
        covered.layers.append(.line(x: run.coverage.map { Double($0.step) }, y: run.coverage.map { Double($0.near.modesCovered) },
                                    label: name, color: .series(i == 0 ? 2 : 3), markers: true))
    }
    covered.yRange = 0...8.5
    covered.legend = .bottomRight
    panels.append(covered)
    return Figure(title: "Mode collapse: with β₁ = 0.9 and 5 G steps per D step, G crowds onto one mode at a time and hops",
                  width: 1300, height: 860, columns: 3, panels: panels)
}
