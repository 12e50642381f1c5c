import Foundation

/// The four models the recall experiment compares: the same hidden size, budget, data and test
/// sequences; only the layer and its start differ.
public enum RecallModel: Int, Sendable, CaseIterable {
    /// An RNN with every weight N(0, 0.1²): W_hh has spectral radius ≈ 0.1·√H ≈ 0.57 for H = 32,
    /// so at the start every step shrinks what the state remembers.
    case rnnSmall
    /// An RNN with W_hh = I (Le, Jaitly & Hinton, 2015): at the start the state carries forward
    /// unchanged, apart from the tanh.
    case rnnIdentity
    /// An LSTM with the common forget bias b_f = 1: f ≈ σ(1) = 0.73, a memory of ~4 steps.
    case lstmBias1
    /// An LSTM with b_f = 5: f ≈ σ(5) = 0.993, a memory of ~150 steps (the idea of Tallec &
    /// Ollivier's chrono initialisation).
    case lstmBias5

    public var label: String {
        switch self {
        case .rnnSmall: "RNN, W_hh ~ N(0, 0.1²)"
        case .rnnIdentity: "RNN, W_hh = I"
        case .lstmBias1: "LSTM, b_f = 1"
        case .lstmBias5: "LSTM, b_f = 5"
        }
    }
}

/// The settings of the recall experiment.
public struct RecallExperiment: Sendable {
    public var lags: [Int]
    public var seeds: Int
    public var hiddenSize = 32
    /// Adam steps, each on `batch` fresh sequences.
    public var steps: Int
    public var batch = 16
    public var learningRate = 0.01
    /// Test sequences per (model, seed, lag); the same ones for every model.
    public var testCount = 500

    public init(lags: [Int], seeds: Int, steps: Int) {
        self.lags = lags
        self.seeds = seeds
        self.steps = steps
    }

    /// Test accuracy of every model at every lag for every seed: accuracy[model][lag index][seed].
    public struct Results: Sendable {
        public var accuracy: [RecallModel: [[Double]]]
        /// The RNNs and LSTMs of seed 0 at the longest lag, before and after training.
        public var rnns: [RecallModel: (before: CharacterModel<RNN>, after: CharacterModel<RNN>)]
        public var lstms: [RecallModel: (before: CharacterModel<LSTM>, after: CharacterModel<LSTM>)]
    }

    /// A model's start for one seed.
    func initialRNN(_ model: RecallModel, rng: inout SeededRNG) -> CharacterModel<RNN> {
        var layer = RNN(inputSize: RecallTask.vocabularySize, hiddenSize: hiddenSize, weightScale: 0.1, rng: &rng)
        if model == .rnnIdentity { layer.Whh = Tensor(identity: hiddenSize) }
        return CharacterModel(layer: layer, rng: &rng)
    }

    func initialLSTM(_ model: RecallModel, rng: inout SeededRNG) -> CharacterModel<LSTM> {
        CharacterModel(layer: LSTM(inputSize: RecallTask.vocabularySize, hiddenSize: hiddenSize, weightScale: 0.1,
                                   forgetBias: model == .lstmBias5 ? 5 : 1, rng: &rng), rng: &rng)
    }

    /// Trains every (model, seed, lag) from its own seeded start on its own seeded data — the
    /// same data and test sequences for every model — on two threads. Each run is independent of
    /// the others, so the results do not depend on the threads.
    public func run(_ context: RunContext) -> Results {
        struct Job: Sendable { var model: RecallModel; var lag: Int; var seed: Int; var initRNG, dataRNG, testRNG: SeededRNG }
        var jobs: [Job] = []
        for seed in 0..<seeds {
            for (l, lag) in lags.enumerated() {
                for model in RecallModel.allCases {
                    jobs.append(Job(model: model, lag: l, seed: seed,
                                    initRNG: context.rng("recall init \(model.rawValue) seed \(seed)"),
                                    dataRNG: context.rng("recall data lag \(lag) seed \(seed)"),
                                    testRNG: context.rng("recall test lag \(lag) seed \(seed)")))
                }
            }
        }
        typealias Outcome = (accuracy: Double, rnn: (CharacterModel<RNN>, CharacterModel<RNN>)?,
                             lstm: (CharacterModel<LSTM>, CharacterModel<LSTM>)?)
        @Sendable func train(_ job: Job) -> Outcome {
            var (initRNG, dataRNG) = (job.initRNG, job.dataRNG)
            let task = RecallTask(lag: lags[job.lag])
            switch job.model {
            case .rnnSmall, .rnnIdentity:
                let start = initialRNN(job.model, rng: &initRNG)
                var model = start
                _ = trainRecall(&model, task: task, steps: steps, batch: batch, learningRate: learningRate, rng: &dataRNG)
                return (recallAccuracy(model, task: task, count: testCount, rng: job.testRNG), (start, model), nil)
            case .lstmBias1, .lstmBias5:
                let start = initialLSTM(job.model, rng: &initRNG)
                var model = start
                _ = trainRecall(&model, task: task, steps: steps, batch: batch, learningRate: learningRate, rng: &dataRNG)
                return (recallAccuracy(model, task: task, count: testCount, rng: job.testRNG), nil, (start, model))
            }
        }
        let all = jobs
        let halves = inParallel(2) { half in all.indices.filter { $0 % 2 == half }.map { train(all[$0]) } }
        var results = Results(accuracy: [:], rnns: [:], lstms: [:])
        for model in RecallModel.allCases {
            results.accuracy[model] = Array(repeating: Array(repeating: 0, count: seeds), count: lags.count)
        }
        for (i, job) in jobs.enumerated() {
            let outcome = halves[i % 2][i / 2]
            results.accuracy[job.model]![job.lag][job.seed] = outcome.accuracy
            guard job.seed == 0, job.lag == lags.count - 1 else { continue }
            if let pair = outcome.rnn { results.rnns[job.model] = (pair.0, pair.1) }
            if let pair = outcome.lstm { results.lstms[job.model] = (pair.0, pair.1) }
        }
        return results
    }
}
