import Foundation

/// A claim a chapter's text makes about training, checked on several seeds at the chapter's real
/// size. Some claims hold only at full size — chapter 8's ranking of three models changes with the
/// budget, so no configuration small enough for `swift test` shows it — and one seed is one draw.
/// `lesson-runner claims` runs the chapter once per seed (release build; CI does it on every
/// landing), prints the metrics the claim reads, seed by seed, and fails when the claim does not
/// hold on every seed.
public struct SeedClaim: Sendable {
    /// What the text says, as a sentence: "at the default budget the RNN ends last".
    public let statement: String
    /// The configuration the claim is about: the default run, or `--steps N`.
    public let length: RunLength
    public let seeds: [UInt64]
    /// The recorded metrics the claim reads (names in `results.json`), shown for every seed.
    public let metrics: [String]
    /// Whether the claim holds for one seed, given that seed's metrics in the order of `metrics`.
    public let holds: @Sendable ([Double]) -> Bool

    public init(_ statement: String, length: RunLength = .standard, seeds: [UInt64], metrics: [String],
                holds: @escaping @Sendable ([Double]) -> Bool) {
        precondition(!seeds.isEmpty && !metrics.isEmpty, "a claim needs seeds and the metrics it reads")
        self.statement = statement
        self.length = length
        self.seeds = seeds
        self.metrics = metrics
        self.holds = holds
    }

    /// The claim's verdict over the recorded results of each of its seeds (in the order of
    /// `seeds`): the seeds it fails on, and the metrics per seed. A missing metric is a failure
    /// with its own message, not a crash: the claim names a metric the chapter no longer records.
    public func check(_ results: [RecordedResults]) throws -> (failing: [UInt64], values: [[Double]]) {
        precondition(results.count == seeds.count, "one result per seed")
        let values = try results.map { result in
            try metrics.map { name in
                guard let value = result.value(name) else {
                    throw ResultsError.malformed("\(result.chapter) records no metric '\(name)' that a claim reads")
                }
                return value
            }
        }
        let failing = zip(seeds, values).filter { !holds($0.1) }.map(\.0)
        return (failing, values)
    }

    /// The metrics of every seed as a Markdown table with mean and range, the form the chapters
    /// quote (three decimals).
    public func table(_ values: [[Double]]) -> String {
        let header = "| metric | " + seeds.map { "seed \($0)" }.joined(separator: " | ") + " | mean | range |"
        let rule = "|---|" + String(repeating: "---:|", count: seeds.count + 2)
        let rows = metrics.indices.map { m -> String in
            let column = values.map { $0[m] }
            let mean = column.reduce(0, +) / Double(column.count)
            let cells = column.map { String(format: "%.3f", $0) }
            return "| \(metrics[m]) | " + cells.joined(separator: " | ")
                + String(format: " | %.3f | %.3f–%.3f |", mean, column.min()!, column.max()!)
        }
        return ([header, rule] + rows).joined(separator: "\n")
    }
}
