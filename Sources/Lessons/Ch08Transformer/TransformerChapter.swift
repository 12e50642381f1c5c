import Foundation

extension Chapter {
    /// Chapter 8: a small character-level Transformer on chapter 4's text and split.
    public static let transformer = Chapter(
        number: 8, slug: "transformer", title: "A small Transformer language model",
        figures: ["learning-curve", "loss-against-time", "attention", "ablations"], adjustableLength: true,
        wallClockFigures: ["loss-against-time"], claims: transformerClaims, run: runTransformerChapter)
}

/// The comparison's claims, each on five seeds (the text quotes the tables `lesson-runner claims
/// ch08` prints). The order of the three models depends on the budget, so these are checked at the
/// chapter's own sizes, in release, rather than by `swift test`.
let transformerClaims = [
    SeedClaim("at the default budget the RNN ends last of the three models", seeds: [42, 1, 2, 3, 4],
              metrics: ["RNN", "LSTM", "Transformer"]) { v in v[0] > v[1] && v[0] > v[2] },
    SeedClaim("at the default budget the Transformer ends below the bigram", seeds: [42, 1, 2, 3, 4],
              metrics: ["Transformer", "bigram"]) { v in v[0] < v[1] },
    SeedClaim("at a quarter of the budget (--steps 75) the Transformer ends first", length: .steps(75),
              seeds: [1, 2, 3, 4, 5], metrics: ["Transformer", "LSTM", "RNN"]) { v in v[0] < v[1] && v[0] < v[2] },
]

/// The n-gram baselines of chapter 4 on the shared split: held-out nats per character.
struct Baselines {
    var unigram: Double, bigram: Double, trigram: Double
    /// The best Kneser–Ney model of orders 4 … 6, and its order.
    var best: Double, bestOrder: Int
}

// listing: transformer-run
func runTransformerChapter(_ context: RunContext) throws {
    // Data: chapter 4's text and split (every 50th block of 1,000 characters held out); under
    // --fast, its first 50,000 characters.
    let corpus = try TextCorpus.load(for: context, minimumLength: HeldOutSplit.minimumLength)
    let split = HeldOutSplit(Array(corpus.indices.prefix(context.steps(corpus.indices.count, fast: 50_000))))
    let V = corpus.vocabularySize
    context.print("\(corpus.indices.count) characters, \(V) distinct; training on \(split.train.count), "
                  + "holding out \(split.heldOut.count) blocks of \(split.blockLength)")

    // Baselines: chapter 4's interpolated Kneser–Ney n-grams.
    let baselines = countBaselines(split, vocabularySize: V, context)

    // Model: T = 32, d = 64, four heads, two pre-LN blocks.
    var rng = context.rng("init")
    var model = Transformer(TransformerConfig(vocabularySize: V), rng: &rng)
    let settings = TransformerTrainingSettings(steps: context.trainingSteps(300, fast: 2, long: 6_000))
    let history = try trainTransformer(&model, on: split.train, heldOut: split.heldOut, settings: settings,
                                       context: context, label: "Transformer")
    let heldOut = history.curve.last?.heldOutLoss ?? .nan
    let seen = settings.steps * settings.batch * model.config.context          // training characters read
    context.report("Transformer", heldOut, unit: "nats/char")
    context.record("Transformer parameters", Double(model.parameterCount))
    context.record("Transformer characters seen", Double(seen))
    if let passed = history.curve.first(where: { $0.heldOutLoss < baselines.bigram }) {
        context.record("characters read when below the bigram", Double(passed.characters))
    }
    context.reportTiming("Transformer training", history.seconds, unit: "s")
    context.recordTiming("Transformer training speed",
                         Double(seen) / history.seconds, unit: "characters/s")

    // Chapters 4 and 5's RNN and LSTM on the same budget of characters. Their --long runs (the
    // same 6,144,000 characters as this chapter's) are chapters 4 and 5's own, so --long skips them.
    let recurrent = context.length == .long ? [] : try trainRecurrentModels(characters: seen, split: split,
                                                                            vocabularySize: V, context)
    for run in recurrent {
        context.report(run.label, run.heldOut, unit: "nats/char")
        context.record("\(run.label) parameters", Double(run.parameters))
        context.record("\(run.label) characters seen", Double(run.history.characters))
        context.reportTiming("\(run.label) training", run.history.seconds, unit: "s")
    }
    let comparison = resultsTable(baselines, recurrent: recurrent, model: model, heldOut: heldOut, seen: seen)
    context.recordText("results table", comparison)
    context.print(comparison)

    // Samples at two temperatures, from a newline.
    var sampler = context.rng("samples")
    let prime = corpus.encode("\n") ?? [split.train[0]]
    for τ in [0.5, 1.0] {
        let text = corpus.decode(model.sample(prime: prime, count: context.steps(240, fast: 20), temperature: τ, rng: &sampler))
        context.print("── sample at temperature \(τ) ──\n\(text)")
        context.recordText("sample at temperature \(τ)", text)
    }

    // Figures.
    try context.save(TransformerFigures.learningCurve(history, recurrent: recurrent, baselines: baselines, settings: settings),
                     as: "learning-curve")
    try context.save(TransformerFigures.lossAgainstTime(history, recurrent: recurrent, baselines: baselines),
                     as: "loss-against-time")
    let line = heldOutLine(split.heldOut, newline: corpus.encode("\n")?.first, length: model.config.context)
    try context.save(TransformerFigures.attention(model, line: line, corpus: corpus), as: "attention")

    // Ablations: one part taken away at a time, on a made-up text that needs attention and order.
    let ablations = Ablations(steps: context.steps(150, fast: 2))
    let results = try ablations.run(context)
    let table = ablationTable(results, task: ablations.task)
    context.print(table)
    context.recordText("ablations", table)
    for r in results {
        context.record("\(r.name): training loss", r.trainingLoss, unit: "nats/char")
        context.record("\(r.name): held-out loss", r.heldOutLoss, unit: "nats/char")
    }
    try context.save(TransformerFigures.ablations(results, task: ablations.task), as: "ablations")
}
// end listing

