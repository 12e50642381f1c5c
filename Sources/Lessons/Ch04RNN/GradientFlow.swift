import Foundation

extension CharacterModel {
    // listing: loss-at-end
    /// The loss of predicting `targets[b]` after the last input of sequence b only, for B sequences
    /// at once, with every gradient: what the memory task of chapter 5 trains, and what shows how
    /// far back in time a gradient reaches.
    public func lossAtEnd(_ inputs: SymbolBatch, targets: [Int], from state: Layer.State) -> CharacterModelStep<Layer> {
        let (hs, last, cache) = layer.forward(inputs, from: state)            // (T·B, H)
        let (T, B, H) = (inputs.length, inputs.batch, layer.hiddenSize)
        let hT = Tensor(shape: [B, H], data: Array(hs.data[((T - 1) * B * H)...]))   // only h_T is scored
        let L = softmaxCrossEntropy(logits: output.forward(hT), labels: targets)
        let (dhT, dWhy, dby) = output.backward(hT, L.gradient)
        var dhs = Tensor(zeros: [T * B, H])                                   // ∂L/∂h_t reaches t < T only
        dhs.data.replaceSubrange(((T - 1) * B * H)..<(T * B * H), with: dhT.data)   // through the recurrence
        return CharacterModelStep(loss: L.loss, gradients: CharacterModelGradients(
            layer: layer.backward(dhs, cache), dWhy: dWhy, dby: dby), last: last)
    }
    // end listing

    /// One sequence: `lossAtEnd` for a batch of one.
    public func lossAtEnd(inputs: [Int], target: Int, from state: Layer.State) -> CharacterModelStep<Layer> {
        lossAtEnd(SymbolBatch(inputs), targets: [target], from: state)
    }

    /// The most likely symbol after the last input of each sequence, read from the initial state.
    public func predictAtEnd(_ inputs: SymbolBatch) -> [Int] {
        let (hs, _, _) = layer.forward(inputs, from: layer.initialState(batch: inputs.batch))
        let (T, B, H) = (inputs.length, inputs.batch, layer.hiddenSize)
        let y = output.forward(Tensor(shape: [B, H], data: Array(hs.data[((T - 1) * B * H)...])))
        return (0..<B).map { b in (0..<vocabularySize).max { y[b, $0] < y[b, $1] } ?? 0 }
    }

    /// ‖∂L/∂h_t‖ (or another per-step gradient `of` the layer's gradients, such as the LSTM's
    /// ∂L/∂c_t) for k = 0, 1, … steps back from the end of each window, where L is the loss of
    /// predicting the symbol after the window. Averaged over the windows as a geometric mean (the
    /// mean of the logs), because the norms span many orders of magnitude.
    public func gradientNormsThroughTime(windows: [[Int]], targets: [Int],
                                         of gradient: (Layer.Gradients) -> Tensor = { $0.dh }) -> [Double] {
        guard let T = windows.first?.count else { return [] }
        let B = windows.count
        let g = gradient(lossAtEnd(SymbolBatch(windows), targets: targets,
                                   from: layer.initialState(batch: B)).gradients.layer)
        let H = g.cols
        // The batch loss is a mean over the B windows; B · ∂L/∂h is each window's own gradient.
        return (0..<T).map { k in
            let t = T - 1 - k
            let logSum = (0..<B).reduce(0.0) { sum, b in
                let row = g.data[((t * B + b) * H)..<((t * B + b + 1) * H)]
                let norm = (row.reduce(0) { $0 + $1 * $1 }).squareRoot() * Double(B)
                return sum + log(max(norm, Double.leastNormalMagnitude))
            }
            return exp(logSum / Double(B))
        }
    }
}
