import Foundation

/// The source's five-point example: two inputs, a 0/1 label each.
public let fivePointX = Tensor(rows: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
public let fivePointY = Tensor(shape: [5, 1], data: [0, 1, 1, 0, 1])

/// Each column shifted to mean 0 and scaled to variance 1: x ← (x − mean) / std.
public func standardised(_ X: Tensor) -> Tensor {
    var out = X
    for j in 0..<X.cols {
        let column = (0..<X.rows).map { X[$0, j] }
        let mean = column.reduce(0, +) / Double(X.rows)
        let std = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(X.rows)).squareRoot()
        for i in 0..<X.rows { out[i, j] = (X[i, j] - mean) / max(std, 1e-12) }
    }
    return out
}

/// The source's 2-3-1 sigmoid network trained on the five labels with binary cross-entropy
/// (mean over the points) and gradient descent at α = 0.5; returns the final predictions and loss.
/// `onStep` receives every step's loss.
public func trainFivePoint(inputs X: Tensor, steps: Int, rng: inout SeededRNG,
                           onStep: (Int, Double) throws -> Void = { _, _ in }) rethrows -> (predictions: [Double], loss: Double) {
    var model = MLP(sizes: [2, 3, 1], hidden: .sigmoid, output: .sigmoid, initialization: .xavier, rng: &rng)
    var optimizer = SGD(learningRate: 0.5)
    var loss = 0.0
    for step in 1...steps {
        let cache = model.forward(X)
        let bce = binaryCrossEntropy(prediction: cache.output, target: fivePointY)
        loss = bce.loss / 5
        model.update(model.backward(cache, (1.0 / 5) * bce.gradient), with: &optimizer)
        try onStep(step, loss)
    }
    return (model.forward(X).output.data, loss)
}

/// True when every prediction lies on the side of ½ its label is on.
public func fitsFivePointLabels(_ predictions: [Double]) -> Bool {
    zip(predictions, fivePointY.data).allSatisfy { ($0 > 0.5) == ($1 == 1) }
}
