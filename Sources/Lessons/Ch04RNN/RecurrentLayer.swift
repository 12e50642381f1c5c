/// What the recurrent layers of chapters 4 and 5 have in common, so that one character model, one
/// sampler, one training loop and one memory task serve both the RNN and the LSTM.
///
/// A layer reads a sequence of symbols x₁ … x_T (indices into a vocabulary of `inputSize`, each
/// standing for a one-hot vector) and produces a hidden vector h_t of size `hiddenSize` after
/// every step. Its `State` is what it carries from one step to the next: h for the RNN, (h, c)
/// for the LSTM.
public protocol RecurrentLayer: Sendable {
    associatedtype State: Sendable
    associatedtype Cache: Sendable
    associatedtype Gradients: RecurrentGradients

    /// V, the number of distinct input symbols.
    var inputSize: Int { get }
    /// H, the size of h_t.
    var hiddenSize: Int { get }
    /// The state before the first step (zeros).
    var initialState: State { get }
    /// The hidden vector h of a state.
    static func hidden(of state: State) -> Tensor

    /// One step, written to read like the equations: the state after reading symbol `x`.
    func step(_ x: Int, _ state: State) -> State

    /// All T steps at once, as fast as we can make them. Returns every h_t as the rows of a
    /// (T × H) matrix, the state after the last step (to carry into the next sequence), and what
    /// `backward` needs.
    func forward(_ xs: [Int], from state: State) -> (hs: Tensor, last: State, cache: Cache)

    /// Backpropagation through time: given ∂L/∂h_t for every step as a (T × H) matrix — the part
    /// that reaches each h_t directly from its own output — returns the gradients of every weight.
    func backward(_ dhs: Tensor, _ cache: Cache) -> Gradients

    /// Applies one optimizer step to every weight, using optimizer slots `firstSlot` onwards.
    mutating func update(_ gradients: Gradients, with optimizer: inout some Optimizer, firstSlot: Int)
}

/// The gradients a recurrent layer's backward pass returns.
public protocol RecurrentGradients: Sendable {
    /// The weight gradients as one list (for clipping by their joint norm), in a fixed order.
    var parameters: [Tensor] { get set }
    /// ∂L/∂h_t for every step (T × H): everything that reaches h_t, from its own output and
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
