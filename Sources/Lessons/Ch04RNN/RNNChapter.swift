import Foundation

extension Chapter {
    /// Chapter 4: recurrent networks, a character-level RNN on Shakespeare.
    public static let rnn = Chapter(
        number: 4, slug: "rnn", title: "Recurrent networks",
        figures: ["loss", "hidden-activations", "gradient-through-time", "temperature"],
        run: runRNNChapter)
}

/// The line whose hidden activations the chapter shows, and the prompt for the temperature figure.
/// A learner's own text (`--data`) may lack their characters; then a piece of that text is used.
let hamletLine = "To be, or not to be,--that is the question:--"
let temperaturePrompt = "To be, or not to be,--that is the "

/// `preferred` encoded in the corpus, or the first `length` characters of `fallback`.
func encodedOrExcerpt(_ preferred: String, corpus: TextCorpus, fallback: ArraySlice<Int>, length: Int) -> [Int] {
    corpus.encode(preferred) ?? Array(fallback.prefix(length))
}

// listing: rnn-run
func runRNNChapter(_ context: RunContext) throws {
    // Data: the text as character indices; the last 10 % is held out.
    var settings = CharacterTrainingSettings(steps: context.steps(15_000, fast: 30),
                                             sampleEvery: context.steps(3_000, fast: 0))
    settings.sampleLength = context.steps(160, fast: 40)
    let corpus = try TextCorpus.load(for: context, minimumLength: settings.sequenceLength + 1)
    let (train, heldOut) = splitHeldOut(corpus.indices, sequenceLength: settings.sequenceLength)
    let V = corpus.vocabularySize
    context.print("\(corpus.indices.count) characters, \(V) distinct; training on \(train.count), "
                  + "holding out \(heldOut.count)")

    // Model: min-char-rnn's sizes, H = 100 hidden units.
    var rng = context.rng("init")
    var model = CharacterModel(layer: RNN(inputSize: V, hiddenSize: 100, rng: &rng), rng: &rng)
    let untrained = model

    // Training: Adagrad, T = 25, clipping at norm 5, samples printed as it learns.
    let history = try trainCharacterModel(&model, on: train, corpus: corpus, settings: settings,
                                          context: context, label: "char-RNN")
    let heldOutLoss = model.meanLoss(on: heldOut.prefix(context.steps(20_000, fast: 500)),
                                     chunk: settings.sequenceLength)
    context.report("smoothed training loss", history.smoothedLoss, unit: "nats/char")
    context.report("held-out loss", heldOutLoss, unit: "nats/char")
    context.reportTiming("training speed", Double(settings.steps) / history.seconds, unit: "steps/s")
    context.report("steps clipped", Double(history.clippedSteps))
    var sampler = context.rng("temperature samples")
    let prime = encodedOrExcerpt("\n", corpus: corpus, fallback: train, length: 1)
    for τ in [0.5, 1.0, 1.5] {
        let text = model.sample(prime: prime, count: settings.sampleLength, temperature: τ, rng: &sampler)
        context.print("── sample at temperature \(τ) ──\n\(corpus.decode(text))")
    }

    // Figures.
    let source = heldOut.isEmpty ? train : heldOut
    try context.save(RecurrentFigures.loss([("RNN", history, heldOutLoss)], vocabularySize: V,
                                           title: "Char-RNN (H = 100) learning Shakespeare"), as: "loss")
    let line = encodedOrExcerpt(hamletLine, corpus: corpus, fallback: source, length: 45)
    let oscillating = RecurrentFigures.alternatingUnits(model.layer.forward(line, from: model.layer.initialState).hs)
    context.print("\(oscillating) of 100 hidden units flip sign at (nearly) every character of \"\(corpus.decode(line))\"")
    try context.save(hiddenActivationsFigure(model, line: line, corpus: corpus), as: "hidden-activations")
    let windows = gradientWindows(source, count: context.steps(24, fast: 3))
    let before = untrained.gradientNormsThroughTime(windows: windows.inputs, targets: windows.targets)
    let after = model.gradientNormsThroughTime(windows: windows.inputs, targets: windows.targets)
    if before.count > 25 {
        context.report("‖∂L/∂h‖ 25 steps back ÷ at the output, untrained", before[25] / before[0])
        context.report("‖∂L/∂h‖ 25 steps back ÷ at the output, trained", after[25] / after[0])
    }
    try context.save(gradientFigure(before: before, after: after), as: "gradient-through-time")
    let prompt = encodedOrExcerpt(temperaturePrompt, corpus: corpus, fallback: source, length: 30)
    try context.save(temperatureFigure(model, prompt: prompt, corpus: corpus), as: "temperature")
}
// end listing

