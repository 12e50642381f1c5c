import Foundation

/// Receives the progress of a training loop; the runner draws a progress bar, tests stay silent.
public protocol ProgressSink: AnyObject {
    /// A loop called `label` with `total` steps begins.
    func begin(_ label: String, total: Int)
    /// Step `step` (1-based) of the current loop is done; `metrics` are e.g. [("loss", 1.93)].
    func update(step: Int, metrics: [(String, Double)])
    /// The current loop has ended.
    func end()
    /// A line of output that is not progress (a sample of generated text, a table row).
    func print(_ line: String)
}

/// A sink that drops everything: what tests use.
public final class SilentProgress: ProgressSink {
    public init() {}
    public func begin(_ label: String, total: Int) {}
    public func update(step: Int, metrics: [(String, Double)]) {}
    public func end() {}
    public func print(_ line: String) {}
}

/// Training stopped because something a learner can cause went wrong.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite.
    case diverged(loop: String, step: Int, loss: Double)

    public var description: String {
        switch self {
        case let .diverged(loop, step, loss):
            return "training diverged in \"\(loop)\": the loss became \(loss) at step \(step). "
                + "The usual cause is a learning rate that is too high; try a smaller one, "
                + "or clip the gradients."
        }
    }
}

/// One training loop's bookkeeping: forwards progress to a sink and stops on a non-finite loss.
///
/// ```swift
/// let loop = context.loop("train", total: steps)
/// for step in 1...steps {
///     let loss = …
///     try loop.step(step, loss: loss)
/// }
/// loop.end()
/// ```
public final class TrainingLoop {
    public let label: String
    public let total: Int
    private let sink: ProgressSink

    init(label: String, total: Int, sink: ProgressSink) {
        self.label = label
        self.total = total
        self.sink = sink
        sink.begin(label, total: total)
    }

    /// Reports step `step` (1-based) with its loss and any other metrics.
    /// - Throws: ``TrainingError/diverged(loop:step:loss:)`` when the loss is NaN or infinite.
    public func step(_ step: Int, loss: Double, _ metrics: (String, Double)...) throws {
        guard loss.isFinite else {
            sink.end()
            throw TrainingError.diverged(loop: label, step: step, loss: loss)
        }
        sink.update(step: step, metrics: [("loss", loss)] + metrics)
    }

    /// Marks the loop finished.
    public func end() { sink.end() }
}
