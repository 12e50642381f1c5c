import Foundation
import Testing
@testable import Lessons

/// Numbers in the prose come from recorded runs: the results files, the value markers that
/// `lesson-runner book` fills, and the comparison `lesson-runner all --check` makes.
@Suite("Recorded results") struct RecordedResultsTests {
    private func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recorded-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private let sample = RecordedResults(
        chapter: "ch09", seed: 42, run: "default",
        metrics: [.init(name: "held-out loss", value: 2.4835306696551807, unit: "nats/char"),
                  .init(name: "ratio ‖∂L/∂h‖", value: 4.935245473214266e-26, unit: ""),
                  .init(name: "accuracy", value: 0.99722, unit: ""),
                  .init(name: "characters", value: 1_016_483, unit: ""),
                  .init(name: "diverged", value: .nan, unit: ""),
                  .init(name: "unbounded", value: -.infinity, unit: "")],
        texts: [("sample", "KING \"HENRY\":\n\tWhat\\ ho!\u{1}\n")])

    @Test("results.json reads back to the same numbers, bit for bit, and the same bytes")
    func jsonRoundTrip() throws {
        let read = try RecordedResults(json: Data(sample.json.utf8))
        #expect(read.metrics.map(\.name) == sample.metrics.map(\.name))
        for (a, b) in zip(read.metrics, sample.metrics) {
            #expect(a.value.bitPattern == b.value.bitPattern || (a.value.isNaN && b.value.isNaN), "\(a.name)")
        }
        #expect(read.text("sample") == sample.text("sample"))
        #expect(read.json == sample.json)
        var rng = SeededRNG(seed: 7)
        let many = RecordedResults(chapter: "ch09", seed: 1, run: "fast", metrics: (0..<500).map {
            .init(name: "m\($0)", value: Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * ($0 % 2 == 0 ? 1 : -1), unit: "")
        }, texts: [])
        #expect(try RecordedResults(json: Data(many.json.utf8)) == many)
    }

