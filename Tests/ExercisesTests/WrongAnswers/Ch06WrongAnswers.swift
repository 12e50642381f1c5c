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
        WrongAnswer("wasserstein-critic", "the sign flipped", mentions: "the sign is flipped") {
            Ch06Graders.wassersteinCriticLoss { real, fake in
                (real.sum() / Double(real.count) - fake.sum() / Double(fake.count),
                 Tensor(zeros: real.shape, value: 1 / Double(real.count)), Tensor(zeros: fake.shape, value: -1 / Double(fake.count)))
            }
        },
        WrongAnswer("wasserstein-critic", "both sums divided by the real batch size", mentions: "the generated batch has n = 3") {
            Ch06Graders.wassersteinCriticLoss { real, fake in
                let m = Double(real.count)
                return (fake.sum() / m - real.sum() / m, Tensor(zeros: real.shape, value: -1 / m), Tensor(zeros: fake.shape, value: 1 / m))
            }
        },
        WrongAnswer("wasserstein-critic", "gradients with the wrong signs", mentions: "each real score enters as −f/m") {
            Ch06Graders.wassersteinCriticLoss { real, fake in
                let (m, n) = (Double(real.count), Double(fake.count))
                return (fake.sum() / n - real.sum() / m, Tensor(zeros: real.shape, value: 1 / m), Tensor(zeros: fake.shape, value: -1 / n))
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

    static func featureMatching(_ real: Tensor, _ fake: Tensor, rowShare: Double) -> (loss: Double, dFake: Tensor) {
        let gap = (1 / Double(real.rows)) * real.sumRows() - (1 / Double(fake.rows)) * fake.sumRows()
        return (gap.dot(gap), Tensor(shape: fake.shape, data: (0..<fake.rows).flatMap { _ in (-2 * rowShare * gap).data }))
    }
}
