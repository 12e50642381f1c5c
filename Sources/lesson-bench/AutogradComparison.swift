import Foundation
import Lessons

/// Chapter 1's scalar-autograd MLP against the same training in micrograd.
struct AutogradComparison {
    let runs: Int
    let peers: Peers?

    func measure(into report: inout Report) throws {
        print("Autograd MLP (2-16-16-1 ReLU, 200 two-moons points, full-batch gradient descent)")
        var rng = SeededRNG(seed: 42)
        let data = TwoMoons(count: 200, noise: 0.12, rng: &rng)
        let mlp = MLP(sizes: [2, 16, 16, 1], hidden: .relu, initialization: .he, rng: &rng)
        let α = 0.05
        let steps = 20
        let t = timings(runs: runs) {
            let model = ValueMLP(copying: mlp)
            for _ in 0..<steps { _ = autogradStep(model, data, learningRate: α) }
        }.map { $0 / Double(steps) }
        report.add("autograd MLP step (Value engine)", t) { String(format: "%.0f steps/s", 1 / $0) }

        guard let peers else { return }
        let peerSteps = 2
        let spec = specification(data: data, mlp: mlp, learningRate: α)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-moons.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: file)
        let result = try peers.json("micrograd_mlp.py", [file.path, String(peerSteps)])
        guard let peerSeconds = result["seconds_per_step"] as? Double, let peerLoss = result["loss"] as? Double else {
            throw Peers.PeerError.failed("micrograd_mlp.py", "\(result)")
        }
        // Same weights, data and steps: the losses must agree, or the comparison is not like for like.
        let model = ValueMLP(copying: mlp)
        var ours = 0.0
        for _ in 0..<peerSteps { ours = autogradStep(model, data, learningRate: α) }
        report.add("autograd MLP step (micrograd, Python)", [peerSeconds]) { String(format: "%.2f steps/s", 1 / $0) }
        let ratio = peerSeconds / median(t)
        report.targets.append(.init(name: "autograd MLP vs micrograd (loss after \(peerSteps) steps: \(String(format: "%.12f", ours)) vs \(String(format: "%.12f", peerLoss)))",
                                    measured: String(format: "%.0f×", ratio), goal: "≥ 100×",
                                    met: ratio >= 100 && abs(ours - peerLoss) < 1e-9))
    }

    private func specification(data: TwoMoons, mlp: MLP, learningRate: Double) -> [String: Any] {
        [
            "x": (0..<data.y.count).map { [data.X[$0, 0], data.X[$0, 1]] },
            "y": data.y,
            "weights": mlp.layers.map { layer in (0..<layer.W.rows).map { i in (0..<layer.W.cols).map { layer.W[i, $0] } } },
            "biases": mlp.layers.map { $0.b.data },
            "learning_rate": learningRate,
        ]
    }
}
