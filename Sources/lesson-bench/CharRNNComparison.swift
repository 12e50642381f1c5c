import Foundation
import Lessons

/// Chapter 4's char-RNN training loop against the same model written in numpy.
///
/// The two alternate — ours, numpy, ours, numpy, … — and each side's median is reported, so that
/// a burst of load on the machine falls on both sides alike rather than on one of them.
struct CharRNNComparison {
    let runs: Int
    let root: URL
    let peers: Peers?

    func measure(into report: inout Report) throws {
        print("Char-RNN (H = 100, T = 25, Adagrad, clipping) on the Shakespeare text")
        let corpus = try TextCorpus.shakespeare(root: root, minimumLength: 26)
        let (steps, peerSteps) = (2_000, 1_000)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-rnn")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var lastLoss = 0.0, peerLoss = 0.0
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<runs {
            let context = RunContext(fast: false, figureDirectory: scratch, root: root)
            var rng = context.rng("init")
            var model = CharacterModel(layer: RNN(inputSize: corpus.vocabularySize, hiddenSize: 100, rng: &rng),
                                       rng: &rng)
            let history = try trainCharacterModel(&model, on: corpus.indices[...], corpus: corpus,
                                                  settings: CharacterTrainingSettings(steps: steps, sampleEvery: 0),
                                                  context: context, label: "bench")
            ours.append(Double(steps) / history.seconds)
            lastLoss = history.smoothedLoss

            guard let peers else { continue }
            let result = try peers.json("char_rnn_numpy.py", [root.appendingPathComponent(TextCorpus.shakespearePath).path,
                                                              String(peerSteps)])
            guard let rate = result["steps_per_second"] as? Double, let loss = result["loss"] as? Double else {
                throw Peers.PeerError.failed("char_rnn_numpy.py", "\(result)")
            }
            theirs.append(rate)
            peerLoss = loss
        }
        let oursRate = median(ours)
        report.add("char-RNN training step (Swift)", ours.map { 1 / $0 }) { _ in
            String(format: "%.0f steps/s; smoothed loss %.3f after %d steps", oursRate, lastLoss, steps)
        }
        guard !theirs.isEmpty else { return }
        let theirRate = median(theirs)
        report.add("char-RNN training step (numpy)", theirs.map { 1 / $0 }) { _ in
            String(format: "%.0f steps/s; smoothed loss %.3f after %d steps", theirRate, peerLoss, peerSteps)
        }
        report.targets.append(.init(name: "char-RNN steps/s vs numpy (medians of \(runs) alternating runs)",
                                    measured: String(format: "%.1f×", oursRate / theirRate),
                                    goal: "≥ 10×", met: oursRate / theirRate >= 10))
    }
}
