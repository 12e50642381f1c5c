import Foundation
import Lessons

/// Chapters 4 and 5's training loop: characters per second of the batched char-RNN and char-LSTM
/// (H = 100, B = 32 streams × T = 64, Adam, clipping, two shards), and the time the char-LSTM
/// takes to reach 2.1 nats per character on the held-out blocks, against the same model, data,
/// starting weights, batch and optimiser in JAX (jit, float32) and PyTorch (eager, float32, one
/// and two threads), alternating, medians.
struct CharRNNComparison {
    let runs: Int
    let root: URL
    let peers: Peers?

    /// The held-out loss both sides race to.
    static let threshold = 2.1

    func measure(into report: inout Report) throws {
        print("Char-RNN and char-LSTM training (H = 100, B = 32 × T = 64, Adam) on the Shakespeare text")
        let corpus = try TextCorpus.shakespeare(root: root, minimumLength: HeldOutSplit.minimumLength)
        let split = HeldOutSplit(corpus.indices)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-rnn")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let V = corpus.vocabularySize
        func context() -> RunContext { RunContext(fast: false, figureDirectory: scratch, root: root) }

        var throughput = CharacterTrainingSettings(steps: 40)
        throughput.evaluations = 0
        func secondsPerCharacter<Layer: RecurrentLayer>(_ make: (inout SeededRNG) -> Layer) throws -> [Double] {
            try (0..<runs).map { _ in
                var rng = context().rng("init")
                var model = CharacterModel(layer: make(&rng), rng: &rng)
                let history = try trainCharacterModel(&model, on: split.train, heldOut: [], settings: throughput,
                                                      context: context(), label: "bench")
                return history.seconds / Double(history.characters)
            }
        }
        report.add("char-RNN training (batched)", try secondsPerCharacter { RNN(inputSize: V, hiddenSize: 100, rng: &$0) }) {
            String(format: "%.0f characters/s", 1 / $0)
        }
        report.add("char-LSTM training (batched)",
                   try secondsPerCharacter { LSTM(inputSize: V, hiddenSize: 100, weightScale: 0.1, rng: &$0) }) {
            String(format: "%.0f characters/s", 1 / $0)
        }
        try timeToThreshold(split: split, vocabularySize: V, context: context(), into: &report)
    }

    /// Chapter 5's char-LSTM (α = 0.04, a 400-step schedule) with the held-out loss
    /// measured every 25 steps: the training seconds until it is first below `threshold`.
    private func timeToThreshold(split: HeldOutSplit, vocabularySize V: Int, context: RunContext,
                                 into report: inout Report) throws {
        var settings = CharacterTrainingSettings(steps: 400)
        settings.evaluations = 16
        var rng = context.rng("init")
        let start = CharacterModel(layer: LSTM(inputSize: V, hiddenSize: 100, weightScale: 0.1, rng: &rng), rng: &rng)
        let config = try peerConfiguration(start, split: split, settings: settings)
        var ours: [Double] = []
        var theirs = [[Double]](repeating: [], count: Self.peerRuns.count)
        var skipped = Set<String>()
        for _ in 0..<runs {
            var model = start
            let history = try trainCharacterModel(&model, on: split.train, heldOut: split.heldOut, settings: settings,
                                                  context: context, label: "bench LSTM")
            guard let hit = history.heldOut.first(where: { $0.loss < Self.threshold }) else {
                throw Peers.PeerError.failed("char-LSTM", "never reached \(Self.threshold) nats in 400 steps")
            }
            ours.append(hit.seconds)
            print("  Swift reached \(String(format: "%.3f", hit.loss)) after \(hit.characters / settings.charactersPerStep) steps")
            guard let peers else { continue }
            for (k, peer) in Self.peerRuns.enumerated() where !skipped.contains(peer.module) {
                guard peers.installOptional(peer.module, package: peer.module) else {
                    print("\(peer.module) is not installed and could not be installed with pip: its peer is skipped")
                    skipped.insert(peer.module)
                    continue
                }
                let result = try peers.json(peer.script, [config.path] + peer.arguments)
                guard let seconds = result["seconds"] as? Double, let step = result["step"] as? Int,
                      let loss = result["loss"] as? Double else {
                    throw Peers.PeerError.failed(peer.script, "\(result)")
                }
                print("  \(peer.label) reached \(String(format: "%.3f", loss)) after \(step) steps")
                theirs[k].append(seconds)
            }
        }
        report.add("char-LSTM to \(Self.threshold) nats held-out (Swift, f64, 2 threads)", ours) {
            String(format: "%.1f s of training", $0)
        }
        for (peer, seconds) in zip(Self.peerRuns, theirs) where !seconds.isEmpty {
            report.add("char-LSTM to \(Self.threshold) nats held-out (\(peer.label))", seconds) {
                String(format: "%.1f s of training", $0)
            }
            let ratio = median(ours) / median(seconds)
            report.targets.append(.init(name: "char-LSTM time to \(Self.threshold) nats vs \(peer.label) (medians of \(runs) alternating runs)",
                                        measured: String(format: "%.2f× (%.1f s vs %.1f s)", ratio, median(ours), median(seconds)),
                                        goal: peer.goal, met: ratio <= peer.goalRatio))
        }
    }

    /// A Python peer of the char-LSTM and the issue's goal against it: ours ≤ JAX's time and
    /// ≤ ½ PyTorch's.
    private struct PeerRun {
        let label, module, script: String
        let arguments: [String]
        let goalRatio: Double
        var goal: String { goalRatio == 1 ? "≤ 1×" : String(format: "≤ %.1f×", goalRatio) }
    }

    private static let peerRuns = [
        PeerRun(label: "JAX jit, f32", module: "jax", script: "char_lstm_jax.py", arguments: [], goalRatio: 1),
        PeerRun(label: "PyTorch eager, f32, 1 thread", module: "torch", script: "char_lstm_torch.py", arguments: ["1"], goalRatio: 0.5),
        PeerRun(label: "PyTorch eager, f32, 2 threads", module: "torch", script: "char_lstm_torch.py", arguments: ["2"], goalRatio: 0.5),
    ]

    /// The JSON file the JAX and PyTorch peers read: settings, our starting weights, the split.
    private func peerConfiguration(_ model: CharacterModel<LSTM>, split: HeldOutSplit,
                                   settings: CharacterTrainingSettings) throws -> URL {
        var object: [String: Any] = [
            "H": model.layer.hiddenSize, "V": model.vocabularySize, "B": settings.batchSize, "T": settings.sequenceLength,
            "steps": settings.steps, "learningRate": settings.learningRate, "clip": settings.clipNorm,
            "threshold": Self.threshold, "evalEvery": settings.steps / settings.evaluations,
            "train": split.train, "heldOut": split.heldOut,
        ]
        for (name, tensor) in zip(["Wx", "Wh", "b", "WhyT", "by"], model.parameters) {
            object[name] = tensor.data
            object[name + "Shape"] = tensor.shape
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-char-lstm.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url
    }
}
