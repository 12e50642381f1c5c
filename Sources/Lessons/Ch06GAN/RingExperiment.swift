import Foundation

/// One step of D on a real and a generated batch, returning D's loss: `GAN.stepD`, or a variant
/// with another loss (exercise smoothing-on-the-ring plugs in one-sided label smoothing).
public typealias DiscriminatorStep = (_ gan: inout GAN, _ real: Tensor, _ fake: Tensor) throws -> Double

/// The settings of one coverage run on the ring; every default is the chapter's.
public struct RingRunSettings: Sendable {
    public var config = GANConfig()
    /// Rounds of the game: a step of D, then `config.generatorSteps` steps of G.
    public var steps = 2500
    /// Real rows per batch, and as many generated ones.
    public var batch = 128
    /// Generated points the coverage is measured on.
    public var samples = 2000
    /// The seed every random stream mixes with its purpose.
    public var seed: UInt64 = 42
    /// Names the random streams as `trainOnRing`'s `stream` does: "" is the chapter's main run,
    /// " 1" … " 5" the five other seeds it reports.
    public var stream = ""

    public init() {}
}

/// Where a trained generator's samples land, measured the chapter's two ways.
public struct RingCoverage: Sendable {
    /// Within 3σ of a mode: the chapter's "modes covered (of 8)" and high-quality share.
    public var highQuality: ModeCoverage
    /// Within 0.5 of a mode: the looser measure of the mode-collapse section.
    public var near: ModeCoverage
}

/// Trains a GAN on the ring as the chapter's `trainOnRing` does, with D's step supplied by the
/// caller, and measures the coverage once, at the end.
///
/// It draws from the same random streams in the same order as `trainOnRing`, so with
/// `GAN.stepD` it ends exactly where the chapter's run with the same seed and stream ends — a
/// different D step is then the only difference between two runs.
public func ringCoverage(_ settings: RingRunSettings = RingRunSettings(), ring: RingOfGaussians = RingOfGaussians(),
                         discriminatorStep: DiscriminatorStep) rethrows -> RingCoverage {
    let stream = settings.stream, m = settings.batch
    var initRNG = SeededRNG(seed: settings.seed, purpose: "init" + stream)
    var dataRNG = SeededRNG(seed: settings.seed, purpose: "data" + stream)
    var noiseRNG = SeededRNG(seed: settings.seed, purpose: "noise" + stream)
    var gan = GAN(config: settings.config, rng: &initRNG)
    for _ in 0..<settings.steps {
        let x = ring.sample(m, rng: &dataRNG)                                  // (m, 2)
        _ = try discriminatorStep(&gan, x, gan.generate(gan.noise(m, rng: &noiseRNG)))
        _ = gan.stepG(batch: m, rng: &noiseRNG)
    }
    var evaluationRNG = SeededRNG(seed: settings.seed, purpose: "evaluation" + stream)
    let samples = gan.generate(gan.noise(settings.samples, rng: &evaluationRNG))   // (samples, 2)
    return RingCoverage(highQuality: ModeCoverage(of: samples, ring: ring),
                        near: ModeCoverage(of: samples, ring: ring, within: collapseRadius))
}
