import Foundation

extension Chapter {
    /// Chapter 2: activation functions and their derivatives.
    public static let activations = Chapter(
        number: 2, slug: "activations", title: "Activation functions and their derivatives",
        figures: ["activations", "gradient-norms", "activation-histograms"], run: runActivationsChapter)
}

/// The networks of the depth experiment: each activation with the initialisation meant for it,
/// the sigmoid also at the 4× Xavier Glorot and Bengio suggest for it, and one set-up whose
/// gradients explode (ReLU with weights 1.5 times too large).
let depthSetups: [DepthSetup] = [
    DepthSetup(.sigmoid, .xavier), DepthSetup(.sigmoid, gain: 4, .xavier), DepthSetup(.tanh, .xavier),
    DepthSetup(.relu, .he), DepthSetup(.relu, gain: 1.5, .he),
]

func runActivationsChapter(_ context: RunContext) throws {
    context.print(String(format: "σ(2) = %.4f   tanh(2) = %.4f   tanh(−2) = %.4f   ReLU(−2) = %g   ReLU(2) = %g",
                         sigmoid(2), Foundation.tanh(2.0), Foundation.tanh(-2.0), Activation.relu(-2.0), Activation.relu(2.0)))
    let p = softmaxRows(Tensor(shape: [1, 3], data: [1, 2, 3]))
    context.print("softmax(1, 2, 3) = (" + p.data.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")")
    try context.save(activationsFigure(), as: "activations")

    let depth = context.fast ? 8 : 20
    var probes: [DepthProbe] = []
    for setup in depthSetups {
        var rng = context.rng("depth \(setup.label)")
        let probe = probeDeepNetwork(setup, depth: depth, rng: &rng)
        probes.append(probe)
        let (w, δ) = (probe.weightGradientNorms, probe.errorNorms)
        context.print(setup.label.padding(toLength: 20, withPad: " ", startingAt: 0)
                      + String(format: "‖∂L/∂W₁‖/‖∂L/∂W_%d‖ = %9.3g   ‖δ₁‖/‖δ_%d‖ = %9.3g   per layer: measured %.3f, predicted %.3f",
                             depth, w[0] / w[depth - 1], depth, δ[0] / δ[depth - 1],
                             geometricMean(probe.measuredFactors), geometricMean(probe.predictedFactors)))
        context.record("\(setup.label): weight-gradient ratio", w[0] / w[depth - 1])
        context.record("\(setup.label): error ratio", δ[0] / δ[depth - 1])
        context.record("\(setup.label): measured factor per layer", geometricMean(probe.measuredFactors))
        context.record("\(setup.label): predicted factor per layer", geometricMean(probe.predictedFactors))
    }
    context.record("sigmoid factor bound (1/4)^(L−1)", pow(0.25, Double(depth - 1)))
    context.record("sigmoid factor bound 4^(L−1)", pow(4, Double(depth - 1)))
    let worst = probes.map { probe in
        zip(probe.measuredFactors, probe.predictedFactors).map { abs(log($0 / $1)) }.max() ?? 0
    }.max() ?? 0
    context.report("largest gap between measured and predicted factor", exp(worst) - 1)
    context.record("ReLU, 1.5 × He: ‖∂L/∂W₁‖ relative to He",
                   probes[4].weightGradientNorms[0] / probes[3].weightGradientNorms[0])
    let tanhProbe = probes[2]
    for layer in [1, depth] {
        let a = tanhProbe.activations[layer - 1]
        context.record("tanh layer \(layer): fraction saturated beyond ±0.9", Double(a.filter { abs($0) > 0.9 }.count) / Double(a.count))
    }
    try context.save(gradientNormFigure(probes, depth: depth), as: "gradient-norms")
    try context.save(histogramFigure([0, 2, 3].map { (depthSetups[$0], probes[$0], $0) }, depth: depth),
                     as: "activation-histograms")
}

/// (Π xᵢ)^(1/n), the typical factor of a product of factors.
public func geometricMean(_ x: [Double]) -> Double {
    x.isEmpty ? .nan : exp(x.map { log($0) }.reduce(0, +) / Double(x.count))
}

