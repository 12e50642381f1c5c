import Foundation

/// How the chapter's Transformer is trained, each default explained.
public struct TransformerTrainingSettings: Sendable {
    /// Optimizer steps.
    public var steps: Int
    /// B, sequences per step, each T = context characters long (and its T targets): 1,024
    /// predictions per step with T = 32.
    public var batch = 32
    /// AdamW's peak step size α, the floor α_min of the cosine, and the warm-up length w (8.9).
    /// A model this small tolerates a large α; 3 × 10⁻³ reached only the bigram's loss in 300 steps,
    /// 2 × 10⁻² did worse than 10⁻².
    public var peakLearningRate = 1e-2
    public var minimumLearningRate = 1e-3
    public var warmup = 30
    /// λ of (8.8).
    public var weightDecay = 0.01
    /// Gradients are rescaled together when their joint norm exceeds this (equation 4.9).
    public var clipNorm = 1.0
    /// How many times during training the held-out loss is measured, the last time after the last
    /// step (each costs about as much as 15 training steps); 0 for none.
    public var evaluations = 4

    public init(steps: Int) { self.steps = steps }
}

/// One point of a learning curve.
public struct CurvePoint: Sendable {
    public var step: Int
    /// Training characters read so far (B · T per step).
    public var characters: Int
    /// Held-out loss, nats per character.
    public var heldOutLoss: Double
    /// Seconds of training so far (the held-out measurements not counted): wall-clock, so only
    /// figures that say so draw it.
    public var seconds = 0.0
}

/// What training produced.
public struct TransformerHistory: Sendable {
    public var curve: [CurvePoint] = []
    /// The mean training loss of each step.
    public var trainingLoss: [Double] = []
    /// Wall-clock seconds of the training steps alone (evaluations not counted).
    public var seconds = 0.0
}

/// The number of shards a batch is split into: fixed, so that results do not depend on the machine.
let shardCount = 2

// listing: transformer-training
/// Trains `model` on random windows of `text` with AdamW, warm-up and cosine decay (8.8, 8.9) and
/// gradient clipping; measures the held-out loss `settings.evaluations` times along the way.
/// Each step's batch is split into two halves whose gradients are computed on two cores and
/// averaged in a fixed order.
public func trainTransformer(_ model: inout Transformer, on text: [Int], heldOut: [[Int]],
                             settings: TransformerTrainingSettings, context: RunContext,
                             label: String) throws -> TransformerHistory {
    let (B, T) = (settings.batch, model.config.context)
    precondition(B % shardCount == 0 && text.count > T + 1, "the batch must split in two, the text hold a window")
    var data = context.rng("\(label) batches")
    var optimizer = AdamW(learningRate: settings.peakLearningRate, weightDecay: settings.weightDecay)
    let schedule = WarmupCosineSchedule(peak: settings.peakLearningRate, minimum: settings.minimumLearningRate,
                                        warmup: settings.warmup, total: settings.steps)
    var history = TransformerHistory()
    let loop = context.loop(label, total: settings.steps)
    for step in 1...settings.steps {
        let clock = Date()
        let (inputs, targets) = randomWindows(B, length: T, of: text, rng: &data)
        let current = model
        let halves = inParallel(shardCount) { s in
            let rows = (s * B / shardCount * T)..<((s + 1) * B / shardCount * T)
            return current.loss(Array(inputs[rows]), targets: Array(targets[rows]), sequenceLength: T)
        }
        var gradients = zip(halves[0].gradients, halves[1].gradients).map { 0.5 * ($0 + $1) }
        clipGradients(&gradients, maxNorm: settings.clipNorm)
        optimizer.learningRate = schedule.learningRate(at: step)
        var parameters = model.parameters
        optimizer.update(&parameters, gradients: gradients, decays: model.decays)
        model.parameters = parameters
        history.seconds += Date().timeIntervalSince(clock)

        let loss = 0.5 * (halves[0].loss + halves[1].loss)
        history.trainingLoss.append(loss)
        if settings.evaluations > 0, step % max(1, settings.steps / settings.evaluations) == 0 || step == settings.steps,
           history.curve.last?.step != step {
            history.curve.append(CurvePoint(step: step, characters: step * B * T, heldOutLoss: model.meanLoss(on: heldOut),
                                            seconds: history.seconds))
        }
        try loop.step(step, loss: loss, ("held-out", history.curve.last?.heldOutLoss ?? .nan))
    }
    loop.end()
    return history
}
// end listing

/// B windows of T characters at random places in `text`, stacked, and the characters after each.
public func randomWindows(_ B: Int, length T: Int, of text: [Int], rng: inout SeededRNG) -> (inputs: [Int], targets: [Int]) {
    var inputs: [Int] = [], targets: [Int] = []
    for _ in 0..<B {
        let start = rng.int(below: text.count - T)
        inputs += text[start..<(start + T)]
        targets += text[(start + 1)...(start + T)]
    }
    return (inputs, targets)
}
