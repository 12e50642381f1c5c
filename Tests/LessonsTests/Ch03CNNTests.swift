import Foundation
import Testing
@testable import Lessons

/// Deterministic test values without a period shorter than the tensor (so a swapped channel or
/// filter index changes the result): ((t·a) mod m − offset) / scale for t = 0, 1, 2, …
/// The numpy script that produced the reference values below builds its inputs the same way.
private func pattern(_ shape: [Int], _ a: Int, _ m: Int, _ offset: Int, _ scale: Double) -> Tensor {
    Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { Double(($0 * a) % m - offset) / scale })
}

/// Expects every element of `got` within `tolerance` of `expected`, naming the first that is not.
private func expectClose(_ got: Tensor, _ expected: [Double], tolerance: Double = 1e-12,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.count == expected.count, "got \(got.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (g, e)) in zip(got.data, expected).enumerated() where abs(g - e) > tolerance {
        Issue.record("element \(i): got \(g), expected \(e)", sourceLocation: sourceLocation)
        return
    }
}

/// Σ G ⊙ Y: a scalar loss whose gradient with respect to Y is G, so ∂L/∂(anything before Y)
/// is exactly what a layer's backward computes from dY = G.
private func weightedSum(_ Y: Tensor, _ G: Tensor) -> Double { Y.dot(G) }

@Suite("Chapter 3: convolutional networks") struct Ch03CNNTests {
    // MARK: - Convolution

    @Test("the chapter's worked example: a 2×2 filter over a 3×3 image, by hand")
    func convWorkedExample() {
        let X = Tensor(shape: [1, 1, 3, 3], data: [1, 2, 0,
                                                   0, 1, 3,
                                                   2, 1, 0])
        let W = Tensor(shape: [1, 1, 2, 2], data: [1, 0,
                                                   0, -1])
        // Y[i, j] = X[i, j] − X[i+1, j+1]: 1 − 1, 2 − 3, 0 − 1, 1 − 0.
        #expect(Conv2D(W: W, b: Tensor([0])).forward(X).data == [0, -1, -1, 1])
        // With padding 1 and stride 2: ⌊(3 + 2 − 2)/2⌋ + 1 = 2 outputs per side; the corner
        // Y[0, 0] sees only X[0, 0] through W[1, 1] = −1.
        #expect(Conv2D(W: W, b: Tensor([0]), stride: 2, padding: 1).forward(X).data == [-1, 0, -2, 1])
    }

    @Test("conv forward (2 channels, 3 filters, stride 2, padding 1) matches numpy")
    func convForwardMatchesNumpy() {
        let X = pattern([2, 2, 5, 6], 37, 127, 63, 32)
        let W = pattern([3, 2, 3, 3], 23, 59, 29, 16)
        let conv = Conv2D(W: W, b: Tensor([0.1, -0.2, 0.3]), stride: 2, padding: 1)
        let Y = conv.forward(X)
        #expect(Y.shape == [2, 3, 3, 3])
        // numpy 2.4: np.pad by 1, sliding_window_view((3, 3))[..., ::2, ::2], then
        // einsum('ncijuv,kcuv->nkij') + b — no loops shared with the Swift code.
        expectClose(Y, [
            0.9125, 5.980859375, -1.976171875, -2.88828125, 0.17421875, 2.656640625, 2.04140625, 0.3578125,
            -2.43125, 0.4015625, 5.425, -2.037890625, -3.14140625, -0.33671875, 2.51484375, 1.766796875,
            0.03242187499999999, -2.75859375, 0.690625, 5.669140625, -1.299609375, -2.59453125,
            -0.04765625000000001, 3.173046875, 2.2921875, 0.50703125, -2.2859375, 0.34609375, -1.7984375,
            5.871484375, 5.9828125, 2.961328125, -0.013281249999999994, 0.297265625, -2.202734375, 0.2171875,
            0.04414062499999999, -2.16484375, 5.503125, 5.67109375, 2.3625, -0.24296875, -0.01640625000000001,
            -2.834765625, 0.07929687499999999, 0.5421875, -1.73125, 5.934765625, 6.159375, 2.563671875,
            0.32734375, 0.469921875, -2.666796875, 0.74140625,
        ])
    }

