import Exercises
import Foundation
import Lessons

/// Graders for chapter 6.
public enum Ch06Graders {
    /// One-sided label smoothing for D: soft real target 1 − s, fake target 0.
    public static func smoothedDiscriminatorLoss(
        _ f: (Tensor, Tensor, Double) throws -> (loss: Double, dReal: Tensor, dFake: Tensor)
    ) -> Verdict {
        grade {
            let a = Tensor([2.0, -0.5, 0.3, 4]), b = Tensor([-1.0, 0.7, -3, 0.2])
            let plain = discriminatorLoss(real: a, fake: b)
            let unsmoothed = try f(a, b, 0)
            try requireClose(unsmoothed.loss, plain.loss, "loss with s = 0",
                             hint: "with s = 0 this is equation (6.3): −mean log σ(a) − mean log(1 − σ(b))")
            for s in [0.1, 0.25] {
                let got = try f(a, b, s)
                try require(got.dReal.count == a.count && got.dFake.count == b.count,
                            "dReal and dFake should have \(a.count) and \(b.count) elements, got \(got.dReal.count) and \(got.dFake.count)")
                let m = Double(a.count)
                for i in 0..<a.count {
                    try requireClose(got.dReal[i], (sigmoid(a[i]) - (1 - s)) / m, "∂L/∂a[\(i)] with s = \(s)",
                                     hint: "the derivative is (σ(a) − (1 − s))/m: the prediction minus the soft target 1 − s, over m")
                    try requireClose(got.dFake[i], plain.dFake[i], "∂L/∂b[\(i)] with s = \(s)",
                                     hint: "one-sided: the generated side keeps target 0, so its gradient is σ(b)/m whatever s is")
                }
                var expected = plain.loss
                for i in 0..<a.count {
                    expected += (logSigmoid(a[i]) - ((1 - s) * logSigmoid(a[i]) + s * logSigmoid(-a[i]))) / m
                }
                try requireClose(got.loss, expected, "loss with s = \(s)",
                                 hint: "real term: −[(1 − s) log σ(a) + s log(1 − σ(a))]; the generated term is unchanged")
                let check = checkGradient("∂L/∂a", analytic: got.dReal, at: a) { (try? f($0, b, s).loss) ?? .nan }
                try require(check.passes(), "your gradient disagrees with your loss: \(check)")
            }
            let far = try f(Tensor([1000, -1000]), Tensor([-1000, 1000]), 0.1)
            try require(far.loss.isFinite && far.dReal.isFinite && far.dFake.isFinite,
                        "at logits ±1000 you returned loss \(far.loss): σ rounds to 0 or 1 there and log gives −∞. "
                        + "Use logSigmoid(z) for log σ(z) and logSigmoid(−z) for log(1 − σ(z))")
            try requireClose(far.loss, (0.1 * 1000 + 0.9 * 1000 + 1000) / 2, tolerance: 1e-9, "loss at logits ±1000",
                             hint: "each wrong-side logit of size 1000 costs 1000 nats times its target's weight")
        }
    }

    /// The WGAN critic loss mean f(x̃) − mean f(x).
    public static func wassersteinCriticLoss(
        _ f: (Tensor, Tensor) throws -> (loss: Double, dReal: Tensor, dFake: Tensor)
    ) -> Verdict {
        grade {
            let real = Tensor([1.5, -0.2, 3.0, 0.7]), fake = Tensor([0.4, -1.1, 2.0])
            let got = try f(real, fake)
            let expected = fake.sum() / 3 - real.sum() / 4
            if abs(got.loss + expected) < 1e-9 && abs(expected) > 1e-9 {
                throw GradingFailure(message: "loss: got \(got.loss), expected \(expected): the sign is flipped. "
                                     + "The critic *maximises* mean f(x) − mean f(x̃), so the loss it descends is the negative")
            }
            try rejectKnownMistakes([got.loss], expected: [expected], [
                KnownMistake("loss: got \(got.loss), expected \(expected) — you divided the generated scores' sum by m = 4, "
                             + "the real batch's size; the generated batch has n = 3 scores", answer: [fake.sum() / 4 - real.sum() / 4]),
            ])
            try requireClose(got.loss, expected, "loss", hint: "mean over the generated scores minus mean over the real ones")
            try require(got.dReal.count == 4 && got.dFake.count == 3,
                        "dReal should have 4 elements and dFake 3, got \(got.dReal.count) and \(got.dFake.count)")
            for i in 0..<4 {
                try requireClose(got.dReal[i], -0.25, "∂L/∂f(x)[\(i)]",
                                 hint: "each real score enters as −f/m with m = 4; the gradient does not depend on the scores")
            }
            for j in 0..<3 {
                try requireClose(got.dFake[j], 1.0 / 3, "∂L/∂f(x̃)[\(j)]",
                                 hint: "each generated score enters as +f/n with n = 3 — a different count than the real side")
            }
            let check = checkGradient("∂L/∂f(x̃)", analytic: got.dFake, at: fake) { (try? f(real, $0).loss) ?? .nan }
            try require(check.passes(), "your gradient disagrees with your loss: \(check)")
        }
    }

