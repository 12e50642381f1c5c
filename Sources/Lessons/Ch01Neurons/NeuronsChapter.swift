import Foundation

extension Chapter {
    /// Chapter 1: neurons, loss and backpropagation.
    public static let neurons = Chapter(
        number: 1, slug: "neurons", title: "Neurons, loss and backpropagation",
        figures: ["gradient-descent", "computation-graph", "moons-loss", "decision-boundary"], run: runNeuronsChapter)
}

func runNeuronsChapter(_ context: RunContext) throws {
    printWorkedExamples(context)
    try drawGradientDescent(context)
    try walkThroughGraph(context)
    try trainFivePointNetwork(context)
    try fivePointStandardised(context)
    try trainMoons(context)
}

private func printWorkedExamples(_ context: RunContext) {
    let path = gradientDescentPath(start: 1, learningRate: 0.1, steps: 3) { 2 * $0 }
    context.print("Gradient descent on f(w) = w², α = 0.1: "
                  + path.map { String(format: "%.3g", $0) }.joined(separator: " → "))
    let mse = meanSquaredError(prediction: Tensor([2.5, 3.2, 3.8]), target: Tensor([2, 3, 4]))
    let ce = crossEntropy(prediction: Tensor([0.8, 0.9, 0.95]), target: Tensor([0, 1, 1]))
    let bce = binaryCrossEntropy(prediction: Tensor([0.8, 0.9, 0.95]), target: Tensor([0, 1, 1]))
    context.print(String(format: "MSE ½Σ(y−ŷ)² = %.3f;  cross-entropy −Σ y log ŷ = %.4f;  binary cross-entropy = %.3f",
                         mse.loss, ce.loss, bce.loss))
}

private func drawGradientDescent(_ context: RunContext) throws {
    let path = gradientDescentPath(start: 1, learningRate: 0.1, steps: 12) { 2 * $0 }
    let ws = stride(from: -1.2, through: 1.2, by: 0.02).map { $0 }
    var oneD = Panel(title: "f(w) = w², w₀ = 1, α = 0.1", xLabel: "w", yLabel: "f(w)")
    oneD.layers = [
        .line(x: ws, y: ws.map { $0 * $0 }, label: "f(w) = w²", color: .gray),
        .line(x: path, y: path.map { $0 * $0 }, label: "wₖ₊₁ = wₖ − α·2wₖ", color: .series(1), markers: true),
    ]
    for (k, w) in path.prefix(4).enumerated() {
        oneD.layers.append(.text(x: w + 0.04, y: w * w + 0.05, "w\(subscriptDigits(k)) = \(String(format: "%g", w))"))
    }
    oneD.legend = .topLeft

    // An ill-conditioned bowl: the steep direction y limits the learning rate, the shallow x crawls.
    let bowl = IllConditionedBowl()
    let grid = (0..<121).map { r in (0..<161).map { c in bowl.f(-2.2 + 4.4 * Double(c) / 160, -0.6 + 1.2 * Double(r) / 120) } }
    var twoD = Panel(title: "f(x, y) = x² + 25y² from (−2, 0.3): α_max = 2/50 = 0.04",
                     xLabel: "x", yLabel: "y (axis stretched 3.7×)")
    twoD.layers = [.contours(values: grid, x: -2.2...2.2, y: -0.6...0.6, levels: [0.05, 0.25, 1, 2, 4, 6],
                             color: .lightGray, label: "level sets of f")]
    for (i, α) in bowl.learningRates.enumerated() {
        let p = gradientDescentPath2D(start: bowl.start, learningRate: α, steps: bowl.steps, gradient: bowl.gradient)
        let factors = bowl.contraction(learningRate: α)
        twoD.layers.append(.line(x: p.map(\.x), y: p.map(\.y),
                                 label: String(format: "α = %g: x × %.3g, y × %.3g per step", α, factors.x, factors.y)
                                     .replacingOccurrences(of: "-", with: "−"),
                                 color: .series(i), markers: true))
        context.record("bowl α = \(α): steps to f < 0.001",
                       Double(bowl.stepsToConverge(learningRate: α, tolerance: 1e-3) ?? -1))
    }
    twoD.xRange = -2.2...2.2
    twoD.yRange = -0.6...0.6
    twoD.legend = .bottomRight
    try context.save(Figure(title: "Gradient descent: each step moves against the gradient", width: 1300, height: 520,
                            columns: 2, panels: [oneD, twoD]), as: "gradient-descent")
}

