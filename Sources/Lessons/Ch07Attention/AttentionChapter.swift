import Foundation

extension Chapter {
    /// Chapter 7: attention.
    public static let attention = Chapter(
        number: 7, slug: "attention", title: "Attention",
        figures: ["positional-encoding", "scaling", "training", "ablations", "attention-cost", "attention-reverse",
                  "attention-running-max", "cross-attention"],
        wallClockFigures: ["attention-cost"],
        run: runAttentionChapter)
}

/// The model and training settings of the chapter's demo, each default explained.
public struct SequenceDemoConfig: Sendable {
    /// Digits per sequence.
    public var length = 8
    /// Width of every token vector; two heads of d_k = 16.
    public var modelDimension = 32
    public var heads = 2
    /// Sequences per training step.
    public var batch = 32
    /// Adam's step size.
    public var learningRate = 1e-2
    /// The ablations: false removes the positional encoding (7.7), or the 1/√d_k of (7.2).
    public var positionalEncoding = true
    public var scaledScores = true
    /// The mask; nil means the task's own (`SequenceTask.mask`). Set it to ablate the causal mask.
    public var mask: AttentionMask? = nil

    public init() {}
}

/// What training one task leaves behind for the report and the figures.
struct TaskRun: Sendable {
    var model: SequenceModel
    var losses: [Double] = []
    /// Digit accuracy on held-out sequences, measured every few steps.
    var accuracy: [(step: Int, value: Double)] = []
}

