import Foundation
import Lessons

/// Chapters 4 and 5's training loop: characters per second of the batched char-RNN and char-LSTM
/// (H = 100, B = 32 streams × T = 64, Adam, clipping, two shards), the settings the chapters use.
///
/// The numpy peer of the earlier single-sequence loop (`benchmarks/peers/char_rnn_numpy.py`)
/// trains a different model (one 25-character sequence per Adagrad step), so it is no longer
/// run side by side; a batched PyTorch/JAX peer of this loop is still to be written.
struct CharRNNComparison {
    let runs: Int
    let root: URL
    let peers: Peers?

    func measure(into report: inout Report) throws {
        print("Char-RNN and char-LSTM training (H = 100, B = 32 × T = 64, Adam) on the Shakespeare text")
        let corpus = try TextCorpus.shakespeare(root: root, minimumLength: HeldOutSplit.minimumLength)
        let split = HeldOutSplit(corpus.indices)
        let steps = 40
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-rnn")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var settings = CharacterTrainingSettings(steps: steps)
        settings.evaluations = 0
        func rate<Layer: RecurrentLayer>(_ make: (inout SeededRNG) -> Layer) throws -> [Double] {
            try (0..<runs).map { _ in
                let context = RunContext(fast: false, figureDirectory: scratch, root: root)
                var rng = context.rng("init")
                var model = CharacterModel(layer: make(&rng), rng: &rng)
                let history = try trainCharacterModel(&model, on: split.train, heldOut: [], settings: settings,
                                                      context: context, label: "bench")
                return history.seconds / Double(history.characters)
            }
        }
        let V = corpus.vocabularySize
        report.add("char-RNN training (batched)", try rate { RNN(inputSize: V, hiddenSize: 100, rng: &$0) }) {
            String(format: "%.0f characters/s", 1 / $0)
        }
        report.add("char-LSTM training (batched)", try rate { LSTM(inputSize: V, hiddenSize: 100, rng: &$0) }) {
            String(format: "%.0f characters/s", 1 / $0)
        }
    }
}
