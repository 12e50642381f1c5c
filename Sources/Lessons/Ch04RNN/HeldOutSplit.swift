/// How the text is divided into what a language model trains on and what it is scored on.
///
/// Holding out the *end* of the file would score every model on one play, with its own speaker
/// names and vocabulary, that training never saw. Instead the text is cut into blocks of 1,000
/// characters and every 50th block (blocks 25, 75, 125, …) is held out: 2 % of the text, drawn from
/// every play, the same kind of text as the rest. Each held-out block is scored on its own, from
/// no context, by every model in the course (n-grams, RNN, LSTM, Transformer), so their numbers
/// compare.
///
/// A text with fewer than 50 blocks holds out its middle block; the blocks then shrink so that
/// there are at least 20 of them.
public struct HeldOutSplit: Sendable {
    /// The training text: every block that is not held out, in order, joined.
    public let train: [Int]
    /// The held-out blocks, each scored separately.
    public let heldOut: [[Int]]
    /// Characters per block.
    public let blockLength: Int

    /// The fewest characters a text needs for a split (20 blocks of at least 50 characters).
    public static let minimumLength = 1_000

    public init(_ text: [Int], blockLength preferred: Int = 1_000, every period: Int = 50) {
        precondition(text.count >= Self.minimumLength, "a split needs at least \(Self.minimumLength) characters")
        let length = min(preferred, text.count / 20)
        let blocks = (text.count + length - 1) / length
        let held: Set<Int> = blocks >= period ? Set(stride(from: period / 2, to: blocks, by: period)) : [blocks / 2]
        var train: [Int] = [], heldOut: [[Int]] = []
        train.reserveCapacity(text.count)
        for k in 0..<blocks {
            let block = text[(k * length)..<min((k + 1) * length, text.count)]
            if held.contains(k) { heldOut.append(Array(block)) } else { train += block }
        }
        self.train = train
        self.heldOut = heldOut
        self.blockLength = length
    }

    /// The number of held-out characters.
    public var heldOutCount: Int { heldOut.reduce(0) { $0 + $1.count } }
}
