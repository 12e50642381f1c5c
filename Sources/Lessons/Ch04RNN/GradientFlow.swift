import Foundation

extension CharacterModel {
    // listing: loss-at-end
    /// The loss of predicting `target` after the last input only, with every gradient: what the
    /// memory task of chapter 5 trains, and what shows how far back in time a gradient reaches.
    public func lossAtEnd(inputs: [Int], target: Int, from state: Layer.State) -> CharacterModelStep<Layer> {
        let (hs, last, cache) = layer.forward(inputs, from: state)   // (T, H)
        let (T, H) = (inputs.count, layer.hiddenSize)
        let hT = hs.row(T - 1).reshaped([1, H])                      // only h_T is scored
        let L = softmaxCrossEntropy(logits: output.forward(hT), labels: [target])
        let (dhT, dWhy, dby) = output.backward(hT, L.gradient)
        var dhs = Tensor(zeros: [T, H])                              // ∂L/∂h_t reaches t < T only
        dhs.data.replaceSubrange(((T - 1) * H)..<(T * H), with: dhT.data)   // through the recurrence
        return CharacterModelStep(loss: L.loss, gradients: CharacterModelGradients(
            layer: layer.backward(dhs, cache), dWhy: dWhy, dby: dby), last: last)
    }
    // end listing

    /// The most likely symbol after reading `inputs` from the initial state.
    public func predictAtEnd(_ inputs: [Int]) -> Int {
        let (hs, _, _) = layer.forward(inputs, from: layer.initialState)
        let y = output.forward(hs.row(inputs.count - 1).reshaped([1, layer.hiddenSize]))
        return y.data.indices.max { y.data[$0] < y.data[$1] } ?? 0
    }

    /// ‖∂L/∂h_t‖ for k = 0, 1, … steps back from the end of each window, where L is the loss of
    /// predicting the character after the window. Averaged over the windows as a geometric mean
    /// (the mean of the logs), because the norms span many orders of magnitude.
    public func gradientNormsThroughTime(windows: [[Int]], targets: [Int]) -> [Double] {
        guard let T = windows.first?.count else { return [] }
        var logSum = [Double](repeating: 0, count: T)
        for (window, target) in zip(windows, targets) {
            let dh = lossAtEnd(inputs: window, target: target, from: layer.initialState).gradients.layer.dh
            for k in 0..<T {
                let norm = dh.row(T - 1 - k).norm()
                logSum[k] += log(max(norm, Double.leastNormalMagnitude))
            }
        }
        return logSum.map { exp($0 / Double(windows.count)) }
    }
}
