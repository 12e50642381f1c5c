import Foundation

/// One ablation of the chapter's model: a baseline and the same model with one piece removed,
/// each trained from several seeds for the same number of steps on the same task.
struct Ablation {
    /// Starts with "no positional", "no scaling" or "no mask": what was removed, and on which task.
    var label: String
    var task: SequenceTask
    var baseline: SequenceDemoConfig
    var ablated: SequenceDemoConfig
    var steps: Int
}

/// What training an ablation from every seed left behind.
struct AblationOutcome {
    var ablation: Ablation
    /// Held-out digit accuracy over training, one curve per seed.
    var baselineCurves: [[(step: Int, value: Double)]] = [], ablatedCurves: [[(step: Int, value: Double)]] = []
    /// Digit accuracy on fresh test sequences at the end, one per seed.
    var baselineAccuracy: [Double] = [], ablatedAccuracy: [Double] = []
    /// The share of answers at positions t < T − 1 that change when the digits after t are redrawn.
    var baselineLeak: [Double] = [], ablatedLeak: [Double] = []
}

/// The chapter's three ablations, each on the task where the removed piece matters:
/// - no positional encoding on reversal: attention alone cannot tell positions apart;
/// - no 1/√d_k on reversal with one wide head (d_k = 64), where unscaled scores saturate the softmax;
/// - no causal mask on the running maximum, whose answer at t must not depend on later digits.
func chapterAblations(_ context: RunContext) -> [Ablation] {
    let standard = SequenceDemoConfig()
    var noPositions = standard
    noPositions.positionalEncoding = false
    var wide = standard
    wide.modelDimension = 64
    wide.heads = 1
    var wideUnscaled = wide
    wideUnscaled.scaledScores = false
    var noMask = standard
    noMask.mask = AttentionMask.none
    return [
        Ablation(label: "no positional encoding (reverse)", task: .reverse, baseline: standard, ablated: noPositions,
                 steps: context.steps(150, fast: 6)),
        Ablation(label: "no scaling by 1/√d_k, d_k = 64 (reverse)", task: .reverse, baseline: wide, ablated: wideUnscaled,
                 steps: context.steps(150, fast: 6)),
        Ablation(label: "no mask (running maximum)", task: .runningMaximum, baseline: standard, ablated: noMask,
                 steps: context.steps(150, fast: 6)),
    ]
}

/// Trains the baseline and the ablated model of `ablation` from `seeds` seeds and scores both on
/// the same test sequences.
func runAblation(_ ablation: Ablation, seeds: Int, testSequences: Int, _ context: RunContext) throws -> AblationOutcome {
    var outcome = AblationOutcome(ablation: ablation)
    let task = ablation.task, T = ablation.baseline.length
    // Job 2(seed − 1) trains the baseline, the next one the ablated model: independent runs, two at a time.
    let results = try context.twoAtATime(2 * seeds, label: "\(ablation.label): \(seeds) seeds, and the baseline") { context, job -> AblationRun in
        let seed = job / 2 + 1, ablated = job % 2 == 1
        var testRNG = context.rng("ablation test \(seed)")
        let (x, y) = task.batch(testSequences, length: T, rng: &testRNG)
        let config = ablated ? ablation.ablated : ablation.baseline
        let run = try train(task, config: config, steps: ablation.steps, stream: " ablation \(seed)",
                            label: "\(ablated ? ablation.label : "baseline"), seed \(seed)", context)
        var leakRNG = context.rng("ablation leak \(seed)")
        let leak = task == .runningMaximum ? futureDependence(run.model, x, rng: &leakRNG) : .nan
        return AblationRun(curve: run.accuracy, accuracy: accuracy(run.model.predict(x), y).digits, leak: leak)
    }
    for (job, result) in results.enumerated() {
        if job % 2 == 1 {
            outcome.ablatedCurves.append(result.curve)
            outcome.ablatedAccuracy.append(result.accuracy)
            outcome.ablatedLeak.append(result.leak)
        } else {
            outcome.baselineCurves.append(result.curve)
            outcome.baselineAccuracy.append(result.accuracy)
            outcome.baselineLeak.append(result.leak)
        }
    }
    return outcome
}

