import Foundation

/// Figure builders of chapter 4, shared with chapter 5 (which draws the same kinds of figure for
/// the LSTM next to the RNN).
enum RecurrentFigures {
    /// Training-loss curves of one or more character models, with the uniform guess log V and
    /// each model's held-out loss as reference lines.
    static func loss(_ runs: [(label: String, history: CharacterTrainingHistory, heldOut: Double)],
                     vocabularySize V: Int, title: String) -> Figure {
        var panel = Panel(title: title, xLabel: "training step (one sequence of 25 characters each)",
                          yLabel: "loss (nats per character)")
        panel.layers.append(.hline(y: log(Double(V)), label: "uniform guess, log V = \(String(format: "%.2f", log(Double(V))))",
                                   color: .gray))
        for (i, run) in runs.enumerated() {
            let color = Color.series(i)
            panel.layers.append(.line(x: run.history.loss.map { Double($0.step) }, y: run.history.loss.map(\.value),
                                      label: "\(run.label): training (mean of each 100 steps)", color: color))
            if run.heldOut.isFinite {
                panel.layers.append(.hline(y: run.heldOut, label: "\(run.label): held-out text after training, "
                                           + String(format: "%.2f", run.heldOut), color: color))
            }
        }
        return Figure(title: nil, width: 900, height: 560, panels: [panel])
    }

    /// A heatmap of activations: one row per unit, one column per character read, with the
    /// characters as column labels.
    static func activations(_ values: [[Double]], units: [Int], text: [String], title: String,
                            range: ClosedRange<Double>, colorBar: String, colormap: Colormap) -> Panel {
        var panel = Panel(title: title, xLabel: "character read at step t", yLabel: "unit")
        panel.layers = [.matrix(values: values, colormap: colormap, range: range)]
        panel.xTickLabels = text
        panel.yTickLabels = units.map { "\($0)" }
        panel.colorBar = colorBar
        return panel
    }

    /// ‖∂L/∂h_t‖ against the number of steps back from the loss, on a log axis.
    static func gradientNorms(_ series: [(label: String, norms: [Double])], title: String) -> Figure {
        var panel = Panel(title: title, xLabel: "steps back from the predicted character (T − t)",
                          yLabel: "‖∂L/∂h_t‖ (geometric mean over windows)")
        panel.yScale = .log
        for (i, s) in series.enumerated() {
            panel.layers.append(.line(x: s.norms.indices.map(Double.init), y: s.norms, label: s.label,
                                      color: Color.series(i)))
        }
        return Figure(width: 900, height: 560, panels: [panel])
    }

    /// The units whose activation varies most over a sequence, in index order: the interesting rows
    /// of a heatmap that would be too tall with every unit.
    static func mostActiveUnits(_ hs: Tensor, count: Int) -> [Int] {
        let (T, H) = (hs.rows, hs.cols)
        let variance = (0..<H).map { i -> Double in
            let column = (0..<T).map { hs[$0, i] }
            let mean = column.reduce(0, +) / Double(T)
            return column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        return Array(variance.indices.sorted { variance[$0] > variance[$1] }.prefix(count)).sorted()
    }

    /// Rows `units` of the transposed (T × H) matrix `hs`: unit-by-time values for a heatmap.
    static func unitRows(_ hs: Tensor, units: [Int]) -> [[Double]] {
        units.map { i in (0..<hs.rows).map { hs[$0, i] } }
    }
}
