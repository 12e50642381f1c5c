// Chapter 2 exercises — activation functions and their derivatives.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch02Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: elu
/// ELU, the exponential linear unit, and its derivative:
///
///     ELU(x) = x              if x > 0
///     ELU(x) = α (eˣ − 1)     otherwise
///
/// Return both ELU(x) and dELU/dx. At x = 0 take the second branch, so the derivative there is
/// α (PyTorch makes the same choice).
public func elu(_ x: Double, alpha: Double) throws -> (y: Double, dydx: Double) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: softmax-jvp
/// The softmax Jacobian times a vector, J v, without building the n × n matrix J.
///
/// `p` is a softmax output and `v` any vector of the same length. J = diag(p) − p pᵀ, so J v
/// needs only O(n) work: find the formula, don't form J.
public func softmaxJacobianTimes(_ p: Tensor, _ v: Tensor) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: log-softmax
/// log softmax of every row of a matrix of scores: log pᵢ = zᵢ − log Σⱼ exp(zⱼ).
///
/// It must stay finite for rows such as [1000, 1001, 1002] and [−1000, 0, 1000], where the
/// naive log(softmax(z)) gives NaN or −∞.
public func logSoftmax(_ z: Tensor) throws -> Tensor {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: gain-for-depth
/// The weight gain g that keeps the error ‖δ_l‖ the same size from layer to layer in a deep
/// network of the given activation, with weights drawn with standard deviation σ_w = g/√n.
///
/// Measure, don't guess: `probeDeepNetwork(DepthSetup(activation, gain: g, .normal(1 / √n)), depth:
/// 10, rng: &rng)` builds such a network (n = 64 by default) and its `measuredFactors` are
/// ‖δ_l‖/‖δ_{l+1}‖ for every layer; `geometricMean` gives the typical one. Find the g for which it
/// is 1 — the factor grows with g, so a bisection on g between 0.5 and 64 works. Within 10 % is
/// enough.
public func gainKeepingGradientNorm(activation: Activation) throws -> Double {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: dead-relu
/// The units of the ReLU layer Z = XW + b that are dead on the batch X: those whose
/// pre-activation Z[n, j] is ≤ 0 for *every* row n. For them ReLU'(Z[n, j]) = 0 for every example
/// (the course takes ReLU'(0) = 0), so ∂L/∂W[·, j] and ∂L/∂b[j] are 0 whatever the loss.
/// Return their column indices j in increasing order.
public func deadReLUUnits(_ layer: Dense, on X: Tensor) throws -> [Int] {
    throw ExerciseError.notAttempted
}
// end exercise