    @Test("H_out = ⌊(H + 2P − F)/S⌋ + 1, and every layer's output has that size")
    func outputSizeFormula() {
        // Worked cases: 'same' padding; stride 2 rounding down; LeNet-5's 32 → 28; AlexNet's 227 → 55.
        #expect(convOutputSize(8, filter: 3, stride: 1, padding: 1) == 8)
        #expect(convOutputSize(5, filter: 3, stride: 2, padding: 1) == 3)
        #expect(convOutputSize(6, filter: 3, stride: 2, padding: 1) == 3)   // (6 + 2 − 3)/2 = 2.5 → 2, + 1
        #expect(convOutputSize(32, filter: 5, stride: 1, padding: 0) == 28)
        #expect(convOutputSize(227, filter: 11, stride: 4, padding: 0) == 55)
        #expect(convOutputSize(8, filter: 2, stride: 2, padding: 0) == 4)   // 2×2 max pooling
        // Against brute force: slide a window of F over H + 2P cells in steps of S and count the
        // positions where it fits entirely — no formula involved.
        func windowPositions(_ H: Int, _ F: Int, _ S: Int, _ P: Int) -> Int {
            var count = 0, start = 0
            while start + F <= H + 2 * P {
                count += 1
                start += S
            }
            return count
        }
        var rng = SeededRNG(seed: 3)
        for H in 3...9 {
            for F in [1, 2, 3] {
                for S in 1...3 {
                    for P in 0..<F {
                        #expect(convOutputSize(H, filter: F, stride: S, padding: P) == windowPositions(H, F, S, P))
                        let conv = Conv2D(inputChannels: 2, filters: 4, filterSize: F, stride: S, padding: P, rng: &rng)
                        let Y = conv.forward(Tensor(zeros: [1, 2, H, H + 1]))
                        let expected = [1, 4, windowPositions(H, F, S, P), windowPositions(H + 1, F, S, P)]
                        #expect(Y.shape == expected, "H = \(H), F = \(F), S = \(S), P = \(P)")
                    }
                }
                let pooled = MaxPool2D(size: F).forward(Tensor(zeros: [1, 1, H, H])).Y
                #expect(pooled.shape == [1, 1, windowPositions(H, F, F, 0), windowPositions(H, F, F, 0)])
            }
        }
    }

    @Test("the source's size formula (C×K)×(H−S)×(W−S)+P gives the wrong shape")
    func sourceSizeFormulaIsWrong() {
        // 2 channels, 3 filters of 3×3, stride 2, padding 1, on a 5×6 input.
        let conv = Conv2D(W: Tensor(zeros: [3, 2, 3, 3]), b: Tensor(zeros: [3]), stride: 2, padding: 1)
        let shape = Array(conv.forward(Tensor(zeros: [1, 2, 5, 6])).shape.dropFirst())
        let (C, K, H, W, S, P) = (2, 3, 5, 6, 2, 1)
        #expect(shape == [K, 3, 3])
        #expect(shape[0] != C * K)                   // one output channel per filter, not C × K
        #expect(shape[1] != (H - S) + P && shape[2] != (W - S) + P)   // 3, not 4 and 5
    }

    @Test("true convolution = cross-correlation with the kernel rotated by 180°; scipy agrees")
    func convolutionIsCorrelationWithFlippedKernel() {
        let x = pattern([1, 1, 5, 5], 37, 127, 63, 32)
        let k = pattern([1, 1, 3, 3], 23, 59, 29, 16)
        let flipped = Tensor(shape: [1, 1, 3, 3], data: k.data.reversed())   // rot180: w[2−u, 2−v]
        let correlation = Conv2D(W: k, b: Tensor([0])).forward(x)
        let convolution = Conv2D(W: flipped, b: Tensor([0])).forward(x)
        // scipy 1.17: scipy.signal.correlate2d(x, k, 'valid') and convolve2d(x, k, 'valid').
        expectClose(correlation, [-0.328125, -0.75, 3.541015625, -5.91015625, 4.0859375, -0.552734375,
                                  -0.330078125, 0.736328125, -6.134765625])
        expectClose(convolution, [6.134765625, -0.736328125, 0.330078125, 0.552734375, -4.0859375,
                                  5.91015625, -3.541015625, 0.75, 0.328125])
    }

