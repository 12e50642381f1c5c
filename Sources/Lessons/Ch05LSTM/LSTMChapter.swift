import Foundation

extension Chapter {
    /// Chapter 5: long short-term memory.
    public static let lstm = Chapter(
        number: 5, slug: "lstm", title: "Long short-term memory",
        figures: ["loss", "recall-accuracy", "gradient-through-time", "gates", "cell-state"],
        run: runLSTMChapter)
}

/// The recall-task models: small, so that four lags × two models train in a few seconds.
struct RecallSetup {
    static let hiddenSize = 32
    static let weightScale = 0.1
    /// f = σ(5) ≈ 0.993 at the start: a memory that lasts ~150 steps, longer than the longest lag,
    /// instead of the ~4 steps of f = σ(1) (the idea of Tallec & Ollivier's chrono initialisation).
    static let forgetBias = 5.0
    static let learningRate = 0.01

    static func rnn(_ rng: inout SeededRNG) -> CharacterModel<RNN> {
        CharacterModel(layer: RNN(inputSize: RecallTask.vocabularySize, hiddenSize: hiddenSize,
                                  weightScale: weightScale, rng: &rng), rng: &rng)
    }

    static func lstm(_ rng: inout SeededRNG) -> CharacterModel<LSTM> {
        CharacterModel(layer: LSTM(inputSize: RecallTask.vocabularySize, hiddenSize: hiddenSize,
                                   weightScale: weightScale, forgetBias: forgetBias, rng: &rng), rng: &rng)
    }
}

// listing: lstm-run
func runLSTMChapter(_ context: RunContext) throws {
    // Part 1 — the character model of chapter 4 with an LSTM in place of the RNN, both trained the
    // same way for the same number of steps.
    var settings = CharacterTrainingSettings(steps: context.steps(3_000, fast: 15),
                                             sampleEvery: context.steps(1_500, fast: 0))
    settings.sampleLength = context.steps(160, fast: 20)
    let corpus = try TextCorpus.load(for: context, minimumLength: settings.sequenceLength + 1)
    let (train, heldOut) = splitHeldOut(corpus.indices, sequenceLength: settings.sequenceLength)
    let V = corpus.vocabularySize
    var rng = context.rng("init")
    var rnn = CharacterModel(layer: RNN(inputSize: V, hiddenSize: 100, rng: &rng), rng: &rng)
    var lstm = CharacterModel(layer: LSTM(inputSize: V, hiddenSize: 100, rng: &rng), rng: &rng)
    let rnnHistory = try trainCharacterModel(&rnn, on: train, corpus: corpus, settings: settings,
                                             context: context, label: "char-RNN")
    let lstmHistory = try trainCharacterModel(&lstm, on: train, corpus: corpus, settings: settings,
                                              context: context, label: "char-LSTM")
    let evaluation = heldOut.prefix(context.steps(20_000, fast: 300))
    let rnnHeldOut = rnn.meanLoss(on: evaluation, chunk: settings.sequenceLength)
    let lstmHeldOut = lstm.meanLoss(on: evaluation, chunk: settings.sequenceLength)
    context.report("RNN held-out loss", rnnHeldOut, unit: "nats/char")
    context.report("LSTM held-out loss", lstmHeldOut, unit: "nats/char")
    context.reportTiming("char-LSTM speed", Double(settings.steps) / lstmHistory.seconds, unit: "steps/s")

    // Part 2 — the recall task at growing lags, the same budget for both models.
    let lags = context.fast ? [2, 4] : [5, 10, 20, 40]
    let steps = context.steps(2_000, fast: 60), testCount = context.steps(500, fast: 40)
    var rnnResults: [RecallResult] = [], lstmResults: [RecallResult] = []
    var longest: (rnn: CharacterModel<RNN>, lstm: CharacterModel<LSTM>)?
    var initial: (rnn: CharacterModel<RNN>, lstm: CharacterModel<LSTM>)?
    context.print("recall task: lag   RNN accuracy   LSTM accuracy   (chance 0.25)")
    for lag in lags {
        let task = RecallTask(lag: lag)
        var initRNG = context.rng("recall init \(lag)")
        var recallRNN = RecallSetup.rnn(&initRNG), recallLSTM = RecallSetup.lstm(&initRNG)
        initial = (recallRNN, recallLSTM)
        var data = context.rng("recall data \(lag)")
        rnnResults.append(try trainRecall(&recallRNN, task: task, steps: steps, learningRate: RecallSetup.learningRate,
                                          rng: &data, testCount: testCount, testRNG: context.rng("recall test \(lag)"),
                                          loop: context.loop("RNN, lag \(lag)", total: steps)))
        data = context.rng("recall data \(lag)")
        lstmResults.append(try trainRecall(&recallLSTM, task: task, steps: steps, learningRate: RecallSetup.learningRate,
                                           rng: &data, testCount: testCount, testRNG: context.rng("recall test \(lag)"),
                                           loop: context.loop("LSTM, lag \(lag)", total: steps)))
        longest = (recallRNN, recallLSTM)
        context.print(String(format: "recall task: %3d   %12.3f   %13.3f", lag,
                             rnnResults.last?.accuracy ?? 0, lstmResults.last?.accuracy ?? 0))
    }
    for (r, l) in zip(rnnResults, lstmResults) {
        context.report("recall accuracy, lag \(r.lag): RNN", r.accuracy)
        context.report("recall accuracy, lag \(l.lag): LSTM", l.accuracy)
    }

    // Figures.
    try context.save(RecurrentFigures.loss([("RNN", rnnHistory, rnnHeldOut), ("LSTM", lstmHistory, lstmHeldOut)],
                                           vocabularySize: V, title: "RNN and LSTM (H = 100) learning Shakespeare"),
                     as: "loss")
    try context.save(recallAccuracyFigure(rnn: rnnResults, lstm: lstmResults, steps: steps), as: "recall-accuracy")
    guard let trained = longest, let start = initial, let lag = lags.last else { return }
    var windowRNG = context.rng("gradient windows")
    let windows = (0..<context.steps(32, fast: 4)).map { _ in RecallTask(lag: lag).example(rng: &windowRNG) }
    let inputs = windows.map(\.inputs), targets = windows.map(\.answer)
    let norms = GradientNorms(
        rnnBefore: start.rnn.gradientNormsThroughTime(windows: inputs, targets: targets),
        rnnAfter: trained.rnn.gradientNormsThroughTime(windows: inputs, targets: targets),
        lstmBefore: start.lstm.gradientNormsThroughTime(windows: inputs, targets: targets),
        lstmAfter: trained.lstm.gradientNormsThroughTime(windows: inputs, targets: targets))
    context.report("‖∂L/∂h₁‖ ÷ ‖∂L/∂h_T‖ at lag \(lag), trained RNN", norms.rnnAfter[lag] / norms.rnnAfter[0])
    context.report("‖∂L/∂h₁‖ ÷ ‖∂L/∂h_T‖ at lag \(lag), trained LSTM", norms.lstmAfter[lag] / norms.lstmAfter[0])
    try context.save(recallGradientFigure(norms, lag: lag), as: "gradient-through-time")
    let source = heldOut.isEmpty ? train : heldOut
    let line = encodedOrExcerpt(hamletLine, corpus: corpus, fallback: source, length: 45)
    try context.save(gatesFigure(lstm, line: line, corpus: corpus), as: "gates")
    var traceRNG = context.rng("cell traces")
    try context.save(cellStateFigure(trained.lstm, lag: lag, rng: &traceRNG), as: "cell-state")
}
// end listing

