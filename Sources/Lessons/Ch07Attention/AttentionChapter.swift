import Foundation

extension Chapter {
    /// Chapter 7: attention.
    public static let attention = Chapter(
        number: 7, slug: "attention", title: "Attention",
        figures: [], run: runAttentionChapter)
}

func runAttentionChapter(_ context: RunContext) throws {
    for task in SequenceTask.allCases {
        var initRNG = context.rng("init \(task.rawValue)"), dataRNG = context.rng("data \(task.rawValue)")
        var model = SequenceModel(vocabulary: 10, length: 8, modelDimension: 32, heads: 2, mask: task.mask, rng: &initRNG)
        var adam = Adam(learningRate: 3e-3)
        let steps = context.steps(800, fast: 40)
        let loop = context.loop(task.rawValue, total: steps)
        for step in 1...steps {
            let (x, y) = task.batch(32, length: 8, rng: &dataRNG)
            let (loss, g) = model.gradients(x, targets: y)
            model.update(g, with: &adam)
            try loop.step(step, loss: loss); if step % 100 == 0 { context.print("\(step) \(loss)") }
        }
        loop.end()
        var testRNG = context.rng("test \(task.rawValue)")
        let (x, y) = task.batch(1000, length: 8, rng: &testRNG)
        let p = model.predict(x)
        let digits = zip(p, y).map { zip($0, $1).filter { $0 == $1 }.count }.reduce(0, +)
        let whole = zip(p, y).filter { $0 == $1 }.count
        context.report("\(task.rawValue) digit accuracy", Double(digits) / 8000)
        context.report("\(task.rawValue) sequence accuracy", Double(whole) / 1000)
    }
}
