import Foundation

/// One ablation: a change to the model or its training, and what it did on the echo text.
public struct AblationResult: Sendable {
    public var name: String
    /// The mean training loss of the last 20 steps, nats per character.
    public var trainingLoss: Double
    /// The held-out loss with nothing from the future: each character predicted from a window that
    /// ends just before it (`Transformer.prefixLoss`).
    public var heldOutLoss: Double
    /// The training loss of every step.
    public var curve: [Double]
}

/// The ablations of the chapter, each trained for a few seconds on `EchoText`: the full model,
/// then one part taken away at a time.
public struct Ablations: Sendable {
    public var task = EchoText()
    /// T = 16, d = 32, two heads, two blocks.
    public var config: TransformerConfig
    public var steps: Int
    /// The learning rate of the post-LN/pre-LN comparison, 5× the usual, and with no warm-up.
    public var highLearningRate = 5e-2
    /// Blocks of the residual comparison.
    public var deepLayers = 6

    public init(steps: Int) {
        config = TransformerConfig(vocabularySize: task.vocabularySize)
        (config.context, config.dimension, config.heads, config.layers) = (16, 32, 2, 2)
        self.steps = steps
    }

    /// The variants, in the order the chapter discusses them.
    public var variants: [(name: String, config: TransformerConfig, learningRate: Double, warmup: Int)] {
        var noPositions = config, noMask = config, post = config, deep = config, deepPlain = config
        noPositions.usesPositions = false
        noMask.mask = .none
        post.norm = .post
        deep.layers = deepLayers
        deepPlain.layers = deepLayers
        deepPlain.residual = false
        return [
            ("full model", config, 1e-2, 20),
            ("no positions", noPositions, 1e-2, 20),
            ("no causal mask", noMask, 1e-2, 20),
            ("pre-LN, 5α, no warm-up", config, highLearningRate, 0),
            ("post-LN, 5α, no warm-up", post, highLearningRate, 0),
            ("\(deepLayers) blocks", deep, 1e-2, 20),
            ("\(deepLayers) blocks, no residuals", deepPlain, 1e-2, 20),
        ]
    }

    // listing: ablations
    /// Trains every variant on the same text with the same seed and measures it honestly.
    public func run(_ context: RunContext) throws -> [AblationResult] {
        var textRNG = context.rng("echo text")
        let train = task.generate(200_000, rng: &textRNG), heldOut = task.generate(2_000, rng: &textRNG)
        return try variants.map { variant in
            var rng = context.rng("ablation init")                   // the same start for every variant
            var model = Transformer(variant.config, rng: &rng)
            var settings = TransformerTrainingSettings(steps: steps)
            (settings.batch, settings.evaluations, settings.warmup) = (16, 0, variant.warmup)
            (settings.peakLearningRate, settings.minimumLearningRate) = (variant.learningRate, variant.learningRate / 10)
            let history = try trainTransformer(&model, on: train, heldOut: [], settings: settings, context: context,
                                               label: variant.name)
            let last = history.trainingLoss.suffix(20)
            return AblationResult(name: variant.name, trainingLoss: last.reduce(0, +) / Double(max(last.count, 1)),
                                  heldOutLoss: model.prefixLoss(on: heldOut, count: context.steps(400, fast: 40)),
                                  curve: history.trainingLoss)
        }
    }
    // end listing
}

extension Transformer {
    /// The mean −log p of the last `count` characters of `text`, each predicted from the (at most T)
    /// characters just before it and nothing after: honest even for a model without the causal mask.
    public func prefixLoss(on text: [Int], count: Int) -> Double {
        let T = config.context
        let targets = Array(max(1, text.count - count)..<text.count)
        let current = self
        let sums = inParallel(shardCount) { s in
            stride(from: s, to: targets.count, by: shardCount).reduce(0.0) { total, i in
                let t = targets[i]
                let window = Array(text[max(0, t - T)..<t])
                let logits = current.forward(window, sequenceLength: window.count).logits.row(window.count - 1)
                return total + logSumExp(logits.data[...]) - logits[text[t]]
            }
        }
        return sums.reduce(0, +) / Double(max(targets.count, 1))
    }
}