func runAttentionChapter(_ context: RunContext) throws {
    let config = SequenceDemoConfig()
    var runs: [(SequenceTask, TaskRun)] = []
    let tasks: [(SequenceTask, Int)] = [(.reverse, context.steps(600, fast: 10)), (.runningMaximum, context.steps(300, fast: 10))]
    let trained = try context.twoAtATime(tasks.count, label: "reverse and running maximum") { context, i -> TaskRun in
        try train(tasks[i].0, config: config, steps: tasks[i].1, context)
    }
    for ((task, _), run) in zip(tasks, trained) {
        var testRNG = context.rng("test \(task.rawValue)")
        let (x, y) = task.batch(context.steps(1000, fast: 100), length: config.length, rng: &testRNG)
        let (digits, sequences) = accuracy(run.model.predict(x), y)
        context.report("\(task.rawValue): digit accuracy", digits)
        context.report("\(task.rawValue): whole-sequence accuracy", sequences)
        context.report("\(task.rawValue): final training loss", run.losses.last ?? .nan, unit: "nats")
        for (h, weight) in weightOnAnswer(task, run.model, x).enumerated() {
            context.report("\(task.rawValue): head \(h + 1)'s weight on the keys the answer needs", weight)
        }
        // The learning curve's landmarks the text quotes: the first checkpoint at 99 % or more,
        // and the checkpoint before it.
        if let first = run.accuracy.firstIndex(where: { $0.value >= 0.99 }) {
            context.record("\(task.rawValue): first checkpoint step with held-out accuracy ≥ 99 %", Double(run.accuracy[first].step))
            if first > 0 {
                context.record("\(task.rawValue): the checkpoint before, step", Double(run.accuracy[first - 1].step))
                context.record("\(task.rawValue): the checkpoint before, held-out accuracy", run.accuracy[first - 1].value)
            }
        }
        runs.append((task, run))
    }

    try context.save(positionalEncodingFigure(dimensions: config.modelDimension), as: "positional-encoding")
    let sharpness = scalingExperiment(context)
    if let narrow = sharpness.unscaled.first {
        context.record("largest attention weight at d_k = 1", narrow.largestWeight)
        context.record("softmax Jacobian norm at d_k = 1", narrow.jacobianNorm)
    }
    if let unscaled = sharpness.unscaled.last, let scaled = sharpness.scaled.last {
        context.report("largest attention weight at d_k = 512, unscaled", unscaled.largestWeight)
        context.report("largest attention weight at d_k = 512, scaled by 1/√d_k", scaled.largestWeight)
        context.report("softmax Jacobian norm at d_k = 512, unscaled", unscaled.jacobianNorm)
        context.report("softmax Jacobian norm at d_k = 512, scaled by 1/√d_k", scaled.jacobianNorm)
        if let narrow = sharpness.unscaled.first {
            context.record("softmax Jacobian norm, unscaled, d_k = 1 over d_k = 512", narrow.jacobianNorm / unscaled.jacobianNorm)
        }
    }
    try context.save(scalingFigure(sharpness), as: "scaling")
    try context.save(trainingFigure(runs), as: "training")
    let ablations = try chapterAblations(context).map {
        try runAblation($0, seeds: context.steps(5, fast: 1), testSequences: context.steps(300, fast: 20), context)
    }
    reportAblations(ablations, context)
    try context.save(ablationFigure(ablations), as: "ablations")
    var costRNG = context.rng("cost")
    let cost = attentionCost(lengths: context.fast ? [8, 16, 32] : [16, 32, 64, 128, 256, 512],
                             modelDimension: config.modelDimension, heads: config.heads, rng: &costRNG)
    for (T, seconds) in cost { context.recordTiming("attention forward + backward at T = \(T)", seconds * 1000, unit: "ms") }
    if cost.count >= 2 {
        let (a, b) = (cost[cost.count - 2], cost[cost.count - 1])
        context.reportTiming("attention time, T = \(b.T) over T = \(a.T)", b.seconds / a.seconds, unit: "×")
    }
    try context.save(attentionCostFigure(cost, modelDimension: config.modelDimension), as: "attention-cost")
    for (task, run) in runs {
        var rng = context.rng("examples \(task.rawValue)")
        let examples = examplesFor(task, length: config.length, rng: &rng)
        try context.save(attentionFigure(task, run.model, examples), as: "attention-" + task.figureName)
    }

    let lookup = LookupTask()
    let crossRun = try trainLookup(lookup, modelDimension: config.modelDimension, steps: context.steps(300, fast: 10),
                                   batch: config.batch, context)
    var lookupRNG = context.rng("test lookup")
    let lookupTest = lookup.batch(context.steps(1000, fast: 50), rng: &lookupRNG)
    let lookupPredicted = crossRun.model.predict(sources: lookupTest.map(\.source), pointers: lookupTest.map(\.pointers))
    context.report("cross-attention lookup: test accuracy", accuracy(lookupPredicted, lookupTest.map(\.answers)).digits)
    context.report("cross-attention lookup: weight on the pointed-to key", weightOnPointedKey(crossRun.model, lookupTest))
    if let first = crossRun.accuracy.first(where: { $0.value >= 0.99 }) {
        context.record("cross-attention lookup: first checkpoint step with held-out accuracy ≥ 99 %", Double(first.step))
    }
    try context.save(crossAttentionFigure(crossRun.model, Array(lookupTest.prefix(3))), as: "cross-attention")
}

// listing: sequence-training
/// Trains a fresh model on `task` with Adam on random batches; every tenth of the way, measures
/// digit accuracy on 200 held-out sequences (20 under `--fast`). `stream` names other random
/// streams (another seed) than the chapter's default run.
func train(_ task: SequenceTask, config: SequenceDemoConfig, steps: Int, stream: String = "", label: String? = nil,
           _ context: RunContext) throws -> TaskRun {
    var initRNG = context.rng("init \(task.rawValue)" + stream), dataRNG = context.rng("data \(task.rawValue)" + stream)
    var run = TaskRun(model: SequenceModel(vocabulary: 10, length: config.length, modelDimension: config.modelDimension,
                                           heads: config.heads, mask: config.mask ?? task.mask,
                                           positionalEncoding: config.positionalEncoding,
                                           scaledScores: config.scaledScores, rng: &initRNG))
    var heldOutRNG = context.rng("held out \(task.rawValue)" + stream)
    let heldOut = task.batch(context.steps(200, fast: 20), length: config.length, rng: &heldOutRNG)
    var adam = Adam(learningRate: config.learningRate)
    let loop = context.loop(label ?? task.rawValue, total: steps)
    for step in 1...steps {
        let (x, y) = task.batch(config.batch, length: config.length, rng: &dataRNG)
        let (loss, gradients) = run.model.gradients(x, targets: y)
        run.model.update(gradients, with: &adam)
        run.losses.append(loss)
        if step == 1 || step % max(1, steps / 10) == 0 {
            run.accuracy.append((step, accuracy(run.model.predict(heldOut.inputs), heldOut.targets).digits))
        }
        try loop.step(step, loss: loss, ("held-out accuracy", run.accuracy.last?.value ?? 0))
    }
    loop.end()
    return run
}
// end listing