    @Test("a results file that is not one is refused with its path")
    func malformedFile() throws {
        let folder = try scratchFolder()
        let url = folder.appendingPathComponent("results.json")
        try Data("{\"chapter\": \"ch01\"}".utf8).write(to: url)
        #expect(throws: ResultsError.self) { try RecordedResults.load(url) }
        #expect(throws: ResultsError.missing(folder.appendingPathComponent("none.json").path)) {
            try RecordedResults.load(folder.appendingPathComponent("none.json"))
        }
    }

    @Test("value formats: fixed, grouped, percent, general, scientific, integer", arguments: [
        (".2f", 2.4835306696551807, "2.48"), (".0f", 3.5, "4"), (",.0f", 1_016_483, "1,016,483"),
        (",.1f", -12_345.67, "−12,345.7"), ("d", 20_000, "20000"), (",d", 20_000, "20,000"),
        (".2%", 0.99722, "99.72 %"), (".0%", 0.125, "12 %"), (".3g", 0.000123456, "0.000123"),
        (".1e", 2.7e11, "2.7 × 10¹¹"), (".1e", 4.935e-26, "4.9 × 10⁻²⁶"), (".2e", 3.14159, "3.14"),
        (".2f", Double.nan, "nan"), (".2f", -0.5, "−0.50"),
    ] as [(String, Double, String)])
    func valueFormats(spec: String, value: Double, expected: String) throws {
        let format = try #require(ValueFormat(spec))
        #expect(format.format(value) == expected)
        #expect(format.description == spec)
    }

    @Test("specs that are not formats are refused", arguments: ["2f", ".f", ",.2g", "x", ".2%%", ""])
    func badSpecs(spec: String) { #expect(ValueFormat(spec) == nil) }

    /// A project root with recorded results for a chapter 9, default and long runs.
    private func rootWithResults() throws -> URL {
        let root = try scratchFolder()
        let folder = root.appendingPathComponent("assets/figures/ch09")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("long"), withIntermediateDirectories: true)
        let times = RecordedResults(chapter: "ch09", seed: 42, run: "default",
                                    metrics: [.init(name: "run", value: 4.4, unit: "s")], texts: [])
        try RecordedResults.write((sample, times), to: folder)
        var long = sample
        long.run = "long"
        long.metrics[0].value = 1.5
        try RecordedResults.write((long, times), to: folder.appendingPathComponent("long"))
        return root
    }

    @Test("book fills values, times and texts from the recorded results")
    func fillsMarkers() throws {
        let root = try rootWithResults()
        let chapter = """
            Loss <!-- value: ch09/held-out loss | .2f -->9.99<!-- /value --> nats, \
            long <!-- value: ch09/long/held-out loss | .1f -->?<!-- /value -->, \
            <!-- value: ch09/accuracy | .1% --><!-- /value --> right, in about <!-- time: ch09/run | .0f -->1<!-- /time --> s.
            <!-- text: ch09/sample -->
            ```text
            stale sample
            ```
            After.
            """
        let filled = try RecordedValues.fill(chapter: chapter, chapterPath: "c.md", root: root)
        #expect(filled == """
            Loss <!-- value: ch09/held-out loss | .2f -->2.48<!-- /value --> nats, \
            long <!-- value: ch09/long/held-out loss | .1f -->1.5<!-- /value -->, \
            <!-- value: ch09/accuracy | .1% -->99.7 %<!-- /value --> right, in about <!-- time: ch09/run | .0f -->4<!-- /time --> s.
            <!-- text: ch09/sample -->
            ```text
            KING "HENRY":
            \tWhat\\ ho!\u{1}

            ```
            After.
            """)
        #expect(try RecordedValues.fill(chapter: filled, chapterPath: "c.md", root: root) == filled)
    }

    @Test("a missing value, a bad key or a broken marker names the chapter line")
    func markerErrors() throws {
        let root = try rootWithResults()
        #expect(throws: BookError.self) {
            try RecordedValues.fill(chapter: "a\n<!-- value: ch09/no such | .2f -->1<!-- /value -->", chapterPath: "c.md", root: root)
        }
        do {
            _ = try RecordedValues.fill(chapter: "a\n<!-- value: ch08/loss | .2f -->1<!-- /value -->", chapterPath: "c.md", root: root)
            Issue.record("a chapter without results was accepted")
        } catch let BookError.missingResult(chapter, line, key, reason) {
            #expect(chapter == "c.md" && line == 2 && key == "ch08/loss")
            #expect(reason.contains("lesson-runner ch08"), "\(reason)")
        }
        for broken in ["<!-- value: ch09/held-out loss | .2x -->1<!-- /value -->",
                       "<!-- value: ch09/held-out loss | .2f -->1<!-- /time -->",
                       "<!-- value: ch09/held-out loss | .2f -->1",
                       "<!-- value: held-out loss | .2f -->1<!-- /value -->",
                       "<!-- text: ch09/sample"] {
            #expect(throws: BookError.self, "\(broken)") {
                try RecordedValues.fill(chapter: broken, chapterPath: "c.md", root: root)
            }
        }
    }

    @Test("book --check ignores wall-clock times but not values")
    func checkMasksTimes() {
        let a = "in <!-- time: ch04/run | .0f -->4<!-- /time --> s, loss <!-- value: ch04/loss | .2f -->2.48<!-- /value -->"
        let b = "in <!-- time: ch04/run | .0f -->5<!-- /time --> s, loss <!-- value: ch04/loss | .2f -->2.48<!-- /value -->"
        let c = "in <!-- time: ch04/run | .0f -->4<!-- /time --> s, loss <!-- value: ch04/loss | .2f -->2.47<!-- /value -->"
        #expect(RecordedValues.maskingTimes(a) == RecordedValues.maskingTimes(b))
        #expect(RecordedValues.maskingTimes(a) != RecordedValues.maskingTimes(c))
    }

    /// A copy of a chapter's committed figures and results in a fresh folder.
    private func copyOfCommitted(_ chapter: String) throws -> URL {
        let copy = try scratchFolder().appendingPathComponent(chapter)
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("assets/figures/\(chapter)"), to: copy)
        return copy
    }

    @Test("the check finds nothing when a run reproduces the committed files, times aside")
    func comparisonOfEqualRuns() throws {
        let (committed, fresh) = (try copyOfCommitted("ch02"), try copyOfCommitted("ch02"))
        try Data("{}".utf8).write(to: fresh.appendingPathComponent("times.json"))
        #expect(ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02").isEmpty)
    }

    @Test("the check names the metric when one committed number is altered")
    func comparisonFindsAlteredNumber() throws {
        let (committed, fresh) = (try copyOfCommitted("ch02"), try copyOfCommitted("ch02"))
        let url = committed.appendingPathComponent("results.json")
        var results = try RecordedResults.load(url)
        let name = try #require(results.metrics.last?.name)
        results.metrics[results.metrics.count - 1].value = results.metrics.last!.value.nextUp
        try Data(results.json.utf8).write(to: url)
        let found = ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02")
        #expect(found.count == 1)
        #expect(found.first?.file == "ch02/results.json")
        #expect(found.first?.message.contains("metric '\(name)'") == true, "\(found)")
    }

    @Test("the check names the PNG when one byte of a committed figure is altered")
    func comparisonFindsAlteredPNG() throws {
        let (committed, fresh) = (try copyOfCommitted("ch02"), try copyOfCommitted("ch02"))
        let url = committed.appendingPathComponent("activations.png")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: url)
        try FileManager.default.removeItem(at: fresh.appendingPathComponent("gradient-norms.png"))
        let found = ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02")
        #expect(found.map(\.file) == ["ch02/activations.png", "ch02/gradient-norms.png"])
        #expect(found.first?.message.contains("at byte \(bytes.count / 2)") == true, "\(found)")
        #expect(found.last?.message.contains("did not write it") == true, "\(found)")
    }

    @Test("a wall-clock figure is only checked to exist: its bytes may differ, but it must be written")
    func comparisonSkipsWallClockFigures() throws {
        let (committed, fresh) = (try copyOfCommitted("ch02"), try copyOfCommitted("ch02"))
        let url = committed.appendingPathComponent("activations.png")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: url)
        #expect(ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02",
                                              wallClockFigures: ["activations"]).isEmpty)
        #expect(ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02").map(\.file)
                == ["ch02/activations.png"])
        try FileManager.default.removeItem(at: fresh.appendingPathComponent("activations.png"))
        let missing = ResultsComparison.differences(committed: committed, fresh: fresh, label: "ch02",
                                                    wallClockFigures: ["activations"])
        #expect(missing.map(\.file) == ["ch02/activations.png"] && missing.first?.message.contains("did not write it") == true)
    }

    @Test("a recorded run writes its metrics to results.json and its wall-clock time to times.json")
    func recordedRunWritesResults() throws {
        let folder = try scratchFolder()
        let context = RunContext(seed: 42, fast: true, figureDirectory: folder, root: projectRoot)
        try Chapter.activations.runRecorded(context)
        let results = try RecordedResults.load(folder.appendingPathComponent("results.json"))
        let times = try RecordedResults.load(folder.appendingPathComponent("times.json"))
        #expect(results.chapter == "ch02" && results.run == "fast")
        #expect(results.metrics.map(\.name) == context.metrics.filter { !$0.timing }.map(\.name))
        #expect(!results.metrics.isEmpty)
        #expect(times.metrics.map(\.name) == ["run"])
        let again = try scratchFolder()
        try Chapter.activations.runRecorded(RunContext(seed: 42, fast: true, figureDirectory: again, root: projectRoot))
        #expect(FileManager.default.contents(atPath: again.appendingPathComponent("results.json").path)
                == FileManager.default.contents(atPath: folder.appendingPathComponent("results.json").path))
    }
}
