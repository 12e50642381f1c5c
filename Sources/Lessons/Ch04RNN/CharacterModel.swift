import Foundation

/// The gradients of a `CharacterModel`: its recurrent layer's and its output layer's.
public struct CharacterModelGradients<Layer: RecurrentLayer>: Sendable {
    public var layer: Layer.Gradients
    /// ∂L/∂W_hyᵀ (H × V) and ∂L/∂b_y (V), in the output `Dense`'s layout.
    public var dWhy: Tensor, dby: Tensor

    /// Every weight gradient in one list, for clipping by the joint norm.
    public var all: [Tensor] {
        get { layer.parameters + [dWhy, dby] }
        set {
            let n = newValue.count
            layer.parameters = Array(newValue[0..<(n - 2)])
            (dWhy, dby) = (newValue[n - 2], newValue[n - 1])
        }
    }
}

/// One forward and backward pass over a training sequence.
public struct CharacterModelStep<Layer: RecurrentLayer>: Sendable {
    /// The mean cross-entropy per character, in nats.
    public var loss: Double
    public var gradients: CharacterModelGradients<Layer>
    /// The state after the last character, carried into the next sequence.
    public var last: Layer.State
}

/// A character-level language model (as in Karpathy's min-char-rnn): a recurrent layer reads the
/// text one character at a time and an output layer turns each h_t into scores y_t for the next
/// character,
///
/// ```
/// y_t = W_hy h_t + b_y,   p_t = softmax(y_t)                 equation (4.2)
/// L = −(1/T) Σ_t log p_t[c_{t+1}]                            equation (4.3)
/// ```
///
/// The output layer is chapter 1's `Dense` applied to all T hidden states at once (the rows of a
/// T × H matrix). `Dense` stores its weight as inputs × outputs, that is W_hyᵀ (H × V), so that
/// Y = H_seq W_hyᵀ + b_y has row t equal to y_tᵀ.
public struct CharacterModel<Layer: RecurrentLayer>: Sendable {
    public var layer: Layer
    public var output: Dense

    /// The output weights start as N(0, 0.01²), like min-char-rnn's.
    public init(layer: Layer, rng: inout SeededRNG) {
        self.layer = layer
        output = Dense(inputs: layer.hiddenSize, outputs: layer.inputSize, initialization: .normal(0.01), rng: &rng)
    }

    public init(layer: Layer, output: Dense) {
        self.layer = layer
        self.output = output
    }

    /// V, the number of characters.
    public var vocabularySize: Int { layer.inputSize }

    // listing: char-model-loss
    /// The loss of predicting `targets` (each input's next character) and every gradient.
    public func loss(inputs: [Int], targets: [Int], from state: Layer.State) -> CharacterModelStep<Layer> {
        let (hs, last, cache) = layer.forward(inputs, from: state)    // (T, H)
        let y = output.forward(hs)                                    // (T, H)(H, V) → (T, V)   (4.2)
        let L = softmaxCrossEntropy(logits: y, labels: targets)       // (4.3); ∂L/∂y_t (4.4)
        let (dhs, dWhy, dby) = output.backward(hs, L.gradient)        // (T, V) → (T, H)
        let layerGradients = layer.backward(dhs, cache)               // BPTT, (4.5)–(4.7)
        return CharacterModelStep(loss: L.loss, gradients: CharacterModelGradients(
            layer: layerGradients, dWhy: dWhy, dby: dby), last: last)
    }
    // end listing

    /// The mean loss per character of predicting each character of `text` from the ones before,
    /// read in chunks of `length` with the state carried across (no gradients).
    public func meanLoss(on text: ArraySlice<Int>, chunk length: Int) -> Double {
        var state = layer.initialState
        var total = 0.0
        var count = 0
        var p = text.startIndex
        while p + 1 < text.endIndex {
            let end = min(p + length, text.endIndex - 1)
            let inputs = Array(text[p..<end]), targets = Array(text[(p + 1)...end])
            let (hs, last, _) = layer.forward(inputs, from: state)
            total += softmaxCrossEntropy(logits: output.forward(hs), labels: targets).loss * Double(inputs.count)
            count += inputs.count
            state = last
            p = end
        }
        return count > 0 ? total / Double(count) : .nan
    }

    /// Reads one character: the state after it and the scores y for the character after it.
    public func next(_ x: Int, _ state: Layer.State) -> (logits: Tensor, state: Layer.State) {
        let s = layer.step(x, state)
        let h = Layer.hidden(of: s)
        return (output.forward(h.reshaped([1, h.count])).reshaped([vocabularySize]), s)
    }

    /// One optimizer step on every weight (the layer's slots first, then W_hy and b_y).
    public mutating func update(_ g: CharacterModelGradients<Layer>, with optimizer: inout some Optimizer) {
        layer.update(g.layer, with: &optimizer, firstSlot: 0)
        let slot = g.layer.parameters.count
        optimizer.update(&output.W, gradient: g.dWhy, slot: slot)
        optimizer.update(&output.b, gradient: g.dby, slot: slot + 1)
    }
}
