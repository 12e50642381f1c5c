import Foundation
import Lessons

/// The inner loops the chapters spend their time in.
struct Kernels {
    let runs: Int

    func measure(into report: inout Report) throws {
        print("Kernels")
        var rng = SeededRNG(seed: 1)
        for (m, k, n) in [(128, 64, 64), (200, 16, 16), (256, 256, 256)] {
            let A = Tensor(randomNormal: [m, k], standardDeviation: 1, rng: &rng)
            let B = Tensor(randomNormal: [k, n], standardDeviation: 1, rng: &rng)
            var sink = 0.0
            let t = timings(runs: runs) { for _ in 0..<10 { sink += A.matmul(B)[0] } }.map { $0 / 10 }
            report.add("matmul \(m)×\(k) · \(k)×\(n)", t) { String(format: "%.2f GFLOP/s", 2.0 * Double(m * k * n) / $0 / 1e9) }
            blackHole(sink)
        }
        try chapterKernels(into: &report, rng: &rng)
    }

    /// One forward and backward of each chapter's layer, at the sizes the chapters train with.
    private func chapterKernels(into report: inout Report, rng: inout SeededRNG) throws {
        // Chapter 3: a batch of 32 digits through 16 3×3 filters, padding 1.
        let conv = Conv2D(inputChannels: 1, filters: 16, filterSize: 3, padding: 1, rng: &rng)
        let images = Tensor(randomNormal: [32, 1, 8, 8], standardDeviation: 1, rng: &rng)
        let convOut = conv.forward(images)
        let flops = 2.0 * 32 * 16 * 64 * 9
        report.add("conv forward, 32×1×8×8 → 32×16×8×8", timings(runs: runs) { blackHole(conv.forward(images)[0]) }) {
            String(format: "%.0f images/s, %.2f GFLOP/s", 32 / $0, flops / $0 / 1e9)
        }
        report.add("conv backward, same sizes", timings(runs: runs) { blackHole(conv.backward(images, convOut).dX[0]) }) {
            String(format: "%.0f images/s", 32 / $0)
        }

        // Chapters 4 and 5: a 25-character sequence, 65 symbols, H = 100.
        let xs = (0..<25).map { _ in rng.int(below: 65) }
        let rnn = RNN(inputSize: 65, hiddenSize: 100, rng: &rng)
        let (hs, _, rnnCache) = rnn.forward(xs, from: Tensor(zeros: [100]))
        report.add("RNN forward + backward, T = 25, H = 100", timings(runs: runs) {
            let (hs, _, cache) = rnn.forward(xs, from: Tensor(zeros: [100]))
            blackHole(rnn.backward(hs, cache).parameters[0][0])
        }) { String(format: "%.0f sequences/s (%.1f µs per time step)", 1 / $0, $0 / 25 * 1e6) }
        blackHole(rnn.backward(hs, rnnCache).parameters[0][0])
        let lstm = LSTM(inputSize: 65, hiddenSize: 100, rng: &rng)
        let start = LSTMState(h: Tensor(zeros: [100]), c: Tensor(zeros: [100]))
        report.add("LSTM forward + backward, T = 25, H = 100", timings(runs: runs) {
            let (hs, _, cache) = lstm.forward(xs, from: start)
            blackHole(lstm.backward(hs, cache).parameters[0][0])
        }) { String(format: "%.0f sequences/s (%.1f µs per time step)", 1 / $0, $0 / 25 * 1e6) }

        // Chapter 7: one head over 8 positions with d_k = 16, and over 128 positions with d_k = 64.
        for (T, d) in [(8, 16), (128, 64)] {
            let Q = Tensor(randomNormal: [T, d], standardDeviation: 1, rng: &rng)
            let K = Tensor(randomNormal: [T, d], standardDeviation: 1, rng: &rng)
            let V = Tensor(randomNormal: [T, d], standardDeviation: 1, rng: &rng)
            report.add("attention forward + backward, T = \(T), d_k = \(d)", timings(runs: runs) {
                let cache = attention(Q: Q, K: K, V: V, mask: .causal)
                blackHole(attentionBackward(cache, V).dQ[0])
            }) { String(format: "%.2f GFLOP/s", 3 * 4.0 * Double(T * T * d) / $0 / 1e9) }
        }
    }
}

/// Keeps a result alive so the optimizer cannot delete the work that produced it.
@inline(never) func blackHole(_ x: Double) {
    if x == .infinity * 0 { print(x) }
}
