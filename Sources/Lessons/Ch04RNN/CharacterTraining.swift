import Foundation

/// How a character model is trained: min-char-rnn's recipe, with the numbers it uses.
public struct CharacterTrainingSettings: Sendable {
    /// Training steps; each one reads one sequence.
    public var steps: Int
    /// T, the characters per training sequence; backpropagation through time reaches back this far.
    public var sequenceLength = 25
    /// Adagrad's step size α.
    public var learningRate = 0.1
    /// The gradients of all weights are rescaled together when their joint norm exceeds this
    /// (equation 4.9).
    public var clipNorm = 5.0
    /// Print a sample before training and then every this many steps.
    public var sampleEvery: Int
    /// Characters per printed sample.
    public var sampleLength = 160
    /// Steps per point of the recorded loss curve (the mean over the block).
    public var lossBlock = 100

    public init(steps: Int, sampleEvery: Int) {
        self.steps = steps
        self.sampleEvery = sampleEvery
    }
}

/// What happened while training.
public struct CharacterTrainingHistory: Sendable {
    /// (step, mean training loss of the block of steps ending there), nats per character.
    public var loss: [(step: Int, value: Double)] = []
    /// min-char-rnn's smoothed loss s ← 0.999 s + 0.001 L (from s = log V), after the last step.
    public var smoothedLoss = 0.0
    /// How many steps had their gradients clipped.
    public var clippedSteps = 0
    /// Wall-clock time of the training steps alone (not sampling), for steps per second.
    public var seconds = 0.0
}

// listing: char-training
/// Trains a character model on `text` the way min-char-rnn does: walk through the text in
/// sequences of T characters, carry the state from one sequence into the next (so the model sees
/// further back than T, although gradients stop there), clip, and take an Adagrad step.
public func trainCharacterModel<Layer>(
    _ model: inout CharacterModel<Layer>, on text: ArraySlice<Int>, corpus: TextCorpus,
    settings: CharacterTrainingSettings, context: RunContext, label: String
) throws -> CharacterTrainingHistory {
    let T = settings.sequenceLength
    precondition(text.count > T, "the training text must be longer than one sequence")
    var optimizer = Adagrad(learningRate: settings.learningRate)
    var sampler = context.rng("\(label) samples")
    let prime = corpus.encode("\n") ?? [text[text.startIndex]]
    var history = CharacterTrainingHistory()
    history.smoothedLoss = log(Double(model.vocabularySize))  // the loss of a uniform guess
    func printSample(at step: Int) {
        let sample = corpus.decode(model.sample(prime: prime, count: settings.sampleLength, temperature: 1, rng: &sampler))
        context.print("── \(label) sample after \(step) steps ──\n\(sample)")
    }
    printSample(at: 0)

    var state = model.layer.initialState
    var p = text.startIndex
    var blockSum = 0.0
    let loop = context.loop(label, total: settings.steps)
    var clock = Date()
    for step in 1...settings.steps {
        if p + T + 1 > text.endIndex {                    // wrap around: start again from zeros
            p = text.startIndex
            state = model.layer.initialState
        }
        let inputs = Array(text[p..<(p + T)]), targets = Array(text[(p + 1)...(p + T)])
        var result = model.loss(inputs: inputs, targets: targets, from: state)
        var gradients = result.gradients.all
        if clipGradients(&gradients, maxNorm: settings.clipNorm) > settings.clipNorm {
            history.clippedSteps += 1
            result.gradients.all = gradients
        }
        model.update(result.gradients, with: &optimizer)
        state = result.last
        p += T

        history.smoothedLoss = 0.999 * history.smoothedLoss + 0.001 * result.loss
        blockSum += result.loss
        if step % settings.lossBlock == 0 || step == settings.steps {
            let size = step % settings.lossBlock == 0 ? settings.lossBlock : step % settings.lossBlock
            history.loss.append((step, blockSum / Double(size)))
            blockSum = 0
        }
        try loop.step(step, loss: history.smoothedLoss)
        if settings.sampleEvery > 0, step % settings.sampleEvery == 0 || step == settings.steps {
            history.seconds += Date().timeIntervalSince(clock)
            printSample(at: step)
            clock = Date()
        }
    }
    history.seconds += Date().timeIntervalSince(clock)
    loop.end()
    return history
}
// end listing

/// Splits a text into a training part and a held-out tail (the last 10 %, at most 20,000
/// characters) for measuring how well a model predicts text it never trained on. A text too short
/// to spare the tail is used whole for training, with an empty held-out part.
public func splitHeldOut(_ text: [Int], sequenceLength T: Int) -> (train: ArraySlice<Int>, heldOut: ArraySlice<Int>) {
    let tail = min(text.count / 10, 20_000)
    guard tail > T, text.count - tail > T else { return (text[...], text[text.endIndex...]) }
    return (text[..<(text.count - tail)], text[(text.count - tail)...])
}
