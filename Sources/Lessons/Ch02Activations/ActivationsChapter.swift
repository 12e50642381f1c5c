import Foundation

extension Chapter {
    /// Chapter 2: activation functions and their derivatives.
    public static let activations = Chapter(
        number: 2, slug: "activations", title: "Activation functions and their derivatives",
        figures: ["activations", "gradient-norms", "activation-histograms"], run: runActivationsChapter)
}

/// The networks of the depth experiment: an activation with the initialisation that suits it,
/// and the same activation with a naive small initialisation.
let depthSetups: [(activation: Activation, careful: Initialization)] = [
    (.sigmoid, .xavier), (.tanh, .xavier), (.relu, .he),
]
let naiveInitialization = Initialization.normal(0.05)

func runActivationsChapter(_ context: RunContext) throws {
    context.print(String(format: "σ(2) = %.4f   tanh(2) = %.4f   tanh(−2) = %.4f   ReLU(−2) = %g   ReLU(2) = %g",
                         sigmoid(2), Foundation.tanh(2.0), Foundation.tanh(-2.0), Activation.relu(-2.0), Activation.relu(2.0)))
    let p = softmaxRows(Tensor(shape: [1, 3], data: [1, 2, 3]))
    context.print("softmax(1, 2, 3) = (" + p.data.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ")")
    try context.save(activationsFigure(), as: "activations")

    let depth = context.fast ? 8 : 20
    var careful: [DepthProbe] = [], naive: [DepthProbe] = []
    for (k, setup) in depthSetups.enumerated() {
        var rng = context.rng("depth \(setup.activation)")
        careful.append(probeDeepNetwork(activation: setup.activation, initialization: setup.careful,
                                        depth: depth, rng: &rng))
        naive.append(probeDeepNetwork(activation: setup.activation, initialization: naiveInitialization,
                                      depth: depth, rng: &rng))
        let norms = careful[k].weightGradientNorms
        context.report("\(setup.activation.displayName) (\(setup.careful.displayName)): ‖∂L/∂W₁‖ / ‖∂L/∂W_\(depth)‖",
                       norms[0] / norms[depth - 1])
        context.record("\(setup.activation.displayName) (naive): ‖∂L/∂W₁‖", naive[k].weightGradientNorms[0])
    }
    context.record("sigmoid factor bound (1/4)^(L−1)", pow(0.25, Double(depth - 1)))
    context.record("sigmoid factor bound 4^(L−1)", pow(4, Double(depth - 1)))
    try context.save(gradientNormFigure(careful: careful, naive: naive, depth: depth), as: "gradient-norms")
    try context.save(histogramFigure(careful, depth: depth), as: "activation-histograms")
}

private func activationsFigure() -> Figure {
    let xs = stride(from: -4.0, through: 4.0, by: 0.02).map { $0 }
    let panels = [Activation.sigmoid, .tanh, .relu, .leakyReLU].map { f -> Panel in
        var panel = Panel(title: f.displayName + (f == .leakyReLU ? " (leak \(Activation.leakySlope))" : ""),
                          xLabel: "x", yLabel: "value")
        panel.layers = [
            .hline(y: 0, color: .lightGray, dashed: false),
            .line(x: xs, y: xs.map { f($0) }, label: "f(x)", color: .series(0), width: 2.5),
            .line(x: xs, y: xs.map { f.derivative($0) }, label: "f'(x)", color: .series(1), width: 2.5, dashed: true),
        ]
        panel.legend = .topLeft
        return panel
    }
    return Figure(title: "Activation functions (solid) and their derivatives (dashed)", width: 1000, height: 760,
                  columns: 2, panels: panels)
}

private func gradientNormFigure(careful: [DepthProbe], naive: [DepthProbe], depth: Int) -> Figure {
    let layers = (1...depth).map(Double.init)
    func panel(_ title: String, _ probes: [DepthProbe], _ inits: [Initialization]) -> Panel {
        var p = Panel(title: title, xLabel: "layer (1 = nearest the input)", yLabel: "‖∂L/∂W‖")
        p.yScale = .log
        p.layers = zip(depthSetups.indices, probes).map { k, probe in
            .line(x: layers, y: probe.weightGradientNorms,
                  label: "\(depthSetups[k].activation.displayName), \(inits[k].displayName)", color: .series(k),
                  markers: true)
        }
        p.legend = .bottomRight
        return p
    }
    return Figure(title: "Gradient reaching each layer of a \(depth)-layer network at initialisation",
                  width: 1200, height: 540, columns: 2,
                  panels: [panel("Initialisation matched to the activation", careful, depthSetups.map(\.careful)),
                           panel("Naive initialisation N(0, 0.05²)", naive, depthSetups.map { _ in naiveInitialization })])
}

private func histogramFigure(_ probes: [DepthProbe], depth: Int) -> Figure {
    let shownLayers = [1, depth / 4, depth / 2, depth]
    var panels: [Panel] = []
    for (k, probe) in probes.enumerated() {
        let f = depthSetups[k].activation
        let range: ClosedRange<Double> = f == .tanh ? -1...1 : (f == .sigmoid ? 0...1 : 0...3)
        for layer in shownLayers {
            let (centers, heights) = histogram(probe.activations[layer - 1], bins: 30, range: range)
            var panel = Panel(title: "\(f.displayName), layer \(layer)", xLabel: "activation",
                              yLabel: layer == 1 ? "fraction" : nil)
            panel.layers = [.bars(x: centers, y: heights, width: (range.upperBound - range.lowerBound) / 30,
                                  color: .series(k))]
            panels.append(panel)
        }
    }
    return Figure(title: "Activations per layer (Xavier for sigmoid and tanh, He for ReLU)", width: 1300,
                  height: 860, columns: shownLayers.count, panels: panels)
}
