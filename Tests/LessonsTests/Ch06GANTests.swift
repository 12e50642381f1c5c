import Foundation
import Testing
@testable import Lessons

@Suite("Chapter 6: generative adversarial networks") struct Ch06GANTests {
    // MARK: The data

    @Test("the ring density (6.1) matches numpy, and samples fall 1/8 per mode with spread σ")
    func ringDensityAndSamples() {
        let ring = RingOfGaussians()
        // numpy: sum(exp(-|x-μk|²/(2σ²)) for k in 0..<8) / (8·2π σ²), σ = 0.05, μk = 2(cos 2πk/8, sin 2πk/8).
        let reference: [((Double, Double), Double)] = [
            ((2, 0), 7.957747154594767), ((2.03, -0.02), 6.135833562974127),
            ((1.45, 1.38), 4.873920019093075), ((0.05, 1.96), 3.5048437454385883),
        ]
        for ((x, y), p) in reference {
            #expect(abs(ring.density(x: x, y: y) - p) < 1e-9 * p, "p_data(\(x), \(y))")
        }
        var rng = SeededRNG(seed: 60)
        let n = 16_000
        let samples = ring.sample(n, rng: &rng)
        var members = Array(repeating: [Int](), count: 8)
        for i in 0..<n {
            let k = (0..<8).min { a, b in
                hypot(samples[i, 0] - ring.centre(a).x, samples[i, 1] - ring.centre(a).y)
                    < hypot(samples[i, 0] - ring.centre(b).x, samples[i, 1] - ring.centre(b).y)
            } ?? 0
            members[k].append(i)
        }
        for k in 0..<8 {
            let share = Double(members[k].count) / Double(n)
            #expect(abs(share - 0.125) < 0.01, "mode \(k) has \(share) of the samples")
            let dx = members[k].map { samples[$0, 0] - ring.centre(k).x }
            let mean = dx.reduce(0, +) / Double(dx.count)
            let std = (dx.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(dx.count)).squareRoot()
            #expect(abs(mean) < 0.005 && abs(std - 0.05) < 0.003, "mode \(k): mean offset \(mean), std \(std)")
        }
    }

    @Test("mode coverage: real samples cover 8 modes, 98.9 % high quality; one clump covers one")
    func modeCoverageCounts() {
        let ring = RingOfGaussians()
        var rng = SeededRNG(seed: 61)
        let real = ModeCoverage(of: ring.sample(8000, rng: &rng), ring: ring)
        #expect(real.modesCovered == 8)
        #expect(abs(real.highQualityFraction - (1 - exp(-4.5))) < 0.005, "P(|x − μ| ≤ 3σ) in 2-D is 1 − e^(−9/2)")
        #expect(real.shares.allSatisfy { abs($0 - 0.125) < 0.02 })
        let clump = Tensor(shape: [100, 2], data: (0..<100).flatMap { _ in [2.0 + rng.normal(standardDeviation: 0.01), 0] })
        let one = ModeCoverage(of: clump, ring: ring)
        #expect(one.modesCovered == 1 && one.counts[0] == 100)
        // A looser distance counts points around a mode that 3σ rejects.
        let around = Tensor(shape: [4, 2], data: [2.3, 0, 2, 0.4, 0, 2.45, 0, 0])
        #expect(ModeCoverage(of: around, ring: ring).counts.reduce(0, +) == 0)
        #expect(ModeCoverage(of: around, ring: ring, within: 0.5).counts == [2, 0, 1, 0, 0, 0, 0, 0])
        let centre = ModeCoverage(of: Tensor(zeros: [50, 2]), ring: ring)
        #expect(centre.modesCovered == 0 && centre.highQualityFraction == 0)
    }

    // MARK: The losses

    @Test("log σ(z) is exact for moderate z and finite at ±1000") func logSigmoidIsStable() {
        for z in [-30.0, -2, -0.1, 0, 0.7, 5, 30] {
            #expect(abs(logSigmoid(z) - log(1 / (1 + exp(-z)))) < 1e-14)
        }
        #expect(logSigmoid(1000) == 0 && logSigmoid(-1000) == -1000)
    }

