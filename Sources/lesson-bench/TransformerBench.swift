import Foundation
import Lessons

/// Chapter 8's Transformer: the training step's characters per second on one core and on two
/// (the chapter's two fixed shards) against the same model in PyTorch (eager, float32, one and two
/// threads), alternating; and how forward + backward time per character grows with the context T
/// at a fixed 1,024 predictions per batch — attention's O(T²) per window against chapter 4's RNN,
/// whose cost per character does not depend on T — drawn in `benchmarks/figures/cost-against-context.png`.
struct TransformerBench {
    let runs: Int
    let root: URL
    let peers: Peers?

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
        let text = try peerText(corpus.indices)
        func train() throws {
            var rng = context.rng("init")
            var model = Transformer(config, rng: &rng)
            _ = try trainTransformer(&model, on: corpus.indices, heldOut: [], settings: settings, context: context,
                                     label: "bench")
        }
        // Each side trains `steps` untimed steps right before its timed ones, in the same process:
        // started cold (after the other side's run), either side is slower by 5–10 %.
        var twoCores: [Double] = [], torch: [[Double]] = [[], []]
        for _ in 0..<runs {
            twoCores += try timings(runs: 1, warmUp: true, train)
            guard let peers, peers.installOptional("torch", package: "torch") else { continue }
            for threads in [1, 2] {
                let result = try peers.json("transformer_torch.py", [text.path, "\(steps)", "\(threads)"])
                guard let seconds = result["seconds"] as? Double else {
                    throw Peers.PeerError.failed("transformer_torch.py", "\(result)")
                }
                torch[threads - 1].append(seconds)
            }
        }
        if peers != nil && torch[0].isEmpty { print("torch is not installed and could not be installed with pip: PyTorch peer skipped") }
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
        for (threads, seconds) in zip([1, 2], torch) where !seconds.isEmpty {
            let label = "PyTorch eager, f32, \(threads) thread\(threads == 1 ? "" : "s")"
            report.add("Transformer, \(steps) training steps, \(label)", seconds) {
                String(format: "%.0f characters/s", characters / $0)
            }
            report.targets.append(.init(name: "Transformer characters/s, ours (two cores) against \(label) (medians of \(runs) alternating runs)",
                                        measured: String(format: "%.2f×", median(seconds) / median(twoCores)),
                                        goal: "≥ 1×", met: median(seconds) >= median(twoCores)))
        }
        try costAgainstContext(config, corpus: corpus, context: context, into: &report)
    }

    /// Forward + backward time per character against T at 1,024 characters per batch: the
    /// Transformer (B = 1,024/T windows) and chapter 4's RNN (H = 100, B = 1,024/T streams).
    private func costAgainstContext(_ config: TransformerConfig, corpus: TextCorpus, context: RunContext,
                                    into report: inout Report) throws {
        let lengths = [16, 32, 64, 128, 256, 512, 1_024]
        var transformer: [Double] = [], rnn: [Double] = []
        for T in lengths {
            var sized = config
            sized.context = T
            var rng = context.rng("init")
            let model = Transformer(sized, rng: &rng)
            var dataRNG = context.rng("bench T")
            let (inputs, targets) = randomWindows(1_024 / T, length: T, of: corpus.indices, rng: &dataRNG)
            let t = timings(runs: runs) { _ = model.loss(inputs, targets: targets, sequenceLength: T) }
            report.add("Transformer forward + backward, 1,024 characters as windows of T = \(T)", t) {
                String(format: "%.1f µs per character", $0 / 1_024 * 1e6)
            }
            transformer.append(t.min()! / 1_024 * 1e6)

            var rnnRNG = context.rng("init")
            let recurrent = CharacterModel(layer: RNN(inputSize: config.vocabularySize, hiddenSize: 100, rng: &rnnRNG), rng: &rnnRNG)
            let streams = (0..<(1_024 / T)).map { b in Array(inputs[(b * T)..<((b + 1) * T)]) }
            let next = (0..<(1_024 / T)).map { b in Array(targets[(b * T)..<((b + 1) * T)]) }
            let x = SymbolBatch(streams), y = SymbolBatch(next)
            let r = timings(runs: runs) {
                _ = recurrent.loss(x, targets: y, from: recurrent.layer.initialState(batch: streams.count))
            }
            report.add("RNN (H = 100) forward + backward, 1,024 characters as \(streams.count) streams of T = \(T)", r) {
                String(format: "%.1f µs per character", $0 / 1_024 * 1e6)
            }
            rnn.append(r.min()! / 1_024 * 1e6)
        }
        let url = root.appendingPathComponent("benchmarks/figures/cost-against-context.png")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try costFigure(lengths: lengths, transformer: transformer, rnn: rnn).render().writePNG(to: url)
        print("  wrote \(url.path)")
    }

    /// Time per character against T (the best of the runs: the least disturbed by other work on
    /// the machine), T doubling from tick to tick, time on a log scale.
    private func costFigure(lengths: [Int], transformer: [Double], rnn: [Double]) -> Figure {
        let x = lengths.indices.map(Double.init)
        var panel = Panel(title: "Forward + backward, 1,024 characters per batch, best of \(runs) runs (wall-clock; \(cpuName()))",
                          xLabel: "context length T (characters per window; T doubles at each tick)",
                          yLabel: "µs per character, log scale")
        panel.layers = [
            .line(x: x, y: transformer, label: "Transformer (chapter 8): attention is O(T²) per window", color: .series(0), markers: true),
            .line(x: x, y: rnn, label: "RNN, H = 100 (chapter 4): O(T) per stream", color: .series(1), markers: true),
        ]
        panel.xTickLabels = lengths.map { "\($0)" }
        panel.yScale = .log
        panel.legend = .topLeft
        return Figure(title: "Cost per character against the context length: attention's grows with T, the RNN's does not",
                      width: 1100, height: 600, panels: [panel])
    }

    /// The training text as vocabulary indices, in a JSON file the PyTorch peer reads.
    private func peerText(_ indices: [Int]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-transformer-text.json")
        try JSONSerialization.data(withJSONObject: ["indices": indices]).write(to: url)
        return url
    }
}
