/// What the recurrent layers of chapters 4 and 5 have in common, so that one character model, one
/// sampler, one training loop and one memory task serve both the RNN and the LSTM.
///
/// A layer reads B sequences of symbols side by side (a `SymbolBatch`; each symbol an index into a
/// vocabulary of `inputSize`, standing for a one-hot vector) and produces a hidden vector h_t of
/// size `hiddenSize` for every sequence after every step. Its `State` is what it carries from one
/// step to the next, one row per sequence: H (B × H) for the RNN, (H, C) for the LSTM.
public protocol RecurrentLayer: Sendable {
    associatedtype State: Sendable
    associatedtype Cache: Sendable
    associatedtype Gradients: RecurrentGradients

    /// V, the number of distinct input symbols.
    var inputSize: Int { get }
    /// H, the size of h_t.
    var hiddenSize: Int { get }
    /// The state before the first step, zeros, for B sequences.
    func initialState(batch: Int) -> State
    /// The hidden vectors of a state, one row per sequence (B × H).
    static func hidden(of state: State) -> Tensor

    /// All T steps of all B sequences: every h_t as the rows of a (T·B × H) matrix, row t·B + b for
    /// sequence b, the state after the last step (to carry into the next window of text), and what
    /// `backward` needs.
    func forward(_ x: SymbolBatch, from state: State) -> (hs: Tensor, last: State, cache: Cache)

    /// Backpropagation through time: given ∂L/∂h_t for every step and sequence as a (T·B × H)
    /// matrix — the part that reaches each h_t directly from its own output — returns the gradients
    /// of every weight.
    func backward(_ dhs: Tensor, _ cache: Cache) -> Gradients

    /// The weights, in the same order as `Gradients.parameters`.
    var parameters: [Tensor] { get set }
}

/// The gradients a recurrent layer's backward pass returns.
public protocol RecurrentGradients: Sendable {
    /// The weight gradients as one list, in the order of the layer's `parameters`.
    var parameters: [Tensor] { get set }
    /// ∂L/∂h_t for every step (T·B × H): everything that reaches h_t, from its own output and
    /// from all later steps. Its norm going back in time shows whether gradients vanish.
    var dh: Tensor { get }
}

/// The one-hot vector of symbol i among n: all zeros except a 1 at index i.
public func oneHot(_ i: Int, count n: Int) -> Tensor {
    precondition((0..<n).contains(i), "symbol \(i) outside a vocabulary of \(n)")
    var v = Tensor(zeros: [n])
    v[i] = 1
    return v
}
