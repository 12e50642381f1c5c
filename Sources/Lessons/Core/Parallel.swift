import Foundation

/// Runs `body(0)`, …, `body(n − 1)` on up to n threads and returns their results in index order.
///
/// Each index must do work that does not depend on the others (a fixed shard of a batch, say).
/// The caller then combines the results in index order, so what it computes does not depend on
/// which thread finishes first: the same bits on one core or on two.
public func inParallel<Result: Sendable>(_ n: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard n > 1 else { return (0..<n).map(body) }
    let slots = Slots<Result>(count: n)
    DispatchQueue.concurrentPerform(iterations: n) { i in slots.buffer[i] = body(i) }   // each thread its own slot
    return slots.buffer.compactMap { $0 }
}

/// One result slot per index, written by one thread each.
private final class Slots<Result>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }
}
