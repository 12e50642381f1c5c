import Foundation
import Testing
@testable import Lessons

@Suite("Chapter 2: activation functions and their derivatives") struct Ch02ActivationsTests {
    /// Central-difference derivative of a scalar function.
    private func slope(_ f: (Double) -> Double, at x: Double, h: Double = 1e-5) -> Double {
        (f(x + h) - f(x - h)) / (2 * h)
    }

    @Test("σ(2) ≈ 0.8808, σ(0) = ½, σ(−x) = 1 − σ(x)") func sigmoidWorkedValues() {
        #expect(abs(sigmoid(2) - 0.8808) < 5e-5)
        #expect(abs(sigmoid(2) - 1 / (1 + exp(-2.0))) < 1e-15)
        #expect(sigmoid(0) == 0.5)
        for x in [-3.0, -0.4, 1.7] { #expect(abs(sigmoid(-x) - (1 - sigmoid(x))) < 1e-15) }
    }

    @Test("the naive 1/(1 + e⁻ˣ) is harmless; the hazards are 1 − σ(x) and log σ(x) computed from σ")
    func sigmoidHazardsAreOneMinusAndLog() {
        let naive = { (x: Double) in 1 / (1 + exp(-x)) }
        // The naive form does not break: e⁸⁰⁰ = ∞ and 1/(1 + ∞) = 0, the right value to double precision.
        #expect(naive(-800) == 0 && sigmoid(-800) == 0 && naive(800) == 1 && sigmoid(800) == 1)
        // The two-branch form keeps the subnormal values the naive one rounds to 0.
        #expect(naive(-740) == 0)
        #expect(sigmoid(-740) == exp(-740) && sigmoid(-740) > 0)
        // 1 − σ(40) computes 0; the true value e⁻⁴⁰/(1 + e⁻⁴⁰) is σ(−40).
        #expect(1 - sigmoid(40) == 0)
        #expect(relativeError(sigmoid(-40), exp(-40) / (1 + exp(-40))) < 1e-15)
        // log σ(−800) computes −∞; the true value −log(1 + e⁸⁰⁰) = −800 − log(1 + e⁻⁸⁰⁰) comes from x.
        #expect(log(sigmoid(-800)) == -.infinity)
        let x = -800.0
        let stable = min(x, 0) - log1p(exp(-abs(x)))  // log σ(x) = −log(1 + e⁻ˣ)
        #expect(stable == -800)
        for z in [-30.0, -2, 0.5, 12] {
            #expect(relativeError(min(z, 0) - log1p(exp(-abs(z))), log(sigmoid(z))) < 1e-12)
        }
    }

    @Test("σ' = σ(1 − σ)") func sigmoidDerivative() {
        for x in stride(from: -6.0, through: 6.0, by: 0.5) {
            let s = sigmoid(x)
            #expect(relativeError(Activation.sigmoid.derivative(x), s * (1 - s)) < 1e-15)
            #expect(relativeError(Activation.sigmoid.derivative(x), slope(sigmoid, at: x)) < 1e-6)
        }
    }

    @Test("tanh(±2) ≈ ±0.9640, tanh = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = 2σ(2x) − 1") func tanhWorkedValues() {
        for x in stride(from: -6.0, through: 6.0, by: 0.25) {
            #expect(abs(Activation.tanh(x) - (2 * sigmoid(2 * x) - 1)) < 1e-15)
        }
        #expect(abs(Activation.tanh(2.0) - 0.9640) < 5e-5)
        #expect(abs(Activation.tanh(-2.0) + 0.9640) < 5e-5)
        for x in [-2.0, -0.3, 0.8, 2] {
            #expect(abs(Activation.tanh(x) - (exp(x) - exp(-x)) / (exp(x) + exp(-x))) < 1e-15)
        }
    }

    @Test("tanh' = 1 − tanh²") func tanhDerivative() {
        for x in stride(from: -4.0, through: 4.0, by: 0.25) {
            let t = tanh(x)
            #expect(relativeError(Activation.tanh.derivative(x), 1 - t * t) < 1e-15)
            #expect(relativeError(Activation.tanh.derivative(x), slope(tanh, at: x)) < 1e-6)
        }
    }

    @Test("ReLU(−2) = 0, ReLU(2) = 2, ReLU' = 1[x > 0] with 0 at x = 0") func reluValuesAndDerivative() {
        #expect(Activation.relu(-2.0) == 0 && Activation.relu(2.0) == 2)
        #expect(Activation.relu.derivative(-2) == 0 && Activation.relu.derivative(2) == 1)
        #expect(Activation.relu.derivative(0) == 0)
        for x in [-1.5, -0.2, 0.3, 4] {
            #expect(relativeError(Activation.relu.derivative(x), slope({ Activation.relu($0) }, at: x)) < 1e-9)
        }
    }

    @Test("leaky ReLU keeps a slope of 0.01 for x < 0") func leakyReLUValuesAndDerivative() {
        #expect(Activation.leakyReLU(-2.0) == -0.02 && Activation.leakyReLU(3.0) == 3)
        for x in [-1.5, -0.2, 0.3, 4] {
            #expect(relativeError(Activation.leakyReLU.derivative(x), slope({ Activation.leakyReLU($0) }, at: x)) < 1e-9)
        }
        #expect(Activation.leakyReLU.derivative(0) == 0.01)
    }

    @Test("softmax(1, 2, 3) = (0.0900, 0.2447, 0.6652); rows sum to 1; shift-invariant") func softmaxKnownValues() {
        // exp(1, 2, 3) / Σ = (0.0900306, 0.2447285, 0.6652410), computed by hand with e ≈ 2.718281828.
        let p = softmaxRows(Tensor(shape: [1, 3], data: [1, 2, 3]))
        for (got, expected) in zip(p.data, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]) {
            #expect(abs(got - expected) < 1e-12)
        }
        var rng = SeededRNG(seed: 5)
        let z = Tensor(randomNormal: [4, 7], standardDeviation: 3, rng: &rng)
        let P = softmaxRows(z)
        for r in 0..<4 { #expect(abs(P.row(r).sum() - 1) < 1e-12) }
        #expect(softmaxRows(z.map { $0 + 100 }).data.elementsEqual(P.data) { abs($0 - $1) < 1e-12 })
    }

    @Test("softmax Jacobian J = diag(p) − ppᵀ matches central differences") func softmaxJacobianMatchesFiniteDifferences() {
        let z = Tensor([0.5, -1.2, 2.0, 0.1])
        let J = softmaxJacobian(softmaxRows(z.reshaped([1, 4])).reshaped([4]))
        for i in 0..<4 {
            // Row i of J is the gradient of pᵢ with respect to z.
            expectGradient("∂p\(i)/∂z", analytic: J.row(i), at: z) { softmaxRows($0.reshaped([1, 4]))[i] }
        }
        #expect(abs(J.sum()) < 1e-15, "every row sums to 0: adding a constant to z changes nothing")
    }

    @Test("softmax + cross-entropy: ∂L/∂z = p − y") func softmaxCrossEntropyGradientIsPMinusY() {
        let z = Tensor(shape: [2, 4], data: [0.5, -1.2, 2.0, 0.1, 1, 1, -3, 0.25])
        let labels = [2, 0]
        let result = softmaxCrossEntropy(logits: z, labels: labels)
        var pMinusY = softmaxRows(z)
        pMinusY[0, 2] -= 1
        pMinusY[1, 0] -= 1
        #expect(result.gradient.data.elementsEqual((0.5 * pMinusY).data) { abs($0 - $1) < 1e-15 })
        expectGradient("∂L/∂z", analytic: result.gradient, at: z) { softmaxCrossEntropy(logits: $0, labels: labels).loss }
    }

    @Test("log-sum-exp is exact for small inputs and finite for huge ones") func logSumExpIsStable() {
        #expect(abs(logSumExp([1, 2, 3]) - log(exp(1.0) + exp(2.0) + exp(3.0))) < 1e-14)
        #expect(abs(logSumExp([1000, 1000]) - (1000 + log(2.0))) < 1e-12)
        #expect(abs(logSumExp([-1000, -1000]) - (-1000 + log(2.0))) < 1e-12)
        #expect(log(exp(1000.0) + exp(1000.0)).isInfinite, "the naive formula overflows")
        let p = softmaxRows(Tensor(shape: [1, 3], data: [1000, 1001, 1002]))
        #expect(p.isFinite && abs(p.sum() - 1) < 1e-12)
    }

    @Test("σ' ≤ ¼ everywhere, with the maximum at 0") func sigmoidDerivativeIsAtMostOneQuarter() {
        let slopes = stride(from: -10.0, through: 10.0, by: 0.001).map { Activation.sigmoid.derivative($0) }
        #expect(slopes.max()! <= 0.25)
        #expect(Activation.sigmoid.derivative(0) == 0.25)
    }

    @Test("20 layers: sigmoid/Xavier loses > 10⁹, 4 × Xavier far less; tanh and ReLU keep ‖δ‖; ReLU at 1.5 × He explodes",
          arguments: [11, 12, 13] as [UInt64])
    func depthExperimentSeparatesActivationAndInitialisation(_ seed: UInt64) {
        var ratios: [String: (weights: Double, errors: Double)] = [:]
        for setup in depthSetups {
            var rng = SeededRNG(seed: seed)
            let probe = probeDeepNetwork(setup, rng: &rng)
            ratios[setup.label] = (probe.weightGradientNorms[0] / probe.weightGradientNorms[19],
                                   probe.errorNorms[0] / probe.errorNorms[19])
        }
        let sigmoid1 = ratios["sigmoid, Xavier"]!, sigmoid4 = ratios["sigmoid, 4 × Xavier"]!
        #expect(sigmoid1.weights < 1e-9, "sigmoid with Xavier: \(sigmoid1.weights)")
        #expect(sigmoid4.weights > 1e-6 && sigmoid4.weights < 1e-2, "sigmoid with 4 × Xavier: \(sigmoid4.weights)")
        #expect(sigmoid4.weights > 1e5 * sigmoid1.weights, "most of the loss comes from the initialisation")
        for label in ["tanh, Xavier", "ReLU, He"] {
            #expect(ratios[label]!.weights > 0.1 && ratios[label]!.weights < 10, "\(label): \(ratios[label]!.weights)")
        }
        let exploding = ratios["ReLU, 1.5 × He"]!
        #expect(exploding.errors > 100, "‖δ₁‖/‖δ₂₀‖ = \(exploding.errors): the error grows towards the input")
        #expect(exploding.weights > 0.1 && exploding.weights < 10,
                "‖∂L/∂W₁‖/‖∂L/∂W₂₀‖ = \(exploding.weights): the forward activations grow as much, so every ∂L/∂W is too large")
    }

