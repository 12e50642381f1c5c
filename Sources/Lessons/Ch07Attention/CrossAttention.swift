import Foundation

/// The lookup task for cross-attention: a *source* of T_k random digits, and T_q *pointers*, each a
/// position 0 … T_k − 1. The answer to pointer p is the source digit at position p. The queries
/// come from the pointers, the keys and values from the source: two different sequences, of two
/// different lengths.
public struct LookupTask: Sendable {
    public var sourceLength = 8, pointers = 4

    public init() {}

    /// n examples: (source digits, pointers, answers).
    public func batch(_ n: Int, rng: inout SeededRNG) -> [(source: [Int], pointers: [Int], answers: [Int])] {
        (0..<n).map { _ in
            let source = (0..<sourceLength).map { _ in rng.int(below: 10) }
            let pointers = (0..<self.pointers).map { _ in rng.int(below: sourceLength) }
            return (source, pointers, pointers.map { source[$0] })
        }
    }
}

/// What `CrossAttentionModel.forward` keeps for the backward pass.
public struct CrossAttentionCache: Sendable {
    /// One-hot rows of the source digits (B·T_k × 10) and of the pointers (B·T_q × T_k).
    public var sourceOneHot: Tensor, pointerOneHot: Tensor
    /// The embedded source (with positions) and pointers, (B·T_k × d) and (B·T_q × d).
    public var Xs: Tensor, Xq: Tensor
    /// One attention cache per example.
    public var heads: [AttentionCache]
    /// The attention outputs (B·T_q × d) and the digit scores (B·T_q × 10).
    public var O: Tensor, logits: Tensor
}

/// One cross-attention layer between two sequences, with the same `attention` function as
/// self-attention:
///
/// ```
/// X_s = onehot(source) E_s + PE                       (T_k × d)   keys and values come from here
/// X_q = onehot(pointers) E_q                          (T_q × d)   queries come from here
/// O = Attention(X_q W_Q, X_s W_K, X_s W_V)             equation (7.2), A is T_q × T_k
/// logits = O W_y + b_y                                (T_q × 10)
/// ```
public struct CrossAttentionModel: Sendable {
    /// Embeddings of the source digits (10 × d) and of the pointers (T_k × d).
    public var Es: Tensor, Eq: Tensor
    public var WQ: Dense, WK: Dense, WV: Dense, readout: Dense
    /// The fixed positional encoding of the source (T_k × d), equation (7.7).
    public let PE: Tensor

    public init(task: LookupTask, modelDimension d: Int, rng: inout SeededRNG) {
        Es = Tensor(randomNormal: [10, d], standardDeviation: 1, rng: &rng)
        Eq = Tensor(randomNormal: [task.sourceLength, d], standardDeviation: 1, rng: &rng)
        WQ = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        WK = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        WV = Dense(inputs: d, outputs: d, initialization: .xavier, rng: &rng)
        readout = Dense(inputs: d, outputs: 10, initialization: .xavier, rng: &rng)
        PE = sinusoidalPositionalEncoding(positions: task.sourceLength, dimensions: d)
    }

    // listing: cross-attention
    /// Runs a batch of (source, pointers) pairs, all of the task's lengths.
    public func forward(sources: [[Int]], pointers: [[Int]]) -> CrossAttentionCache {
        let (Tk, Tq) = (PE.rows, pointers.first?.count ?? 0)
        let sourceOneHot = oneHotRows(sources, classes: 10), pointerOneHot = oneHotRows(pointers, classes: Tk)
        var Xs = sourceOneHot.matmul(Es)                               // (B·T_k, d)
        for r in 0..<Xs.rows {
            for j in 0..<Xs.cols { Xs[r, j] += PE[r % Tk, j] }
        }
        let Xq = pointerOneHot.matmul(Eq)                              // (B·T_q, d)
        let Q = WQ.forward(Xq), K = WK.forward(Xs), V = WV.forward(Xs)
        var O = Tensor(zeros: Xq.shape)
        var heads: [AttentionCache] = []
        for b in sources.indices {
            let (queryRows, keyRows) = ((b * Tq)..<((b + 1) * Tq), (b * Tk)..<((b + 1) * Tk))
            let all = 0..<Q.cols
            let head = attention(Q: Q.block(queryRows, all), K: K.block(keyRows, all), V: V.block(keyRows, all))
            O.setBlock(queryRows, all, to: head.output)                 // (T_q, d)
            heads.append(head)
        }
        return CrossAttentionCache(sourceOneHot: sourceOneHot, pointerOneHot: pointerOneHot, Xs: Xs, Xq: Xq,
                                   heads: heads, O: O, logits: readout.forward(O))
    }
    // end listing

    /// The mean cross-entropy of the answers, and the gradient of every parameter, in the order
    /// Es, Eq, W_Q, b_Q, W_K, b_K, W_V, b_V, W_y, b_y.
    public func gradients(sources: [[Int]], pointers: [[Int]], answers: [[Int]]) -> (loss: Double, gradients: [Tensor]) {
        let cache = forward(sources: sources, pointers: pointers)
        let (Tk, Tq) = (PE.rows, pointers.first?.count ?? 0)
        let L = softmaxCrossEntropy(logits: cache.logits, labels: answers.flatMap { $0 })
        let (dO, dWy, dby) = readout.backward(cache.O, L.gradient)
        var dQ = Tensor(zeros: cache.Xq.shape), dK = Tensor(zeros: cache.Xs.shape), dV = dK
        for b in sources.indices {
            let (queryRows, keyRows) = ((b * Tq)..<((b + 1) * Tq), (b * Tk)..<((b + 1) * Tk))
            let all = 0..<dO.cols
            let g = attentionBackward(cache.heads[b], dO.block(queryRows, all))
            dQ.setBlock(queryRows, all, to: g.dQ)
            dK.setBlock(keyRows, all, to: g.dK)
            dV.setBlock(keyRows, all, to: g.dV)
        }
        let q = WQ.backward(cache.Xq, dQ), k = WK.backward(cache.Xs, dK), v = WV.backward(cache.Xs, dV)
        let dEs = cache.sourceOneHot.transposedMatmul(k.dX + v.dX)    // the source feeds keys and values
        let dEq = cache.pointerOneHot.transposedMatmul(q.dX)
        return (L.loss, [dEs, dEq, q.dW, q.db, k.dW, k.db, v.dW, v.db, dWy, dby])
    }