    @Test("conv backward: dW, db and dX match central differences (stride 1 and 2, with padding)")
    func convBackwardMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 11)
        for (S, P) in [(1, 1), (2, 1), (2, 0), (1, 0)] {
            let conv = Conv2D(inputChannels: 2, filters: 3, filterSize: 3, stride: S, padding: P, rng: &rng)
            var withBias = conv
            withBias.b = Tensor(randomNormal: [3], standardDeviation: 0.5, rng: &rng)
            let X = Tensor(randomNormal: [2, 2, 5, 6], standardDeviation: 1, rng: &rng)
            let G = Tensor(randomNormal: withBias.outputShape(for: X.shape), standardDeviation: 1, rng: &rng)
            let (dX, dW, db) = withBias.backward(X, G)
            expectGradient("dX (S=\(S), P=\(P))", analytic: dX, at: X) { weightedSum(withBias.forward($0), G) }
            expectGradient("dW (S=\(S), P=\(P))", analytic: dW, at: withBias.W) { W in
                var c = withBias
                c.W = W
                return weightedSum(c.forward(X), G)
            }
            expectGradient("db (S=\(S), P=\(P))", analytic: db, at: withBias.b) { b in
                var c = withBias
                c.b = b
                return weightedSum(c.forward(X), G)
            }
        }
    }

    @Test("conv backward: dX is scipy's full convolution of dY with the filters, dW its correlation of X with dY")
    func convBackwardMatchesScipy() {
        let X = pattern([1, 2, 4, 5], 37, 127, 63, 32)
        let W = pattern([2, 2, 3, 3], 23, 59, 29, 16)
        let dY = pattern([1, 2, 4, 5], 19, 43, 21, 8)
        let (dX, dW, db) = Conv2D(W: W, b: Tensor(zeros: [2]), stride: 1, padding: 1).backward(X, dY)
        // scipy 1.17: dX[c] = Σ_k convolve2d(dY[k], W[k, c], 'full')[1:5, 1:6]   (crop the padding)
        expectClose(dX, [
            1.2109375, -10.390625, 3.1640625, -4.78125, -5.9375, -7.0546875, -6.375, 9.296875, -9.296875,
            9.34375, -8.2578125, 9.1640625, -5.3984375, -1.484375, 11.5234375, -2.8984375, 8.34375, -12.7421875,
            9.84375, 0.1953125, -5.6328125, 8.921875, -7.203125, 4.890625, 3.8515625, 3.203125, 10.359375,
            -14.6015625, 15.1953125, -17.8125, 10.3828125, -9.6328125, 4.7109375, 7.296875, -4.0234375,
            4.7734375, -8.0625, 10.7109375, -16.5390625, 7.109375,
        ])
        // scipy 1.17: dW[k, c] = correlate2d(pad(X[c], 1), dY[k], 'valid');  db = dY.sum(axis=(0, 2, 3)).
        expectClose(dW, [
            -3.16015625, 8.16015625, -9.515625, 5.10546875, 6.07421875, -1.50390625, 12.16796875, -11.86328125,
            -0.546875, 4.22265625, 5.8984375, 8.90625, 1.83984375, -13.9609375, 4.640625, 5.34375, 6.73046875,
            0.9140625, 2.16796875, 6.74609375, 1.08984375, 7.73828125, -8.75390625, 1.46484375, 5.078125,
            -12.703125, 11.91796875, 2.43359375, -7.7734375, 8.921875, -0.23828125, 0.9296875, -4.26953125,
            -1.6953125, 0.578125, 6.26171875,
        ])
        expectClose(db, [1.0, -0.375])
    }

    // MARK: - Pooling

    @Test("max pool forward (2×2 stride 2, and overlapping 3×3 stride 2) matches numpy")
    func maxPoolForwardMatchesNumpy() {
        let X = pattern([1, 2, 5, 5], 13, 53, 26, 1)
        // numpy 2.4: sliding_window_view(X, (F, F), axis=(2, 3))[..., ::2, ::2].max(axis=(4, 5)).
        expectClose(MaxPool2D(size: 2).forward(X).Y, [-1, 25, 23, 24, 6, 20, 18, 3])
        expectClose(MaxPool2D(size: 3, stride: 2).forward(X).Y, [24, 26, 24, 24, 19, 20, 18, 16])
    }

    @Test("the chapter's worked example: 2×2 max pooling of a 4×4 map, and where the gradient goes")
    func maxPoolWorkedExample() {
        let X = Tensor(shape: [1, 1, 4, 4], data: [1, 3, 2, 0,
                                                   4, 2, 1, 5,
                                                   0, 1, 3, 2,
                                                   2, 6, 1, 1])
        let pool = MaxPool2D(size: 2)
        let (Y, argmax) = pool.forward(X)
        #expect(Y.data == [4, 5, 6, 3])
        let dX = pool.backward(Tensor(shape: [1, 1, 2, 2], data: [0.1, 0.2, 0.3, 0.4]), argmax: argmax, inputShape: X.shape)
        #expect(dX.data == [0, 0, 0, 0,
                            0.1, 0, 0, 0.2,
                            0, 0, 0.4, 0,
                            0, 0.3, 0, 0])
    }

    @Test("max pool backward routes each gradient to its window's maximum (central differences)")
    func maxPoolBackwardMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 5)
        for pool in [MaxPool2D(size: 2), MaxPool2D(size: 3, stride: 2), MaxPool2D(size: 2, stride: 1)] {
            let X = Tensor(randomNormal: [2, 3, 5, 6], standardDeviation: 1, rng: &rng)
            let (Y, argmax) = pool.forward(X)
            let G = Tensor(randomNormal: Y.shape, standardDeviation: 1, rng: &rng)
            let dX = pool.backward(G, argmax: argmax, inputShape: X.shape)
            expectGradient("dX (F=\(pool.size), S=\(pool.stride))", analytic: dX, at: X) { weightedSum(pool.forward($0).Y, G) }
        }
        // Non-overlapping windows: exactly one input per window receives a gradient.
        let X = Tensor(randomNormal: [1, 1, 4, 4], standardDeviation: 1, rng: &rng)
        let pool = MaxPool2D(size: 2)
        let (_, argmax) = pool.forward(X)
        let dX = pool.backward(Tensor(zeros: [1, 1, 2, 2], value: 1), argmax: argmax, inputShape: X.shape)
        #expect(dX.data.filter { $0 != 0 }.count == 4)
        for (o, corner) in [0, 2, 8, 10].enumerated() {
            let window = [corner, corner + 1, corner + 4, corner + 5]
            #expect(window.contains(argmax[o]) && X.data[argmax[o]] == window.map { X.data[$0] }.max())
        }
    }

    // MARK: - The whole network

    @Test("ConvNet backward (conv, ReLU, max pool, flatten, dense head, softmax cross-entropy) matches central differences")
    func convNetBackwardMatchesFiniteDifferences() {
        var rng = SeededRNG(seed: 8)
        let net = ConvNet(height: 6, width: 6, filters: 3, hidden: 5, classes: 4, rng: &rng)
        let X = Tensor(randomNormal: [3, 1, 6, 6], standardDeviation: 1, rng: &rng)
        let labels = [2, 0, 3]
        func loss(_ n: ConvNet, _ x: Tensor) -> Double { softmaxCrossEntropy(logits: n.forward(x).logits, labels: labels).loss }
        let cache = net.forward(X)
        let g = net.backward(cache, softmaxCrossEntropy(logits: cache.logits, labels: labels).gradient)
        #expect(cache.flat.shape == [3, 3 * 3 * 3] && cache.logits.shape == [3, 4])
        expectGradient("dX", analytic: g.dX, at: X) { loss(net, $0) }
        expectGradient("conv dW", analytic: g.convW, at: net.conv.W) { var n = net; n.conv.W = $0; return loss(n, X) }
        expectGradient("conv db", analytic: g.convB, at: net.conv.b) { var n = net; n.conv.b = $0; return loss(n, X) }
        for l in net.head.layers.indices {
            expectGradient("head dW[\(l)]", analytic: g.head.dW[l], at: net.head.layers[l].W) {
                var n = net; n.head.layers[l].W = $0; return loss(n, X)
            }
            expectGradient("head db[\(l)]", analytic: g.head.db[l], at: net.head.layers[l].b) {
                var n = net; n.head.layers[l].b = $0; return loss(n, X)
            }
        }
    }

    @Test("the confusion matrix counts true × predicted, and its diagonal the correct answers")
    func confusionMatrixCounts() {
        let counts = confusionMatrix(labels: [0, 0, 1, 2, 2, 2], predictions: [0, 1, 1, 2, 0, 2], classes: 3)
        #expect(counts == [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
        #expect(ConvNet.predictions(Tensor(rows: [[0.1, 2, -1], [3, 3, 0]])) == [1, 0])  // ties: the first
    }

    // MARK: - The run

    @Test("a --fast run trains above chance, reports its metrics and writes every figure")
    func fastRunWritesFigures() throws {
        let context = try runFast(.cnn)
        let accuracy = try #require(context.metric("test accuracy"))
        #expect(accuracy > 0.5, "after the fast run the test accuracy is only \(accuracy)")
        #expect(context.metric("test loss") != nil)
        expectFiguresWritten(context, for: .cnn)
    }

    @Test("the same seed writes the same PNG bytes")
    func runIsDeterministic() throws {
        let a = try runFast(.cnn, seed: 7), b = try runFast(.cnn, seed: 7)
        #expect(a.metrics.map(\.value) == b.metrics.map(\.value))
        #expect(a.figures.count == Chapter.cnn.figures.count)
        for (x, y) in zip(a.figures, b.figures) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y), "\(x.lastPathComponent) differs between runs")
        }
    }

    @Test("with --data, a folder of MNIST-named 28×28 IDX files is used and the network adapts to the size")
    func runUsesMNISTFolder() throws {
        let folder = try DataFixtures.mnistFolder(height: 28, width: 28, train: 30, test: 12)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ch03-mnist-\(UUID())")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let context = RunContext(fast: true, figureDirectory: out, root: projectRoot, dataOverride: folder)
        try Chapter.cnn.run(context)
        // The fixture's 12 test images, each labelled 0–9: the run must have evaluated all of them.
        let accuracy = try #require(context.metric("test accuracy"))
        let errors = try #require(context.metric("test errors"))
        #expect(abs(errors - (1 - accuracy) * 12) < 1e-9, "test errors \(errors) and accuracy \(accuracy) must describe 12 images")
        #expect(context.metrics.first { $0.name == "test errors" }?.unit == "of 12")
        #expect(context.figures.count == Chapter.cnn.figures.count)
    }

    @Test("a run without the data files stops with an error that names the file and how to restore it")
    func runWithoutDataExplains() throws {
        let emptyRoot = FileManager.default.temporaryDirectory.appendingPathComponent("ch03-nodata-\(UUID())")
        try FileManager.default.createDirectory(at: emptyRoot, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: emptyRoot) }
        let context = RunContext(fast: true, figureDirectory: emptyRoot, root: emptyRoot)
        let error = try #require(throws: DataFileError.self) { try Chapter.cnn.run(context) }
        #expect(error.description.contains("assets/data/digits-images.idx3-ubyte is missing"))
        #expect(error.description.contains("git checkout -- assets/data"))
    }

    // MARK: Optimizers (3.9)–(3.12)

    @Test("a mini-batch gradient is the mean of the examples' gradients") func miniBatchGradientIsTheMean() {
        var rng = SeededRNG(seed: 41)
        let net = ConvNet(height: 6, width: 6, filters: 2, hidden: 5, classes: 3, rng: &rng)
        let X = Tensor(randomNormal: [4, 1, 6, 6], standardDeviation: 1, rng: &rng)
        let labels = [0, 2, 1, 2]
        func gradient(_ indices: [Int]) -> Tensor {
            let batch = Tensor(shape: [indices.count, 1, 6, 6], data: indices.flatMap { Array(X.data[($0 * 36)..<(($0 + 1) * 36)]) })
            let cache = net.forward(batch)
            return net.backward(cache, softmaxCrossEntropy(logits: cache.logits, labels: indices.map { labels[$0] }).gradient).convW
        }
        let whole = gradient([0, 1, 2, 3])
        let mean = (0..<4).map { gradient([$0]) }.reduce(Tensor(zeros: whole.shape), +).map { $0 / 4 }
        for (a, b) in zip(whole.data, mean.data) { #expect(abs(a - b) < 1e-12) }
    }

    @Test("momentum: under a constant gradient v_t = −α g (1 − μᵗ)/(1 − μ), approaching −α g/(1 − μ)")
    func momentumIsADecayingSum() {
        var opt = Momentum(learningRate: 0.1, momentum: 0.9)
        var θ = Tensor([0.0])
        var previous = 0.0
        for t in 1...30 {
            opt.update(&θ, gradient: Tensor([2.0]), slot: 0)
            let v = θ[0] - previous
            previous = θ[0]
            #expect(abs(v - (-0.1 * 2 * (1 - pow(0.9, Double(t))) / (1 - 0.9))) < 1e-12, "step \(t)")
        }
    }

    @Test("Adam: two steps by hand; bias correction makes the first step ±α whatever the size of g")
    func adamStepsAndBiasCorrection() {
        var adam = Adam(learningRate: 0.01)
        var θ = Tensor([1.0, -2.0])
        adam.update(&θ, gradient: Tensor([0.5, -4.0]), slot: 0)
        // t = 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g²: the step is α g/|g| = ±α whatever |g| is.
        #expect(abs(θ[0] - (1 - 0.01 * 0.5 / (0.5 + 1e-8))) < 1e-15)
        #expect(abs(θ[1] - (-2 + 0.01 * 4 / (4 + 1e-8))) < 1e-15)
        adam.update(&θ, gradient: Tensor([-1.0, -4.0]), slot: 0)
        // t = 2: m = 0.9·0.05 + 0.1·(−1) = −0.055, v = 0.999·0.00025 + 0.001·1 = 0.00124975,
        // m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999.
        let m̂ = -0.055 / (1 - 0.81), v̂ = 0.00124975 / (1 - 0.998001)
        let first: Double = 1 - 0.01 * 0.5 / (0.5 + 1e-8)
        let second: Double = 0.01 * m̂ / (v̂.squareRoot() + 1e-8)
        #expect(abs(θ[0] - (first - second)) < 1e-14)
        #expect(abs(θ[1] - (-2 + 0.02)) < 1e-9, "a steady gradient moves by α per step")
    }

    // MARK: Receptive field (3.13)

    @Test("receptive field: conv 3 → pool 2 → conv 3 sees 8×8 pixels, as brute force finds")
    func receptiveFieldMatchesBruteForce() {
        #expect(receptiveField([(3, 1)]) == (3, 1))
        #expect(receptiveField([(3, 1), (2, 2)]) == (4, 2))
        #expect(receptiveField([(3, 1), (2, 2), (3, 1)]) == (8, 2))
        // Brute force: which input pixels can change output (4, 4) of conv → pool → conv on a 16×16
        // image? Positive weights and inputs, so no change can cancel; a +100 pixel wins its pool window.
        var rng = SeededRNG(seed: 43)
        let conv1 = Conv2D(W: Tensor(randomNormal: [1, 1, 3, 3], standardDeviation: 1, rng: &rng).map { abs($0) + 0.1 },
                           b: Tensor([0]), padding: 1)
        let conv2 = Conv2D(W: Tensor(randomNormal: [1, 1, 3, 3], standardDeviation: 1, rng: &rng).map { abs($0) + 0.1 },
                           b: Tensor([0]), padding: 1)
        let pool = MaxPool2D(size: 2)
        let X = Tensor(randomNormal: [1, 1, 16, 16], standardDeviation: 1, rng: &rng).map { abs($0) }
        let out = { (x: Tensor) in conv2.forward(pool.forward(conv1.forward(x)).Y)[4 * 8 + 4] }
        let base = out(X)
        var rows = Set<Int>(), cols = Set<Int>()
        for r in 0..<16 {
            for c in 0..<16 {
                var Xp = X
                Xp[r * 16 + c] += 100
                if out(Xp) != base { rows.insert(r); cols.insert(c) }
            }
        }
        #expect(rows.count == 8 && cols.count == 8, "rows \(rows.sorted()), columns \(cols.sorted())")
        #expect(rows.max()! - rows.min()! + 1 == 8)
    }

    // MARK: The comparison with an MLP

    @Test("shifting a digit by one pixel moves every pixel to a new place")
    func shiftedImagesMove() {
        let set = LabelledImages(height: 2, width: 3, pixels: [1, 2, 3, 4, 5, 6], labels: [0], maxPixel: 16)
        #expect(set.shifted(dx: 1, dy: 0).pixels == [0, 1, 2, 0, 4, 5])
        #expect(set.shifted(dx: 0, dy: -1).pixels == [4, 5, 6, 0, 0, 0])
        #expect(DenseBaseline.hiddenWidth(matching: 17_258, pixels: 64, classes: 10) == 230)
    }

    @Test("CNN and MLP: both near 97 % and above after 5 epochs; one pixel of shift costs the MLP far more",
          .timeLimit(.minutes(2)))
    func cnnBeatsMLPOnShiftedDigits() throws {
        var settings = CNNSettings()
        settings.epochs = 5
        let runs = try compareOverSeeds([1, 2], settings: settings, fast: false, root: projectRoot, dataOverride: nil)
        for run in runs {
            #expect(run.cnn.accuracy >= 0.96, "seed \(run.seed): CNN \(run.cnn.accuracy)")
            #expect(run.mlp.accuracy >= 0.94, "seed \(run.seed): MLP \(run.mlp.accuracy)")
            #expect(run.cnn.shiftedAccuracy > run.mlp.shiftedAccuracy + 0.08,
                    "seed \(run.seed): shifted CNN \(run.cnn.shiftedAccuracy), MLP \(run.mlp.shiftedAccuracy)")
            #expect(run.cnn.shiftedAccuracy < 0.85, "the CNN is not shift-invariant either: \(run.cnn.shiftedAccuracy)")
            #expect(abs(Double(run.cnnParameters - run.mlpParameters)) < 0.01 * Double(run.cnnParameters))
        }
    }


    // MARK: The readable loops and the fast kernel

    @Test("Kernels.conv2dForward equals the plain loops of (3.1) bit for bit; conv2dBackward equals them to rounding",
          arguments: [(1, 1, 0), (2, 1, 1), (3, 2, 1), (2, 2, 0), (3, 3, 2)] as [(Int, Int, Int)])
    func convKernelEqualsReferenceLoops(_ setting: (F: Int, S: Int, P: Int)) {
        var rng = SeededRNG(seed: 51)
        let conv = Conv2D(inputChannels: 3, filters: 4, filterSize: setting.F, stride: setting.S,
                          padding: setting.P, rng: &rng)
        let conv2 = Conv2D(W: conv.W, b: Tensor(randomNormal: [4], standardDeviation: 1, rng: &rng),
                           stride: setting.S, padding: setting.P)
        let X = Tensor(randomNormal: [2, 3, 7, 6], standardDeviation: 1, rng: &rng)
        let Y = conv2.forward(X)
        #expect(Y == conv2.referenceForward(X), "the kernel must add the same terms in the same order")
        let dY = Tensor(randomNormal: Y.shape, standardDeviation: 1, rng: &rng)
        let fast = conv2.backward(X, dY), plain = conv2.referenceBackward(X, dY)
        for (name, a, b) in [("dX", fast.dX, plain.dX), ("dW", fast.dW, plain.dW), ("db", fast.db, plain.db)] {
            #expect(a.shape == b.shape)
            for (u, v) in zip(a.data, b.data) { #expect(abs(u - v) <= 1e-12 * max(1, abs(v)), "\(name): \(u) vs \(v)") }
        }
    }

}
