import Foundation

/// The final test accuracy and confusion matrix of one complete training run.
public struct SeedRun: Sendable {
    public var seed: UInt64
    public var accuracy: Double
    public var confusion: [[Int]]
}

/// Trains the chapter's network from scratch once per seed — each seed with its own
/// train/test split, initial weights and batch order — and returns how each run ends.
/// One seed is one draw; the spread over several is what a claim about the method can rest on.
public func trainOverSeeds(_ seeds: [UInt64], settings: CNNSettings, fast: Bool, root: URL,
                           dataOverride: URL?) throws -> [SeedRun] {
    try seeds.map { seed in
        var splitRNG = SeededRNG(seed: seed), initRNG = SeededRNG(seed: seed &+ 1_000),
            shuffleRNG = SeededRNG(seed: seed &+ 2_000)
        let data = try Digits.load(root: root, override: dataOverride, rng: &splitRNG)
        var (train, test) = (data.train, data.test)
        if fast {
            train = train.subset(Array(0..<min(settings.fastImages, train.count)))
            test = test.subset(Array(0..<min(settings.fastImages, test.count)))
        }
        var net = ConvNet(height: train.height, width: train.width, filters: settings.filters,
                          hidden: settings.hidden, classes: Digits.classes, rng: &initRNG)
        var adam = Adam(learningRate: settings.learningRate)
        for _ in 0..<(fast ? settings.fastEpochs : settings.epochs) {
            trainEpoch(&net, on: train, batchSize: settings.batchSize, optimizer: &adam, rng: &shuffleRNG) { _, _ in }
        }
        let final = net.evaluate(test)
        return SeedRun(seed: seed, accuracy: final.accuracy,
                       confusion: confusionMatrix(labels: test.labels, predictions: final.predictions,
                                                  classes: Digits.classes))
    }
}

/// The mistakes (true digit t read as p) that occur in the most runs, most frequent first:
/// (t, p, number of runs with at least one such mistake).
public func recurringMistakes(_ runs: [SeedRun], top: Int) -> [(truth: Int, predicted: Int, runs: Int)] {
    guard let classes = runs.first?.confusion.count else { return [] }
    var found: [(truth: Int, predicted: Int, runs: Int)] = []
    for t in 0..<classes {
        for p in 0..<classes where p != t {
            let count = runs.filter { $0.confusion[t][p] > 0 }.count
            if count > 0 { found.append((t, p, count)) }
        }
    }
    return Array(found.sorted { ($0.runs, -$0.truth, -$0.predicted) > ($1.runs, -$1.truth, -$1.predicted) }.prefix(top))
}
