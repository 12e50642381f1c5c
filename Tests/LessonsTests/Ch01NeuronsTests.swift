import Foundation
import Testing
@testable import Lessons

@Suite("Chapter 1: neurons, loss and backpropagation") struct Ch01NeuronsTests {
    // MARK: Neurons and layers

    @Test("a neuron computes z = w·x + b") func neuronIsDotProductPlusBias() {
        #expect(neuron(weights: [0.5, -1, 2], bias: 0.25, input: [2, 3, -1]) == 0.5 * 2 - 3 - 2 + 0.25)
    }

    @Test("a layer computes Z = XW + b, one neuron per column") func layerIsMatrixProductPlusBias() {
        let X = Tensor(rows: [[1, 2], [3, 4], [-1, 0.5]])
        let layer = Dense(W: Tensor(rows: [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), b: Tensor([1, 2, 3]))
        let Z = layer.forward(X)
        #expect(Z.shape == [3, 3])
        for n in 0..<3 {
            for j in 0..<3 {
                let z = neuron(weights: [layer.W[0, j], layer.W[1, j]], bias: layer.b[j], input: [X[n, 0], X[n, 1]])
                #expect(abs(Z[n, j] - z) < 1e-15)
            }
        }
    }

    // MARK: Losses (SYLLABUS error 5)

    @Test("MSE ½Σ(y − ŷ)² of y = (2, 3, 4), ŷ = (2.5, 3.2, 3.8) is 0.165, gradient ŷ − y")
    func meanSquaredErrorWorkedExample() {
        let ŷ = Tensor([2.5, 3.2, 3.8]), y = Tensor([2, 3, 4])
        let mse = meanSquaredError(prediction: ŷ, target: y)
        #expect(abs(mse.loss - 0.165) < 1e-12)
        expectGradient("∂MSE/∂ŷ", analytic: mse.gradient, at: ŷ) { meanSquaredError(prediction: $0, target: y).loss }
    }

    @Test("cross-entropy of y = (0, 1, 1), ŷ = (0.8, 0.9, 0.95) is 0.1567; binary cross-entropy is 1.766")
    func crossEntropyWorkedExample() {
        let ŷ = Tensor([0.8, 0.9, 0.95]), y = Tensor([0, 1, 1])
        let ce = crossEntropy(prediction: ŷ, target: y)
        let bce = binaryCrossEntropy(prediction: ŷ, target: y)
        #expect(abs(ce.loss - (-log(0.9) - log(0.95))) < 1e-12)
        #expect(abs(ce.loss - 0.1567) < 5e-5)
        #expect(abs(bce.loss - 1.766) < 5e-4)
        #expect(abs((bce.loss - ce.loss) - -log(1 - 0.8)) < 1e-12, "BCE also counts the first (y = 0) term")
        expectGradient("∂CE/∂ŷ", analytic: ce.gradient, at: ŷ) { crossEntropy(prediction: $0, target: y).loss }
        expectGradient("∂BCE/∂ŷ", analytic: bce.gradient, at: ŷ) { binaryCrossEntropy(prediction: $0, target: y).loss }
    }

    // MARK: Gradient descent (SYLLABUS errors 1 and 6)

    @Test("gradient descent on f(w) = w² from w₀ = 1 with α = 0.1 gives 0.8, 0.64, 0.512 (wₖ = 0.8ᵏ)")
    func gradientDescentWorkedExample() {
        let path = gradientDescentPath(start: 1, learningRate: 0.1, steps: 10) { 2 * $0 }
        #expect(abs(path[1] - 0.8) < 1e-15)
        #expect(abs(path[2] - 0.64) < 1e-15)
        #expect(abs(path[3] - 0.512) < 1e-15)
        #expect(abs(path[2] - 0.52) > 0.1, "the source's 0.52 is wrong")
        for (k, w) in path.enumerated() { #expect(abs(w - pow(0.8, Double(k))) < 1e-14) }
    }

    @Test("the update subtracts ∂L/∂w: it lowers the loss, adding it raises the loss")
    func updateSubtractsGradient() {
        let y = Tensor([1, -2, 0.5])
        let w = Tensor([0.3, 0.1, -0.7])
        let L = { (w: Tensor) in meanSquaredError(prediction: w, target: y).loss }
        let g = meanSquaredError(prediction: w, target: y).gradient
        #expect(g == w - y, "with the arguments (prediction, target) the gradient is ŷ − y, not y − ŷ")
        #expect(L(w - 0.1 * g) < L(w))
        #expect(L(w + 0.1 * g) > L(w), "w += α∂L/∂w climbs the loss: the source's sign error")
    }

    @Test("on x² + 25y² each step multiplies x by 1 − 2α and y by 1 − 50α; above α = 2/50 it diverges")
    func bowlContractionFactors() {
        let bowl = IllConditionedBowl()
        for α in bowl.learningRates {
            let path = gradientDescentPath2D(start: bowl.start, learningRate: α, steps: bowl.steps, gradient: bowl.gradient)
            for (p, q) in zip(path, path.dropFirst()) {
                #expect(relativeError(q.x / p.x, 1 - 2 * α) < 1e-12)
                #expect(relativeError(q.y / p.y, 1 - 50 * α) < 1e-12)
            }
        }
        #expect(bowl.contraction(learningRate: 0.037).y < 0, "close to α_max the steep direction flips sign: the zig-zag")
        #expect(bowl.stepsToConverge(learningRate: 0.0399, tolerance: 1e-3) != nil, "just below 2/λ_max it converges")
        #expect(bowl.stepsToConverge(learningRate: 0.0405, tolerance: 1e-3) == nil, "just above 2/λ_max it diverges")
        let crawl = bowl.stepsToConverge(learningRate: 0.01, tolerance: 1e-3) ?? .max
        let zigzag = bowl.stepsToConverge(learningRate: 0.037, tolerance: 1e-3) ?? .max
        #expect(zigzag * 3 < crawl, "the small, safe α crawls along x: \(crawl) steps against \(zigzag)")
    }

    @Test("standardised inputs let the 2-3-1 network fit the five points; the raw inputs do not")
    func standardisingFitsTheFivePoints() throws {
        var raw = 0, scaled = 0
        for seed in 1...5 {
            var rng = SeededRNG(seed: UInt64(seed))
            if fitsFivePointLabels(try trainFivePoint(inputs: fivePointX, steps: 5000, rng: &rng).predictions) { raw += 1 }
            rng = SeededRNG(seed: UInt64(seed))
            if fitsFivePointLabels(try trainFivePoint(inputs: standardised(fivePointX), steps: 5000, rng: &rng).predictions) {
                scaled += 1
            }
        }
        #expect(raw == 0 && scaled >= 4, "raw inputs fit \(raw) of 5 runs, standardised \(scaled) of 5")
    }

    @Test("the source's swapped call backward(ŷ, y) with w += α·… is gradient ascent: the loss rises")
    func sourceSwappedCallClimbsTheLoss() {
        // The source defines its backward pass with the error y − ŷ (target minus prediction), for
        // which w += α·(∂ŷ/∂w)ᵀ·error would be descent, and then calls it with the arguments swapped.
        func sourceError(target y: Tensor, prediction ŷ: Tensor) -> Tensor { y - ŷ }
        func train(swapped: Bool) -> [Double] {
            var rng = SeededRNG(seed: 4)
            var model = MLP(sizes: [2, 3, 1], hidden: .sigmoid, output: .sigmoid, initialization: .xavier, rng: &rng)
            var losses: [Double] = []
            for _ in 0..<50 {
                let cache = model.forward(fivePointX)
                losses.append(meanSquaredError(prediction: cache.output, target: fivePointY).loss)
                let error = swapped ? sourceError(target: cache.output, prediction: fivePointY)  // the source's call
                                    : sourceError(target: fivePointY, prediction: cache.output)
                let step = model.backward(cache, error)  // backpropagates `error` as if it were ∂L/∂ŷ
                for l in model.layers.indices {
                    model.layers[l].W = model.layers[l].W + 0.5 * step.dW[l]  // the source's w += …
                    model.layers[l].b = model.layers[l].b + 0.5 * step.db[l]
                }
            }
            return losses
        }
        let ascent = train(swapped: true), descent = train(swapped: false)
        #expect(zip(ascent, ascent.dropFirst()).allSatisfy { $0 < $1 }, "the swapped call raises the loss at every step")
        #expect(descent.last! < descent.first!, "with the arguments in their defined order, w += descends")
    }

    // MARK: Autograd

    @Test("each Value operation's gradient matches central differences") func valueOperationsMatchFiniteDifferences() {
        // f(a, b, c) uses every primitive; compare ∂f/∂a, ∂f/∂b, ∂f/∂c with central differences.
        func f(_ a: Value, _ b: Value, _ c: Value) -> Value {
            let u = (a * b + c).tanh() - a / b
            let v = (c.pow(3) + a.exp()).log() + (b - c).relu()
            return u * v + 2 * a - c / 3
        }
        let x = Tensor([0.7, -1.3, 0.4])
        let inputs = x.data.map { Value($0) }
        f(inputs[0], inputs[1], inputs[2]).backward()
        expectGradient("∂f/∂(a, b, c)", analytic: Tensor(inputs.map(\.grad)), at: x) { t in
            f(Value(t[0]), Value(t[1]), Value(t[2])).data
        }
    }

    @Test("dot(w, x) + b is the same node as the chain of products and sums") func dotMatchesChain() {
        let w = [0.5, -1.5, 2].map { Value($0) }, x = [1, 0.25, -3].map { Value($0) }, b = Value(0.1)
        let fused = Value.dot(w, x, plus: b).tanh()
        fused.backward()
        let fusedGrads = (w + x + [b]).map(\.grad)
        for v in w + x + [b] { v.grad = 0 }
        let chained = (w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b).tanh()
        chained.backward()
        #expect(abs(fused.data - chained.data) < 1e-15)
        for (g1, g2) in zip(fusedGrads, (w + x + [b]).map(\.grad)) { #expect(abs(g1 - g2) < 1e-15) }
    }

    @Test("the walk-through L = tanh(a·b + a): every node's grad matches central differences")
    func walkThroughTableMatchesFiniteDifferences() {
        let a = Value(0.5), b = Value(-1.5)
        let c = a * b, d = c + a, L = d.tanh()
        L.backward()
        let names = [ObjectIdentifier(a): "a", ObjectIdentifier(b): "b", ObjectIdentifier(c): "c",
                     ObjectIdentifier(d): "d", ObjectIdentifier(L): "L"]
        let nodes = graphNodes(L, names: names)
        let grad = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.grad) })
        let h = 1e-6
        let f = { (a: Double, b: Double) in tanh(a * b + a) }
        #expect(relativeError(grad["a"]!, (f(0.5 + h, -1.5) - f(0.5 - h, -1.5)) / (2 * h)) < 1e-6)
        #expect(relativeError(grad["b"]!, (f(0.5, -1.5 + h) - f(0.5, -1.5 - h)) / (2 * h)) < 1e-6)
        // c and d: perturb the node itself, L = tanh(c + a) and L = tanh(d).
        #expect(relativeError(grad["c"]!, (tanh(-0.75 + h + 0.5) - tanh(-0.75 - h + 0.5)) / (2 * h)) < 1e-6)
        #expect(relativeError(grad["d"]!, (tanh(-0.25 + h) - tanh(-0.25 - h)) / (2 * h)) < 1e-6)
        #expect(grad["L"] == 1)
        #expect(nodes.map(\.name) == ["a", "b", "c", "d", "L"] || nodes.last?.name == "L")
        let table = graphTable(nodes)
        #expect(table.contains("c     a × b") && table.contains("−0.4700"))
    }

