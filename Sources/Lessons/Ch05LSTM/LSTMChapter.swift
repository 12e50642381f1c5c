import Foundation

extension Chapter {
    /// Chapter 5: long short-term memory.
    public static let lstm = Chapter(
        number: 5, slug: "lstm", title: "Long short-term memory",
        figures: ["loss", "loss-against-time", "recall-accuracy", "gradient-through-time", "gates", "cell-state",
                  "lstm-cell"],
        adjustableLength: true, wallClockFigures: ["loss-against-time"], claims: [
            SeedClaim("the default run ends below the trigram (add-0.01)", seeds: [42, 1, 2, 3, 4],
                      metrics: ["held-out loss, LSTM", "held-out loss, trigram (add-0.01)"]) { v in v[0] < v[1] },
        ], run: runLSTMChapter)
}

// listing: lstm-run
func runLSTMChapter(_ context: RunContext) throws {
    let (corpus, split) = try loadSplit(context)
    let baselines = NGramBaselines(split: split, vocabularySize: corpus.vocabularySize)
    baselines.report(to: context)
    let lstm = try trainCharLSTM(corpus: corpus, split: split, context: context)
    try reportSamples(lstm.model, corpus: corpus, label: "char-LSTM", context: context)
    for (name, seconds) in [("loss", false), ("loss-against-time", true)] {
        try context.save(RecurrentFigures.heldOutLoss([("LSTM", lstm.history)], baselines: baselines,
                                                      vocabularySize: corpus.vocabularySize,
                                                      title: "Char-LSTM (H = 100) on held-out Shakespeare",
                                                      againstSeconds: seconds), as: name)
    }
    let recall = try recallExperiment(context)
    let line = encodedOrExcerpt(hamletLine, corpus: corpus, fallback: split.heldOut[0][...], length: 45)
    try context.save(gatesFigure(lstm.model, line: line, corpus: corpus), as: "gates")
    var traceRNG = context.rng("cell traces")
    if let trained = recall.results.lstms[.lstmBias5]?.after {
        try context.save(cellStateFigure(trained, lag: recall.lag, rng: &traceRNG), as: "cell-state")
    }
    try context.save(LSTMCellDiagram.figure(), as: "lstm-cell")
}
// end listing

/// A char-LSTM with chapter 4's hidden size, trained the way chapter 4 trains its RNN.
func trainCharLSTM(corpus: TextCorpus, split: HeldOutSplit, context: RunContext) throws
    -> (model: CharacterModel<LSTM>, history: CharacterTrainingHistory)
{
    var lstm = CharacterModelBudget.startingLSTM(vocabularySize: corpus.vocabularySize, context)
    let settings = CharacterModelBudget.settings(steps: CharacterModelBudget.lstmSteps(context), lstm: true)
    let history = try trainCharacterModel(&lstm, on: split.train, heldOut: split.heldOut, settings: settings,
                                          context: context, label: "char-LSTM")
    reportTraining(history, model: lstm, label: "LSTM", context: context)
    return (lstm, history)
}