    @Test("the discriminator loss is −V (6.2): V = mean log D(x) + mean log(1 − D(G(z)))")
    func discriminatorLossIsMinusV() {
        var rng = SeededRNG(seed: 62)
        let a = Tensor(randomNormal: [20], standardDeviation: 2, rng: &rng)
        let b = Tensor(randomNormal: [20], standardDeviation: 2, rng: &rng)
        let V = a.data.map { log(sigmoid($0)) }.reduce(0, +) / 20 + b.data.map { log(1 - sigmoid($0)) }.reduce(0, +) / 20
        #expect(abs(discriminatorLoss(real: a, fake: b).loss + V) < 1e-12)
        // At D = ½ everywhere, V = −log 4: the value of the game at its equilibrium.
        #expect(abs(discriminatorLoss(real: Tensor(zeros: [5]), fake: Tensor(zeros: [5])).loss - log(4)) < 1e-15)
    }

    @Test("discriminator loss (6.3): numpy value, ∂L/∂a = (σ(a) − 1)/m and ∂L/∂b = σ(b)/m by central differences, finite at |logit| = 1000")
    func discriminatorLossGradient() {
        let a = Tensor([2.0, -0.5, 0.3]), b = Tensor([-1.0, 0.7, -3.0])
        let (loss, dReal, dFake) = discriminatorLoss(real: a, fake: b)
        // numpy: -mean(log(sigmoid(a))) - mean(log(1 - sigmoid(b)))
        #expect(abs(loss - 1.0401317758896764) < 1e-12)
        expectGradient("∂L_D/∂a", analytic: dReal, at: a) { discriminatorLoss(real: $0, fake: b).loss }
        expectGradient("∂L_D/∂b", analytic: dFake, at: b) { discriminatorLoss(real: a, fake: $0).loss }
        let extreme = discriminatorLoss(real: Tensor([-1000, 1000]), fake: Tensor([1000, -1000]))
        #expect(abs(extreme.loss - 1000) < 1e-9, "each wrong-side logit costs 1000 nats, averaged over m = 2 per side")
        #expect(extreme.dReal.isFinite && extreme.dFake.isFinite)
    }

    @Test("saturating generator loss (6.4): numpy value, gradient −σ(b)/m, which vanishes when D rejects")
    func saturatingGeneratorLoss() {
        let b = Tensor([-1.0, 0.7, -3.0])
        let L = GeneratorLoss.saturating(fake: b)
        // numpy: mean(log(1 - sigmoid(b)))
        #expect(abs(L.loss - -0.48834502932580764) < 1e-12)
        expectGradient("∂L_G/∂b", analytic: L.gradient, at: b) { GeneratorLoss.saturating(fake: $0).loss }
        // D confidently rejects: σ(−10) ≈ 4.5e-5. The saturating gradient is that small; the
        // non-saturating one stays near −1 — 22,000 times larger.
        let rejected = Tensor([-10.0])
        let sat = GeneratorLoss.saturating(fake: rejected).gradient[0]
        let ns = GeneratorLoss.nonSaturating(fake: rejected).gradient[0]
        #expect(abs(sat - -sigmoid(-10)) < 1e-18 && abs(ns - (sigmoid(-10) - 1)) < 1e-15)
        #expect(abs(ns / sat) > 20_000)
    }

    @Test("non-saturating generator loss (6.5): numpy value, gradient (σ(b) − 1)/m, same direction as (6.4)")
    func nonSaturatingGeneratorLoss() {
        let b = Tensor([-1.0, 0.7, -3.0])
        let L = GeneratorLoss.nonSaturating(fake: b)
        // numpy: -mean(log(sigmoid(b)))
        #expect(abs(L.loss - 1.5883450293258077) < 1e-12)
        expectGradient("∂L_G/∂b", analytic: L.gradient, at: b) { GeneratorLoss.nonSaturating(fake: $0).loss }
        // Both losses fall as D(G(z)) rises, so both push every logit up: the same fixed point.
        let sat = GeneratorLoss.saturating(fake: b).gradient
        #expect(zip(L.gradient.data, sat.data).allSatisfy { $0 < 0 && $1 < 0 })
        #expect(GeneratorLoss.nonSaturating(fake: Tensor([-1000])).loss == 1000)
    }

    // MARK: Backpropagation through both networks

