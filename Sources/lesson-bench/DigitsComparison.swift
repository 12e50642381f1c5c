import Foundation
import Lessons

/// Chapter 3's CNN against scikit-learn's MLPClassifier on the same digits split: our time to
/// 97 % test accuracy against its time to its best test accuracy (training time only, both sides).
struct DigitsComparison {
    let root: URL
    let peers: Peers?

    func measure(into report: inout Report) throws {
        print("Digits: chapter 3's CNN vs scikit-learn MLPClassifier (same split)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-digits")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // The chapter's own seed streams, so the split and the weights are the chapter's.
        let context = RunContext(fast: false, figureDirectory: scratch, root: root)
        var splitRNG = context.rng("split")
        let data = try Digits.load(root: root, override: nil, rng: &splitRNG)
        let settings = CNNSettings()
        var initRNG = context.rng("init")
        var net = ConvNet(height: data.train.height, width: data.train.width, filters: settings.filters,
                          hidden: settings.hidden, classes: Digits.classes, rng: &initRNG)
        var adam = Adam(learningRate: settings.learningRate)
        var shuffleRNG = context.rng("shuffle")

        // Test accuracy every 5 mini-batches, with the clock stopped while it is measured.
        var training = 0.0, timeTo97: Double?, best = 0.0, step = 0
        var clock = DispatchTime.now().uptimeNanoseconds
        for _ in 1...settings.epochs {
            trainEpoch(&net, on: data.train, batchSize: settings.batchSize, optimizer: &adam, rng: &shuffleRNG) { _, net in
                step += 1
                guard step % 5 == 0 else { return }
                training += Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
                let accuracy = net.evaluate(data.test).accuracy
                best = max(best, accuracy)
                if timeTo97 == nil, accuracy >= 0.97 { timeTo97 = training }
                clock = DispatchTime.now().uptimeNanoseconds
            }
        }
        let reached = timeTo97 ?? .infinity
        report.add("digits CNN: training time to ≥ 97 % test accuracy", [reached]) { _ in
            String(format: "best %.2f %% in %d epochs (tested every 5 mini-batches)", 100 * best, settings.epochs)
        }

        guard let peers else { return }
        let split: [String: Any] = [
            "train_x": rows(data.train), "train_y": data.train.labels,
            "test_x": rows(data.test), "test_y": data.test.labels,
        ]
        let file = scratch.appendingPathComponent("split.json")
        try JSONSerialization.data(withJSONObject: split).write(to: file)
        let result = try peers.json("digits_sklearn.py", [file.path, "300"])
        guard let peerBest = result["best_accuracy"] as? Double, let peerTime = result["seconds_to_best"] as? Double,
              let peerEpochs = result["epochs_to_best"] as? Int
        else { throw Peers.PeerError.failed("digits_sklearn.py", "\(result)") }
        report.add("digits MLPClassifier: training time to its best test accuracy", [peerTime]) { _ in
            String(format: "best %.2f %% after %d epochs", 100 * peerBest, peerEpochs)
        }
        report.targets.append(.init(name: "digits: CNN to 97 % vs MLPClassifier to its best",
                                    measured: String(format: "%.2f×", peerTime / reached)
                                        + "  (\(formatSeconds(reached)) vs \(formatSeconds(peerTime)))",
                                    goal: "CNN in ≤ ½ the time", met: reached <= peerTime / 2))
    }

    /// Each image as a row of its 64 raw pixel values (0–16), as scikit-learn's load_digits gives them.
    private func rows(_ set: LabelledImages) -> [[Int]] {
        let n = set.height * set.width
        return (0..<set.count).map { i in set.pixels[(i * n)..<((i + 1) * n)].map(Int.init) }
    }
}
