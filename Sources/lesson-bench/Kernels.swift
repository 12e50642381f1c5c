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
    }
}

/// Keeps a result alive so the optimizer cannot delete the work that produced it.
@inline(never) func blackHole(_ x: Double) {
    if x == .infinity * 0 { print(x) }
}
