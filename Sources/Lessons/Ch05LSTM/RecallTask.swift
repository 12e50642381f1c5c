import Foundation

// listing: recall-task
/// A long-memory task: read a letter, then `lag` − 1 random digits, then "?", and answer with the
/// letter — the symbol seen `lag` steps before the question. With lag 6 a sequence reads
/// "c20313?" and the answer is "c".
///
/// The digits carry no information, so the only way to answer above chance (1 in 4) is to carry
/// the letter through `lag` steps while ignoring what comes after it. And the only way to *learn*
/// to do that is for the gradient of the final loss to reach back `lag` steps, to where the letter
/// was read.
public struct RecallTask: Sendable {
    /// The steps from the letter to the question mark.
    public let lag: Int
    /// The vocabulary: the letters to remember, the digits that fill the gap, the question mark.
    public static let letters = Array("abcd"), digits = Array("0123"), question: Character = "?"
    public static let alphabet = letters + digits + [question]

    public init(lag: Int) {
        precondition(lag >= 1, "the lag must be at least 1")
        self.lag = lag
    }

    /// The number of input symbols, V = 9.
    public static var vocabularySize: Int { alphabet.count }

    /// One random sequence of lag + 1 symbols and its answer (the letter it starts with).
    public func example(rng: inout SeededRNG) -> (inputs: [Int], answer: Int) {
        let letter = rng.int(below: Self.letters.count)
        let gap = (0..<(lag - 1)).map { _ in Self.letters.count + rng.int(below: Self.digits.count) }
        return ([letter] + gap + [Self.alphabet.count - 1], letter)
    }

    /// A sequence as text, e.g. "c20313?".
    public static func text(_ symbols: [Int]) -> String { String(symbols.map { alphabet[$0] }) }
}
// end listing

extension RecallTask {
    /// B random sequences side by side and their answers.
    public func batch(_ B: Int, rng: inout SeededRNG) -> (inputs: SymbolBatch, answers: [Int]) {
        let examples = (0..<B).map { _ in example(rng: &rng) }
        return (SymbolBatch(examples.map(\.inputs)), examples.map(\.answer))
    }
}

// listing: recall-training
/// Trains `model` on freshly drawn recall sequences, B per Adam step, with the gradients clipped
/// to global norm 5; returns the mean loss of each step.
public func trainRecall<Layer>(_ model: inout CharacterModel<Layer>, task: RecallTask, steps: Int, batch B: Int,
                               learningRate: Double, rng: inout SeededRNG) -> [Double] {
    var optimizer = Adam(learningRate: learningRate)
    var losses: [Double] = []
    for _ in 0..<steps {
        let (inputs, answers) = task.batch(B, rng: &rng)
        let result = model.lossAtEnd(inputs, targets: answers, from: model.layer.initialState(batch: B))
        var gradients = result.gradients.all
        clipGradients(&gradients, maxNorm: 5)
        var θ = model.parameters
        for k in θ.indices { optimizer.update(&θ[k], gradient: gradients[k], slot: k) }
        model.parameters = θ
        losses.append(result.loss)
    }
    return losses
}
// end listing

/// The fraction of `count` sequences drawn from `rng` that `model` answers correctly (chance is 1 in 4).
public func recallAccuracy<Layer>(_ model: CharacterModel<Layer>, task: RecallTask, count: Int,
                                  rng: SeededRNG) -> Double {
    var rng = rng
    let (inputs, answers) = task.batch(count, rng: &rng)
    let correct = zip(model.predictAtEnd(inputs), answers).filter { $0 == $1 }.count
    return Double(correct) / Double(count)
}