private func activationsFigure() -> Figure {
    let xs = stride(from: -4.0, through: 4.0, by: 0.02).map { $0 }
    // The course's leak a = 0.01 would be invisible at this scale; the figure draws a = 0.1.
    let shownLeak = 0.1
    let panels = [Activation.sigmoid, .tanh, .relu, .leakyReLU].map { f -> Panel in
        let value = { (x: Double) in f == .leakyReLU ? (x > 0 ? x : shownLeak * x) : f(x) }
        let slope = { (x: Double) in f == .leakyReLU ? (x > 0 ? 1 : shownLeak) : f.derivative(x) }
        var panel = Panel(title: f == .leakyReLU ? "leaky ReLU, drawn with a = \(shownLeak) (the code uses \(Activation.leakySlope))"
                                                 : f.displayName,
                          xLabel: "x", yLabel: "value")
        panel.layers = [
            .hline(y: 0, color: .lightGray, dashed: false),
            .line(x: xs, y: xs.map(value), label: "f(x)", color: .series(0), width: 2.5),
            .line(x: xs, y: xs.map(slope), label: "f'(x)", color: .series(1), width: 2.5, dashed: true),
        ]
        panel.legend = .topLeft
        return panel
    }
    return Figure(title: "Activation functions (solid) and their derivatives (dashed)", width: 1000, height: 760,
                  columns: 2, panels: panels)
}

private func gradientNormFigure(_ probes: [DepthProbe], depth: Int) -> Figure {
    let layers = (1...depth).map(Double.init)
    var weights = Panel(title: "Weight gradient ‖∂L/∂W_l‖", xLabel: "layer l (1 = nearest the input)",
                        yLabel: "‖∂L/∂W_l‖ (log scale)")
    var errors = Panel(title: "Error ‖δ_l‖ = ‖∂L/∂Z_l‖", xLabel: "layer l (1 = nearest the input)",
                       yLabel: "‖δ_l‖ (log scale)")
    var factors = Panel(title: "Per-layer factor ‖δ_l‖ / ‖δ_l+1‖", xLabel: "layer l",
                        yLabel: "factor: dots measured, lines √n·σ_w·rms f'(Z_l)")
    (weights.yScale, errors.yScale, factors.yScale) = (.log, .log, .log)
    for (k, (setup, probe)) in zip(depthSetups, probes).enumerated() {
        weights.layers.append(.line(x: layers, y: probe.weightGradientNorms, label: setup.label, color: .series(k), markers: true))
        errors.layers.append(.line(x: layers, y: probe.errorNorms, color: .series(k), markers: true))
        let inner = Array(layers.dropLast())
        factors.layers.append(.line(x: inner, y: probe.predictedFactors, color: .series(k), width: 2))
        factors.layers.append(.scatter(x: inner, y: probe.measuredFactors, color: .series(k), radius: 4))
    }
    factors.layers.append(.hline(y: 1, label: "factor 1: ‖δ‖ kept", color: .gray))
    factors.layers.append(.hline(y: 0.25, label: "¼ = max σ'", color: .series(0)))
    weights.legend = .bottomRight
    factors.yRange = 0.15...3.5
    factors.legend = .topLeft
    return Figure(title: "Gradients through a \(depth)-layer, 64-wide network at initialisation: activation and initialisation together",
                  width: 1650, height: 560, columns: 3, panels: [weights, errors, factors])
}

private func histogramFigure(_ shown: [(setup: DepthSetup, probe: DepthProbe, colour: Int)], depth: Int) -> Figure {
    let shownLayers = [1, depth / 4, depth / 2, depth]
    var panels: [Panel] = []
    for (setup, probe, colour) in shown {
        let f = setup.activation
        let range: ClosedRange<Double> = f == .tanh ? -1...1 : (f == .sigmoid ? 0...1 : 0...3)
        for layer in shownLayers {
            let (centers, heights) = histogram(probe.activations[layer - 1], bins: 30, range: range)
            var panel = Panel(title: "\(setup.label), layer \(layer)", xLabel: "activation",
                              yLabel: layer == 1 ? "fraction" : nil)
            panel.layers = [.bars(x: centers, y: heights, width: (range.upperBound - range.lowerBound) / 30,
                                  color: .series(colour))]
            panels.append(panel)
        }
    }
    return Figure(title: "Activations per layer (Xavier for sigmoid and tanh, He for ReLU)", width: 1300,
                  height: 860, columns: shownLayers.count, panels: panels)
}
