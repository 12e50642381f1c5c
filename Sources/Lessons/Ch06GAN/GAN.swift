import Foundation

/// The sizes and optimiser settings of a GAN, each default explained.
public struct GANConfig: Sendable {
    /// Dimension of the noise z ~ N(0, I). Two is enough for a 2-D target and lets G be drawn as
    /// a map from plane to plane.
    public var noiseDimension = 2
    /// Width of each hidden layer of G and of D. 32 is enough to cover the ring in 2,500 steps;
    /// 64 costs about three times as much per step.
    public var hidden = 32
    /// Hidden layers in each network.
    public var depth = 2
    /// Adam's step for both players.
    public var learningRate = 1e-3
    /// Adam's β₁. Its first moment remembers about 1/(1 − β₁) steps: 10 with the usual 0.9, 2 with
    /// 0.5 (Radford et al., 2016), which forgets faster as the other player moves and overshoots less.
    public var beta1 = 0.5
    /// What G minimises: equation (6.5) by default, (6.4) to see why not.
    public var generatorLoss = GeneratorLoss.nonSaturating
    /// Steps of G per step of D. More than one lets G chase a D that cannot keep up.
    public var generatorSteps = 1

    public init() {}
}

/// A generator and a discriminator, both chapter 1's `MLP`, each with its own optimizer (their
/// parameter slots overlap, so one shared Adam would mix their moment estimates).
public struct GAN: Sendable {
    /// G: z ∈ ℝ^noise → x̃ ∈ ℝ², ReLU hidden layers, linear output.
    public var G: MLP
    /// D: x ∈ ℝ² → logit a, with D(x) = σ(a).
    public var D: MLP
    public var optimizerG: Adam, optimizerD: Adam
    public let config: GANConfig

    public init(config: GANConfig = GANConfig(), rng: inout SeededRNG) {
        self.config = config
        let hidden = Array(repeating: config.hidden, count: config.depth)
        G = MLP(sizes: [config.noiseDimension] + hidden + [2], hidden: .relu, initialization: .he, rng: &rng)
        D = MLP(sizes: [2] + hidden + [1], hidden: .relu, initialization: .he, rng: &rng)
        optimizerG = Adam(learningRate: config.learningRate, beta1: config.beta1)
        optimizerD = Adam(learningRate: config.learningRate, beta1: config.beta1)
    }

    /// m noise vectors z ~ N(0, I).   // (m, noise)
    public func noise(_ m: Int, rng: inout SeededRNG) -> Tensor {
        Tensor(randomNormal: [m, config.noiseDimension], standardDeviation: 1, rng: &rng)
    }

    /// x̃ = G(z).   // (m, noise) -> (m, 2)
    public func generate(_ z: Tensor) -> Tensor { G.forward(z).output }

    /// D(x) = σ(a) for every row of x.   // (m, 2) -> (m, 1)
    public func discriminate(_ x: Tensor) -> Tensor { D.forward(x).output.map(sigmoid) }

    /// The discriminator's loss (6.3) on a real and a generated batch, and its gradients.
    public func discriminatorGradients(real x: Tensor, fake x̃: Tensor) -> (loss: Double, gradients: MLPGradients) {
        Lessons.discriminatorGradients(D, real: x, fake: x̃)
    }

    // listing: generator-gradients
    /// The generator's loss on x̃ = G(z) and its gradients, equation (6.6): the loss's gradient
    /// with respect to D's logits goes back through D to its *input* x̃ (D's own weight
    /// gradients are discarded), then on through G.
    public func generatorGradients(noise z: Tensor) -> (loss: Double, gradients: MLPGradients) {
        let cacheG = G.forward(z)                                  // (m, noise) -> (m, 2)
        let cacheD = D.forward(cacheG.output)                      // (m, 2) -> (m, 1)
        let loss = config.generatorLoss(fake: cacheD.output)
        let dx̃ = D.backward(cacheD, loss.gradient).dX             // ∂L_G/∂x̃   (m, 2)
        return (loss.loss, G.backward(cacheG, dx̃))
    }
    // end listing

    // listing: gan-step
    /// One round of the game: a step of D on a fresh real and generated batch, then
    /// `config.generatorSteps` steps of G against the updated D. Returns both (last) losses.
    public mutating func trainStep(real x: Tensor, rng: inout SeededRNG) -> (lossD: Double, lossG: Double) {
        let lossD = stepD(real: x, fake: generate(noise(x.rows, rng: &rng)))
        let lossG = stepG(batch: x.rows, rng: &rng)
        return (lossD, lossG)
    }

    /// One step of D's optimizer down its loss (6.3) on a real and a generated batch; returns the loss.
    public mutating func stepD(real x: Tensor, fake x̃: Tensor) -> Double {
        let d = discriminatorGradients(real: x, fake: x̃)
        D.update(d.gradients, with: &optimizerD)
        return d.loss
    }

    /// `config.generatorSteps` steps of G's optimizer against the current D, each on m fresh noise
    /// vectors; returns the last loss.
    public mutating func stepG(batch m: Int, rng: inout SeededRNG) -> Double {
        var lossG = 0.0
        for _ in 0..<config.generatorSteps {
            let g = generatorGradients(noise: noise(m, rng: &rng))
            G.update(g.gradients, with: &optimizerG)
            lossG = g.loss
        }
        return lossG
    }
    // end listing
}

// listing: discriminator-gradients
/// The discriminator's loss on a real batch x and a generated batch x̃, and the gradients of D's
/// parameters. D sees one batch: the m real rows on top of the m generated rows. `loss` maps D's
/// logits on the two halves to the loss and its gradients: (6.3), or a variant.
public func discriminatorGradients(_ D: MLP, real x: Tensor, fake x̃: Tensor,
                                   loss: DiscriminatorLossFunction) rethrows
    -> (loss: Double, gradients: MLPGradients)
{
    let m = x.rows
    let cache = D.forward(stackedRows(x, x̃))                      // (2m, in) -> (2m, 1) logits
    let logits = cache.output.data
    let (value, dReal, dFake) = try loss(Tensor(Array(logits[..<m])), Tensor(Array(logits[m...])))
    let dLogits = Tensor(shape: [2 * m, 1], data: dReal.data + dFake.data)
    return (value, D.backward(cache, dLogits))
}
// end listing

/// D's usual gradients: those of the loss (6.3).
public func discriminatorGradients(_ D: MLP, real x: Tensor, fake x̃: Tensor) -> (loss: Double, gradients: MLPGradients) {
    discriminatorGradients(D, real: x, fake: x̃, loss: discriminatorLoss)
}

/// The rows of a on top of the rows of b.   // (m, c), (n, c) -> (m + n, c)
func stackedRows(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.cols == b.cols, "stackedRows: \(a.cols) and \(b.cols) columns")
    return Tensor(shape: [a.rows + b.rows, a.cols], data: a.data + b.data)
}