private func subscriptDigits(_ k: Int) -> String {
    String(String(k).unicodeScalars.map { Character(Unicode.Scalar(0x2080 + ($0.value - 48)) ?? "?") })
}

/// The expression (a·b + a).tanh() node by node: the table of data and gradients, and its graph.
private func walkThroughGraph(_ context: RunContext) throws {
    let a = Value(0.5), b = Value(-1.5)
    let c = a * b, d = c + a, L = d.tanh()
    L.backward()
    let names = [(a, "a"), (b, "b"), (c, "c"), (d, "d"), (L, "L")].reduce(into: [ObjectIdentifier: String]()) {
        $0[ObjectIdentifier($1.0)] = $1.1
    }
    let nodes = graphNodes(L, names: names)
    let table = graphTable(nodes)
    context.print("L = (a·b + a).tanh() with a = 0.5, b = −1.5, after L.backward():\n" + table)
    context.recordText("node table", table)
    try context.save(computationGraphFigure(nodes, title: "L = tanh(a·b + a): data forward, grad = ∂L/∂node backward"),
                     as: "computation-graph")
}

/// The source's 2-3-1 sigmoid network on five points, trained with binary cross-entropy.
private func trainFivePointNetwork(_ context: RunContext) throws {
    var rng = context.rng("five-point init")
    let steps = context.steps(5000, fast: 200)
    let loop = context.loop("2-3-1 network, 5 points", total: steps)
    let (p, loss) = try trainFivePoint(inputs: fivePointX, steps: steps, rng: &rng) { try loop.step($0, loss: $1) }
    loop.end()
    context.print("five points: labels [0, 1, 1, 0, 1], predictions "
                  + p.map { String(format: "%.2f", $0) }.joined(separator: ", "))
    for (n, prediction) in p.enumerated() { context.record("five-point prediction \(n + 1)", prediction) }
    context.report("five-point BCE loss", loss)
}

/// The same network and training on the five points standardised to mean 0 and variance 1 per
/// input, from several initial weights: how many runs fit all five labels (prediction on the right
/// side of ½)?
private func fivePointStandardised(_ context: RunContext) throws {
    let seeds = context.steps(10, fast: 2)
    for (name, X) in [("raw", fivePointX), ("standardised", standardised(fivePointX))] {
        var fitted = 0
        for seed in 1...seeds {
            var rng = SeededRNG(seed: UInt64(seed))
            let (p, _) = try trainFivePoint(inputs: X, steps: context.steps(5000, fast: 200), rng: &rng)
            if fitsFivePointLabels(p) { fitted += 1 }
        }
        context.report("five points, \(name) inputs: initialisations that fit all five labels", Double(fitted),
                       unit: "of \(seeds)")
    }
}

