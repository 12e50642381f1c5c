import Foundation

/// How a character model is trained: B streams of T characters per step, Adam with a cosine
/// schedule, clipping by global norm.
public struct CharacterTrainingSettings: Sendable {
    /// Training steps; each one reads a window of T characters from each of B streams.
    public var steps: Int
    /// B, the streams read side by side (a mini-batch of B sequences).
    public var batchSize = 32
    /// T, the characters per window; backpropagation through time reaches back this far.
    public var sequenceLength = 64
    /// Adam's step size α at the start; it decays along a half cosine to α/10 at the last step.
    public var learningRate = 0.04
    /// The gradients of all weights are rescaled together when their joint norm exceeds this
    /// (equation 4.9).
    public var clipNorm = 5.0
    /// The batch is split into this many fixed shards, one per thread. The gradients of the
    /// shards are averaged in shard order, so the result depends on this number, never on how
    /// many cores there are or which finishes first.
    public var shards = 2
    /// How many times the held-out loss is measured during training (evenly spaced, plus before
    /// the first step).
    public var evaluations = 8

    /// Training characters read per step, B · T.
    public var charactersPerStep: Int { batchSize * sequenceLength }

    public init(steps: Int) {
        self.steps = steps
    }

    /// α at step s of n (1-based): α_s = α/10 + (α − α/10) · (1 + cos(π (s − 1)/n)) / 2.
    public func learningRate(atStep s: Int) -> Double {
        let floor = learningRate / 10
        return floor + (learningRate - floor) * (1 + cos(Double.pi * Double(s - 1) / Double(steps))) / 2
    }
}

/// What happened while training.
public struct CharacterTrainingHistory: Sendable {
    /// One point of the held-out curve.
    public struct Point: Sendable {
        /// Training characters read so far (predicted, with gradients).
        public var characters: Int
        /// Seconds of training so far (not counting the held-out measurements).
        public var seconds: Double
        /// The mean loss per character on the held-out blocks, nats.
        public var loss: Double
    }

    /// (characters read, mean training loss of the windows since the previous point), nats per character.
    public var trainingLoss: [(characters: Int, value: Double)] = []
    /// The held-out loss during training, starting with the untrained model's.
    public var heldOut: [Point] = []
    /// How many steps had their gradients clipped.
    public var clippedSteps = 0
    /// Wall-clock time of the training steps alone (not the held-out measurements).
    public var seconds = 0.0
    /// Training characters read in all, T·B per step.
    public var characters = 0
}

// listing: char-training
/// Trains a character model on `text`: each step reads the next window of B streams (`TextStreams`),
/// carries each stream's state into its next window, averages the gradients of the shards of the
/// batch, clips them by their global norm and takes an Adam step. Measures the held-out loss on
/// `heldOut` now and then.
public func trainCharacterModel<Layer>(
    _ model: inout CharacterModel<Layer>, on text: [Int], heldOut: [[Int]],
    settings: CharacterTrainingSettings, context: RunContext, label: String
) throws -> CharacterTrainingHistory {
    let streams = TextStreams(text, batch: settings.batchSize, length: settings.sequenceLength)
    let S = streams.batch % settings.shards == 0 ? settings.shards : 1    // shards of B/S streams
    let shards = (0..<S).map { s in (s * streams.batch / S)..<((s + 1) * streams.batch / S) }
    var states = shards.map { model.layer.initialState(batch: $0.count) }
    var optimizer = Adam(learningRate: settings.learningRate)
    var history = CharacterTrainingHistory()
    history.heldOut = [.init(characters: 0, seconds: 0, loss: model.meanLoss(on: heldOut))]
    let measureEvery = max(1, (settings.steps + settings.evaluations - 1) / max(1, settings.evaluations))   // ⌈n/e⌉
    var lossSum = 0.0, lossCount = 0
    let loop = context.loop(label, total: settings.steps)
    var clock = Date()
    for step in 1...settings.steps {
        let (current, carried) = (model, states)
        let results = inParallel(S) { s in                                 // one thread per shard
            let (inputs, targets, restart) = streams.window(step - 1, streams: shards[s])
            let start = restart ? current.layer.initialState(batch: inputs.batch) : carried[s]
            return current.loss(inputs, targets: targets, from: start)
        }
        var gradients = results[0].gradients.all                           // mean over the shards,
        for r in results.dropFirst() { gradients = zip(gradients, r.gradients.all).map { $0 + $1 } }
        gradients = gradients.map { (1 / Double(S)) * $0 }                  // in shard order
        let loss = results.reduce(0) { $0 + $1.loss } / Double(S)
        if clipGradients(&gradients, maxNorm: settings.clipNorm) > settings.clipNorm {   // (4.9)
            history.clippedSteps += 1
        }
        optimizer.learningRate = settings.learningRate(atStep: step)
        var θ = model.parameters
        for k in θ.indices { optimizer.update(&θ[k], gradient: gradients[k], slot: k) }
        model.parameters = θ
        states = results.map(\.last)
        history.characters += streams.charactersPerWindow
        lossSum += loss
        lossCount += 1
        try loop.step(step, loss: loss)
        if step % measureEvery == 0 || step == settings.steps {
            history.seconds += Date().timeIntervalSince(clock)
            history.trainingLoss.append((history.characters, lossSum / Double(lossCount)))
            (lossSum, lossCount) = (0, 0)
            history.heldOut.append(.init(characters: history.characters, seconds: history.seconds,
                                         loss: model.meanLoss(on: heldOut)))
            clock = Date()
        }
    }
    loop.end()
    return history
}
// end listing
