/// B streams reading a training text side by side, T characters per window: the mini-batches of
/// truncated backpropagation through time.
///
/// The text is cut into B equal segments and stream b reads segment b from its start, window
/// after window, so that the state a stream ends one window with is the right state to start its
/// next window from: the model sees further back than T although gradients stop there. When the
/// segments are used up, every stream starts again from its segment's start (and the state from
/// zeros).
public struct TextStreams: Sendable {
    /// B, the number of streams.
    public let batch: Int
    /// T, the characters per window.
    public let length: Int
    /// Windows per pass over the text.
    public let windowsPerPass: Int
    private let text: [Int]
    private let segment: Int

    /// At most `batch` streams of windows of at most `length` characters: a text too short for
    /// them gets fewer streams, then shorter windows, so that every stream has one window at least.
    public init(_ text: [Int], batch: Int, length: Int) {
        precondition(text.count >= 2, "a training text needs at least two characters")
        let B = max(1, min(batch, text.count / (length + 1)))
        let T = min(length, text.count / B - 1)
        self.text = text
        self.batch = B
        self.length = T
        segment = text.count / B
        windowsPerPass = (segment - 1) / T
    }

    /// The characters read per window, T·B.
    public var charactersPerWindow: Int { batch * length }

    /// Window `w` (counting from 0 over the whole training) of streams `streams`: the inputs, the
    /// targets (each input's next character), and whether the streams have just started again from
    /// the start, so that the state must start from zeros.
    public func window(_ w: Int, streams: Range<Int>) -> (inputs: SymbolBatch, targets: SymbolBatch, restart: Bool) {
        let k = w % windowsPerPass
        let starts = streams.map { $0 * segment + k * length }
        return (SymbolBatch(starts.map { Array(text[$0..<($0 + length)]) }),
                SymbolBatch(starts.map { Array(text[($0 + 1)...($0 + length)]) }), k == 0)
    }
}
