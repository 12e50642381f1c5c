import Foundation

/// A loss value together with its gradient with respect to the prediction.
///
/// Sign convention used throughout the course: `gradient` is ∂L/∂ŷ, the direction in which the
/// loss *increases*; every update subtracts it (θ ← θ − α ∂L/∂θ).
public struct LossAndGradient: Sendable {
    public var loss: Double
    public var gradient: Tensor

    public init(loss: Double, gradient: Tensor) {
        self.loss = loss
        self.gradient = gradient
    }
}

/// Mean squared error in the course's form L = ½ Σᵢ (yᵢ − ŷᵢ)², so that ∂L/∂ŷᵢ = ŷᵢ − yᵢ.
///
/// The ½ is there only to cancel the 2 of the derivative. Equation (1.3).
public func meanSquaredError(prediction ŷ: Tensor, target y: Tensor) -> LossAndGradient {
    precondition(ŷ.shape == y.shape, "MSE of shapes \(ŷ.shape) and \(y.shape)")
    let diff = ŷ - y
    return LossAndGradient(loss: 0.5 * diff.dot(diff), gradient: diff)
}

/// Categorical cross-entropy L = −Σᵢ yᵢ log ŷᵢ of a probability vector ŷ against a target y
/// (one-hot or soft), natural log. ∂L/∂ŷᵢ = −yᵢ/ŷᵢ. Equation (1.4).
public func crossEntropy(prediction ŷ: Tensor, target y: Tensor) -> LossAndGradient {
    precondition(ŷ.shape == y.shape, "cross-entropy of shapes \(ŷ.shape) and \(y.shape)")
    var loss = 0.0
    var grad = Tensor(zeros: ŷ.shape)
    for i in 0..<ŷ.count where y.data[i] != 0 {
        loss -= y.data[i] * log(ŷ.data[i])
        grad.data[i] = -y.data[i] / ŷ.data[i]
    }
    return LossAndGradient(loss: loss, gradient: grad)
}

/// Binary cross-entropy L = −Σᵢ [yᵢ log ŷᵢ + (1 − yᵢ) log(1 − ŷᵢ)] for independent yes/no
/// predictions ŷᵢ ∈ (0, 1). ∂L/∂ŷᵢ = (ŷᵢ − yᵢ) / (ŷᵢ(1 − ŷᵢ)). Equation (1.5).
public func binaryCrossEntropy(prediction ŷ: Tensor, target y: Tensor) -> LossAndGradient {
    precondition(ŷ.shape == y.shape, "binary cross-entropy of shapes \(ŷ.shape) and \(y.shape)")
    var loss = 0.0
    var grad = Tensor(zeros: ŷ.shape)
    for i in 0..<ŷ.count {
        let (p, t) = (ŷ.data[i], y.data[i])
        loss -= t * log(p) + (1 - t) * log(1 - p)
        grad.data[i] = (p - t) / (p * (1 - p))
    }
    return LossAndGradient(loss: loss, gradient: grad)
}

// listing: log-sum-exp
/// log Σⱼ exp(zⱼ), computed as m + log Σⱼ exp(zⱼ − m) with m = maxⱼ zⱼ so that no exp overflows.
/// Equation (2.10).
public func logSumExp(_ z: ArraySlice<Double>) -> Double {
    guard let m = z.max(), m.isFinite else { return z.max() ?? -.infinity }
    var s = 0.0
    for v in z { s += exp(v - m) }
    return m + log(s)
}
// end listing

// listing: softmax
/// The softmax of each row of a matrix of scores: pᵢ = exp(zᵢ − m) / Σⱼ exp(zⱼ − m).
/// Subtracting the row maximum m changes nothing mathematically and keeps exp from overflowing.
/// Equation (2.7).
public func softmaxRows(_ z: Tensor) -> Tensor {
    var p = z.data
    for r in 0..<(z.count / z.cols) { _ = softmaxInPlace(&p, row: r, width: z.cols) }
    return Tensor(shape: z.shape, data: p)
}

/// Replaces row r of the scores (elements r·c ..< (r + 1)·c of z) by its softmax and returns
/// m + log Σⱼ exp(zⱼ − m), which is log Σⱼ exp(zⱼ) (equation (2.10)): the sum is already there,
/// so the loss gets it for free.
func softmaxInPlace(_ z: inout [Double], row r: Int, width c: Int) -> Double {
    let row = (r * c)..<((r + 1) * c)
    var m = -Double.infinity
    for j in row { m = max(m, z[j]) }
    var s = 0.0
    for j in row { z[j] = exp(z[j] - m); s += z[j] }
    for j in row { z[j] /= s }
    return m + log(s)
}
// end listing

// listing: softmax-cross-entropy
/// Softmax followed by cross-entropy, averaged over a batch of N rows of logits with integer labels:
///
/// ```
/// L = −(1/N) Σₙ log softmax(zₙ)[yₙ],      ∂L/∂zₙ = (pₙ − onehot(yₙ)) / N
/// ```
///
/// Fused because the gradient p − y is both simpler and more accurate than chaining the softmax
/// Jacobian with −y/p. Equation (2.9). The loss uses log softmax(z)[y] = z_y − log Σⱼ exp(zⱼ),
/// with the log-sum-exp that computing the softmax has just produced.
public func softmaxCrossEntropy(logits z: Tensor, labels: [Int]) -> LossAndGradient {
    let n = z.rows, c = z.cols
    precondition(labels.count == n, "softmaxCrossEntropy: \(n) rows but \(labels.count) labels")
    var grad = z.data
    var loss = 0.0
    for r in 0..<n {
        let y = labels[r]
        precondition((0..<c).contains(y), "label \(y) outside 0..<\(c)")
        let logSum = softmaxInPlace(&grad, row: r, width: c)     // row r becomes pₙ
        loss -= z.data[r * c + y] - logSum
        grad[r * c + y] -= 1                                      // pₙ − onehot(yₙ)
    }
    let invN = 1 / Double(n)
    return LossAndGradient(loss: loss * invN, gradient: Tensor(shape: z.shape, data: grad) * invN)
}
// end listing
