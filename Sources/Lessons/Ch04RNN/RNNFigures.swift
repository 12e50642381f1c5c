import Foundation

/// Figure builders of chapter 4, shared with chapter 5 (which draws the same kinds of figure for
/// the LSTM next to the RNN).
enum RecurrentFigures {
    /// The held-out loss of one or more character models as they train (solid, with markers) and
    /// their training loss (dashed), against the characters read, with the count models of the
    /// same split as horizontal reference lines.
    ///
    /// With `againstSeconds` the x axis is the training time instead (a wall-clock figure: its
    /// bytes change from run to run, so the chapter lists it in `wallClockFigures`).
    static func heldOutLoss(_ runs: [(label: String, history: CharacterTrainingHistory)], baselines: NGramBaselines,
                            vocabularySize V: Int, title: String, againstSeconds: Bool = false) -> Figure {
        var panel = Panel(title: title, xLabel: againstSeconds ? "training time (seconds, this run on this machine)"
                                                               : "training characters read (millions)",
                          yLabel: "loss (nats per character)")
        func x(_ characters: Int, _ seconds: Double) -> Double { againstSeconds ? seconds : Double(characters) / 1e6 }
        let lines = baselines.referenceLines
        let lowest = (runs.flatMap { $0.history.heldOut.map(\.loss) } + lines.map(\.loss)).filter(\.isFinite).min() ?? 0
        panel.yRange = (lowest - 0.3)...(log(Double(V)) + 0.2)
        panel.legend = .topRight
        let grays = [Color.gray, Color.darkGray, Color.black, Color.black]
        for (k, line) in lines.enumerated() {
            panel.layers.append(.hline(y: line.loss, label: "\(line.label), " + String(format: "%.2f", line.loss),
                                       color: grays[min(k, grays.count - 1)]))
        }
        for (i, run) in runs.enumerated() {
            let color = Color.series(i)
            let points = run.history.heldOut
            panel.layers.append(.line(x: points.map { x($0.characters, $0.seconds) }, y: points.map(\.loss),
                                      label: "\(run.label), held-out, " + String(format: "%.2f", points.last?.loss ?? .nan),
                                      color: color, markers: true))
            if !againstSeconds {
                let training = run.history.trainingLoss
                panel.layers.append(.line(x: training.map { Double($0.characters) / 1e6 }, y: training.map(\.value),
                                          label: "\(run.label), training", color: color, dashed: true))
            }
        }
        return Figure(title: nil, width: 900, height: 600, panels: [panel])
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

    /// One curve of ‖∂L/∂h_t‖ against the steps back from the loss.
    struct GradientSeries {
        var label: String
        var norms: [Double]
        var color: Color
        var dashed = false
    }

    /// ‖∂L/∂h_t‖ against the number of steps back from the loss, on a log axis.
    static func gradientNorms(_ series: [GradientSeries], title: String) -> Figure {
        var panel = Panel(title: title, xLabel: "steps back from the predicted character (T − t)",
                          yLabel: "‖∂L/∂h_t‖ (geometric mean over windows)")
        panel.yScale = .log
        panel.legend = .bottomLeft
        panel.layers = series.map { s in
            .line(x: s.norms.indices.map(Double.init), y: s.norms, label: s.label, color: s.color, dashed: s.dashed)
        }
        return Figure(width: 900, height: 560, panels: [panel])
    }

    /// The `count` units whose activation changes most between steps t − `lag` and t over a
    /// sequence, in index order: the interesting rows of a heatmap that would be too tall with every
    /// unit. With lag 2, a unit that only flips sign at every step (as many units of a trained RNN
    /// do, whatever they read) scores low, and units that respond to what they read score high.
    static func unitsThatChangeMost(_ hs: Tensor, count: Int, lag: Int) -> [Int] {
        let (T, H) = (hs.rows, hs.cols)
        let score = (0..<H).map { i in
            (lag..<max(T, lag)).reduce(0.0) { sum, t in sum + (hs[t, i] - hs[t - lag, i]) * (hs[t, i] - hs[t - lag, i]) }
        }
        return Array(score.indices.sorted { score[$0] > score[$1] }.prefix(count)).sorted()
    }
}
