// listing: softmax-jacobian
/// The Jacobian of the softmax, J[i][j] = ∂pᵢ/∂zⱼ = pᵢ(1[i = j] − pⱼ), i.e. J = diag(p) − p pᵀ.
/// Equation (2.8).
public func softmaxJacobian(_ p: Tensor) -> Tensor {
    let n = p.count
    var J = Tensor(zeros: [n, n])
    for i in 0..<n {
        for j in 0..<n {
            J[i, j] = (i == j ? p[i] : 0) - p[i] * p[j]
        }
    }
    return J
}
// end listing