/// Unigram, bigram and trigram (Kneser–Ney, chapter 4's `NGramBaselines`) on the held-out blocks,
/// and the best of orders 4 to 6 (the one to beat among count models); reported and recorded.
func countBaselines(_ split: HeldOutSplit, vocabularySize V: Int, _ context: RunContext) -> Baselines {
    let counts = NGramBaselines(split: split, vocabularySize: V, maxOrder: 6, kneserNeyFrom: 1)
    let losses = (1...6).map { counts.kneserNey($0)?.loss ?? .nan }
    let (unigram, bigram, trigram) = (losses[0], losses[1], losses[2])
    context.report("unigram", unigram, unit: "nats/char")
    context.report("bigram", bigram, unit: "nats/char")
    context.report("trigram", trigram, unit: "nats/char")
    let higher = (4...6).map { ($0, losses[$0 - 1]) }
    let best = higher.min { $0.1 < $1.1 } ?? (3, trigram)
    context.report("best count model", best.1, unit: "nats/char")
    context.record("best count model order", Double(best.0))
    return Baselines(unigram: unigram, bigram: bigram, trigram: trigram, best: best.1, bestOrder: best.0)
}

/// The table the chapter quotes: held-out nats and bits per character, parameters, characters read.
func resultsTable(_ b: Baselines, recurrent: [RecurrentRun], model: Transformer, heldOut: Double,
                  seen: Int) -> String {
    func row(_ name: String, _ nats: Double, _ parameters: String, _ characters: String) -> String {
        name.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(format: "%6.3f  %6.3f  ", nats, nats / log(2.0))
            + parameters.leftPadded(12) + characters.leftPadded(14)
    }
    return ([
        "model".padding(toLength: 24, withPad: " ", startingAt: 0) + " nats    bits    parameters    chars seen",
        row("unigram", b.unigram, "—", "all"),
        row("bigram", b.bigram, "—", "all"),
        row("trigram", b.trigram, "—", "all"),
        row("\(b.bestOrder)-gram (Kneser–Ney)", b.best, "—", "all"),
    ] + recurrent.map { row($0.label, $0.heldOut, grouped($0.parameters), grouped($0.history.characters)) } + [
        row("Transformer", heldOut, grouped(model.parameterCount), grouped(seen)),
    ]).joined(separator: "\n")
}

/// The ablations as the chapter prints and quotes them.
func ablationTable(_ results: [AblationResult], task: EchoText) -> String {
    let header = "variant".padding(toLength: 32, withPad: " ", startingAt: 0) + "training  held-out (nats/char)"
    let rows = results.map { r in
        r.name.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%8.3f  %8.3f", r.trainingLoss, r.heldOutLoss)
    }
    let notes = [String(format: "bigram (log V) %.3f, best possible %.3f", log(Double(task.vocabularySize)), task.entropy)]
    return ([header] + rows + notes).joined(separator: "\n")
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// 1234567 → "1,234,567", as the text's `,d` markers write it.
func grouped(_ n: Int) -> String { ValueFormat(",d")?.format(Double(n)) ?? String(n) }

/// The first whole line of a held-out block with 20 to `length` characters, or the first block's
/// first `length` characters if there is none: the line the attention maps show.
func heldOutLine(_ blocks: [[Int]], newline: Int?, length: Int) -> [Int] {
    for block in blocks {
        let lines = block.split(separator: newline ?? -1, omittingEmptySubsequences: true).dropFirst()  // the first may be cut
        if let line = lines.first(where: { (20...length).contains($0.count) }) { return Array(line) }
    }
    return Array((blocks.first ?? []).prefix(length))
}
