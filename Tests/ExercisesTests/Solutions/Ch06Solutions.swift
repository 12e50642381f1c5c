// Reference solutions for chapter 6's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch06Reference {
    /// −[(1 − s) log σ(a) + s log(1 − σ(a))] with log(1 − σ(a)) = log σ(−a); the derivative
    /// collapses to σ(a) − (1 − s), the prediction minus the soft target.
    static func smoothedDiscriminatorLoss(real a: Tensor, fake b: Tensor, smoothing s: Double) throws
        -> (loss: Double, dReal: Tensor, dFake: Tensor)
    {
        let m = Double(a.count)
        var loss = 0.0
        var dReal = Tensor(zeros: a.shape), dFake = Tensor(zeros: b.shape)
        for i in 0..<a.count {
            loss -= (1 - s) * logSigmoid(a[i]) + s * logSigmoid(-a[i])
            dReal[i] = (sigmoid(a[i]) - (1 - s)) / m
        }
        for i in 0..<b.count {
            loss -= logSigmoid(-b[i])
            dFake[i] = sigmoid(b[i]) / m
        }
        return (loss / m, dReal, dFake)
    }

    /// The chapter's path with the smoothed loss plugged in, then one step of D's own optimizer.
    static func smoothedDiscriminatorStep(_ gan: inout GAN, real x: Tensor, fake x̃: Tensor, smoothing s: Double) throws
        -> Double
    {
        let d = try discriminatorGradients(gan.D, real: x, fake: x̃) { a, b in
            try smoothedDiscriminatorLoss(real: a, fake: b, smoothing: s)
        }
        gan.D.update(d.gradients, with: &gan.optimizerD)
        return d.loss
    }

    /// The Wasserstein term is linear in w (b cancels), and ∂‖w‖/∂w = w/‖w‖.
    static func gradientPenaltyCriticLoss(real: Tensor, fake: Tensor, w: Tensor, b: Double, λ: Double) throws
        -> (loss: Double, dw: Tensor, db: Double)
    {
        let meanReal = (1 / Double(real.rows)) * real.sumRows(), meanFake = (1 / Double(fake.rows)) * fake.sumRows()
        let norm = w.dot(w).squareRoot()
        let loss = (meanFake.dot(w) + b) - (meanReal.dot(w) + b) + λ * (norm - 1) * (norm - 1)
        return (loss, meanFake - meanReal + (2 * λ * (norm - 1) / norm) * w, 0)
    }

    /// ∂L/∂μ̃ⱼ = −2(μⱼ − μ̃ⱼ), and each of the n rows contributes 1/n of μ̃.
    static func featureMatchingLoss(real: Tensor, fake: Tensor) throws -> (loss: Double, dFake: Tensor) {
        let μ = (1 / Double(real.rows)) * real.sumRows(), μ̃ = (1 / Double(fake.rows)) * fake.sumRows()
        let gap = μ - μ̃
        var dFake = Tensor(zeros: fake.shape)
        for i in 0..<fake.rows {
            for j in 0..<fake.cols { dFake[i, j] = -2 * gap[j] / Double(fake.rows) }
        }
        return (gap.dot(gap), dFake)
    }
}
