import Foundation

/// The count models every language model of the course is measured against (chapters 4, 5 and 8):
/// n-grams of orders 1 to 5 fitted on a split's training text and scored on its held-out blocks,
/// with add-α smoothing (4.11) and with interpolated Kneser–Ney (4.12).
public struct NGramBaselines: Sendable {
    /// One fitted and scored count model.
    public struct Score: Sendable {
        public var order: Int
        public var smoothing: NGramModel.Smoothing
        /// Held-out nats per character.
        public var loss: Double

        /// "unigram", "bigram", "trigram", "4-gram", …
        public var name: String { NGramBaselines.name(order: order) }
        /// "trigram (add-0.01)" or "trigram (Kneser–Ney)".
        public var label: String {
            switch smoothing {
            case let .addAlpha(α): "\(name) (add-\(α))"
            case .kneserNey: "\(name) (Kneser–Ney)"
            }
        }
    }

    /// The scores, add-α for every order first, then Kneser–Ney for the orders that use context.
    public let scores: [Score]
    /// α of the add-α models: small, because a million characters leave few contexts unseen.
    public static let alpha = 0.01

    /// Scores add-α models of orders 1…`maxOrder` and Kneser–Ney models of orders `kneserNeyFrom`…`maxOrder`,
    /// all read off one Kneser–Ney fit of the highest order (`NGramModel.lowerOrder`: the same numbers
    /// as fitting each anew), two at a time on two threads.
    public init(split: HeldOutSplit, vocabularySize V: Int, maxOrder: Int = 5, kneserNeyFrom: Int = 3) {
        let orders = Array(1...maxOrder).filter { NGramModel.fits(order: $0, vocabularySize: V) }
        let jobs = orders.map { ($0, NGramModel.Smoothing.addAlpha(Self.alpha)) }
            + orders.filter { $0 >= kneserNeyFrom }.map { ($0, NGramModel.Smoothing.kneserNey) }
        let counts = NGramModel(order: orders.last ?? 1, vocabularySize: V, smoothing: .kneserNey, text: split.train)
        let halves = inParallel(2) { half in
            jobs.indices.filter { $0 % 2 == half }.map { i in
                counts.lowerOrder(jobs[i].0, smoothing: jobs[i].1).meanLoss(on: split.heldOut)
            }
        }
        scores = jobs.indices.map { i in Score(order: jobs[i].0, smoothing: jobs[i].1, loss: halves[i % 2][i / 2]) }
    }

    /// The Kneser–Ney model of order n.
    public func kneserNey(_ n: Int) -> Score? { scores.first { $0.order == n && $0.smoothing == .kneserNey } }

    /// The add-α model of order n.
    public func addAlpha(_ n: Int) -> Score? { scores.first { $0.order == n && $0.smoothing != .kneserNey } }

    /// The lowest held-out loss of any count model: the honest bar.
    public var best: Score? { scores.min { $0.loss < $1.loss } }

    /// Prints the table (and records it as the text "n-gram table") and reports each model's
    /// held-out loss as "held-out loss, <label>".
    public func report(to context: RunContext) {
        let rows = ["count model on the same split   held-out nats/char   bits/char"] + scores.map { s in
            s.label.padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%18.3f   %9.3f", s.loss, s.loss / log(2))
        }
        let table = rows.joined(separator: "\n")
        context.print(table)
        context.recordText("n-gram table", table)
        for s in scores { context.report("held-out loss, \(s.label)", s.loss, unit: "nats/char") }
    }

    /// The reference lines a loss figure draws: unigram, bigram, trigram and the best count model.
    public var referenceLines: [(label: String, loss: Double)] {
        var lines = [1, 2, 3].compactMap(addAlpha).map { ($0.label, $0.loss) }
        if let best, best.order > 3 { lines.append(("best count model: \(best.label)", best.loss)) }
        return lines
    }

    static func name(order n: Int) -> String {
        switch n {
        case 1: "unigram"
        case 2: "bigram"
        case 3: "trigram"
        default: "\(n)-gram"
        }
    }
}