    /// ‖mean h(x) − mean h(x̃)‖² and its gradient with respect to the generated features.
    public static func featureMatchingLoss(_ f: (Tensor, Tensor) throws -> (loss: Double, dFake: Tensor)) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 6)
            let real = Tensor(randomNormal: [5, 3], standardDeviation: 1, rng: &rng)
            let fake = Tensor(randomNormal: [4, 3], standardDeviation: 1, rng: &rng)
            let got = try f(real, fake)
            let gap = (1.0 / 5) * real.sumRows() - (1.0 / 4) * fake.sumRows()
            try requireClose(got.loss, gap.dot(gap), "loss",
                             hint: "take the column means of each batch (over its own number of rows), then the squared distance")
            try require(got.dFake.shape == fake.shape, "dFake should have the shape of fake, \(fake.shape); got \(got.dFake.shape)")
            let rowGradient = gap * (-2.0 / 4)
            let expected = Tensor(shape: fake.shape, data: (0..<4).flatMap { _ in rowGradient.data })
            try rejectKnownMistakes(got.dFake, expected: expected, [
                KnownMistake("∂L/∂fake has the sign flipped: L = Σⱼ (μⱼ − μ̃ⱼ)², so ∂L/∂μ̃ⱼ = −2(μⱼ − μ̃ⱼ) — raising a "
                             + "generated feature that is below the real mean lowers L", answer: -1 * expected),
            ])
            for i in 0..<4 {
                for j in 0..<3 {
                    try requireClose(got.dFake[i, j], -2 * gap[j] / 4, "∂L/∂fake[\(i), \(j)]",
                                     hint: "∂L/∂μ̃ⱼ = −2(μⱼ − μ̃ⱼ), and every row holds 1/n of μ̃: divide by n = 4")
                }
            }
            let check = checkGradient("∂L/∂fake", analytic: got.dFake, at: fake) { (try? f(real, $0).loss) ?? .nan }
            try require(check.passes(), "your gradient disagrees with your loss: \(check)")
            try requireClose(try f(real, real).loss, 0, tolerance: 1e-12, "loss when both batches are the same",
                             hint: "identical batches have identical means")
        }
    }
}

extension ExerciseCatalog {
    static let ch06: [Exercise] = [
        Exercise(name: "label-smoothing", chapter: 6, title: "One-sided label smoothing for the discriminator",
                 hint: "Only the real term changes: target 1 − s gives −[(1 − s) log σ(a) + s log σ(−a)], gradient (σ(a) − (1 − s))/m.",
                 testName: "smoothedDiscriminatorLoss",
                 gradeLearner: { Ch06Graders.smoothedDiscriminatorLoss(Exercises.smoothedDiscriminatorLoss) }),
        Exercise(name: "wasserstein-critic", chapter: 6, title: "The Wasserstein critic's loss and its gradients",
                 hint: "No sigmoid, no log: the loss is linear in every score, so each gradient is a constant ±1/(batch size).",
                 testName: "wassersteinCriticLoss",
                 gradeLearner: { Ch06Graders.wassersteinCriticLoss(Exercises.wassersteinCriticLoss) }),
        Exercise(name: "feature-matching", chapter: 6, title: "Feature matching: G matches the mean of D's features",
                 hint: "L = Σⱼ (μⱼ − μ̃ⱼ)²; the gradient of one row of fake is ∂L/∂μ̃ divided by the number of fake rows.",
                 testName: "featureMatchingLoss",
                 gradeLearner: { Ch06Graders.featureMatchingLoss(Exercises.featureMatchingLoss) }),
    ]
}
