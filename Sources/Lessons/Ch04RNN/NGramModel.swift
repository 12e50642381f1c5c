import Foundation

/// A character n-gram model: the probability of the next character given the n − 1 before it,
/// read off counts of the training text. The baseline every language model of the course must
/// beat — counting is a strong opponent on a million characters.
///
/// With c(u w) the number of times the characters u were followed by w, and V the vocabulary size,
/// *add-α smoothing* gives every continuation α pretend occurrences, so nothing has probability 0:
///
/// ```
/// P(w | u) = (c(u w) + α) / (c(u) + α V)                                  equation (4.11)
/// ```
///
/// *Interpolated Kneser–Ney* (Kneser & Ney, 1995; Chen & Goodman, 1998) takes a discount D off
/// every count and gives what it took to a shorter context u′ (u without its oldest character):
///
/// ```
/// P(w | u) = max(c(u w) − D, 0) / c(u) + D · N₁₊(u •) / c(u) · P(w | u′)   equation (4.12)
/// ```
///
/// N₁₊(u •) is the number of distinct characters seen after u. The shorter contexts count
/// differently: instead of c(u′ w), the number of distinct characters that preceded u′ w,
/// N₁₊(• u′ w) — a character that only ever follows one context should not get a high
/// probability everywhere. At the bottom, the uniform 1/V. D = n₁ / (n₁ + 2 n₂) for each order, from
/// the numbers n₁, n₂ of n-grams seen once and twice. A context never seen gives its whole weight to
/// the shorter one.
public struct NGramModel: Sendable {
    public enum Smoothing: Sendable, Equatable {
        case addAlpha(Double)
        case kneserNey
    }

    /// n: the model conditions on the n − 1 characters before the one it predicts.
    public let order: Int
    public let vocabularySize: Int
    public let smoothing: Smoothing

    /// The counts for one context length k: of (context, next) pairs keyed by context · V + next,
    /// the total per context, and the number of distinct next characters per context.
    struct Level: Sendable {
        var counts: [Int: Double] = [:]
        var totals: [Int: Double] = [:]
        var distinct: [Int: Double] = [:]
        var discount = 0.0
    }

    /// `raw[k]`: counts of k-character contexts followed by a character (k = 0 … n − 1).
    let raw: [Level]
    /// `continuation[k]`: N₁₊(• u w) for k-character contexts u (k = 0 … n − 2), Kneser–Ney only.
    let continuation: [Level]

    /// Counts the n-grams of `text` (vocabulary indices below `vocabularySize`).
    public init(order n: Int, vocabularySize V: Int, smoothing: Smoothing, text: [Int]) {
        precondition(n >= 1 && V >= 1, "an n-gram model needs n ≥ 1 and a vocabulary")
        precondition(Self.fits(order: n, vocabularySize: V), "V^n = \(V)^\(n) does not fit in an Int key")
        order = n
        vocabularySize = V
        self.smoothing = smoothing
        var raw = [Level](repeating: Level(), count: n)
        for i in text.indices {
            var context = 0, power = 1          // the last k characters, the latest as the lowest digit
            for k in 0..<n {
                if k > 0 {
                    guard i - k >= 0 else { break }
                    context += text[i - k] * power
                    power *= V
                }
                raw[k].counts[context * V + text[i], default: 0] += 1
            }
        }
        var continuation: [Level] = []
        if smoothing == .kneserNey {
            continuation = [Level](repeating: Level(), count: n - 1)
            var power = 1                       // V^k
            for k in 0..<(n - 1) {
                // Each distinct (k+2)-gram v u w adds one to N₁₊(• u w): drop v, the highest digit.
                for key in raw[k + 1].counts.keys {
                    let (context, w) = key.quotientAndRemainder(dividingBy: V)
                    continuation[k].counts[(context % power) * V + w, default: 0] += 1
                }
                power *= V
            }
        }
        self.raw = raw.map { Self.summarised($0, vocabularySize: V) }
        self.continuation = continuation.map { Self.summarised($0, vocabularySize: V) }
    }

