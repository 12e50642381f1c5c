import Foundation

/// The figures of chapter 8.
enum TransformerFigures {
    /// Held-out loss against training characters read, with the count models as horizontal lines;
    /// beside it, the learning-rate schedule (8.9).
    static func learningCurve(_ history: TransformerHistory, recurrent: [RecurrentRun], baselines b: Baselines,
                              settings: TransformerTrainingSettings) -> Figure {
        var curve = heldOutPanel(history, recurrent: recurrent, baselines: b, againstSeconds: false)
        curve.title = "Held-out loss (the same 21,000 characters for every model)"
        var schedule = Panel(title: "The Transformer's learning rate: warm-up, then half a cosine (8.9)", xLabel: "step", yLabel: "α_t")
        let s = WarmupCosineSchedule(peak: settings.peakLearningRate, minimum: settings.minimumLearningRate,
                                     warmup: settings.warmup, total: settings.steps)
        let steps = Array(1...max(settings.steps, 1))
        schedule.layers = [.line(x: steps.map(Double.init), y: steps.map(s.learningRate), color: .series(0))]
        let title = recurrent.isEmpty ? "A two-block Transformer against chapter 4's n-grams on the same held-out text"
            : "Transformer, LSTM and RNN on one budget of characters, against chapter 4's n-grams, on the same held-out text"
        return Figure(title: title, width: 1400, height: 560, columns: 2, panels: [curve, schedule])
    }

    /// The same held-out curves against seconds of training on the machine that ran them.
    static func lossAgainstTime(_ history: TransformerHistory, recurrent: [RecurrentRun], baselines b: Baselines) -> Figure {
        var panel = heldOutPanel(history, recurrent: recurrent, baselines: b, againstSeconds: true)
        panel.title = "Held-out loss against seconds of training (this run, this machine: differs from run to run)"
        return Figure(title: "Which model learns fastest per second, on the same held-out text", width: 1000, height: 600,
                      panels: [panel])
    }

    /// Held-out loss of every model against characters read (thousands) or seconds, with the
    /// count models as horizontal lines.
    private static func heldOutPanel(_ history: TransformerHistory, recurrent: [RecurrentRun], baselines b: Baselines,
                                     againstSeconds: Bool) -> Panel {
        var panel = Panel(xLabel: againstSeconds ? "seconds of training (held-out measurements not counted)"
                                                 : "training characters read (thousands)",
                          yLabel: "held-out loss (nats per character)")
        let baselines = [("unigram", b.unigram), ("bigram", b.bigram), ("trigram", b.trigram),
                         ("\(b.bestOrder)-gram, the best count model", b.best)]
        let grays = [Color.gray, Color.darkGray, Color.black, Color.black]
        for (i, (name, value)) in baselines.enumerated() {
            panel.layers.append(.hline(y: value, label: "\(name), " + String(format: "%.2f", value), color: grays[i]))
        }
        for (i, run) in recurrent.enumerated() {
            let points = run.history.heldOut.dropFirst()          // from the first measurement after training began
            panel.layers.append(.line(x: points.map { againstSeconds ? $0.seconds : Double($0.characters) / 1_000 },
                                      y: points.map(\.loss), label: "\(run.label), " + String(format: "%.2f", run.heldOut),
                                      color: .series(i + 1), markers: true))
        }
        panel.layers.append(.line(x: history.curve.map { againstSeconds ? $0.seconds : Double($0.characters) / 1_000 },
                                  y: history.curve.map(\.heldOutLoss),
                                  label: "Transformer, " + String(format: "%.2f", history.curve.last?.heldOutLoss ?? .nan),
                                  color: .series(0), markers: true))
        // Like the Transformer's, the recurrent curves start at their first measurement after a quarter of
        // the run, not at the untrained log V.
        let values = history.curve.map(\.heldOutLoss) + recurrent.map(\.heldOut) + baselines.map(\.1)
        panel.yRange = ((values.min() ?? 1) - 0.2).rounded(.down)...((values.max() ?? 4) + 0.3)
        panel.legend = .topRight
        return panel
    }

    /// The attention weights A of every head of every block, reading one held-out line.
    static func attention(_ model: Transformer, line: [Int], corpus: TextCorpus) -> Figure {
        let cache = model.forward(line, sequenceLength: line.count)
        let labels = line.map(corpus.label)
        var panels: [Panel] = []
        for (l, block) in cache.blocks.enumerated() {
            for h in 0..<model.config.heads {
                let A = block.attention.heads.weights(sequence: 0, head: h)
                var panel = Panel(title: "block \(l + 1), head \(h + 1)", xLabel: "key: character attended to",
                                  yLabel: "query: character read last")
                panel.layers = [.matrix(values: (0..<A.rows).map { i in (0..<A.cols).map { A[i, $0] } }, range: 0...1)]
                panel.xTickLabels = labels
                panel.yTickLabels = labels
                panel.colorBar = "weight"
                panels.append(panel)
            }
        }
        return Figure(title: "Where each head looks while reading \"\(corpus.decode(line))\" (held out; row i predicts character i + 1)",
                      width: 2600, height: 1400, columns: model.config.heads, panels: panels)
    }

    /// The ablations: training loss against step for each variant, and the honest held-out loss.
    static func ablations(_ results: [AblationResult], task: EchoText) -> Figure {
        var curves = Panel(title: "Training loss (mean of every 10 steps)", xLabel: "step", yLabel: "nats per character")
        var bars = Panel(title: "Held-out loss, nothing seen from the future", xLabel: "variant",
                         yLabel: "nats per character")
        let bigram = log(Double(task.vocabularySize))
        for panel in [0, 1] {
            let lines: [Layer] = [.hline(y: bigram, label: String(format: "bigram, log V = %.2f", bigram), color: .gray),
                                  .hline(y: task.entropy, label: String(format: "best possible, %.2f", task.entropy),
                                         color: .darkGray)]
            if panel == 0 { curves.layers += lines } else { bars.layers += lines }
        }
        for (i, r) in results.enumerated() {
            let means = stride(from: 0, to: r.curve.count, by: 10).map { s in
                let chunk = r.curve[s..<min(s + 10, r.curve.count)]
                return chunk.reduce(0, +) / Double(chunk.count)
            }
            curves.layers.append(.line(x: means.indices.map { Double($0 * 10 + 10) }, y: means, label: r.name,
                                       color: .series(i)))
            bars.layers.append(.bars(x: [Double(i + 1)], y: [r.heldOutLoss], width: 0.7, color: .series(i)))
        }
        bars.xTickLabels = [""] + results.map(\.name)
        curves.yRange = 0...(bigram + 1)
        bars.yRange = 0...(max(bigram, results.map(\.heldOutLoss).max() ?? 0) + 0.5)
        curves.legend = .topRight
        return Figure(title: "Ablations on a text where each character repeats the one \(task.lag) back (p = \(task.repeatProbability))",
                      width: 1500, height: 600, columns: 2, panels: [curves, bars])
    }
}
