import Foundation

/// How one trained model ends: test accuracy, accuracy on the test digits moved by one pixel
/// (the mean over the four directions), and the confusion matrix.
public struct ModelOutcome: Sendable {
    public var accuracy: Double
    public var shiftedAccuracy: Double
    public var confusion: [[Int]]
}

/// The CNN and the MLP baseline, trained from scratch with one seed.
public struct SeedRun: Sendable {
    public var seed: UInt64
    public var cnn: ModelOutcome, mlp: ModelOutcome
    public var cnnParameters: Int, mlpParameters: Int
}

/// Trains the chapter's CNN and an MLP baseline with about as many parameters once per seed —
/// each seed with its own train/test split, initial weights and batch order, the same for both
/// models — with the same optimizer, batch size and number of epochs, and evaluates both on the
/// test set and on the test set moved by one pixel. One seed is one draw; the spread over
/// several is what a claim about the method can rest on. The 2 × seeds trainings are independent
/// and run two at a time, one per core, with the same numbers as one after another.
public func compareOverSeeds(_ seeds: [UInt64], settings: CNNSettings, fast: Bool, root: URL,
                             dataOverride: URL?) throws -> [SeedRun] {
    struct Draw: Sendable {
        var train: LabelledImages, test: LabelledImages
        var cnn: ConvNet, mlp: DenseBaseline
    }
    let draws = try seeds.map { seed in
        var splitRNG = SeededRNG(seed: seed)
        let data = try Digits.load(root: root, override: dataOverride, rng: &splitRNG)
        var (train, test) = (data.train, data.test)
        if fast {
            train = train.subset(Array(0..<min(settings.fastImages, train.count)))
            test = test.subset(Array(0..<min(settings.fastImages, test.count)))
        }
        var initRNG = SeededRNG(seed: seed &+ 1_000)
        let cnn = ConvNet(height: train.height, width: train.width, filters: settings.filters,
                          hidden: settings.hidden, classes: Digits.classes, rng: &initRNG)
        let width = DenseBaseline.hiddenWidth(matching: cnn.parameterCount, pixels: train.height * train.width,
                                              classes: Digits.classes)
        let mlp = DenseBaseline(pixels: train.height * train.width, hidden: width, classes: Digits.classes, rng: &initRNG)
        return Draw(train: train, test: test, cnn: cnn, mlp: mlp)
    }
    let epochs = fast ? settings.fastEpochs : settings.epochs
    // Jobs 0 … n − 1 train the CNNs, n … 2n − 1 the MLPs; thread j takes the jobs i with i mod 2 = j,
    // so each thread gets about as many of the slower CNNs.
    let n = draws.count
    let halves = inParallel(2) { half in
        stride(from: half, to: 2 * n, by: 2).map { i in
            let draw = draws[i % n], shuffleSeed = seeds[i % n] &+ 2_000
            return i < n
                ? trainAndEvaluate(draw.cnn, on: draw.train, test: draw.test, epochs: epochs, settings: settings, shuffleSeed: shuffleSeed)
                : trainAndEvaluate(draw.mlp, on: draw.train, test: draw.test, epochs: epochs, settings: settings, shuffleSeed: shuffleSeed)
        }
    }
    let outcome = { (i: Int) in halves[i % 2][i / 2] }
    return draws.indices.map { k in
        SeedRun(seed: seeds[k], cnn: outcome(k), mlp: outcome(n + k),
                cnnParameters: draws[k].cnn.parameterCount, mlpParameters: draws[k].mlp.parameterCount)
    }
}

/// Trains with Adam on mini-batches and evaluates on `test` and on `test` shifted by one pixel.
private func trainAndEvaluate<Model: ImageClassifier>(_ model: Model, on train: LabelledImages, test: LabelledImages,
                                                      epochs: Int, settings: CNNSettings, shuffleSeed: UInt64) -> ModelOutcome {
    var model = model
    var adam = Adam(learningRate: settings.learningRate)
    var shuffleRNG = SeededRNG(seed: shuffleSeed)
    for _ in 0..<epochs {
        trainEpoch(&model, on: train, batchSize: settings.batchSize, optimizer: &adam, rng: &shuffleRNG) { _, _ in }
    }
    let final = model.evaluate(test)
    let shifts = [(1, 0), (-1, 0), (0, 1), (0, -1)]
    let shifted = shifts.map { model.evaluate(test.shifted(dx: $0.0, dy: $0.1)).accuracy }.reduce(0, +) / Double(shifts.count)
    return ModelOutcome(accuracy: final.accuracy, shiftedAccuracy: shifted,
                        confusion: confusionMatrix(labels: test.labels, predictions: final.predictions, classes: Digits.classes))
}

/// The mistakes (true digit t read as p) that occur in the most runs, most frequent first:
/// (t, p, number of runs with at least one such mistake).
public func recurringMistakes(_ confusions: [[[Int]]], top: Int) -> [(truth: Int, predicted: Int, runs: Int)] {
    guard let classes = confusions.first?.count else { return [] }
    var found: [(truth: Int, predicted: Int, runs: Int)] = []
    for t in 0..<classes {
        for p in 0..<classes where p != t {
            let count = confusions.filter { $0[t][p] > 0 }.count
            if count > 0 { found.append((t, p, count)) }
        }
    }
    return Array(found.sorted { ($0.runs, -$0.truth, -$0.predicted) > ($1.runs, -$1.truth, -$1.predicted) }.prefix(top))
}
