import Foundation

/// A model that scores a batch of images and can take one training step: the CNN and the MLP
/// baseline it is compared with.
public protocol ImageClassifier: Sendable {
    /// Class scores (N, classes) for images (N, C, H, W).
    func logits(_ X: Tensor) -> Tensor
    /// One optimizer step on the mean softmax cross-entropy of the batch; returns that loss.
    mutating func trainStep(_ X: Tensor, labels: [Int], optimizer: inout some Optimizer) -> Double
    /// The number of trainable numbers.
    var parameterCount: Int { get }
}

/// The baseline the CNN must beat: chapter 1's MLP on the flattened pixels, with one hidden ReLU
/// layer wide enough to have about as many parameters as the CNN.
///
/// ```
/// X (N, 1, H, W) ─flatten→ (N, H·W) ─dense, ReLU→ (N, hidden) ─dense→ logits (N, classes)
/// ```
public struct DenseBaseline: ImageClassifier {
    public var mlp: MLP

    public init(pixels: Int, hidden: Int, classes: Int, rng: inout SeededRNG) {
        mlp = MLP(sizes: [pixels, hidden, classes], hidden: .relu, initialization: .he, rng: &rng)
    }

    /// The hidden width that gives the baseline about `parameters` parameters:
    /// (pixels + 1)·h + (h + 1)·classes ≈ parameters.
    public static func hiddenWidth(matching parameters: Int, pixels: Int, classes: Int) -> Int {
        max(1, Int((Double(parameters - classes) / Double(pixels + 1 + classes)).rounded()))
    }

    private func flat(_ X: Tensor) -> Tensor { X.reshaped([X.shape[0], X.count / X.shape[0]]) }

    public func logits(_ X: Tensor) -> Tensor { mlp.forward(flat(X)).output }

    public mutating func trainStep(_ X: Tensor, labels: [Int], optimizer: inout some Optimizer) -> Double {
        let cache = mlp.forward(flat(X))
        let loss = softmaxCrossEntropy(logits: cache.output, labels: labels)
        mlp.update(mlp.backward(cache, loss.gradient), with: &optimizer)
        return loss.loss
    }

    public var parameterCount: Int { mlp.layers.reduce(0) { $0 + $1.W.count + $1.b.count } }
}

extension ConvNet: ImageClassifier {
    public func logits(_ X: Tensor) -> Tensor { forward(X).logits }

    public mutating func trainStep(_ X: Tensor, labels: [Int], optimizer: inout some Optimizer) -> Double {
        let cache = forward(X)                                        // (B, 1, H, W) -> logits (B, 10)
        let loss = softmaxCrossEntropy(logits: cache.logits, labels: labels)
        update(backward(cache, loss.gradient), with: &optimizer)
        return loss.loss
    }

    public var parameterCount: Int {
        conv.W.count + conv.b.count + head.layers.reduce(0) { $0 + $1.W.count + $1.b.count }
    }
}

extension ImageClassifier {
    /// Mean loss, accuracy and every prediction over a whole set, in batches so that the
    /// activations of 10,000 MNIST images are never held at once.
    public func evaluate(_ set: LabelledImages, batchSize: Int = 256) -> (loss: Double, accuracy: Double, predictions: [Int]) {
        var totalLoss = 0.0
        var predicted: [Int] = []
        for start in stride(from: 0, to: set.count, by: batchSize) {
            let indices = Array(start..<min(start + batchSize, set.count))
            let scores = logits(set.batch(indices))
            let labels = indices.map { set.labels[$0] }
            totalLoss += softmaxCrossEntropy(logits: scores, labels: labels).loss * Double(indices.count)
            predicted += ConvNet.predictions(scores)
        }
        let correct = zip(predicted, set.labels).filter { $0 == $1 }.count
        return (totalLoss / Double(set.count), Double(correct) / Double(set.count), predicted)
    }
}

extension LabelledImages {
    /// Every image moved by (dx, dy) pixels (right and down for positive values); what moves out
    /// of the frame is lost and the uncovered border is blank.
    public func shifted(dx: Int, dy: Int) -> LabelledImages {
        var out = [UInt8](repeating: 0, count: pixels.count)
        for i in 0..<count {
            for r in 0..<height where (0..<height).contains(r - dy) {
                for c in 0..<width where (0..<width).contains(c - dx) {
                    out[(i * height + r) * width + c] = pixels[(i * height + r - dy) * width + c - dx]
                }
            }
        }
        return LabelledImages(height: height, width: width, pixels: out, labels: labels, maxPixel: maxPixel)
    }
}