    /// The model of order n ≤ `order` with `smoothing`, read off this model's counts: they hold every
    /// shorter context too, counted exactly as a fit of order n would count them, so the numbers are
    /// the same as fitting it anew — without reading the text again. Kneser–Ney needs this model's
    /// continuation counts, so this model must have been fitted with Kneser–Ney.
    public func lowerOrder(_ n: Int, smoothing: Smoothing) -> NGramModel {
        precondition((1...order).contains(n), "order \(n) is not within 1…\(order)")
        precondition(smoothing != .kneserNey || self.smoothing == .kneserNey,
                     "a Kneser–Ney model needs the continuation counts of a Kneser–Ney fit")
        return NGramModel(order: n, vocabularySize: vocabularySize, smoothing: smoothing, raw: Array(raw.prefix(n)),
                          continuation: smoothing == .kneserNey ? Array(continuation.prefix(n - 1)) : [])
    }

    private init(order: Int, vocabularySize: Int, smoothing: Smoothing, raw: [Level], continuation: [Level]) {
        (self.order, self.vocabularySize, self.smoothing) = (order, vocabularySize, smoothing)
        (self.raw, self.continuation) = (raw, continuation)
    }

    /// Whether V^n context keys fit in an `Int`.
    public static func fits(order n: Int, vocabularySize V: Int) -> Bool {
        var power = 1
        for _ in 0..<n {
            let (product, overflow) = power.multipliedReportingOverflow(by: V)
            if overflow { return false }
            power = product
        }
        return true
    }

    /// Adds each level's totals, distinct counts and discount D = n₁ / (n₁ + 2 n₂) to its counts.
    private static func summarised(_ level: Level, vocabularySize V: Int) -> Level {
        var level = level
        var once = 0.0, twice = 0.0
        for (key, count) in level.counts {
            let context = key / V
            level.totals[context, default: 0] += count
            level.distinct[context, default: 0] += 1
            if count == 1 { once += 1 } else if count == 2 { twice += 1 }
        }
        // Between 0 and 1 whatever the counts (a toy text may have no n-gram seen twice).
        level.discount = once + twice > 0 ? max(0.05, min(0.95, once / (once + 2 * twice))) : 0.5
        return level
    }

    /// The probability of `w` after `context` (only its last n − 1 characters count; a shorter
    /// context, at the start of a text, uses the shorter statistics).
    public func probability(_ w: Int, after context: ArraySlice<Int>) -> Double {
        let V = vocabularySize
        let K = min(order - 1, context.count)
        var codes = [0]                         // the code of the last k characters, k = 0 … K
        var power = 1
        for k in stride(from: 1, through: K, by: 1) {
            codes.append(codes[k - 1] + context[context.endIndex - k] * power)
            power *= V
        }
        switch smoothing {
        case let .addAlpha(α):                                                      // (4.11)
            let level = raw[K]
            let c = level.counts[codes[K] * V + w] ?? 0
            return (c + α) / (total(level, codes[K]) + α * Double(V))
        case .kneserNey:                                                            // (4.12)
            var p = 1 / Double(V)
            for k in 0...K {
                let level = k == order - 1 ? raw[k] : continuation[k]
                let u = codes[k]
                let cu = total(level, u)
                guard cu > 0 else { continue }
                let c = level.counts[u * V + w] ?? 0
                let D = level.discount
                p = max(c - D, 0) / cu + D * distinct(level, u) / cu * p
            }
            return p
        }
    }

    private func total(_ level: Level, _ context: Int) -> Double { level.totals[context] ?? 0 }
    private func distinct(_ level: Level, _ context: Int) -> Double { level.distinct[context] ?? 0 }

    /// The mean of −log P over every character of each block but its first, each predicted from
    /// the characters before it in its block: nats per character.
    public func meanLoss(on blocks: [[Int]]) -> Double {
        var total = 0.0, count = 0
        for block in blocks where block.count > 1 {
            for j in 1..<block.count {
                total -= log(probability(block[j], after: block[max(0, j - order + 1)..<j]))
                count += 1
            }
        }
        return count > 0 ? total / Double(count) : .nan
    }
}
