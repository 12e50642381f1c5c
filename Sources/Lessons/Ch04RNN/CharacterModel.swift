import Foundation

/// The gradients of a `CharacterModel`: its recurrent layer's and its output layer's.
public struct CharacterModelGradients<Layer: RecurrentLayer>: Sendable {
    public var layer: Layer.Gradients
    /// ∂L/∂W_hyᵀ (H × V) and ∂L/∂b_y (V), in the output `Dense`'s layout.
    public var dWhy: Tensor, dby: Tensor

    /// Every weight gradient in one list, in the order of `CharacterModel.parameters`.
    public var all: [Tensor] {
        get { layer.parameters + [dWhy, dby] }
        set {
            let n = newValue.count
            layer.parameters = Array(newValue[0..<(n - 2)])
            (dWhy, dby) = (newValue[n - 2], newValue[n - 1])
        }
    }
}

/// One forward and backward pass over a batch of training sequences.
public struct CharacterModelStep<Layer: RecurrentLayer>: Sendable {
    /// The mean cross-entropy per character, in nats.
    public var loss: Double
    public var gradients: CharacterModelGradients<Layer>
    /// The state after the last character of each sequence, carried into the next window.
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
/// The output layer is chapter 1's `Dense` applied to all hidden states at once (the T·B rows of
/// the layer's output). `Dense` stores its weight as inputs × outputs, that is W_hyᵀ (H × V), so
/// that Y = H W_hyᵀ + b_y has one row y_tᵀ per character read.
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

    /// Every weight, the layer's first, then W_hyᵀ and b_y: what the optimiser updates.
    public var parameters: [Tensor] {
        get { layer.parameters + [output.W, output.b] }
        set {
            let n = newValue.count
            layer.parameters = Array(newValue[0..<(n - 2)])
            (output.W, output.b) = (newValue[n - 2], newValue[n - 1])
        }
    }

    /// The number of weights.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    // listing: char-model-loss
    /// The loss of predicting `targets` (each input's next character) for B sequences at once, and
    /// every gradient. The mean in (4.3) runs over all T·B predicted characters.
    public func loss(_ inputs: SymbolBatch, targets: SymbolBatch, from state: Layer.State) -> CharacterModelStep<Layer> {
        let (hs, last, cache) = layer.forward(inputs, from: state)       // (T·B, H)
        let y = output.forward(hs)                                       // (T·B, H)(H, V) → (T·B, V)   (4.2)
        let L = softmaxCrossEntropy(logits: y, labels: targets.symbols)  // (4.3); ∂L/∂y_t (4.4)
        let (dhs, dWhy, dby) = output.backward(hs, L.gradient)           // (T·B, V) → (T·B, H)
        let layerGradients = layer.backward(dhs, cache)                  // BPTT, (4.5)–(4.7)
        return CharacterModelStep(loss: L.loss, gradients: CharacterModelGradients(
            layer: layerGradients, dWhy: dWhy, dby: dby), last: last)
    }
    // end listing

    /// One sequence: `loss` for a batch of one.
    public func loss(inputs: [Int], targets: [Int], from state: Layer.State) -> CharacterModelStep<Layer> {
        loss(SymbolBatch(inputs), targets: SymbolBatch(targets), from: state)
    }

    /// The mean loss per character, in nats, of predicting every character of each block from the
    /// ones before it in the block (all but the first), each block read from the initial state:
    /// the held-out score every language model of the course reports (see `HeldOutSplit`).
    public func meanLoss(on blocks: [[Int]]) -> Double {
        var total = 0.0, count = 0
        // Blocks of equal length are read side by side, as one batch: the same numbers, faster.
        for (length, group) in Dictionary(grouping: blocks, by: \.count).sorted(by: { $0.key < $1.key }) where length > 1 {
            let inputs = SymbolBatch(group.map { Array($0.dropLast()) })
            let targets = SymbolBatch(group.map { Array($0.dropFirst()) })
            let (hs, _, _) = layer.forward(inputs, from: layer.initialState(batch: group.count))
            total += softmaxCrossEntropy(logits: output.forward(hs), labels: targets.symbols).loss * Double(hs.rows)
            count += hs.rows
        }
        return count > 0 ? total / Double(count) : .nan
    }

    /// Reads one character: the state after it and the scores y for the character after it.
    public func next(_ x: Int, _ state: Layer.State) -> (logits: Tensor, state: Layer.State) {
        let (hs, last, _) = layer.forward(SymbolBatch([x]), from: state)
        return (output.forward(hs).reshaped([vocabularySize]), last)
    }
}
