import Foundation
import Testing
@testable import Lessons

/// Chapter 4's baselines: counting n-grams, and the held-out split every language model uses.
@Suite("Chapter 4: n-gram baselines and the held-out split") struct Ch04BaselinesTests {
    /// "abacab" over the vocabulary a, b, c (indices 0, 1, 2).
    let toy = [0, 1, 0, 2, 0, 1]

    @Test("add-α: P(w | u) = (c(u w) + α) / (c(u) + α V), hand-computed on \"abacab\"")
    func addAlphaByHand() {
        let model = NGramModel(order: 2, vocabularySize: 3, smoothing: .addAlpha(0.5), text: toy)
        // After "a": b twice, c once, a never; c(a) = 3.
        #expect(abs(model.probability(1, after: [0]) - 2.5 / 4.5) < 1e-15)
        #expect(abs(model.probability(0, after: [0]) - 0.5 / 4.5) < 1e-15)
        // With no context (the first character of a block), the unigram counts a:3, b:2, c:1.
        #expect(abs(model.probability(2, after: []) - 1.5 / 7.5) < 1e-15)
    }

    @Test("Kneser–Ney (4.12), hand-computed on \"abacab\": D = n₁/(n₁ + 2n₂), continuation counts below")
    func kneserNeyByHand() {
        let model = NGramModel(order: 2, vocabularySize: 3, smoothing: .kneserNey, text: toy)
        // Bigrams ab ×2, ba, ac, ca: n₁ = 3, n₂ = 1, D = 0.6. After "a": c = 3, N₁₊(a •) = 2.
        // Continuation counts N₁₊(• w): a 2 (after b, c), b 1, c 1; total 4, D = 2/(2 + 2) = 0.5,
        // so P(a) = 1.5/4 + 0.5 · 3/4 · 1/3 = 0.5 and P(b) = P(c) = 0.25.
        #expect(abs(model.probability(0, after: []) - 0.5) < 1e-15)
        #expect(abs(model.probability(1, after: []) - 0.25) < 1e-15)
        #expect(abs(model.probability(1, after: [0]) - (1.4 / 3 + 0.6 * 2 / 3 * 0.25)) < 1e-15)
        #expect(abs(model.probability(0, after: [0]) - 0.6 * 2 / 3 * 0.5) < 1e-15)
        #expect(abs(model.probability(0, after: [1]) - (0.4 + 0.6 * 0.5)) < 1e-15)
        // Only the last n − 1 characters count.
        #expect(model.probability(0, after: [2, 2, 1]) == model.probability(0, after: [1]))
    }

    @Test("every n-gram model's probabilities sum to 1, after seen, unseen and short contexts",
          arguments: [NGramModel.Smoothing.addAlpha(1), .addAlpha(0.01), .kneserNey], [1, 2, 3, 5])
    func probabilitiesSumToOne(smoothing: NGramModel.Smoothing, order: Int) throws {
        var rng = SeededRNG(seed: 9)
        let V = 7
        let text = (0..<3_000).map { _ in rng.int(below: V) * rng.int(below: 2) }  // skewed: many zeros
        let model = NGramModel(order: order, vocabularySize: V, smoothing: smoothing, text: text)
        for context in [[], [0], [3, 0], [6, 6, 6, 6], Array(text[100..<110]), [5, 1, 2, 4]] {
            let total = (0..<V).reduce(0.0) { $0 + model.probability($1, after: context[...]) }
            #expect(abs(total - 1) < 1e-12, "context \(context): Σ P = \(total)")
            #expect((0..<V).allSatisfy { model.probability($0, after: context[...]) > 0 })
        }
    }

    @Test("a lower order read off a higher Kneser–Ney fit is the model a fresh fit of that order gives, bit for bit",
          arguments: [NGramModel.Smoothing.addAlpha(0.01), .kneserNey])
    func lowerOrderEqualsFreshFit(smoothing: NGramModel.Smoothing) {
        var rng = SeededRNG(seed: 4)
        let V = 5
        let text = (0..<2_000).map { _ in rng.int(below: V) * rng.int(below: 2) }
        let full = NGramModel(order: 4, vocabularySize: V, smoothing: .kneserNey, text: text)
        let blocks = [Array(text[0..<40]), [4, 4, 3, 2, 1, 0, 0, 0, 1], Array(text[500..<560])]
        for n in 1...4 {
            let fresh = NGramModel(order: n, vocabularySize: V, smoothing: smoothing, text: text)
            let read = full.lowerOrder(n, smoothing: smoothing)
            #expect(read.meanLoss(on: blocks) == fresh.meanLoss(on: blocks), "order \(n)")
            for context in [[], [3], [1, 0], [0, 0, 0], [4, 4, 4]] {
                let same = (0..<V).allSatisfy { read.probability($0, after: context[...]) == fresh.probability($0, after: context[...]) }
                #expect(same, "order \(n), context \(context)")
            }
        }
    }

    @Test("the held-out loss scores every character of a block but the first, from the block's own characters")
    func meanLossOnBlocks() {
        let model = NGramModel(order: 2, vocabularySize: 3, smoothing: .kneserNey, text: toy)
        let expected = -(log(model.probability(1, after: [0])) + log(model.probability(2, after: [1]))
                         + log(model.probability(2, after: [2]))) / 3
        #expect(abs(model.meanLoss(on: [[0, 1, 2], [1], [2, 2]]) - expected) < 1e-15)
    }

    @Test("more context helps on real text: each order up to 5 scores lower than the one before (Kneser–Ney)")
    func higherOrdersScoreLower() throws {
        let corpus = try TextCorpus.shakespeare(root: projectRoot)
        let split = HeldOutSplit(Array(corpus.indices.prefix(60_000)))
        let losses = (1...5).map {
            NGramModel(order: $0, vocabularySize: corpus.vocabularySize, smoothing: .kneserNey, text: split.train)
                .meanLoss(on: split.heldOut)
        }
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "\(losses)")
    }

    @Test("the split holds out every 50th block of 1,000 characters: 2 % of the text, from all of it")
    func heldOutSplit() throws {
        let text = Array(0..<103_500).map { $0 % 13 }
        let split = HeldOutSplit(text)
        #expect(split.heldOut.count == 2 && split.heldOut.allSatisfy { $0.count == 1_000 })
        #expect(split.heldOut[0] == Array(text[25_000..<26_000]) && split.heldOut[1] == Array(text[75_000..<76_000]))
        #expect(split.train.count + split.heldOutCount == text.count)
        #expect(split.train[0..<25_000] == text[0..<25_000] && split.train[25_000] == text[26_000])
        let short = HeldOutSplit(Array(repeating: 1, count: 2_000))           // 20 blocks of 100
        #expect(short.blockLength == 100 && short.heldOut.count == 1 && short.train.count == 1_900)
        let shakespeare = HeldOutSplit(try TextCorpus.shakespeare(root: projectRoot).indices)
        #expect(shakespeare.heldOut.count == 21 && shakespeare.heldOutCount == 21_000)
    }
}
