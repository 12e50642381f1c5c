import Foundation
import Synchronization

extension RunContext {
    /// Runs `count` independent experiments on two threads, experiment i on thread i mod 2, each
    /// thread with its own copy of this context: the same seed, length and folders, so the same
    /// named random streams, and therefore the same numbers as running them one after another.
    /// The copies' progress bars and printed lines are dropped — the runner shows one bar counting
    /// finished experiments under `label` — and so is what they report or save: return what the
    /// chapter needs and report it from the results, in order, on this context.
    public func twoAtATime<Result: Sendable>(_ count: Int, label: String,
                                          _ body: @Sendable (RunContext, Int) throws -> Result) throws -> [Result] {
        let counter = FinishedExperiments(sink: sink, label: label, total: count)
        let (seed, fast, length, figures, root, data) = (seed, fast, length, figureDirectory, root, dataOverride)
        let halves = inParallel(2) { half in
            let copy = RunContext(seed: seed, fast: fast, length: length, figureDirectory: figures, root: root,
                                  dataOverride: data, sink: SilentProgress())
            return stride(from: half, to: count, by: 2).map { i in
                defer { counter.finished() }
                return Swift.Result { try body(copy, i) }
            }
        }
        counter.end()
        return try (0..<count).map { try halves[$0 % 2][$0 / 2].get() }
    }
}

/// Forwards "one more experiment finished" from either thread to the context's progress sink,
/// one call at a time.
private final class FinishedExperiments: @unchecked Sendable {
    private let state: Mutex<Int> = Mutex(0)
    // Only touched while `state` is locked (or before and after the threads run).
    private let sink: ProgressSink

    init(sink: ProgressSink, label: String, total: Int) {
        self.sink = sink
        sink.begin(label, total: total)
    }

    func finished() {
        state.withLock { done in
            done += 1
            sink.update(step: done, metrics: [])
        }
    }

    func end() { sink.end() }
}
