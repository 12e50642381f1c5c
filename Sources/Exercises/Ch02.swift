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