    @Test("the per-layer factor ‖δ_l‖/‖δ_l+1‖ is √n·σ_w·rms f'(Z_l): within 30 % at every layer, 10 % on average",
          arguments: [21, 22] as [UInt64])
    func predictedLayerFactorMatchesMeasured(_ seed: UInt64) {
        for setup in depthSetups {
            var rng = SeededRNG(seed: seed)
            let probe = probeDeepNetwork(setup, depth: 12, rng: &rng)
            for (l, (measured, predicted)) in zip(probe.measuredFactors, probe.predictedFactors).enumerated() {
                #expect(abs(log(measured / predicted)) < log(1.3), "\(setup.label), layer \(l + 1): \(measured) vs \(predicted)")
            }
            let ratio = geometricMean(probe.measuredFactors) / geometricMean(probe.predictedFactors)
            #expect(abs(log(ratio)) < log(1.1), "\(setup.label): typical factor off by \(ratio)")
        }
    }

    @Test("(2.11) holds on the code: ‖δ₁‖ ≤ (¼)^(L−1) Π ‖W_l‖₂ ‖δ_L‖ for a sigmoid MLP") func sigmoidBoundHoldsOnTheCode() {
        var rng = SeededRNG(seed: 14)
        for gain in [1.0, 4, 16] {
            let L = 6
            let model = MLP(sizes: [Int](repeating: 16, count: L + 1), hidden: .sigmoid, output: .sigmoid,
                            initialization: .normal(gain / 4), rng: &rng)
            let X = Tensor(randomNormal: [32, 16], standardDeviation: 1, rng: &rng)
            let R = Tensor(randomNormal: [32, 16], standardDeviation: 1, rng: &rng)
            let δ = model.backward(model.forward(X), R).errors
            var bound = δ[L - 1].norm()
            for l in 1..<L { bound *= 0.25 * spectralNorm(model.layers[l].W) }
            #expect(δ[0].norm() <= bound * (1 + 1e-9), "gain \(gain): ‖δ₁‖ = \(δ[0].norm()) > bound \(bound)")
        }
    }

