import Foundation
import Lessons

/// Chapter 4's char-RNN training loop against the same model written in numpy.
struct CharRNNComparison {
    let runs: Int
    let root: URL
    let peers: Peers?

    func measure(into report: inout Report) throws {
        print("Char-RNN (H = 100, T = 25, Adagrad, clipping) on the Shakespeare text")
        let corpus = try TextCorpus.shakespeare(root: root, minimumLength: 26)
        let steps = 2_000
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-rnn")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var lastLoss = 0.0
        var rates: [Double] = []
        for _ in 0..<runs {
            let context = RunContext(fast: false, figureDirectory: scratch, root: root)
            var rng = context.rng("init")
            var model = CharacterModel(layer: RNN(inputSize: corpus.vocabularySize, hiddenSize: 100, rng: &rng),
                                       rng: &rng)
            let history = try trainCharacterModel(&model, on: corpus.indices[...], corpus: corpus,
                                                  settings: CharacterTrainingSettings(steps: steps, sampleEvery: 0),
                                                  context: context, label: "bench")
            rates.append(Double(steps) / history.seconds)
            lastLoss = history.smoothedLoss
        }
        let ours = median(rates)
        report.add("char-RNN training step (Swift)", rates.map { 1 / $0 }) { _ in
            String(format: "%.0f steps/s; smoothed loss %.3f after %d steps", ours, lastLoss, steps)
        }

        guard let peers else { return }
        let peerSteps = 1_000
        let result = try peers.json("char_rnn_numpy.py", [root.appendingPathComponent(TextCorpus.shakespearePath).path,
                                                          String(peerSteps)])
        guard let theirs = result["steps_per_second"] as? Double, let loss = result["loss"] as? Double else {
            throw Peers.PeerError.failed("char_rnn_numpy.py", "\(result)")
        }
        report.add("char-RNN training step (numpy)", [1 / theirs]) { _ in
            String(format: "%.0f steps/s; smoothed loss %.3f after %d steps", theirs, loss, peerSteps)
        }
        report.targets.append(.init(name: "char-RNN steps/s vs numpy", measured: String(format: "%.1f×", ours / theirs),
                                    goal: "≥ 10×", met: ours / theirs >= 10))
    }
}