/// The share of correct digits and of entirely correct sequences.
func accuracy(_ predicted: [[Int]], _ targets: [[Int]]) -> (digits: Double, sequences: Double) {
    let pairs = zip(predicted, targets)
    let digits = pairs.map { p, y in zip(p, y).filter { $0 == $1 }.count }.reduce(0, +)
    let sequences = pairs.filter { $0 == $1 }.count
    let total = targets.reduce(0) { $0 + $1.count }
    return (Double(digits) / Double(max(total, 1)), Double(sequences) / Double(max(targets.count, 1)))
}

/// For each head, the mean weight a query puts on the keys its answer comes from: key T − 1 − t
/// for reversal; for the running maximum, the keys j ≤ t that hold max(x₀ … x_t).
func weightOnAnswer(_ task: SequenceTask, _ model: SequenceModel, _ inputs: [[Int]]) -> [Double] {
    let cache = model.forward(inputs).attention
    let (heads, T) = (model.attention.heads, model.length)
    return (0..<heads).map { h in
        var total = 0.0
        for (b, x) in inputs.enumerated() {
            let A = cache.heads[b * heads + h].A
            let y = task.target(for: x)
            for t in 0..<T {
                for j in 0..<T where task == .reverse ? j == T - 1 - t : (j <= t && x[j] == y[t]) { total += A[t, j] }
            }
        }
        return total / Double(max(1, inputs.count * T))
    }
}

extension SequenceTask {
    /// "reverse" or "running-max", for figure names.
    var figureName: String { self == .reverse ? "reverse" : "running-max" }
    /// How the chapter names the task in titles.
    var displayName: String { self == .reverse ? "reverse the digits" : "running maximum" }
}

/// Three inputs to show: two random ones, and one that makes the pattern easy to read.
private func examplesFor(_ task: SequenceTask, length T: Int, rng: inout SeededRNG) -> [[Int]] {
    let random = task.batch(2, length: T, rng: &rng).inputs
    let digitsOfPi = [3, 1, 4, 1, 5, 9, 2, 6]
    let readable = (0..<T).map { task == .reverse ? $0 % 10 : digitsOfPi[$0 % digitsOfPi.count] }
    return [readable] + random
}

// MARK: - Figures

private func positionalEncodingFigure(dimensions d: Int) -> Figure {
    let T = 32
    let PE = sinusoidalPositionalEncoding(positions: T, dimensions: d)
    var encoding = Panel(title: "PE[pos, j], d = \(d)", xLabel: "dimension j (pairs: sin, cos)", yLabel: "position pos")
    encoding.layers = [.matrix(values: (0..<T).map { pos in (0..<d).map { PE[pos, $0] } }, colormap: .blueWhiteRed,
                               range: -1...1)]
    encoding.colorBar = "value"
    var similarity = Panel(title: "PE_i · PE_j depends only on i − j", xLabel: "position j", yLabel: "position i")
    let G = PE.matmulTransposed(PE)                                    // (T, d) x (T, d)ᵀ -> (T, T)
    similarity.layers = [.matrix(values: (0..<T).map { i in (0..<T).map { G[i, $0] } })]
    similarity.colorBar = "dot product"
    return Figure(title: "Sinusoidal positional encoding: each pair of dimensions turns at its own speed",
                  width: 1300, height: 620, columns: 2, panels: [encoding, similarity])
}

/// d_k of the scaling experiment, and its results without and with the 1/√d_k.
private let scalingDimensions = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]