    @Test("G's gradient (6.6) through D's input matches central differences for every layer of G",
          arguments: [GeneratorLoss.nonSaturating, .saturating])
    func generatorGradientThroughDiscriminator(_ kind: GeneratorLoss) {
        var config = GANConfig()
        config.hidden = 5
        config.generatorLoss = kind
        var rng = SeededRNG(seed: 63)
        let gan = withRandomBiases(GAN(config: config, rng: &rng), rng: &rng)
        let z = gan.noise(6, rng: &rng)
        let g = gan.generatorGradients(noise: z)
        for l in gan.G.layers.indices {
            expectGradient("dW\(l) of G", analytic: g.gradients.dW[l], at: gan.G.layers[l].W) { W in
                var other = gan
                other.G.layers[l].W = W
                return other.generatorGradients(noise: z).loss
            }
            expectGradient("db\(l) of G", analytic: g.gradients.db[l], at: gan.G.layers[l].b) { b in
                var other = gan
                other.G.layers[l].b = b
                return other.generatorGradients(noise: z).loss
            }
        }
    }

    /// The networks start with zero biases. A sample whose ReLUs are all off then gives the next
    /// layer a pre-activation of exactly 0, the kink, where a central difference measures half
    /// the slope. Random biases keep every pre-activation off the kinks.
    private func withRandomBiases(_ gan: GAN, rng: inout SeededRNG) -> GAN {
        var gan = gan
        for l in gan.G.layers.indices { gan.G.layers[l].b = Tensor(randomNormal: gan.G.layers[l].b.shape, standardDeviation: 0.5, rng: &rng) }
        for l in gan.D.layers.indices { gan.D.layers[l].b = Tensor(randomNormal: gan.D.layers[l].b.shape, standardDeviation: 0.5, rng: &rng) }
        return gan
    }

    @Test("D's gradients on the stacked real and generated batch match central differences")
    func discriminatorGradientsMatchFiniteDifferences() {
        var config = GANConfig()
        config.hidden = 5
        var rng = SeededRNG(seed: 64)
        let gan = withRandomBiases(GAN(config: config, rng: &rng), rng: &rng)
        let x = RingOfGaussians().sample(6, rng: &rng)
        let x̃ = gan.generate(gan.noise(6, rng: &rng))
        let d = gan.discriminatorGradients(real: x, fake: x̃)
        for l in gan.D.layers.indices {
            expectGradient("dW\(l) of D", analytic: d.gradients.dW[l], at: gan.D.layers[l].W) { W in
                var D = gan.D
                D.layers[l].W = W
                return discriminatorGradients(D, real: x, fake: x̃).loss
            }
            expectGradient("db\(l) of D", analytic: d.gradients.db[l], at: gan.D.layers[l].b) { b in
                var D = gan.D
                D.layers[l].b = b
                return discriminatorGradients(D, real: x, fake: x̃).loss
            }
        }
    }

    @Test("D is stateless: a row's score does not depend on the other rows of the batch, their order, or earlier batches")
    func discriminatorIsStateless() {
        var rng = SeededRNG(seed: 67)
        let gan = GAN(rng: &rng)
        let x = RingOfGaussians().sample(12, rng: &rng)
        let together = gan.D.forward(x).output
        // Earlier, unrelated inputs leave nothing behind.
        _ = gan.D.forward(Tensor(randomNormal: [40, 2], standardDeviation: 3, rng: &rng))
        for i in 0..<x.rows {
            let alone = gan.D.forward(Tensor(shape: [1, 2], data: [x[i, 0], x[i, 1]])).output[0]
            #expect(abs(alone - together[i]) < 1e-12, "row \(i): \(alone) alone, \(together[i]) in the batch")
        }
        // Replace every other row by noise and reverse the order: the kept rows score the same.
        var mixed = Tensor(zeros: x.shape)
        for i in 0..<x.rows {
            let source = x.rows - 1 - i
            mixed[i, 0] = source.isMultiple(of: 2) ? x[source, 0] : rng.normal(standardDeviation: 2)
            mixed[i, 1] = source.isMultiple(of: 2) ? x[source, 1] : rng.normal(standardDeviation: 2)
        }
        let scores = gan.D.forward(mixed).output
        for i in 0..<x.rows where (x.rows - 1 - i).isMultiple(of: 2) {
            #expect(abs(scores[i] - together[x.rows - 1 - i]) < 1e-12)
        }
    }