    @Test("a value used twice receives both gradients") func valueUsedTwiceAccumulates() {
        let a = Value(3)
        let L = a * a + a  // dL/da = 2a + 1 = 7
        L.backward()
        #expect(a.grad == 7)
    }

    @Test("without zeroing, a second backward adds to the first; zeroGrad resets") func zeroGradBetweenSteps() {
        let w = Value(2)
        let L1 = w * w
        L1.backward()
        #expect(w.grad == 4)
        let L2 = w * w
        L2.backward()
        #expect(w.grad == 8, "gradients accumulate across backward calls")
        L2.zeroGrad()
        #expect(w.grad == 0)
        L2.backward()
        #expect(w.grad == 4)
    }

    @Test("backward through a 100,000-node chain does not overflow the stack") func deepGraphBackward() {
        let x = Value(0.5)
        var y = x
        for _ in 0..<100_000 { y = y * 1.0 + 0.0 }  // two nodes per step
        y.backward()
        #expect(x.grad == 1)
        #expect(y.topologicalOrder().count == 200_001)
    }

    @Test("the topological order puts every node after its parents") func topologicalOrderRespectsEdges() {
        let a = Value(1), b = Value(2)
        let c = a * b, d = c + a, e = d.tanh() * c
        let order = e.topologicalOrder()
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0) })
        #expect(order.count == 6)  // a, b, c, d, tanh(d), e
        for node in order {
            for parent in node.parents {
                #expect(position[ObjectIdentifier(parent)]! < position[ObjectIdentifier(node)]!)
            }
        }
    }

    // MARK: Hand-written backpropagation

    @Test("Dense backward: dX = dZ Wᵀ, dW = Xᵀ dZ, db = Σ dZ match central differences")
    func denseBackwardMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 1)
        let layer = Dense(inputs: 4, outputs: 3, initialization: .normal(1), rng: &rng)
        let X = Tensor(randomNormal: [5, 4], standardDeviation: 1, rng: &rng)
        let R = Tensor(randomNormal: [5, 3], standardDeviation: 1, rng: &rng)  // L = Σ R ⊙ Z
        let (dX, dW, db) = layer.backward(X, R)
        expectGradient("dX", analytic: dX, at: X) { layer.forward($0).dot(R) }
        expectGradient("dW", analytic: dW, at: layer.W) { Dense(W: $0, b: layer.b).forward(X).dot(R) }
        expectGradient("db", analytic: db, at: layer.b) { Dense(W: layer.W, b: $0).forward(X).dot(R) }
    }

    /// Checks every dW_l, db_l and dX of `model.backward` against central differences of `loss`,
    /// whose gradient with respect to the output is `dLoss`.
    private func expectMLPGradients(_ model: MLP, at X: Tensor, loss: (Tensor) -> Double, dLoss: (Tensor) -> Tensor,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        let cache = model.forward(X)
        let grads = model.backward(cache, dLoss(cache.output))
        for l in model.layers.indices {
            expectGradient("dW\(l)", analytic: grads.dW[l], at: model.layers[l].W, sourceLocation: sourceLocation) { W in
                var m = model
                m.layers[l].W = W
                return loss(m.forward(X).output)
            }
            expectGradient("db\(l)", analytic: grads.db[l], at: model.layers[l].b, sourceLocation: sourceLocation) { b in
                var m = model
                m.layers[l].b = b
                return loss(m.forward(X).output)
            }
        }
        expectGradient("dX", analytic: grads.dX, at: X, sourceLocation: sourceLocation) { loss(model.forward($0).output) }
    }

    @Test("MLP backward (δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l)) matches central differences for every layer",
          arguments: [Activation.tanh, .sigmoid, .leakyReLU])
    func mlpBackwardMatchesFiniteDifferences(_ hidden: Activation) {
        var rng = SeededRNG(seed: 2)
        let model = MLP(sizes: [3, 5, 4, 2], hidden: hidden, initialization: .xavier, rng: &rng)
        let X = Tensor(randomNormal: [6, 3], standardDeviation: 1, rng: &rng)
        let y = Tensor(randomNormal: [6, 2], standardDeviation: 1, rng: &rng)
        expectMLPGradients(model, at: X, loss: { meanSquaredError(prediction: $0, target: y).loss },
                           dLoss: { meanSquaredError(prediction: $0, target: y).gradient })
    }

    @Test("MLP with a sigmoid output and binary cross-entropy: backward matches central differences")
    func mlpSigmoidOutputWithBCEMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 5)
        let model = MLP(sizes: [2, 3, 1], hidden: .sigmoid, output: .sigmoid, initialization: .xavier, rng: &rng)
        let X = Tensor(randomNormal: [5, 2], standardDeviation: 1, rng: &rng)
        expectMLPGradients(model, at: X, loss: { binaryCrossEntropy(prediction: $0, target: fivePointY).loss },
                           dLoss: { binaryCrossEntropy(prediction: $0, target: fivePointY).gradient })
    }

    @Test("autograd and hand-written backward give the same training run on the moons")
    func autogradAgreesWithHandWritten() {
        var rng = SeededRNG(seed: 3)
        let data = TwoMoons(count: 20, noise: 0.1, rng: &rng)
        var model = MLP(sizes: [2, 6, 6, 1], hidden: .tanh, initialization: .xavier, rng: &rng)
        let twin = ValueMLP(copying: model)
        var sgd = SGD(learningRate: 0.3)
        for _ in 0..<5 {
            let a = autogradStep(twin, data, learningRate: 0.3)
            let h = handWrittenStep(&model, data, optimizer: &sgd)
            #expect(abs(a - h) < 1e-12)
        }
        #expect(abs(twin.weights[1][2][3].data - model.layers[1].W[3, 2]) < 1e-12)
    }

    // MARK: The demo

    @Test("the chapter's fast run writes its figures and learns the moons") func fastRunWritesFigures() throws {
        let context = try runFast(.neurons)
        expectFiguresWritten(context, for: .neurons)
        #expect((context.metric("moons training accuracy") ?? 0) > 0.8)
        #expect((context.metric("largest autograd vs hand-written loss gap") ?? 1) < 1e-12)
    }

    @Test("two runs with the same seed write identical PNG bytes") func runsAreDeterministic() throws {
        let first = try runFast(.neurons), second = try runFast(.neurons)
        for (a, b) in zip(first.figures, second.figures) {
            #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent) differs")
        }
    }
}