    /// The largest singular value of a matrix, by power iteration on AᵀA (from a fixed start).
    private func spectralNorm(_ A: Tensor) -> Double {
        var v = Tensor(shape: [A.cols, 1], data: (0..<A.cols).map { 1 + 0.1 * Double($0) })
        var σ = 0.0
        for _ in 0..<500 {
            let w = A.transposedMatmul(A.matmul(v))
            let n = w.norm()
            v = (1 / n) * w
            σ = n.squareRoot()
        }
        // Power iteration approaches σ_max from below; add a margin so the bound is not understated.
        return σ * (1 + 1e-6)
    }

    @Test("Xavier: a square linear layer keeps the variance of its input") func xavierPreservesVariance() {
        var rng = SeededRNG(seed: 12)
        #expect(Initialization.xavier.standardDeviation(fanIn: 100, fanOut: 300) == (2.0 / 400).squareRoot())
        let layer = Dense(inputs: 256, outputs: 256, initialization: .xavier, rng: &rng)
        let X = Tensor(randomNormal: [512, 256], standardDeviation: 1, rng: &rng)
        let Z = layer.forward(X)
        let variance = Z.dot(Z) / Double(Z.count)
        #expect(abs(variance - 1) < 0.1, "variance \(variance)")
    }

    @Test("Xavier's two halves: forward Var(Z) = n_in σ² Var(X), backward Var(dX) = n_out σ² Var(dZ)")
    func xavierFanInAndFanOut() {
        var rng = SeededRNG(seed: 15)
        let (nIn, nOut) = (100, 300)
        let layer = Dense(inputs: nIn, outputs: nOut, initialization: .xavier, rng: &rng)
        let σ2 = 2.0 / Double(nIn + nOut)
        let X = Tensor(randomNormal: [400, nIn], standardDeviation: 1, rng: &rng)
        let dZ = Tensor(randomNormal: [400, nOut], standardDeviation: 1, rng: &rng)
        let Z = layer.forward(X)
        let dX = layer.backward(X, dZ).dX
        let forward = Z.dot(Z) / Double(Z.count), backward = dX.dot(dX) / Double(dX.count)
        #expect(abs(forward - Double(nIn) * σ2) < 0.05, "forward variance \(forward), expected n_in σ² = 0.5")
        #expect(abs(backward - Double(nOut) * σ2) < 0.15, "backward variance \(backward), expected n_out σ² = 1.5")
        // 2/(n_in + n_out) is the harmonic compromise: 1/σ² is the mean of the two ideal values n_in and n_out.
        #expect(abs(1 / σ2 - Double(nIn + nOut) / 2) < 1e-12)
    }

