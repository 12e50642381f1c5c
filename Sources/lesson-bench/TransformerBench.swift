import Foundation
import Lessons

/// Chapter 8's Transformer: the training step's characters per second on one core and on two
/// (the chapter's two fixed shards), and how forward + backward time grows with the context T at a
/// fixed 1,024 predictions per batch — attention's O(T²) against the RNN's O(T).
struct TransformerBench {
    let runs: Int
    let root: URL

    func measure(into report: inout Report) throws {
        print("Transformer (chapter 8: d = 64, four heads, two blocks, AdamW)")
        let corpus = try TextCorpus.shakespeare(root: root, minimumLength: HeldOutSplit.minimumLength)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-transformer")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let context = RunContext(fast: false, figureDirectory: scratch, root: root)
        let config = TransformerConfig(vocabularySize: corpus.vocabularySize)
        let steps = 20
        var settings = TransformerTrainingSettings(steps: steps)
        settings.evaluations = 0
        let characters = Double(steps * settings.batch * config.context)
        let twoCores = try timings(runs: runs) {
            var rng = context.rng("init")
            var model = Transformer(config, rng: &rng)
            _ = try trainTransformer(&model, on: corpus.indices, heldOut: [], settings: settings, context: context,
                                     label: "bench")
        }
        report.add("Transformer, \(steps) training steps, two shards on two cores", twoCores) {
            String(format: "%.0f characters/s", characters / $0)
        }
        // One core: the whole batch through one forward and backward pass, then the same AdamW step.
        var windowsRNG = context.rng("bench windows")
        let batches = (0..<steps).map { _ in
            randomWindows(settings.batch, length: config.context, of: corpus.indices, rng: &windowsRNG)
        }
        let oneCore = timings(runs: runs) {
            var rng = context.rng("init")
            var model = Transformer(config, rng: &rng)
            var optimizer = AdamW(learningRate: 1e-3, weightDecay: 0.01)
            for (inputs, targets) in batches {
                let (_, gradients) = model.loss(inputs, targets: targets, sequenceLength: config.context)
                var parameters = model.parameters
                optimizer.update(&parameters, gradients: gradients, decays: model.decays)
                model.parameters = parameters
            }
        }
        report.add("Transformer, \(steps) training steps, one core", oneCore) {
            String(format: "%.0f characters/s", characters / $0)
        }
        report.targets.append(.init(name: "Transformer training step, two cores against one",
                                    measured: String(format: "%.2f×", median(oneCore) / median(twoCores)),
                                    goal: "> 1.5×", met: median(oneCore) / median(twoCores) > 1.5))

        // Forward + backward against T, 1,024 predictions each time.
        for T in [16, 32, 64, 128, 256, 512] {
            var sized = config
            sized.context = T
            var rng = context.rng("init")
            let model = Transformer(sized, rng: &rng)
            var dataRNG = context.rng("bench T")
            let (inputs, targets) = randomWindows(max(1, 1_024 / T), length: T, of: corpus.indices, rng: &dataRNG)
            let t = timings(runs: runs) { _ = model.loss(inputs, targets: targets, sequenceLength: T) }
            report.add("Transformer forward + backward, 1,024 characters as windows of T = \(T)", t) {
                String(format: "%.1f µs per character", $0 / 1_024 * 1e6)
            }
        }
    }
}
