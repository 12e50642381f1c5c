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

    /// D's step with the learner's smoothed loss. Three rounds of the game — the learner's D step,
    /// then the chapter's `GAN.stepG` — from the same weights must land where the chapter's path
    /// with the reference loss lands (with s = 0, on the chapter's own step); then a small GAN
    /// trained with it for 300 rounds must put its samples near the ring's modes exactly as the
    /// reference does.
    public static func smoothedDiscriminatorStep(_ f: (inout GAN, Tensor, Tensor, Double) throws -> Double) -> Verdict {
        grade {
            var config = GANConfig()
            config.hidden = 8
            var rng = SeededRNG(seed: 606)
            let start = GAN(config: config, rng: &rng)
            for s in [0, 0.2] {
                try checkRounds(f, from: start, smoothing: s)
            }
            // The experiment in small: the same streams for both runs, so only the D step differs.
            // Exact counts are fair: a right loss summed in another order moved these samples by
            // about 1e-15 after 300 rounds, far below what carries a sample across a mode's border.
            var settings = RingRunSettings()
            settings.config = config
            (settings.steps, settings.batch, settings.samples) = (300, 32, 500)
            let mine = try ringCoverage(settings) { gan, x, x̃ in try f(&gan, x, x̃, 0.1) }
            let reference = ringCoverage(settings) { gan, x, x̃ in referenceSmoothedStep(&gan, x, x̃, 0.1) }
            try require(mine.near.counts == reference.near.counts && mine.highQuality.counts == reference.highQuality.counts,
                        "after 300 rounds on the ring (8 hidden units, batch 32, s = 0.1), your GAN's 500 samples lie "
                        + "within 0.5 of the 8 modes \(mine.near.counts) times (\(mine.near.modesCovered) modes covered), "
                        + "the reference's \(reference.near.counts) (\(reference.near.modesCovered) covered). Every step "
                        + "should be the chapter's with only D's loss changed: does your step depend on anything but its "
                        + "arguments, or change anything but gan.D and gan.optimizerD?")
        }
    }

    /// Three rounds from `start`, each checked against the reference: G untouched by D's step,
    /// D's parameters (with the likely mistakes named), and the loss returned.
    private static func checkRounds(_ f: (inout GAN, Tensor, Tensor, Double) throws -> Double, from start: GAN,
                                    smoothing s: Double) throws {
        let ring = RingOfGaussians()
        var mine = start, reference = start
        var data = SeededRNG(seed: 607), noise = SeededRNG(seed: 608)
        for round in 1...3 {
            let x = ring.sample(16, rng: &data)                                   // (16, 2)
            let x̃ = reference.generate(reference.noise(16, rng: &noise))         // the same fake batch for both
            let before = mine
            let loss = try f(&mine, x, x̃, s)
            let expectedLoss = referenceSmoothedStep(&reference, x, x̃, s)
            try require(parameters(mine.G) == parameters(before.G),
                        "your step changed G's weights: in D's step only D learns; G's step (GAN.stepG) comes after it")
            let where_ = "after round \(round) with s = \(s)"
            let got = parameters(mine.D), expected = parameters(reference.D)
            try rejectKnownMistakes(got, expected: expected, likelyMistakes(before, x, x̃, s, round: round))
            for i in expected.indices {
                try requireClose(got[i], expected[i], "D's parameter \(i) (of \(expected.count)) \(where_)",
                                 hint: "D's logits on x and x̃ (discriminatorGradients stacks them), your loss, "
                                 + "D.backward, then gan.D.update(gradients, with: &gan.optimizerD)")
            }
            try requireClose(loss, expectedLoss, "the loss your step returned \(where_)",
                             hint: "return the smoothed loss L of this batch, as computed before the update")
            // G's step is the chapter's, so it is taken once, on the reference, and both runs go on
            // with its G. (Run on a learner's GAN whose D step used gan.optimizerG, it would crash.)
            _ = reference.stepG(batch: 16, rng: &noise)
            (mine.G, mine.optimizerG) = (reference.G, reference.optimizerG)
        }
    }

    /// What the likely mistakes make of D's parameters, one step from `before`.
    private static func likelyMistakes(_ before: GAN, _ x: Tensor, _ x̃: Tensor, _ s: Double, round: Int) -> [KnownMistake] {
        let step = { (change: (inout GAN) -> Void) -> [Double] in
            var gan = before
            change(&gan)
            return parameters(gan.D)
        }
        let gradients = discriminatorGradients(before.D, real: x, fake: x̃) { referenceSmoothedLoss($0, $1, s) }.gradients
        let unsmoothed = s == 0 ? [] : [
            KnownMistake("D took the plain step of (6.3): the smoothing s = \(s) is not used. Compute the loss with "
                         + "your smoothedDiscriminatorLoss(real: a, fake: b, smoothing: s)",
                         answer: step { _ = $0.stepD(real: x, fake: x̃) }),
        ]
        return unsmoothed + [
            KnownMistake("D's weights did not change: after the gradients, take one step of D's optimizer, "
                         + "gan.D.update(gradients, with: &gan.optimizerD)", answer: parameters(before.D)),
            KnownMistake("the real and generated rows are swapped: in D's stacked batch the first m logits, of x, are "
                         + "the real ones (a) and the last m, of x̃, the generated ones (b)",
                         answer: step { _ = referenceSmoothedStep(&$0, x̃, x, s) }),
            KnownMistake("D was stepped with gan.optimizerG: each player has its own Adam, and G's moment estimates "
                         + "are not D's. Use &gan.optimizerD",
                         answer: step { $0.D.update(gradients, with: &$0.optimizerG) }),
            KnownMistake("round \(round) is wrong though round 1 was right: D's optimizer must remember its moments "
                         + "between steps. Update with &gan.optimizerD itself, not with a copy or a new Adam",
                         answer: step { gan in
                             var fresh = Adam(learningRate: gan.config.learningRate, beta1: gan.config.beta1)
                             gan.D.update(gradients, with: &fresh)
                         }),
        ]
    }

    /// The reference: the chapter's `discriminatorGradients` with the smoothed loss, then D's own optimizer.
    private static func referenceSmoothedStep(_ gan: inout GAN, _ x: Tensor, _ x̃: Tensor, _ s: Double) -> Double {
        let d = discriminatorGradients(gan.D, real: x, fake: x̃) { referenceSmoothedLoss($0, $1, s) }
        gan.D.update(d.gradients, with: &gan.optimizerD)
        return d.loss
    }

    /// One-sided label smoothing, as the label-smoothing grader expects it.
    private static func referenceSmoothedLoss(_ a: Tensor, _ b: Tensor, _ s: Double) -> (loss: Double, dReal: Tensor, dFake: Tensor) {
        let plain = discriminatorLoss(real: a, fake: b), m = Double(a.count)
        var loss = plain.loss
        for i in 0..<a.count { loss -= s * (logSigmoid(-a[i]) - logSigmoid(a[i])) / m }
        return (loss, a.map { (sigmoid($0) - (1 - s)) / m }, plain.dFake)
    }

    /// Every weight and bias of an MLP, layer by layer, as one list.
    private static func parameters(_ net: MLP) -> [Double] {
        net.layers.flatMap { $0.W.data + $0.b.data }
    }

    /// The WGAN-GP loss of a linear critic, mean f(x̃) − mean f(x) + λ(‖w‖ − 1)², and its gradients;
    /// then gradient descent with the learner's gradients must settle where the penalty balances
    /// the gap, ‖w‖ = 1 + ‖μ_real − μ_fake‖/(2λ), instead of growing for ever.
    public static func gradientPenaltyCriticLoss(
        _ f: (Tensor, Tensor, Tensor, Double, Double) throws -> (loss: Double, dw: Tensor, db: Double)
    ) -> Verdict {
        grade {
            let real = Tensor(shape: [4, 2], data: [1.5, 2.0, 2.5, 1.0, 0.5, 3.0, 1.5, 2.4])
            let fake = Tensor(shape: [3, 2], data: [0.2, -0.3, -0.4, 0.5, 0.5, 0.1])
            let w = Tensor([0.3, -1.2]), b = 0.7, λ = 10.0
            let gap = (1.0 / 4) * real.sumRows() - (1.0 / 3) * fake.sumRows()      // mean x − mean x̃
            let norm = w.dot(w).squareRoot()
            let got = try f(real, fake, w, b, λ)
            let expectedLoss = -gap.dot(w) + λ * (norm - 1) * (norm - 1)
            try rejectKnownMistakes([got.loss], expected: [expectedLoss], [
                KnownMistake("loss: got \(got.loss), expected \(expectedLoss) — the penalty is missing. Without it the critic "
                             + "can raise its score gap for ever by scaling w: the Lipschitz constraint ‖∇ₓ f‖ ≈ 1 is "
                             + "what makes the gap a distance", answer: [-gap.dot(w)]),
                KnownMistake("loss: got \(got.loss), expected \(expectedLoss) — the sign of the Wasserstein term is flipped: "
                             + "the critic maximises mean f(x) − mean f(x̃), so it descends mean f(x̃) − mean f(x)",
                             answer: [gap.dot(w) + λ * (norm - 1) * (norm - 1)]),
                KnownMistake("loss: got \(got.loss), expected \(expectedLoss) — you penalised ‖w‖², which pushes w to 0; "
                             + "the penalty is λ(‖w‖ − 1)², pulling the gradient norm towards 1", answer: [-gap.dot(w) + λ * norm * norm]),
            ])
            try requireClose(got.loss, expectedLoss, "loss",
                             hint: "mean of w·x̃ + b over the generated rows, minus the mean over the real rows, plus λ(‖w‖ − 1)²")
            try require(got.dw.count == 2, "dw should have 2 elements (one per column of x), got \(got.dw.count)")
            let expectedDw = -1 * gap + (2 * λ * (norm - 1) / norm) * w
            try rejectKnownMistakes(got.dw, expected: expectedDw, [
                KnownMistake("∂L/∂w: the penalty's gradient is 2λ(‖w‖ − 1) · w/‖w‖ — you left out the division by ‖w‖ "
                             + "(∂‖w‖/∂w = w/‖w‖, a unit vector)", answer: -1 * gap + (2 * λ * (norm - 1)) * w),
                KnownMistake("∂L/∂w: the penalty's gradient is missing; without it the critic's w grows without bound",
                             answer: -1 * gap),
            ])
            for k in 0..<2 {
                try requireClose(got.dw[k], expectedDw[k], "∂L/∂w[\(k)]",
                                 hint: "mean x̃ − mean x, plus 2λ(‖w‖ − 1) w/‖w‖")
            }
            try requireClose(got.db, 0, tolerance: 1e-12, "∂L/∂b",
                             hint: "b is added to every score, real and generated alike, so it cancels in the gap: ∂L/∂b = 0")
            let check = checkGradient("∂L/∂w", analytic: got.dw, at: w) { (try? f(real, fake, $0, b, λ).loss) ?? .nan }
            try require(check.passes(), "your gradient disagrees with your loss: \(check)")
            // Train the critic: with the penalty, w settles along the gap at ‖w‖ = 1 + ‖gap‖/(2λ).
            var trained = Tensor([0.1, 0.1])
            for _ in 0..<400 { trained = trained - 0.02 * (try f(real, fake, trained, b, λ)).dw }
            let settled = 1 + gap.dot(gap).squareRoot() / (2 * λ), reached = trained.dot(trained).squareRoot()
            try requireClose(reached, settled, tolerance: 1e-3, "‖w‖ after 400 steps of gradient descent",
                             hint: "with the penalty the critic's weights settle where the gap's pull −(mean x − mean x̃) "
                             + "balances the penalty's 2λ(‖w‖ − 1) w/‖w‖")
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
        Exercise(name: "gradient-penalty", chapter: 6, title: "A Wasserstein critic kept 1-Lipschitz by a gradient penalty",
                 hint: "For f(x) = w·x + b, ∇ₓf = w: L = mean f(x̃) − mean f(x) + λ(‖w‖ − 1)², ∂L/∂w = mean x̃ − mean x + 2λ(‖w‖ − 1) w/‖w‖, ∂L/∂b = 0.",
                 testName: "gradientPenaltyCriticLoss",
                 gradeLearner: { Ch06Graders.gradientPenaltyCriticLoss(Exercises.gradientPenaltyCriticLoss) }),
        Exercise(name: "feature-matching", chapter: 6, title: "Feature matching: G matches the mean of D's features",
                 hint: "L = Σⱼ (μⱼ − μ̃ⱼ)²; the gradient of one row of fake is ∂L/∂μ̃ divided by the number of fake rows.",
                 testName: "featureMatchingLoss",
                 gradeLearner: { Ch06Graders.featureMatchingLoss(Exercises.featureMatchingLoss) }),
        Exercise(name: "smoothing-on-the-ring", chapter: 6, title: "Train the ring's GAN with your smoothed D loss and count the modes it covers",
                 hint: "Do label-smoothing first. Then GAN.stepD with your loss in place of (6.3) — discriminatorGradients takes a loss: — and D's own optimizer. Once it passes: swift run -c release lesson-runner experiment smoothing-on-the-ring",
                 testName: "smoothedDiscriminatorStep",
                 gradeLearner: {
                     requiring("label-smoothing", Ch06Graders.smoothedDiscriminatorLoss(Exercises.smoothedDiscriminatorLoss)) {
                         Ch06Graders.smoothedDiscriminatorStep(Exercises.smoothedDiscriminatorStep)
                     }
                 },
                 experiment: Ch06Experiments.smoothingExperiment),
    ]
}
