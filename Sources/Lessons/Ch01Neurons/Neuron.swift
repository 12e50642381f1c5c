// listing: neuron
/// A single neuron's pre-activation: a weighted sum of its inputs plus a bias,
/// z = Σᵢ wᵢxᵢ + b = w·x + b   — equation (1.1).
public func neuron(weights w: [Double], bias b: Double, input x: [Double]) -> Double {
    precondition(w.count == x.count, "a neuron with \(w.count) weights got \(x.count) inputs")
    var z = b
    for i in w.indices { z += w[i] * x[i] }
    return z
}
// end listing
