import Foundation

// listing: value-training-step
/// One step of gradient descent on the moons with the autograd engine.
/// L = (1/2N) Σₙ (ŷₙ − yₙ)², the mean form of equation (1.3).
public func autogradStep(_ model: ValueMLP, _ data: TwoMoons, learningRate α: Double) -> Double {
    let N = data.y.count
    var sum = Value(0)
    for n in 0..<N {
        let ŷ = model([Value(data.X[n, 0]), Value(data.X[n, 1])])[0]
        let r = ŷ - data.y[n]
        sum = sum + r * r
    }
    let L = sum * (0.5 / Double(N))
    for p in model.parameters { p.grad = 0 }  // zero, or this step adds to the last one's gradients
    L.backward()
    for p in model.parameters { p.data -= α * p.grad }
    return L.data
}
// end listing

// listing: mlp-training-step
/// The same step with the hand-written backward pass: forward, ∂L/∂ŷ = (ŷ − y)/N, backward, update.
public func handWrittenStep(_ model: inout MLP, _ data: TwoMoons, optimizer: inout SGD) -> Double {
    let N = data.y.count
    let cache = model.forward(data.X)
    let y = Tensor(shape: [N, 1], data: data.y)
    let mse = meanSquaredError(prediction: cache.output, target: y)
    let gradients = model.backward(cache, (1 / Double(N)) * mse.gradient)
    model.update(gradients, with: &optimizer)
    return mse.loss / Double(N)
}
// end listing

/// The fraction of points whose predicted sign matches the label.
public func signAccuracy(_ model: MLP, _ data: TwoMoons) -> Double {
    let ŷ = model.forward(data.X).output
    let correct = zip(ŷ.data, data.y).filter { ($0 > 0) == ($1 > 0) }.count
    return Double(correct) / Double(data.y.count)
}