/// Test accuracy against the lag for both models, with chance as a reference line.
func recallAccuracyFigure(rnn: [RecallResult], lstm: [RecallResult], steps: Int) -> Figure {
    var panel = Panel(title: "Recall a letter across T − 1 digits: accuracy after \(steps) training sequences",
                      xLabel: "lag T (steps between the letter and the question)", yLabel: "test accuracy")
    panel.yRange = 0...1.05
    panel.legend = .bottomLeft
    panel.layers = [
        .hline(y: 0.25, label: "chance (1 in 4)", color: .gray),
        .line(x: rnn.map { Double($0.lag) }, y: rnn.map(\.accuracy), label: "RNN (H = 32)", color: Color.series(0),
              markers: true),
        .line(x: lstm.map { Double($0.lag) }, y: lstm.map(\.accuracy), label: "LSTM (H = 32)", color: Color.series(1),
              markers: true),
    ]
    return Figure(width: 900, height: 560, panels: [panel])
}

/// ‖∂L/∂h_t‖ going back from the answer, for the recall models at the longest lag.
struct GradientNorms {
    var rnnBefore: [Double], rnnAfter: [Double], lstmBefore: [Double], lstmAfter: [Double]
}

/// The four curves of `GradientNorms`: each model before (dashed) and after training.
func recallGradientFigure(_ norms: GradientNorms, lag: Int) -> Figure {
    let (rnnColor, lstmColor) = (Color.series(0), Color.series(1))
    return RecurrentFigures.gradientNorms([
        .init(label: "RNN, untrained", norms: norms.rnnBefore, color: rnnColor, dashed: true),
        .init(label: "RNN, trained", norms: norms.rnnAfter, color: rnnColor),
        .init(label: "LSTM, untrained", norms: norms.lstmBefore, color: lstmColor, dashed: true),
        .init(label: "LSTM, trained", norms: norms.lstmAfter, color: lstmColor),
    ], title: "Gradient of the answer reaching back through a lag-\(lag) recall sequence")
}

/// The char-LSTM's input, forget and output gates over a line of text, for the 12 units whose cell
/// state varies most along the line.
func gatesFigure(_ model: CharacterModel<LSTM>, line: [Int], corpus: TextCorpus) -> Figure {
    let H = model.layer.hiddenSize
    var state = model.layer.initialState
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
        let (_, last, _) = layer.forward(inputs, from: layer.initialState)
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
        var state = layer.initialState
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