    @Test("a training step moves D's loss down on its own batch and G's loss down against the new D")
    func trainStepImprovesBothPlayers() {
        var rng = SeededRNG(seed: 65)
        var gan = GAN(rng: &rng)
        gan.optimizerD = Adam(learningRate: 1e-3, beta1: 0.5)
        let x = RingOfGaussians().sample(64, rng: &rng)
        let z = gan.noise(64, rng: &rng)
        let x̃ = gan.generate(z)
        let before = gan.discriminatorGradients(real: x, fake: x̃)
        gan.D.update(before.gradients, with: &gan.optimizerD)
        #expect(gan.discriminatorGradients(real: x, fake: x̃).loss < before.loss)
        let g = gan.generatorGradients(noise: z)
        gan.G.update(g.gradients, with: &gan.optimizerG)
        #expect(gan.generatorGradients(noise: z).loss < g.loss)
    }

    // MARK: The optimal discriminator

    @Test("D* = p_data/(p_data + p_g) (6.7) maximises p_data log D + p_g log(1 − D) at every x")
    func optimalDiscriminatorMaximisesPointwise() {
        for (p, q) in [(0.3, 0.1), (0.05, 0.8), (1.2, 1.2), (1e-6, 0.4)] {
            let f = { (D: Double) in p * log(D) + q * log(1 - D) }
            let best = optimalDiscriminator(pData: p, pG: q)
            #expect(abs(p / best - q / (1 - best)) < 1e-9 * (p / best), "f'(D*) = p/D* − q/(1 − D*) = 0")
            for i in 1..<10_000 {
                let D = Double(i) / 10_000
                #expect(f(D) <= f(best) + 1e-15, "f(\(D)) > f(D*) for p = \(p), q = \(q)")
            }
        }
        // And over the whole line: nudging D* in any direction lowers V(D, G).
        let data = Normal1D(mean: 1, standardDeviation: 0.5), generator = Normal1D(mean: -0.5, standardDeviation: 1)
        let star = { (x: Double) in optimalDiscriminator(pData: data.density(x), pG: generator.density(x)) }
        let vStar = gameValue(star, data: data, generator: generator, over: -12...12)
        for nudge in [{ (x: Double) in 0.02 * sin(x) }, { _ in -0.01 }, { x in 0.05 * exp(-x * x) }] {
            let other = { (x: Double) in min(1 - 1e-12, max(1e-12, star(x) + nudge(x) * star(x) * (1 - star(x)))) }
            #expect(gameValue(other, data: data, generator: generator, over: -12...12) < vStar)
        }
    }

    @Test("a 1-D discriminator trained on samples of two Gaussians lands within 0.1 of D* where there is data")
    func trainedDiscriminatorApproachesOptimal() {
        var rng = SeededRNG(seed: 66)
        let data = Normal1D(mean: 1, standardDeviation: 0.5), generator = Normal1D(mean: -0.5, standardDeviation: 1)
        let D = trainDiscriminator(data: data, generator: generator, steps: 600, batch: 128, rng: &rng)
        let xs = stride(from: -4.0, through: 4.0, by: 0.05).filter { data.density($0) + generator.density($0) >= 0.05 }
        let trained = D.forward(Tensor(shape: [xs.count, 1], data: xs)).output.data.map(sigmoid)
        for (x, d) in zip(xs, trained) {
            let star = optimalDiscriminator(pData: data.density(x), pG: generator.density(x))
            #expect(abs(d - star) < 0.1, "at x = \(x): trained D = \(d), D* = \(star)")
        }
    }