private func scalingExperiment(_ context: RunContext) -> (unscaled: [SoftmaxSharpness], scaled: [SoftmaxSharpness]) {
    let queries = context.steps(300, fast: 20)
    let measure = { (scaled: Bool) -> [SoftmaxSharpness] in
        var rng = context.rng("scaling")
        return scalingDimensions.map { dk in
            softmaxSharpness(dk: dk, keys: 16, queries: queries, scale: scaled ? 1 / Double(dk).squareRoot() : 1, rng: &rng)
        }
    }
    return (measure(false), measure(true))
}

private func scalingFigure(_ results: (unscaled: [SoftmaxSharpness], scaled: [SoftmaxSharpness])) -> Figure {
    var largest = Panel(title: "Largest attention weight (16 random keys)", xLabel: "d_k",
                        yLabel: "mean of max weight (1/16 = uniform, 1 = one-hot)")
    var jacobian = Panel(title: "Size of the softmax Jacobian", xLabel: "d_k",
                         yLabel: "mean Frobenius norm ‖diag(a) − a aᵀ‖")
    let x = scalingDimensions.map(Double.init)
    for (i, (label, series)) in [("softmax(q·k)", results.unscaled), ("softmax(q·k / √d_k)", results.scaled)].enumerated() {
        largest.layers.append(.line(x: x, y: series.map(\.largestWeight), label: label, color: .series(i), markers: true))
        jacobian.layers.append(.line(x: x, y: series.map(\.jacobianNorm), label: label, color: .series(i), markers: true))
    }
    largest.xScale = .log
    jacobian.xScale = .log
    largest.yRange = 0...1
    jacobian.yRange = 0...0.4
    largest.legend = .bottomRight
    jacobian.legend = .bottomLeft
    return Figure(title: "Why divide by √d_k: without it, wide heads saturate the softmax and stop passing gradients",
                  width: 1300, height: 540, columns: 2, panels: [largest, jacobian])
}

private func trainingFigure(_ runs: [(SequenceTask, TaskRun)]) -> Figure {
    var loss = Panel(title: "Training loss", xLabel: "step", yLabel: "cross-entropy (nats), log scale")
    var accuracyPanel = Panel(title: "Held-out digit accuracy", xLabel: "step", yLabel: "share of digits correct")
    for (i, (task, run)) in runs.enumerated() {
        loss.layers.append(.line(x: run.losses.indices.map { Double($0 + 1) }, y: run.losses,
                                 label: task.displayName, color: .series(i), width: 1.5))
        accuracyPanel.layers.append(.line(x: run.accuracy.map { Double($0.step) }, y: run.accuracy.map(\.value),
                                          label: task.displayName, color: .series(i), markers: true))
    }
    loss.yScale = .log
    accuracyPanel.layers.append(.hline(y: 0.1, label: "chance (1 in 10)", color: .gray))
    accuracyPanel.yRange = 0...1.05
    accuracyPanel.legend = .bottomRight
    return Figure(title: "One attention layer learns both tasks", width: 1300, height: 520, columns: 2,
                  panels: [loss, accuracyPanel])
}

private func attentionFigure(_ task: SequenceTask, _ model: SequenceModel, _ inputs: [[Int]]) -> Figure {
    let cache = model.forward(inputs).attention
    let predicted = model.predict(inputs)
    var panels: [Panel] = []
    for h in 0..<model.attention.heads {
        for (b, x) in inputs.enumerated() {
            let A = cache.heads[b * model.attention.heads + h].A
            let written = { (digits: [Int]) in digits.map(String.init).joined() }
            var panel = Panel(title: "head \(h + 1): \(written(x)) → \(written(predicted[b]))",
                              xLabel: "key: input position j", yLabel: "query: output position t")
            panel.layers = [.matrix(values: (0..<A.rows).map { i in (0..<A.cols).map { A[i, $0] } }, range: 0...1)]
            panel.xTickLabels = (0..<A.cols).map(String.init)
            panel.yTickLabels = (0..<A.rows).map(String.init)
            panel.colorBar = "weight"
            panels.append(panel)
        }
    }
    let title = task == .reverse
        ? "Reversal: output t reads input T − 1 − t, the anti-diagonal"
        : "Running maximum (causal mask): output t reads the largest digit among inputs 0…t"
    return Figure(title: title, width: 1400, height: 900, columns: inputs.count, panels: panels)
}
