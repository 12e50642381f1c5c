import Foundation

// listing: recall-task
/// A long-memory task: read `lag` random letters, then "?", and answer with the *first* letter,
/// the one seen `lag` steps before the question. With lag 6 a sequence reads "cabdda?" and the
/// answer is "c".
///
/// Every later letter is as loud as the first one, so the model must store the first letter and
/// then ignore the rest; it can only answer above chance (1 in 4) by carrying the letter through
/// `lag` steps. And it can only *learn* to do that if the gradient of the final loss reaches back
/// `lag` steps to where the letter was read.
public struct RecallTask: Sendable {
    /// The steps from the letter to remember to the question mark.
    public let lag: Int
    /// The vocabulary: four letters, then the question mark.
    public static let letters = Array("abcd"), question: Character = "?"
    public static let alphabet = letters + [question]

    public init(lag: Int) {
        precondition(lag >= 1, "the lag must be at least 1")
        self.lag = lag
    }

    /// The number of input symbols, V = 5.
    public static var vocabularySize: Int { alphabet.count }

    /// One random sequence of lag + 1 symbols and its answer (the letter it starts with).
    public func example(rng: inout SeededRNG) -> (inputs: [Int], answer: Int) {
        let inputs = (0..<lag).map { _ in rng.int(below: Self.letters.count) } + [Self.letters.count]
        return (inputs, inputs[0])
    }

    /// A sequence as text, e.g. "cabdda?".
    public static func text(_ symbols: [Int]) -> String { String(symbols.map { alphabet[$0] }) }
}
// end listing

/// One model's result on the recall task at one lag.
public struct RecallResult: Sendable {
    public var lag: Int
    /// The fraction of held-out sequences answered correctly (chance is 0.25).
    public var accuracy: Double
    /// The mean training loss of the last 10 % of steps.
    public var finalLoss: Double
}

// listing: recall-training
/// Trains `model` on freshly drawn recall sequences, one sequence per Adam step, with the
/// gradients clipped to norm 5, and measures its accuracy on `testCount` sequences drawn from
/// `testRNG` (a copy, so that every model is tested on the same sequences).
public func trainRecall<Layer>(_ model: inout CharacterModel<Layer>, task: RecallTask, steps: Int,
                               learningRate: Double, rng: inout SeededRNG, testCount: Int, testRNG: SeededRNG,
                               loop: TrainingLoop) throws -> RecallResult {
    var optimizer = Adam(learningRate: learningRate)
    var tail: [Double] = []
    for step in 1...steps {
        let (inputs, answer) = task.example(rng: &rng)
        var result = model.lossAtEnd(inputs: inputs, target: answer, from: model.layer.initialState)
        var gradients = result.gradients.all
        if clipGradients(&gradients, maxNorm: 5) > 5 { result.gradients.all = gradients }
        model.update(result.gradients, with: &optimizer)
        if step > steps - max(1, steps / 10) { tail.append(result.loss) }
        try loop.step(step, loss: result.loss)
    }
    loop.end()
    var correct = 0
    var testRNG = testRNG
    for _ in 0..<testCount {
        let (inputs, answer) = task.example(rng: &testRNG)
        if model.predictAtEnd(inputs) == answer { correct += 1 }
    }
    return RecallResult(lag: task.lag, accuracy: Double(correct) / Double(testCount),
                        finalLoss: tail.reduce(0, +) / Double(tail.count))
}
// end listing