    @Test("V(D*, G) = −log 4 + 2 JSD(p_data ‖ p_g) (6.8), with JSD from scipy")
    func gameValueAtOptimumIsJensenShannon() {
        let data = Normal1D(mean: 1, standardDeviation: 0.5), generator = Normal1D(mean: -0.5, standardDeviation: 1)
        let star = { (x: Double) in optimalDiscriminator(pData: data.density(x), pG: generator.density(x)) }
        let V = gameValue(star, data: data, generator: generator, over: -12...12)
        let jsd = jensenShannonDivergence(data, generator, over: -12...12)
        // scipy.integrate.quad of ½ p log(p/m) + ½ q log(q/m) over [−12, 12], error estimate 2.6e-13.
        #expect(abs(jsd - 0.35118979502933095) < 1e-9)
        #expect(abs(V - (-log(4) + 2 * jsd)) < 1e-9)
        #expect(abs(V - -0.6839147710612289) < 1e-9, "scipy.integrate.quad of V's integrand at D*")
        // When p_g = p_data the divergence is 0 and the value of the game is −log 4.
        #expect(abs(jensenShannonDivergence(data, data, over: -12...12)) < 1e-12)
        #expect(abs(gameValue({ _ in 0.5 }, data: data, generator: data, over: -12...12) + log(4)) < 1e-9)
    }

    // MARK: The dynamics of the game

    @Test("x·y game: simultaneous steps multiply the distance by √(1 + α²) each step")
    func simultaneousStepsSpiralOut() {
        let α = 0.1
        let points = BilinearGame.trajectory(from: (0.6, -0.8), α: α, steps: 300, .simultaneous)
        for n in [1, 10, 100, 300] {
            let expected = pow(1 + α * α, Double(n) / 2)
            #expect(abs(hypot(points[n].x, points[n].y) / expected - 1) < 1e-12, "step \(n)")
        }
    }

    @Test("x·y game: alternating steps keep x² + y² − αxy fixed, so the point circles without growing")
    func alternatingStepsOrbit() {
        let α = 0.1
        let points = BilinearGame.trajectory(from: (0.6, -0.8), α: α, steps: 3000, .alternating)
        let invariant = { (p: (x: Double, y: Double)) in p.x * p.x + p.y * p.y - α * p.x * p.y }
        let h0 = invariant(points[0])
        #expect(points.allSatisfy { abs(invariant($0) - h0) < 1e-12 })
        let distances = points.map { hypot($0.x, $0.y) }
        #expect((distances.max() ?? 0) < 1.06 && (distances.min() ?? 0) > 0.94, "the orbit stays near the unit circle")
        // It is an orbit, not a fixed point: the angle keeps turning.
        #expect(points[200].x * points[0].x + points[200].y * points[0].y < 0.99)
    }

    @Test("the GAN's step alternates: G's gradient is taken against the D that was just updated")
    func ganStepAlternates() {
        var rng = SeededRNG(seed: 68)
        var config = GANConfig()
        config.hidden = 8
        let gan = GAN(config: config, rng: &rng)
        let x = RingOfGaussians().sample(16, rng: &rng)
        var stepRNG = rng, manualRNG = rng
        var stepped = gan
        _ = stepped.trainStep(real: x, rng: &stepRNG)
        var alternating = gan, simultaneous = gan
        let fake = gan.generate(gan.noise(16, rng: &manualRNG)), z = gan.noise(16, rng: &manualRNG)
        let d = gan.discriminatorGradients(real: x, fake: fake)
        alternating.D.update(d.gradients, with: &alternating.optimizerD)
        simultaneous.D.update(d.gradients, with: &simultaneous.optimizerD)
        alternating.G.update(alternating.generatorGradients(noise: z).gradients, with: &alternating.optimizerG)
        simultaneous.G.update(gan.generatorGradients(noise: z).gradients, with: &simultaneous.optimizerG)  // old D
        let gap = { (a: GAN, b: GAN) in zip(a.G.layers, b.G.layers).map { ($0.W - $1.W).data.map(abs).max() ?? 0 }.max() ?? 0 }
        #expect(gap(stepped, alternating) < 1e-15)
        #expect(gap(stepped, simultaneous) > 1e-9)
    }

