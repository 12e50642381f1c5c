import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 6's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch06: [WrongAnswer] = [
        WrongAnswer("label-smoothing", "two-sided: the generated side gets target s too", mentions: "one-sided") {
            Ch06Graders.smoothedDiscriminatorLoss { a, b, s in Ch06Wrong.smoothed(a, b, s, fakeTarget: s) }
        },
        WrongAnswer("label-smoothing", "log σ(a) and log(1 − σ(a)) computed naively", mentions: "Use logSigmoid") {
            Ch06Graders.smoothedDiscriminatorLoss { a, b, s in
                Ch06Wrong.smoothed(a, b, s, logσ: { log(sigmoid($0)) }, log1mσ: { log(1 - sigmoid($0)) })
            }
        },
        WrongAnswer("label-smoothing", "gradient σ(a) − 1, the smoothing forgotten there", mentions: "(σ(a) − (1 − s))/m") {
            Ch06Graders.smoothedDiscriminatorLoss { a, b, s in
                let right = Ch06Wrong.smoothed(a, b, s)
                return (right.loss, a.map { (sigmoid($0) - 1) / Double(a.count) }, right.dFake)
            }
        },
        WrongAnswer("gradient-penalty", "no penalty: the plain Wasserstein critic", mentions: "penalty is missing") {
            Ch06Graders.gradientPenaltyCriticLoss { real, fake, w, b, λ in Ch06Wrong.critic(real, fake, w, λ: 0) }
        },
        WrongAnswer("gradient-penalty", "penalty λ‖w‖² instead of λ(‖w‖ − 1)²", mentions: "penalised ‖w‖²") {
            Ch06Graders.gradientPenaltyCriticLoss { real, fake, w, b, λ in
                let plain = Ch06Wrong.critic(real, fake, w, λ: 0)
                return (plain.loss + λ * w.dot(w), plain.dw + (2 * λ) * w, 0)
            }
        },
        WrongAnswer("gradient-penalty", "the penalty's gradient without the division by ‖w‖", mentions: "division by ‖w‖") {
            Ch06Graders.gradientPenaltyCriticLoss { real, fake, w, b, λ in
                let right = Ch06Wrong.critic(real, fake, w, λ: λ)
                let norm = w.dot(w).squareRoot()
                return (right.loss, Ch06Wrong.critic(real, fake, w, λ: 0).dw + (2 * λ * (norm - 1)) * w, 0)
            }
        },
        WrongAnswer("gradient-penalty", "the gap's sign flipped", mentions: "sign of the Wasserstein term") {
            Ch06Graders.gradientPenaltyCriticLoss { real, fake, w, b, λ in
                let right = Ch06Wrong.critic(real, fake, w, λ: λ), plain = Ch06Wrong.critic(real, fake, w, λ: 0)
                return (right.loss - 2 * plain.loss, right.dw - 2 * plain.dw, 0)
            }
        },
        WrongAnswer("smoothing-on-the-ring", "the smoothing not passed on: the plain loss (6.3)", mentions: "is not used") {
            Ch06Graders.smoothedDiscriminatorStep { gan, x, x̃, s in gan.stepD(real: x, fake: x̃) }
        },
        WrongAnswer("smoothing-on-the-ring", "real and generated rows swapped", mentions: "swapped") {
            Ch06Graders.smoothedDiscriminatorStep { gan, x, x̃, s in Ch06Wrong.smoothedStep(&gan, real: x̃, fake: x, s) }
        },
        WrongAnswer("smoothing-on-the-ring", "a copy of D's optimizer, so Adam forgets its moments", mentions: "remember its moments") {
            Ch06Graders.smoothedDiscriminatorStep { gan, x, x̃, s in
                var copy = gan
                let loss = Ch06Wrong.smoothedStep(&copy, real: x, fake: x̃, s)
                gan.D = copy.D                                         // the weights, but not the optimizer's state
                return loss
            }
        },
        WrongAnswer("smoothing-on-the-ring", "D stepped with G's optimizer", mentions: "own Adam") {
            Ch06Graders.smoothedDiscriminatorStep { gan, x, x̃, s in
                let d = discriminatorGradients(gan.D, real: x, fake: x̃) { a, b in Ch06Wrong.smoothed(a, b, s) }
                gan.D.update(d.gradients, with: &gan.optimizerG)
                return d.loss
            }
        },
        WrongAnswer("feature-matching", "the 1/n of the mean left out of the gradient", mentions: "divide by n = 4") {
            Ch06Graders.featureMatchingLoss { real, fake in Ch06Wrong.featureMatching(real, fake, rowShare: 1) }
        },
        WrongAnswer("feature-matching", "the gradient's sign flipped", mentions: "sign flipped") {
            Ch06Graders.featureMatchingLoss { real, fake in
                let right = Ch06Wrong.featureMatching(real, fake, rowShare: 1 / Double(fake.rows))
                return (right.loss, -1 * right.dFake)
            }
        },
        WrongAnswer("feature-matching", "column sums instead of column means", mentions: "column means") {
            Ch06Graders.featureMatchingLoss { real, fake in
                let gap = real.sumRows() - fake.sumRows()
                return (gap.dot(gap), Tensor(shape: fake.shape, data: (0..<fake.rows).flatMap { _ in (-2 * gap).data }))
            }
        },
    ]
}

/// Building blocks of the wrong answers above.
enum Ch06Wrong {
    static func smoothed(_ a: Tensor, _ b: Tensor, _ s: Double, fakeTarget: Double = 0,
                         logσ: (Double) -> Double = logSigmoid, log1mσ: (Double) -> Double = { logSigmoid(-$0) })
        -> (loss: Double, dReal: Tensor, dFake: Tensor)
    {
        let (m, n) = (Double(a.count), Double(b.count))
        var loss = 0.0
        for x in a.data { loss -= ((1 - s) * logσ(x) + s * log1mσ(x)) / m }
        for x in b.data { loss -= (fakeTarget * logσ(x) + (1 - fakeTarget) * log1mσ(x)) / n }
        return (loss, a.map { (sigmoid($0) - (1 - s)) / m }, b.map { (sigmoid($0) - fakeTarget) / n })
    }

    /// D's step with the (right) smoothed loss, real batch first.
    static func smoothedStep(_ gan: inout GAN, real x: Tensor, fake x̃: Tensor, _ s: Double) -> Double {
        let d = discriminatorGradients(gan.D, real: x, fake: x̃) { a, b in smoothed(a, b, s) }
        gan.D.update(d.gradients, with: &gan.optimizerD)
        return d.loss
    }

    /// The linear critic's WGAN-GP loss and gradient, right for any λ (λ = 0: no penalty).
    static func critic(_ real: Tensor, _ fake: Tensor, _ w: Tensor, λ: Double) -> (loss: Double, dw: Tensor, db: Double) {
        let gap = (1 / Double(real.rows)) * real.sumRows() - (1 / Double(fake.rows)) * fake.sumRows()
        let norm = w.dot(w).squareRoot()
        return (-gap.dot(w) + λ * (norm - 1) * (norm - 1), -1 * gap + (2 * λ * (norm - 1) / norm) * w, 0)
    }

    static func featureMatching(_ real: Tensor, _ fake: Tensor, rowShare: Double) -> (loss: Double, dFake: Tensor) {
        let gap = (1 / Double(real.rows)) * real.sumRows() - (1 / Double(fake.rows)) * fake.sumRows()
        return (gap.dot(gap), Tensor(shape: fake.shape, data: (0..<fake.rows).flatMap { _ in (-2 * rowShare * gap).data }))
    }
}