/// The trained RNN's h_t over a line of text, for the 24 units that change most over two steps.
func hiddenActivationsFigure(_ model: CharacterModel<RNN>, line: [Int], corpus: TextCorpus) -> Figure {
    let (hs, _, _) = model.layer.forward(line, from: model.layer.initialState)
    let units = RecurrentFigures.unitsThatChangeMost(hs, count: 24, lag: 2)
    let panel = RecurrentFigures.activations(
        RecurrentFigures.unitRows(hs, units: units), units: units, text: line.map(corpus.label),
        title: "Hidden units h_t of the trained RNN reading a line (24 of 100)",
        range: -1...1, colorBar: "h_t", colormap: .blueWhiteRed)
    return Figure(width: 1100, height: 620, panels: [panel])
}

/// `count` windows of 60 characters spread evenly through `text`, each with the character after it.
func gradientWindows(_ text: ArraySlice<Int>, count: Int) -> (inputs: [[Int]], targets: [Int]) {
    let length = min(60, text.count - 1)
    let stride = max(1, (text.count - length - 1) / count)
    let starts = (0..<count).map { text.startIndex + min($0 * stride, text.count - length - 1) }
    return (starts.map { Array(text[$0..<($0 + length)]) }, starts.map { text[$0 + length] })
}

/// ‖∂L/∂h_t‖ going back from a prediction, before and after training.
func gradientFigure(before: [Double], after: [Double]) -> Figure {
    RecurrentFigures.gradientNorms([
        .init(label: "before training (weights N(0, 0.01²))", norms: before, color: Color.series(0), dashed: true),
        .init(label: "after training", norms: after, color: Color.series(0)),
    ], title: "How far back the gradient of one prediction reaches in the RNN")
}

/// The next-character distribution after a prompt at four temperatures (equation 4.10), for the
/// 12 characters most likely at τ = 1.
func temperatureFigure(_ model: CharacterModel<RNN>, prompt: [Int], corpus: TextCorpus) -> Figure {
    var state = model.layer.initialState
    var logits = Tensor(zeros: [model.vocabularySize])
    for x in prompt { (logits, state) = model.next(x, state) }
    let temperatures = [0.25, 0.5, 1.0, 2.0]
    let p1 = softmax(logits, temperature: 1)
    let top = Array(p1.data.indices.sorted { p1.data[$0] > p1.data[$1] }.prefix(12))
    let rows = temperatures.map { τ in
        let p = softmax(logits, temperature: τ)
        return top.map { p.data[$0] }
    }
    var panel = Panel(title: "p(next character) after \"\(corpus.decode(Array(prompt.suffix(40))))\"",
                      xLabel: "next character (the 12 most likely at τ = 1)", yLabel: "temperature")
    let highest = rows.flatMap { $0 }.max() ?? 1
    panel.layers = [.matrix(values: rows, colormap: .viridis, range: 0...highest, annotate: true, format: "%.2f")]
    panel.xTickLabels = top.map(corpus.label)
    panel.yTickLabels = temperatures.map { "τ = \($0)" }
    panel.colorBar = "probability"
    return Figure(width: 900, height: 380, panels: [panel])
}