    @Test("mode collapse: with β₁ = 0.9 and 5 G steps per D step, G covers ≤ 3 modes at 80 % of checkpoints; the default covers ≥ 5 by step 800",
          arguments: [90, 91, 92] as [UInt64])
    func collapsingRunHopsBalancedRunCovers(seed: UInt64) throws {
        let context = RunContext(seed: seed, fast: true, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let ring = RingOfGaussians()
        let collapsing = try trainOnRing(ring, config: .collapsing, steps: 300, label: "collapsing", keepFigures: false, context)
        let measured = collapsing.coverage.filter { $0.step > 0 }
        let few = measured.filter { $0.near.modesCovered <= 3 }.count
        #expect(Double(few) >= 0.8 * Double(measured.count), "\(measured.map(\.near.modesCovered))")
        let balanced = try trainOnRing(ring, config: GANConfig(), steps: 800, label: "balanced", keepFigures: false, context)
        #expect((balanced.coverage.last?.near.modesCovered ?? 0) >= 5, "\(balanced.coverage.map(\.near.modesCovered))")
    }

    @Test("ringCoverage with the chapter's D step ends exactly where trainOnRing ends, for the main run and another seed")
    func ringCoverageReproducesTrainOnRing() throws {
        let context = RunContext(seed: 42, fast: true, figureDirectory: FileManager.default.temporaryDirectory, root: projectRoot)
        let ring = RingOfGaussians()
        for stream in ["", " 3"] {
            let chapter = try trainOnRing(ring, config: GANConfig(), steps: 100, label: "chapter", stream: stream,
                                          keepFigures: false, context)
            var settings = RingRunSettings()
            settings.steps = 100
            settings.samples = context.steps(2000, fast: 200)
            settings.stream = stream
            let coverage = ringCoverage(settings, ring: ring) { gan, x, x̃ in gan.stepD(real: x, fake: x̃) }
            let last = try #require(chapter.coverage.last)
            #expect(coverage.near.counts.reduce(0, +) > 0, "a run that lands nowhere near the ring would prove little")
            #expect(coverage.near.counts == last.near.counts, "stream '\(stream)'")
            #expect(coverage.highQuality.modesCovered == last.modes && coverage.highQuality.highQualityFraction == last.quality)
        }
    }

    @Test("against D*, the non-saturating loss's gradient is that of KL(p_g ‖ p_data) − 2 JSD (6.9), on the 1-D example")
    func nonSaturatingGradientIsReverseKLMinusJSD() {
        let data = Normal1D(mean: 1, standardDeviation: 0.5)
        let θ0 = (μ: -0.5, s: 1.0)
        let g0 = Normal1D(mean: θ0.μ, standardDeviation: θ0.s)
        let star = { (x: Double) in optimalDiscriminator(pData: data.density(x), pG: g0.density(x)) }
        // D* stays fixed at θ0 in the loss; the divergences move with θ.
        let loss = { (μ: Double, s: Double) in
            nonSaturatingLoss(star, generator: Normal1D(mean: μ, standardDeviation: s), over: -12...12)
        }
        let divergence = { (μ: Double, s: Double) in
            let g = Normal1D(mean: μ, standardDeviation: s)
            return klDivergence(g, data, over: -12...12) - 2 * jensenShannonDivergence(data, g, over: -12...12)
        }
        let h = 1e-4
        let pairs = [
            ((loss(θ0.μ + h, θ0.s) - loss(θ0.μ - h, θ0.s)) / (2 * h), (divergence(θ0.μ + h, θ0.s) - divergence(θ0.μ - h, θ0.s)) / (2 * h)),
            ((loss(θ0.μ, θ0.s + h) - loss(θ0.μ, θ0.s - h)) / (2 * h), (divergence(θ0.μ, θ0.s + h) - divergence(θ0.μ, θ0.s - h)) / (2 * h)),
        ]
        for (a, b) in pairs {
            #expect(abs(a - b) < 1e-6 * max(abs(a), abs(b)), "∂/∂θ: loss \(a), KL − 2 JSD \(b)")
            #expect(abs(a) > 0.1, "the gradient is not trivially zero")
        }
    }

    // MARK: The demo

    @Test("the chapter's fast run writes its figures and reports its metrics") func fastRunWritesFigures() throws {
        let context = try runFast(.gan)
        expectFiguresWritten(context, for: .gan)
        for name in ["modes covered (of 8)", "high-quality samples", "1-D: largest gap between D and D* where p_data + p_g ≥ 0.05"] {
            #expect(context.metric(name)?.isFinite == true, "\(name) was not reported")
        }
    }

    @Test("two runs with the same seed write identical PNG bytes") func runsAreDeterministic() throws {
        let first = try runFast(.gan), second = try runFast(.gan)
        for (a, b) in zip(first.figures, second.figures) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }
}