    /// The parameters in the order of `gradients`.
    static var parameters: [WritableKeyPath<CrossAttentionModel, Tensor>] {
        [\.Es, \.Eq, \.WQ.W, \.WQ.b, \.WK.W, \.WK.b, \.WV.W, \.WV.b, \.readout.W, \.readout.b]
    }

    /// One optimizer step on every parameter (slots 0 … 9).
    public mutating func update(_ gradients: [Tensor], with optimizer: inout some Optimizer) {
        for (slot, parameter) in Self.parameters.enumerated() {
            optimizer.update(&self[keyPath: parameter], gradient: gradients[slot], slot: slot)
        }
    }

    /// The most likely digit for every pointer.
    public func predict(sources: [[Int]], pointers: [[Int]]) -> [[Int]] {
        let logits = forward(sources: sources, pointers: pointers).logits
        let Tq = pointers.first?.count ?? 0
        return sources.indices.map { b in
            (0..<Tq).map { t in (0..<10).max { logits[b * Tq + t, $0] < logits[b * Tq + t, $1] } ?? 0 }
        }
    }
}

/// One-hot rows of every token of every sequence, stacked.   // -> (B·T, classes)
func oneHotRows(_ sequences: [[Int]], classes: Int) -> Tensor {
    let tokens = sequences.flatMap { $0 }
    var oneHot = Tensor(zeros: [tokens.count, classes])
    for (r, token) in tokens.enumerated() { oneHot[r, token] = 1 }
    return oneHot
}

/// Trains a cross-attention model on the lookup task with Adam; returns it with its held-out
/// accuracy (every tenth of the way) on 200 fixed examples.
func trainLookup(_ task: LookupTask, modelDimension d: Int, steps: Int, batch: Int, _ context: RunContext) throws
    -> (model: CrossAttentionModel, accuracy: [(step: Int, value: Double)]) {
    var initRNG = context.rng("init lookup"), dataRNG = context.rng("data lookup"), heldOutRNG = context.rng("held out lookup")
    var model = CrossAttentionModel(task: task, modelDimension: d, rng: &initRNG)
    let heldOut = task.batch(context.steps(200, fast: 20), rng: &heldOutRNG)
    var adam = Adam(learningRate: 1e-2)
    var curve: [(step: Int, value: Double)] = []
    let loop = context.loop("cross-attention lookup", total: steps)
    for step in 1...steps {
        let examples = task.batch(batch, rng: &dataRNG)
        let (loss, g) = model.gradients(sources: examples.map(\.source), pointers: examples.map(\.pointers),
                                        answers: examples.map(\.answers))
        model.update(g, with: &adam)
        if step == 1 || step % max(1, steps / 10) == 0 {
            let predicted = model.predict(sources: heldOut.map(\.source), pointers: heldOut.map(\.pointers))
            curve.append((step, accuracy(predicted, heldOut.map(\.answers)).digits))
        }
        try loop.step(step, loss: loss, ("held-out accuracy", curve.last?.value ?? 0))
    }
    loop.end()
    return (model, curve)
}

/// The mean attention weight a pointer puts on the source position it points to.
func weightOnPointedKey(_ model: CrossAttentionModel, _ examples: [(source: [Int], pointers: [Int], answers: [Int])]) -> Double {
    let cache = model.forward(sources: examples.map(\.source), pointers: examples.map(\.pointers))
    var total = 0.0, count = 0
    for (b, example) in examples.enumerated() {
        for (t, p) in example.pointers.enumerated() {
            total += cache.heads[b].A[t, p]
            count += 1
        }
    }
    return total / Double(max(1, count))
}

/// The cross-attention weights of a few examples: T_q pointer rows against T_k source columns.
func crossAttentionFigure(_ model: CrossAttentionModel, _ examples: [(source: [Int], pointers: [Int], answers: [Int])]) -> Figure {
    let cache = model.forward(sources: examples.map(\.source), pointers: examples.map(\.pointers))
    let predicted = model.predict(sources: examples.map(\.source), pointers: examples.map(\.pointers))
    let panels = examples.enumerated().map { b, example -> Panel in
        let A = cache.heads[b].A
        var panel = Panel(title: "source \(example.source.map(String.init).joined()) → answers \(predicted[b].map(String.init).joined())",
                          xLabel: "key: source position j (digit)", yLabel: "query: pointer")
        panel.layers = [.matrix(values: (0..<A.rows).map { i in (0..<A.cols).map { A[i, $0] } }, range: 0...1)]
        panel.xTickLabels = example.source.enumerated().map { "\($0) (\($1))" }
        panel.yTickLabels = example.pointers.map { "→ \($0)" }
        panel.colorBar = "weight"
        return panel
    }
    return Figure(title: "Cross-attention: each pointer (query) finds the source position (key) it names",
                  width: 1500, height: 400, columns: examples.count, panels: panels)
}
