import Foundation

extension Chapter {
    /// Chapter 3: convolutional networks on handwritten digits.
    public static let cnn = Chapter(
        number: 3, slug: "cnn", title: "Convolutional networks",
        figures: ["samples", "filters", "feature-maps", "curves", "confusion"],
        run: runCNNChapter)
}

/// The chapter's hyper-parameters, each named once.
public struct CNNSettings: Sendable {
    /// K, the number of 3×3 filters.
    public var filters = 16
    /// Units in the head's hidden layer.
    public var hidden = 64
    /// Images per gradient step.
    public var batchSize = 32
    /// Passes over the training set.
    public var epochs = 15
    /// Adam's step size α. Large for Adam (its usual default is 1e-3), and fine for a network this
    /// small and a budget of 15 epochs.
    public var learningRate = 0.01
    /// The training curve is measured on at most this many training images (all 1,438 of the
    /// digits; with MNIST, evaluating all 60,000 after every epoch would cost a quarter of the run).
    public var curveImages = 2_000
    /// Under --fast: this many training and test images and epochs, to finish in about a second.
    public var fastImages = 300, fastEpochs = 2

    public init() {}
}

/// One row of the training history: loss and accuracy on the training set (at most
/// `CNNSettings.curveImages` of it) and on the test set, after an epoch.
public struct EpochRecord: Sendable {
    public var epoch: Int
    public var trainLoss: Double, trainAccuracy: Double
    public var testLoss: Double, testAccuracy: Double
}

// listing: cnn-run
/// Loads the digits, trains the CNN with Adam on mini-batches, evaluates it on the held-out test
/// set and draws the figures.
func runCNNChapter(_ context: RunContext) throws {
    let settings = CNNSettings()

    // Data: 80 % of each digit to train on, 20 % held out (or MNIST's own split with --data).
    var splitRNG = context.rng("split")
    let data = try Digits.load(root: context.root, override: context.dataOverride, rng: &splitRNG)
    var (train, test) = (data.train, data.test)
    if context.fast {
        train = train.subset(Array(0..<min(settings.fastImages, train.count)))
        test = test.subset(Array(0..<min(settings.fastImages, test.count)))
    }
    context.print(data.summary)

    // Model.
    var initRNG = context.rng("init")
    var net = ConvNet(height: train.height, width: train.width, filters: settings.filters,
                      hidden: settings.hidden, classes: Digits.classes, rng: &initRNG)
    var adam = Adam(learningRate: settings.learningRate)

    // Training: shuffle every epoch, one Adam step per mini-batch.
    let epochs = context.steps(settings.epochs, fast: settings.fastEpochs)
    let batchesPerEpoch = (train.count + settings.batchSize - 1) / settings.batchSize
    let trainSample = train.subset(Array(0..<min(settings.curveImages, train.count)))
    var history = [record(net, epoch: 0, train: trainSample, test: test)]
    var shuffleRNG = context.rng("shuffle")
    let loop = context.loop("train", total: epochs * batchesPerEpoch)
    var step = 0
    var log: [String] = []
    for epoch in 1...epochs {
        try trainEpoch(&net, on: train, batchSize: settings.batchSize, optimizer: &adam, rng: &shuffleRNG) { loss, _ in
            step += 1
            try loop.step(step, loss: loss, ("epoch", Double(epoch)))
        }
        history.append(record(net, epoch: epoch, train: trainSample, test: test))
        log.append(String(format: "epoch %2d   train loss %.4f  accuracy %6.2f %%   test loss %.4f  accuracy %6.2f %%",
                          epoch, history[epoch].trainLoss, 100 * history[epoch].trainAccuracy,
                          history[epoch].testLoss, 100 * history[epoch].testAccuracy))
        context.print(log[epoch - 1])
    }
    loop.end()
    context.recordText("training log", log.joined(separator: "\n"))
    recordHistory(history, context)

    // Evaluation on the held-out test set.
    let final = net.evaluate(test)
    let confusion = confusionMatrix(labels: test.labels, predictions: final.predictions, classes: Digits.classes)
    context.report("test accuracy", final.accuracy)
    context.report("test loss", final.loss, unit: "nats")
    context.report("test errors", Double(test.count - confusion.indices.map { confusion[$0][$0] }.reduce(0, +)),
                   unit: "of \(test.count)")

    // The same training from five other seeds, and an MLP baseline trained alongside it.
    let seeds = (1...UInt64(context.steps(5, fast: 2))).map { $0 }
    let runs = try compareOverSeeds(seeds, settings: settings, fast: context.fast, root: context.root,
                                    dataOverride: context.dataOverride)
    recordComparison(runs, context)

    // Figures.
    try context.save(CNNFigures.samples(test), as: "samples")
    try context.save(CNNFigures.filters(net.conv), as: "filters")
    let four = test.labels.firstIndex(of: 4) ?? 0   // a digit with both upright and crossing strokes
    try context.save(CNNFigures.featureMaps(net, image: test, index: four), as: "feature-maps")
    try context.save(CNNFigures.curves(history), as: "curves")
    try context.save(CNNFigures.confusion(confusion), as: "confusion")
}
// end listing

