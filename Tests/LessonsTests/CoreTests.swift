import Foundation
import Testing
@testable import Lessons

@Suite("Core") struct CoreTests {
    @Test("the same seed gives the same stream") func seededRNGIsDeterministic() {
        var a = SeededRNG(seed: 42), b = SeededRNG(seed: 42), c = SeededRNG(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
    }

    @Test("uniform samples lie in [0, 1) with mean ½; normal samples have mean 0 and variance 1")
    func samplerMoments() {
        var rng = SeededRNG(seed: 9)
        let u = (0..<100_000).map { _ in rng.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 1e5 - 0.5) < 0.005)
        let z = (0..<100_000).map { _ in rng.normal() }
        let mean = z.reduce(0, +) / 1e5
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1e5
        #expect(abs(mean) < 0.01 && abs(variance - 1) < 0.02)
    }

    @Test("int(below:) covers its range evenly and a permutation holds every index once")
    func integersAndPermutations() {
        var rng = SeededRNG(seed: 10)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.int(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        #expect(rng.permutation(50).sorted() == Array(0..<50))
    }

    @Test("transposed: element [i, j] moves to [j, i], for every remainder of rows mod 4", arguments: [1, 3, 4, 6, 9])
    func transposed(_ r: Int) {
        let A = Tensor(shape: [r, 5], data: (0..<(r * 5)).map { Double($0) })
        let At = A.transposed
        #expect(At.shape == [5, r])
        for i in 0..<r { for j in 0..<5 { #expect(At[j, i] == A[i, j]) } }
    }

    @Test("sumRows: the column sums Σᵢ X[i, j]; of no rows, zeros")
    func columnSums() {
        let X = Tensor(rows: [[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, 400]])
        #expect(X.sumRows() == Tensor([111, 222, 333, 444]))
        #expect(Tensor(shape: [0, 3], data: []).sumRows() == Tensor([0, 0, 0]))
    }

    @Test("block copies the given rows and columns; setBlock writes them and nothing else")
    func blocks() {
        let A = Tensor(shape: [5, 7], data: (0..<35).map { Double($0) })
        let B = A.block(1..<4, 2..<5)
        #expect(B == Tensor(rows: [[9, 10, 11], [16, 17, 18], [23, 24, 25]]))
        var C = Tensor(zeros: [5, 7])
        C.setBlock(1..<4, 2..<5, to: B)
        for i in 0..<5 { for j in 0..<7 { #expect(C[i, j] == ((1..<4).contains(i) && (2..<5).contains(j) ? A[i, j] : 0)) } }
    }

    @Test("matmul and its transposed variants agree with the definition Σₖ AᵢₖBₖⱼ")
    func matrixProducts() {
        var rng = SeededRNG(seed: 11)
        let A = Tensor(randomNormal: [4, 3], standardDeviation: 1, rng: &rng)
        let B = Tensor(randomNormal: [3, 5], standardDeviation: 1, rng: &rng)
        let C = A.matmul(B)
        for i in 0..<4 {
            for j in 0..<5 {
                let c = (0..<3).reduce(0.0) { $0 + A[i, $1] * B[$1, j] }
                #expect(abs(C[i, j] - c) < 1e-14)
            }
        }
        #expect(A.transposed.transposedMatmul(B).data.elementsEqual(C.data) { abs($0 - $1) < 1e-14 })
        #expect(A.matmulTransposed(B.transposed).data.elementsEqual(C.data) { abs($0 - $1) < 1e-14 })
        let x = Tensor(randomNormal: [3], standardDeviation: 1, rng: &rng)
        #expect(A.matvec(x).data.elementsEqual(A.matmul(x.reshaped([3, 1])).data) { abs($0 - $1) < 1e-14 })
    }

    @Test("the gradient checker passes a right gradient and names the index of a wrong one")
    func gradientCheckerCatchesMistakes() {
        let x = Tensor([0.3, -1.2, 2.0])
        let f = { (t: Tensor) in t[0] * t[1] + t[2] * t[2] }
        let right = Tensor([x[1], x[0], 2 * x[2]])
        #expect(checkGradient("right", analytic: right, at: x, of: f).passes())
        var wrong = right
        wrong[2] = x[2]  // forgot the 2 of d(z²)/dz
        let check = checkGradient("wrong", analytic: wrong, at: x, of: f)
        #expect(!check.passes())
        #expect(check.worstIndex == 2)
        #expect(check.description.contains("index 2"))
    }

    @Test("SGD steps θ − αg; momentum accumulates velocity") func sgdAndMomentum() {
        var sgd = SGD(learningRate: 0.1)
        var θ = Tensor([1, 2])
        sgd.update(&θ, gradient: Tensor([1, -1]), slot: 0)
        #expect(θ == Tensor([0.9, 2.1]))
        var momentum = Momentum(learningRate: 0.1, momentum: 0.9)
        var φ = Tensor([0.0])
        momentum.update(&φ, gradient: Tensor([1]), slot: 0)  // v = −0.1
        momentum.update(&φ, gradient: Tensor([1]), slot: 0)  // v = −0.09 − 0.1
        #expect(abs(φ[0] - (-0.1 - 0.19)) < 1e-15)
    }

    @Test("Kernels.tanh is the C library's tanh to within 1e-15 relative, odd, ±1 far out, NaN for NaN")
    func fastTanhMatchesLibrary() {
        var worst = 0.0
        for i in 0...400_000 {
            let x = Double(i) / 10_000 - 20
            worst = max(worst, abs(Kernels.tanh(x) - Foundation.tanh(x)) / max(abs(Foundation.tanh(x)), .leastNormalMagnitude))
            #expect(Kernels.tanh(-x) == -Kernels.tanh(x))
        }
        #expect(worst < 1e-15, "largest relative difference \(worst)")
        #expect(Kernels.tanh(1e-300) == 1e-300 && Kernels.tanh(-0.0).sign == .minus)
        #expect(Kernels.tanh(30) == 1 && Kernels.tanh(-.infinity) == -1 && Kernels.tanh(.nan).isNaN)
    }

    @Test("Adam's first step is −α·sign(g)") func adaptiveOptimizers() {
        var adam = Adam(learningRate: 0.01)
        var φ = Tensor([1, 1, 1])
        adam.update(&φ, gradient: Tensor([5, -0.2, 1e-3]), slot: 0)
        #expect(φ.data.elementsEqual([0.99, 1.01, 0.99]) { abs($0 - $1) < 1e-7 })
    }

    @Test("gradient clipping rescales to the maximum norm and reports the norm before")
    func clippingRescales() {
        var gradients = [Tensor([3, 0]), Tensor([0, 4])]
        let norm = clipGradients(&gradients, maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(gradients[0][0] - 0.6) < 1e-15 && abs(gradients[1][1] - 0.8) < 1e-15)
    }

    @Test("a NaN loss stops training with the step and a hint") func nanLossStopsTraining() {
        let loop = TrainingLoop(label: "test", total: 10, sink: SilentProgress())
        #expect(throws: TrainingError.diverged(loop: "test", step: 3, loss: .infinity)) {
            try loop.step(1, loss: 1)
            try loop.step(2, loss: 0.5)
            try loop.step(3, loss: .infinity)
        }
        let message = TrainingError.diverged(loop: "x", step: 3, loss: .nan).description
        #expect(message.contains("step 3") && message.contains("learning rate"))
    }

    @Test("chapters are found by id, number and name") func chapterLookup() {
        for name in ["ch01", "1", "01", "neurons", "CH01"] { #expect(Course.chapter(named: name)?.number == 1) }
        #expect(Course.chapter(named: "ch99") == nil)
        #expect(Course.chapter(named: "0") == nil)
    }
}
