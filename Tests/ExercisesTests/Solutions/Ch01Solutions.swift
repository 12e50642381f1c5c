// Reference solutions for chapter 1's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch01Reference {
    /// σ as one node: the local derivative σ(1 − σ) reuses the forward value.
    static func sigmoid(_ x: Value) throws -> Value {
        let s = Lessons.sigmoid(x.data)
        return Value(s, parents: [(x, s * (1 - s))], op: "σ")
    }

    /// L = max(z, 0) − z y + log(1 + e^(−|z|)) is the same function as −[y log σ(z) + (1 − y) log(1 − σ(z))],
    /// rearranged so no exponential can overflow; dL/dz = σ(z) − y.
    static func binaryCrossEntropyWithLogits(z: Double, y: Double) throws -> (loss: Double, dz: Double) {
        (max(z, 0) - z * y + log1p(exp(-abs(z))), Lessons.sigmoid(z) - y)
    }

    static func huberLoss(prediction: Tensor, target: Tensor, delta δ: Double) throws -> LossAndGradient {
        var loss = 0.0
        var gradient = Tensor(zeros: prediction.shape)
        for i in 0..<prediction.count {
            let r = prediction[i] - target[i]
            if abs(r) <= δ {
                loss += 0.5 * r * r
                gradient[i] = r
            } else {
                loss += δ * (abs(r) - 0.5 * δ)
                gradient[i] = r > 0 ? δ : -δ
            }
        }
        return LossAndGradient(loss: loss, gradient: gradient)
    }

    /// a/b = a·b⁻¹: ∂/∂a = 1/b, ∂/∂b = −a/b². With a and b the same node, backward() adds both paths.
    static func divide(_ a: Value, _ b: Value) throws -> Value {
        Value(a.data / b.data, parents: [(a, 1 / b.data), (b, -a.data / (b.data * b.data))], op: "÷")
    }
}
