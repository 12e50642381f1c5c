import Foundation

/// Runs `work(0)`, `work(1)`, … `work(count − 1)` on as many cores as there are and returns the
/// results in shard order. Each shard's result depends only on its index, and the caller combines
/// them in that order, so the outcome is the same bit for bit on one core or many.
func inShards<Result: Sendable>(_ count: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
    let results = ShardResults<Result>(count)
    DispatchQueue.concurrentPerform(iterations: count) { results.set($0, work($0)) }
    return results.values.compactMap { $0 }
}

/// One slot per shard, written once each from different threads.
private final class ShardResults<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result) { lock.lock(); values[i] = value; lock.unlock() }
}