/// The recall task at growing lags for the four models of `RecallModel`, five seeds each: the
/// accuracy table, the accuracy figure and the gradients reaching back through the longest lag.
func recallExperiment(_ context: RunContext) throws -> (results: RecallExperiment.Results, lag: Int) {
    let experiment = RecallExperiment(lags: context.fast ? [2, 4] : [5, 10, 20, 40], seeds: context.fast ? 2 : 5,
                                      steps: context.steps(300, fast: 20))
    context.print("recall task: \(experiment.seeds) seeds × \(experiment.lags.count) lags × 4 models, "
                  + "\(experiment.steps) steps of \(experiment.batch) sequences each")
    let results = experiment.run(context)
    var table = ["model                   " + experiment.lags.map { "lag \($0)".padding(toLength: 20, withPad: " ", startingAt: 0) }.joined()]
    for model in RecallModel.allCases {
        guard let rows = results.accuracy[model] else { continue }
        let cells = rows.map { seeds in
            String(format: "%.2f [%.2f, %.2f]", mean(seeds), seeds.min() ?? 0, seeds.max() ?? 0)
                .padding(toLength: 20, withPad: " ", startingAt: 0)
        }
        table.append(model.label.padding(toLength: 24, withPad: " ", startingAt: 0) + cells.joined())
        for (lag, seeds) in zip(experiment.lags, rows) {
            context.record("recall accuracy, lag \(lag), \(model.label), mean", mean(seeds))
            context.record("recall accuracy, lag \(lag), \(model.label), min", seeds.min() ?? 0)
            context.record("recall accuracy, lag \(lag), \(model.label), max", seeds.max() ?? 0)
        }
    }
    let text = table.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
    context.print("recall accuracy, mean [min, max] over \(experiment.seeds) seeds (chance 0.25):\n" + text)
    context.recordText("recall table", text)
    let longest = experiment.lags.last ?? 1
    for model in RecallModel.allCases {
        if let seeds = results.accuracy[model]?.last {
            context.report("recall accuracy at lag \(longest), \(model.label) (mean of \(seeds.count) seeds)", mean(seeds))
        }
    }
    try context.save(recallAccuracyFigure(results, experiment: experiment), as: "recall-accuracy")
    var windowRNG = context.rng("gradient windows")
    let windows = (0..<context.steps(32, fast: 4)).map { _ in RecallTask(lag: longest).example(rng: &windowRNG) }
    try context.save(recallGradientFigure(results, windows: windows, lag: longest, context: context),
                     as: "gradient-through-time")
    return (results, longest)
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

/// Test accuracy against the lag for every model: the mean over seeds, with a band from the
/// lowest to the highest seed, and chance as a reference line.
func recallAccuracyFigure(_ results: RecallExperiment.Results, experiment: RecallExperiment) -> Figure {
    var panel = Panel(title: "Recall a letter across T − 1 digits: test accuracy after \(experiment.steps) steps "
                      + "of \(experiment.batch) sequences (H = \(experiment.hiddenSize))",
                      xLabel: "lag T (steps between the letter and the question; models shifted apart)",
                      yLabel: "test accuracy (mean; band: min–max of \(experiment.seeds) seeds)")
    panel.yRange = 0...1.05
    panel.legend = .bottomLeft
    panel.layers = [.hline(y: 0.25, label: "chance (1 in 4)", color: .gray)]
    for (i, model) in RecallModel.allCases.enumerated() {
        guard let rows = results.accuracy[model] else { continue }
        let color = Color.series(i)
        // Each model's points shifted a little sideways, so that the bands do not hide each other.
        let x = experiment.lags.map { Double($0) + (Double(i) - 1.5) * 0.8 }
        for (lag, seeds) in zip(x, rows) {
            panel.layers.append(.line(x: [lag, lag], y: [seeds.min() ?? 0, seeds.max() ?? 0], color: color, width: 3))
        }
        panel.layers.append(.line(x: x, y: rows.map(mean), label: model.label, color: color, markers: true))
    }
    return Figure(width: 900, height: 560, panels: [panel])
}

/// ‖∂L/∂h_t‖ of every model and ‖∂L/∂c_t‖ of the LSTMs going back from the answer, through
/// recall sequences of the longest lag, for seed 0 before (dashed) and after training.
func recallGradientFigure(_ results: RecallExperiment.Results, windows: [(inputs: [Int], answer: Int)], lag: Int,
                          context: RunContext) -> Figure {
    let (inputs, targets) = (windows.map(\.inputs), windows.map(\.answer))
    var hidden: [RecurrentFigures.GradientSeries] = [], cell: [RecurrentFigures.GradientSeries] = []
    for (i, model) in RecallModel.allCases.enumerated() {
        let color = Color.series(i)
        if let pair = results.rnns[model] {
            let (before, after) = (pair.before.gradientNormsThroughTime(windows: inputs, targets: targets),
                                   pair.after.gradientNormsThroughTime(windows: inputs, targets: targets))
            hidden += [.init(label: "\(model.label), untrained", norms: before, color: color, dashed: true),
                       .init(label: "\(model.label), trained", norms: after, color: color)]
            context.record("‖∂L/∂h₁‖ ÷ ‖∂L/∂h_T‖, trained \(model.label)", after[lag] / after[0])
        }
        if let pair = results.lstms[model] {
            let after = pair.after.gradientNormsThroughTime(windows: inputs, targets: targets)
            hidden += [.init(label: "\(model.label), untrained",
                             norms: pair.before.gradientNormsThroughTime(windows: inputs, targets: targets),
                             color: color, dashed: true),
                       .init(label: "\(model.label), trained", norms: after, color: color)]
            let cellAfter = pair.after.gradientNormsThroughTime(windows: inputs, targets: targets, of: { $0.dc })
            cell += [.init(label: "\(model.label), untrained",
                           norms: pair.before.gradientNormsThroughTime(windows: inputs, targets: targets, of: { $0.dc }),
                           color: color, dashed: true),
                     .init(label: "\(model.label), trained", norms: cellAfter, color: color)]
            context.record("‖∂L/∂h₁‖ ÷ ‖∂L/∂h_T‖, trained \(model.label)", after[lag] / after[0])
            context.record("‖∂L/∂c₁‖ ÷ ‖∂L/∂c_T‖, trained \(model.label)", cellAfter[lag] / cellAfter[0])
        }
    }
    var panels = RecurrentFigures.gradientNorms(hidden, title: "‖∂L/∂h_t‖, every model").panels
    panels += RecurrentFigures.gradientNorms(cell, title: "‖∂L/∂c_t‖, the LSTMs' cell path").panels
    panels[1].yLabel = "‖∂L/∂c_t‖ (geometric mean over windows)"
    return Figure(title: "Gradient of the answer reaching back through a lag-\(lag) recall sequence (seed 0)",
                  width: 1000, height: 1100, panels: panels)
}

/// The char-LSTM's input, forget and output gates over a line of text, for the 12 units whose cell
/// state varies most along the line.
func gatesFigure(_ model: CharacterModel<LSTM>, line: [Int], corpus: TextCorpus) -> Figure {
    let H = model.layer.hiddenSize
    var state = LSTMState(h: Tensor(zeros: [H]), c: Tensor(zeros: [H]))
    var gates: [LSTMGates] = []
    var cells: [Double] = []
    for x in line {
        let (next, g) = model.layer.stepWithGates(x, state)
        gates.append(g)
        cells += next.c.data
        state = next
    }
    let units = RecurrentFigures.unitsThatChangeMost(Tensor(shape: [line.count, H], data: cells), count: 12, lag: 1)
    let text = line.map(corpus.label)
    let panels = [("input gate i_t", \LSTMGates.i), ("forget gate f_t", \LSTMGates.f), ("output gate o_t", \LSTMGates.o)]
        .map { name, gate in
            RecurrentFigures.activations(units.map { k in gates.map { $0[keyPath: gate][k] } }, units: units, text: text,
                                         title: name, range: 0...1, colorBar: "gate value", colormap: .viridis)
        }
    return Figure(title: "Gates of the trained char-LSTM reading a line (12 of 100 units)", width: 1100, height: 1000,
                  panels: panels)
}

/// The cell state and input gate of one LSTM unit while it reads four sequences that differ only
/// in their first letter: the unit whose final cell state best tells the letters apart.
func cellStateFigure(_ model: CharacterModel<LSTM>, lag: Int, rng: inout SeededRNG) -> Figure {
    let task = RecallTask(lag: lag)
    let layer = model.layer
    // The unit whose c_T differs most between the four letters, over 200 random sequences.
    var sums = [[Double]](repeating: [Double](repeating: 0, count: layer.hiddenSize), count: 4)
    var counts = [Double](repeating: 0, count: 4)
    for _ in 0..<200 {
        let (inputs, answer) = task.example(rng: &rng)
        let (_, last, _) = layer.forward(inputs, from: LSTMState(h: Tensor(zeros: [layer.hiddenSize]), c: Tensor(zeros: [layer.hiddenSize])))
        for k in 0..<layer.hiddenSize { sums[answer][k] += last.c[k] }
        counts[answer] += 1
    }
    let spread = (0..<layer.hiddenSize).map { k -> Double in
        let means = (0..<4).map { sums[$0][k] / max(counts[$0], 1) }
        let mean = means.reduce(0, +) / 4
        return means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
    let unit = spread.indices.max { spread[$0] < spread[$1] } ?? 0
    // Four sequences sharing every letter but the first.
    let rest = task.example(rng: &rng).inputs.dropFirst()
    let text = "x" + RecallTask.text(Array(rest))
    var cellPanel = Panel(title: "cell state c_t of unit \(unit) reading \"\(text)\"", xLabel: "step t", yLabel: "c_t")
    var inputPanel = Panel(title: "its input gate i_t", xLabel: "step t", yLabel: "i_t")
    var forgetPanel = Panel(title: "its forget gate f_t", xLabel: "step t", yLabel: "f_t")
    inputPanel.yRange = 0...1
    forgetPanel.yRange = 0...1
    for letter in 0..<4 {
        let inputs = [letter] + rest
        var state = LSTMState(h: Tensor(zeros: [layer.hiddenSize]), c: Tensor(zeros: [layer.hiddenSize]))
        var c: [Double] = [], i: [Double] = [], f: [Double] = []
        for x in inputs {
            let (next, gates) = layer.stepWithGates(x, state)
            c.append(next.c[unit])
            i.append(gates.i[unit])
            f.append(gates.f[unit])
            state = next
        }
        let t = (1...inputs.count).map(Double.init)
        let label = "x = \(RecallTask.letters[letter])"
        cellPanel.layers.append(.line(x: t, y: c, label: label, color: Color.series(letter), markers: true))
        inputPanel.layers.append(.line(x: t, y: i, color: Color.series(letter), markers: true))
        forgetPanel.layers.append(.line(x: t, y: f, color: Color.series(letter), markers: true))
    }
    cellPanel.legend = .topLeft
    return Figure(title: "One unit of the recall LSTM (lag \(lag)) for four first letters x",
                  width: 1000, height: 1000, panels: [cellPanel, inputPanel, forgetPanel])
}