// listing: cnn-epoch
/// One pass over the training set in a fresh random order, one optimizer step per mini-batch;
/// `onStep` receives each mini-batch's loss and the model after the step.
public func trainEpoch<Model: ImageClassifier>(_ model: inout Model, on train: LabelledImages, batchSize: Int,
                                               optimizer: inout some Optimizer, rng: inout SeededRNG,
                                               onStep: (Double, Model) throws -> Void) rethrows {
    let order = rng.permutation(train.count)
    for start in stride(from: 0, to: train.count, by: batchSize) {
        let indices = Array(order[start..<min(start + batchSize, train.count)])
        let loss = model.trainStep(train.batch(indices), labels: indices.map { train.labels[$0] }, optimizer: &optimizer)
        try onStep(loss, model)
    }
}
// end listing

/// Records what the chapter's text says about the training curves.
private func recordHistory(_ history: [EpochRecord], _ context: RunContext) {
    let epochs = history.count - 1
    context.record("first epoch with test accuracy ≥ 97 %",
                   Double(history.first { $0.testAccuracy >= 0.97 }?.epoch ?? -1))
    context.record("first epoch with 100 % training accuracy",
                   Double(history.first { $0.trainAccuracy == 1 }?.epoch ?? -1))
    context.record("epochs where the training loss rises",
                   Double((1...epochs).filter { history[$0].trainLoss > history[$0 - 1].trainLoss }.count))
    for epoch in stride(from: 5, through: epochs, by: 5) {
        context.record("train loss after epoch \(epoch)", history[epoch].trainLoss)
    }
    context.record("largest test loss from epoch 10 on", history[min(10, epochs)...].map(\.testLoss).max() ?? 0)
}

/// Prints and records the CNN and the MLP over seeds: mean and range of the test accuracy, on
/// the test digits and on the same digits moved by one pixel, and the mistakes that recur.
private func recordComparison(_ runs: [SeedRun], _ context: RunContext) {
    guard let first = runs.first else { return }
    var table = ["model                      parameters   test accuracy (mean, range)    shifted by one pixel (mean, range)"]
    for (name, key, outcome, parameters) in [("CNN", "CNN", { (r: SeedRun) in r.cnn }, first.cnnParameters),
                                              ("MLP baseline", "MLP", { (r: SeedRun) in r.mlp }, first.mlpParameters)] {
        let plain = runs.map { outcome($0).accuracy }, shifted = runs.map { outcome($0).shiftedAccuracy }
        let (mean, shiftedMean) = (plain.reduce(0, +) / Double(runs.count), shifted.reduce(0, +) / Double(runs.count))
        context.record("\(key) parameters", Double(parameters))
        context.report("\(key) mean test accuracy over seeds", mean)
        context.record("\(key) lowest test accuracy over seeds", plain.min() ?? .nan)
        context.record("\(key) highest test accuracy over seeds", plain.max() ?? .nan)
        context.report("\(key) mean accuracy on shifted digits", shiftedMean)
        context.record("\(key) lowest accuracy on shifted digits", shifted.min() ?? .nan)
        context.record("\(key) highest accuracy on shifted digits", shifted.max() ?? .nan)
        table.append(name.padding(toLength: 27, withPad: " ", startingAt: 0)
                     + String(format: "%10d   %6.2f %% (%6.2f – %6.2f)      %6.2f %% (%6.2f – %6.2f)", parameters,
                              100 * mean, 100 * (plain.min() ?? 0), 100 * (plain.max() ?? 0),
                              100 * shiftedMean, 100 * (shifted.min() ?? 0), 100 * (shifted.max() ?? 0)))
    }
    let text = "seeds \(runs.map { String($0.seed) }.joined(separator: ", ")), the same training for both models\n" + table.joined(separator: "\n")
    context.print(text)
    context.recordText("CNN against MLP", text)
    context.record("seeds", Double(runs.count))
    let mistakes = recurringMistakes(runs.map(\.cnn.confusion), top: 3)
        .map { "true \($0.truth), predicted \($0.predicted): in \($0.runs) of \(runs.count) runs" }
    context.recordText("recurring mistakes", mistakes.joined(separator: "\n"))
}

/// Loss and accuracy of `net` on the given training images and on the test set.
func record(_ net: ConvNet, epoch: Int, train: LabelledImages, test: LabelledImages) -> EpochRecord {
    let (trainLoss, trainAccuracy, _) = net.evaluate(train)
    let (testLoss, testAccuracy, _) = net.evaluate(test)
    return EpochRecord(epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy,
                       testLoss: testLoss, testAccuracy: testAccuracy)
}

/// counts[t][p]: how many images of true class t were predicted as class p. The diagonal holds
/// the correct answers; every other cell is a kind of mistake.
public func confusionMatrix(labels: [Int], predictions: [Int], classes: Int) -> [[Int]] {
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (t, p) in zip(labels, predictions) { counts[t][p] += 1 }
    return counts
}
