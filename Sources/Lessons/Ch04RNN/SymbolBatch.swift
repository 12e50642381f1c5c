/// B sequences of T symbols each, read side by side: what a recurrent layer's `forward` takes.
///
/// Stored time-major, `symbols[t · B + b]` = symbol t of sequence b, so that the B symbols read at
/// one step are together, like the B rows of the hidden-state matrix H_t (B × H) they update.
public struct SymbolBatch: Sendable, Equatable {
    /// B, the number of sequences.
    public let batch: Int
    /// T, the symbols per sequence.
    public let length: Int
    /// Time-major: symbols[t · B + b].
    public let symbols: [Int]

    /// B sequences of equal length.
    public init(_ sequences: [[Int]]) {
        precondition(!sequences.isEmpty && !sequences[0].isEmpty, "a batch needs at least one non-empty sequence")
        let T = sequences[0].count
        precondition(sequences.allSatisfy { $0.count == T }, "every sequence of a batch has the same length")
        batch = sequences.count
        length = T
        symbols = (0..<T).flatMap { t in sequences.map { $0[t] } }
    }

    /// One sequence: a batch of one.
    public init(_ sequence: [Int]) { self.init([sequence]) }

    /// The symbols read at step t, one per sequence.
    public func step(_ t: Int) -> ArraySlice<Int> { symbols[(t * batch)..<((t + 1) * batch)] }
}