private func trainMoons(_ context: RunContext) throws {
    var dataRNG = context.rng("moons")
    let data = TwoMoons(count: context.fast ? 60 : 200, noise: 0.12, rng: &dataRNG)
    var initRNG = context.rng("moons init")
    var model = MLP(sizes: [2, 16, 16, 1], hidden: .tanh, initialization: .xavier, rng: &initRNG)
    let twin = ValueMLP(copying: model)
    var optimizer = SGD(learningRate: 0.3)
    let steps = context.steps(300, fast: 15)

    var handLoss: [Double] = [], autoLoss: [Double] = []
    let loop = context.loop("moons: autograd and hand-written MLP", total: steps)
    for step in 1...steps {
        autoLoss.append(autogradStep(twin, data, learningRate: 0.3))
        handLoss.append(handWrittenStep(&model, data, optimizer: &optimizer))
        try loop.step(step, loss: handLoss[step - 1], ("autograd loss", autoLoss[step - 1]))
    }
    loop.end()
    let gap = zip(handLoss, autoLoss).map { abs($0 - $1) }.max() ?? 0
    context.report("moons training accuracy", signAccuracy(model, data))
    context.report("moons final loss", handLoss.last ?? .nan)
    context.report("largest autograd vs hand-written loss gap", gap)

    let xs = (1...steps).map(Double.init)
    var lossPanel = Panel(title: "Two moons, 2-16-16-1 tanh MLP, SGD α = 0.3", xLabel: "step",
                          yLabel: "loss  ½·mean (ŷ − y)²")
    lossPanel.yScale = .log
    lossPanel.layers = [.line(x: xs, y: handLoss, label: "hand-written backward (MLP)", color: .series(1))]
    // On a log scale an exact 0 has no place: steps where the two agree to the last bit are left out.
    let differing = (0..<steps).filter { handLoss[$0] != autoLoss[$0] }
    context.record("steps where the two losses agree exactly", Double(steps - differing.count))
    var gapPanel = Panel(title: "|autograd − hand-written| loss at each step", xLabel: "step",
                         yLabel: "absolute difference (log scale)")
    gapPanel.yScale = .log
    gapPanel.layers = [.scatter(x: differing.map { xs[$0] }, y: differing.map { abs(handLoss[$0] - autoLoss[$0]) },
                                label: "steps with a difference", color: .series(0))]
    gapPanel.legend = .topLeft
    try context.save(Figure(title: "Two ways to the same gradients: they differ only by rounding", width: 1200,
                            height: 480, columns: 2, panels: [lossPanel, gapPanel]),
                     as: "moons-loss")
    try context.save(decisionBoundaryFigure(model, data), as: "decision-boundary")
}

private func decisionBoundaryFigure(_ model: MLP, _ data: TwoMoons) -> Figure {
    let (xRange, yRange) = (-1.6...2.6, -1.2...1.7)
    let (cols, rows) = (168, 116)
    var grid = Tensor(zeros: [rows * cols, 2])
    for r in 0..<rows {
        for c in 0..<cols {
            grid[r * cols + c, 0] = xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double(c) / Double(cols - 1)
            grid[r * cols + c, 1] = yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double(r) / Double(rows - 1)
        }
    }
    let out = model.forward(grid).output.data
    let values = (0..<rows).map { r in Array(out[(r * cols)..<((r + 1) * cols)]) }
    var panel = Panel(title: "Decision boundary after training", xLabel: "x₁", yLabel: "x₂")
    panel.layers = [
        .field(values: values, x: xRange, y: yRange, colormap: .blueWhiteRed, range: -1.5...1.5),
        .contours(values: values, x: xRange, y: yRange, levels: [0], color: .black, label: "ŷ = 0"),
    ]
    for (i, label) in [(1.0, "upper moon (y = +1)"), (-1.0, "lower moon (y = −1)")].enumerated() {
        let idx = data.y.indices.filter { data.y[$0] == label.0 }
        panel.layers.append(.scatter(x: idx.map { data.X[$0, 0] }, y: idx.map { data.X[$0, 1] },
                                     label: label.1, color: i == 0 ? Color(hex: 0xB2182B) : Color(hex: 0x2166AC), radius: 4))
    }
    panel.colorBar = "network output ŷ (clipped at ±1.5)"
    panel.equalAspect = true
    panel.legend = .bottomLeft
    return Figure(title: "The MLP bends its boundary around the moons", width: 880, height: 600, panels: [panel])
}
