// Chapter 1 exercises — neurons, loss and backpropagation.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch01Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: sigmoid-value
/// σ as a new operation of the autograd engine.
///
/// Return a `Value` holding σ(x) = 1 / (1 + e⁻ˣ) whose parent is `x` with the local derivative
/// ∂σ/∂x, so that `backward()` works through it. Build it as one node (see how `tanh()` is
/// written in Sources/Lessons/Autograd/Value.swift), not from `exp`, `+` and `/`.
public func sigmoid(_ x: Value) throws -> Value {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: bce-with-logits
/// Binary cross-entropy computed from the logit z instead of the probability p = σ(z).
///
/// Return L = −[y log σ(z) + (1 − y) log(1 − σ(z))] and dL/dz, for y ∈ [0, 1]. It must stay
/// finite for z = ±1000, where σ(z) rounds to exactly 0 or 1 in `Double`.
public func binaryCrossEntropyWithLogits(z: Double, y: Double) throws -> (loss: Double, dz: Double) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: huber
/// The Huber loss, summed over all elements, with its gradient with respect to the prediction:
///
///     r = ŷ − y;   L(r) = ½ r²             if |r| ≤ δ
///                  L(r) = δ (|r| − ½ δ)     otherwise
///
/// Quadratic like MSE near the target, linear like |r| far from it, so one outlier cannot
/// dominate the gradient.
public func huberLoss(prediction: Tensor, target: Tensor, delta: Double) throws -> LossAndGradient {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: value-division
/// a / b as a new operation of the autograd engine — one node with *two* parents.
///
/// Return a `Value` holding a / b whose parents are `a` and `b`, each with its local derivative
/// ∂(a/b)/∂a and ∂(a/b)/∂b, so that `backward()` works through it. It must also work when one
/// node is both parents, as in x / x (whose derivative is 0): `backward()` adds the two paths.
public func divide(_ a: Value, _ b: Value) throws -> Value {
    throw ExerciseError.notAttempted
}
// end exercise