/// One trained model of an ablation: its held-out accuracy curve, its test accuracy and how much
/// its answers depend on later digits.
private struct AblationRun: Sendable {
    var curve: [(step: Int, value: Double)]
    var accuracy: Double, leak: Double
}

/// The share of answers at positions t < T − 1 that change when every digit after t is redrawn:
/// 0 for a model that cannot see the future (the causal mask guarantees it).
func futureDependence(_ model: SequenceModel, _ inputs: [[Int]], rng: inout SeededRNG) -> Double {
    let T = model.length
    let original = model.predict(inputs)
    var changed = 0
    for t in 0..<(T - 1) {
        let redrawn = inputs.map { x in Array(x[...t]) + (t + 1..<T).map { _ in rng.int(below: 10) } }
        let predicted = model.predict(redrawn)
        changed += zip(original, predicted).filter { $0[t] != $1[t] }.count
    }
    return Double(changed) / Double(max(1, inputs.count * (T - 1)))
}

/// Mean, lowest and highest of a few numbers.
func meanAndRange(_ x: [Double]) -> (mean: Double, low: Double, high: Double) {
    (x.reduce(0, +) / Double(max(1, x.count)), x.min() ?? .nan, x.max() ?? .nan)
}

/// Reports each ablation's test accuracy (mean and range over seeds) next to its baseline's, and
/// for the causal mask how often an answer depends on later digits.
func reportAblations(_ outcomes: [AblationOutcome], _ context: RunContext) {
    for outcome in outcomes {
        let label = outcome.ablation.label, seeds = outcome.ablatedAccuracy.count
        for (who, values) in [("", outcome.ablatedAccuracy), ("baseline for ", outcome.baselineAccuracy)] {
            let (mean, low, high) = meanAndRange(values)
            context.report("\(who)\(label): test accuracy, mean of \(seeds) seeds", mean)
            context.record("\(who)\(label): test accuracy, lowest", low)
            context.record("\(who)\(label): test accuracy, highest", high)
        }
        if outcome.ablation.task == .runningMaximum {
            let (mean, low, high) = meanAndRange(outcome.ablatedLeak)
            context.report("\(label): answers that change with later digits, mean", mean)
            context.record("\(label): answers that change with later digits, lowest", low)
            context.record("\(label): answers that change with later digits, highest", high)
            context.report("baseline for \(label): answers that change with later digits, highest",
                           outcome.baselineLeak.max() ?? .nan)
        }
    }
}

/// Held-out accuracy over training for each ablation, every seed a thin line: the baseline in
/// blue, the ablated model in orange.
func ablationFigure(_ outcomes: [AblationOutcome]) -> Figure {
    let panels = outcomes.map { outcome -> Panel in
        var panel = Panel(title: outcome.ablation.label, xLabel: "step", yLabel: "held-out digit accuracy")
        for (i, (curves, name)) in [(outcome.baselineCurves, "with it"), (outcome.ablatedCurves, "without it")].enumerated() {
            for (s, curve) in curves.enumerated() {
                panel.layers.append(.line(x: curve.map { Double($0.step) }, y: curve.map(\.value),
                                          label: s == 0 ? "\(name) (\(curves.count) seeds)" : nil,
                                          color: .series(i), width: 1.5))
            }
        }
        panel.layers.append(.hline(y: 0.1, label: "chance (1 in 10)", color: .gray))
        panel.yRange = 0...1.05
        panel.legend = .best
        return panel
    }
    return Figure(title: "Ablations: remove one piece, train the same steps from the same seeds",
                  width: 1500, height: 520, columns: outcomes.count, panels: panels)
}