    @Test("He: the mean square survives 20 ReLU layers; with Xavier it halves at every layer")
    func hePreservesReLUSignal() {
        #expect(Initialization.he.standardDeviation(fanIn: 50, fanOut: 10) == (2.0 / 50).squareRoot())
        func meanSquare(after initialization: Initialization) -> Double {
            var rng = SeededRNG(seed: 13)
            let model = MLP(sizes: [Int](repeating: 128, count: 21), hidden: .relu, output: .relu,
                            initialization: initialization, rng: &rng)
            let out = model.forward(Tensor(randomNormal: [256, 128], standardDeviation: 1, rng: &rng)).output
            return out.dot(out) / Double(out.count)
        }
        let he = meanSquare(after: .he), xavier = meanSquare(after: .xavier)
        #expect(he > 0.3 && he < 3, "He: mean square \(he)")
        #expect(xavier < 1e-4, "Xavier with ReLU: mean square \(xavier)")
    }

    @Test("the chapter's fast run writes its figures") func fastRunWritesFigures() throws {
        let context = try runFast(.activations)
        expectFiguresWritten(context, for: .activations)
    }

    @Test("two runs with the same seed write identical PNG bytes") func runsAreDeterministic() throws {
        let first = try runFast(.activations), second = try runFast(.activations)
        for (a, b) in zip(first.figures, second.figures) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }
}
