import Foundation
import Testing
@testable import Lessons

/// `SeedClaim`, the claims `lesson-runner claims` checks on several seeds at full size.
@Suite("Claims checked on several seeds") struct SeedClaimTests {
    private func results(seed: UInt64, _ values: [String: Double]) -> RecordedResults {
        RecordedResults(chapter: "ch09", seed: seed, run: "default",
                        metrics: values.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value, unit: "nats/char") },
                        texts: [])
    }

    private let lastClaim = SeedClaim("the RNN ends last", seeds: [1, 2, 3], metrics: ["RNN", "LSTM"]) { v in v[0] > v[1] }

    @Test("a claim names exactly the seeds it fails on, with every seed's metrics in its order")
    func failingSeeds() throws {
        let (failing, values) = try lastClaim.check([results(seed: 1, ["LSTM": 2.1, "RNN": 2.5]),
                                                     results(seed: 2, ["LSTM": 2.4, "RNN": 2.3]),
                                                     results(seed: 3, ["LSTM": 2.0, "RNN": 2.6, "bigram": 2.5])])
        #expect(failing == [2])
        #expect(values == [[2.5, 2.1], [2.3, 2.4], [2.6, 2.0]])
    }

    @Test("a metric the run no longer records is an error that names it, not a crash")
    func missingMetric() {
        #expect(throws: ResultsError.malformed("ch09 records no metric 'LSTM' that a claim reads")) {
            try lastClaim.check([results(seed: 1, ["RNN": 2.5]), results(seed: 2, ["RNN": 2.5]),
                                 results(seed: 3, ["RNN": 2.5])])
        }
    }

    @Test("the table shows every seed, the mean and the range, to three decimals")
    func table() {
        let text = lastClaim.table([[2.5, 2.1], [2.3, 2.4], [2.6, 2.0]])
        #expect(text.split(separator: "\n").map(String.init) == [
            "| metric | seed 1 | seed 2 | seed 3 | mean | range |",
            "|---|---:|---:|---:|---:|---:|",
            "| RNN | 2.500 | 2.300 | 2.600 | 2.467 | 2.300–2.600 |",
            "| LSTM | 2.100 | 2.400 | 2.000 | 2.167 | 2.000–2.400 |",
        ])
    }

    @Test("every chapter's claims read metrics its committed default run records")
    func claimsReadRecordedMetrics() throws {
        for chapter in Course.chapters where !chapter.claims.isEmpty {
            let recorded = try RecordedResults.load(projectRoot.appendingPathComponent(RecordedValues.figuresFolder)
                .appendingPathComponent(chapter.id).appendingPathComponent(RecordedResults.resultsFile))
            for claim in chapter.claims {
                for name in claim.metrics { #expect(recorded.value(name) != nil, "\(chapter.id): \(claim.statement): \(name)") }
            }
        }
    }

    @Test("every chapter's committed default run (seed 42) satisfies its own default-run claims")
    func committedRunsSatisfyClaims() throws {
        var checked = 0
        for chapter in Course.chapters {
            let claims = chapter.claims.filter { $0.length == .standard && $0.seeds.contains(42) }
            guard !claims.isEmpty else { continue }
            let recorded = try RecordedResults.load(projectRoot.appendingPathComponent(RecordedValues.figuresFolder)
                .appendingPathComponent(chapter.id).appendingPathComponent(RecordedResults.resultsFile))
            for claim in claims {
                let values = try claim.metrics.map { try #require(recorded.value($0), "\(chapter.id) records \($0)") }
                #expect(claim.holds(values), "\(chapter.id): \(claim.statement)")
                checked += 1
            }
        }
        #expect(checked >= 4, "chapters 4, 5 and 8 declare default-run claims")
    }
}
