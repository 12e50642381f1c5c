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

/// One model's result on the recall task at one lag.
public struct RecallResult: Sendable {
    public var lag: Int
    /// The fraction of held-out sequences answered correctly (chance is 0.25).
    public var accuracy: Double
}

// listing: recall-training
/// Trains `model` on freshly drawn recall sequences, one sequence per Adam step, with the
/// gradients clipped to norm 5, and measures its accuracy on `testCount` sequences drawn from
/// `testRNG` (a copy, so that every model is tested on the same sequences).
public func trainRecall<Layer>(_ model: inout CharacterModel<Layer>, task: RecallTask, steps: Int,
                               learningRate: Double, rng: inout SeededRNG, testCount: Int, testRNG: SeededRNG,
                               loop: TrainingLoop) throws -> RecallResult {
    var optimizer = Adam(learningRate: learningRate)
    for step in 1...steps {
        let (inputs, answer) = task.example(rng: &rng)
        var result = model.lossAtEnd(inputs: inputs, target: answer, from: model.layer.initialState)
        var gradients = result.gradients.all
        if clipGradients(&gradients, maxNorm: 5) > 5 { result.gradients.all = gradients }
        model.update(result.gradients, with: &optimizer)
        try loop.step(step, loss: result.loss)
    }
    loop.end()
    var correct = 0
    var testRNG = testRNG
    for _ in 0..<testCount {
        let (inputs, answer) = task.example(rng: &testRNG)
        if model.predictAtEnd(inputs) == answer { correct += 1 }
    }
    return RecallResult(lag: task.lag, accuracy: Double(correct) / Double(testCount))
}
// end listing
