import Foundation

extension Transformer {
    /// The mean of −log p over every character of each block but its first, each predicted from
    /// the characters before it in its block (at most the last T of them): nats per character, the
    /// same measure as the n-grams' `NGramModel.meanLoss(on:)`.
    ///
    /// A block longer than T + 1 is read in windows of T characters that overlap by half: the first
    /// window scores all its predictions, every later one only those it has not scored yet, so each
    /// character is predicted from at least T/2 characters of context (or all there are).
    public func meanLoss(on blocks: [[Int]]) -> Double {
        let windows = Self.windows(blocks, context: config.context)
        let current = self
        let sums = inParallel(shardCount) { s in
            var total = 0.0, count = 0
            for w in stride(from: s, to: windows.count, by: shardCount) {
                let (b, start, length, firstScored) = windows[w]
                let logits = current.forward(Array(blocks[b][start..<(start + length)]), sequenceLength: length).logits
                for t in firstScored..<length {                 // logits row t predicts block[start + t + 1]
                    let row = logits.data[(t * logits.cols)..<((t + 1) * logits.cols)]
                    total += logSumExp(row) - row[row.startIndex + blocks[b][start + t + 1]]
                    count += 1
                }
            }
            return (total, count)
        }
        let count = sums.reduce(0) { $0 + $1.1 }
        return count > 0 ? sums.reduce(0.0) { $0 + $1.0 } / Double(count) : .nan
    }

    /// The windows `meanLoss(on:)` reads: (block, first character, length, first prediction scored).
    static func windows(_ blocks: [[Int]], context T: Int) -> [(block: Int, start: Int, length: Int, firstScored: Int)] {
        var windows: [(block: Int, start: Int, length: Int, firstScored: Int)] = []
        for (b, block) in blocks.enumerated() where block.count > 1 {
            var scored = 0                           // targets 1 … scored are done
            var start = 0
            while scored < block.count - 1 {
                start = min(start, max(0, block.count - 1 - T))
                let length = min(T, block.count - 1 - start)
                windows.append((b, start, length, scored - start))
                scored = start + length
                start += T / 2
            }
        }
        return windows
    }

    /// Generates `count` characters after `prime`, each drawn from softmax(logits / τ) (4.10) given
    /// the last T characters at most.
    public func sample(prime: [Int], count: Int, temperature τ: Double, rng: inout SeededRNG) -> [Int] {
        precondition(!prime.isEmpty, "sampling needs at least one character to start from")
        var text = prime
        for _ in 0..<count {
            let window = Array(text.suffix(config.context))
            let logits = forward(window, sequenceLength: window.count).logits
            text.append(rng.categorical(softmax(logits.row(window.count - 1), temperature: τ).data))
        }
        return Array(text.dropFirst(prime.count))
    }
}
