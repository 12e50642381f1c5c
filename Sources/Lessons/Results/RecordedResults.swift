import Foundation

/// What one run of a chapter produced, as written next to its figures: `results.json` holds every
/// metric and quoted text (the same bytes on every run with the same seed and settings) and
/// `times.json` the wall-clock numbers (the only ones allowed to differ from run to run).
///
/// The chapters quote these files through value markers that `lesson-runner book` fills, and
/// `lesson-runner all --check` re-runs every chapter and compares them with the committed ones.
///
/// ```json
/// {
///   "chapter": "ch04",
///   "seed": 42,
///   "run": "default",
///   "metrics": [
///     {"name": "held-out loss", "value": 2.4812, "unit": "nats/char"}
///   ],
///   "texts": [
///     {"name": "sample at temperature 0.5", "text": "KING HENRY:\n..."}
///   ]
/// }
/// ```
public struct RecordedResults: Sendable, Equatable {
    public struct Metric: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var unit: String
    }

    /// "ch04".
    public var chapter: String
    public var seed: UInt64
    /// "default", "fast", "long" or "steps N": which configuration produced the numbers.
    public var run: String
    public var metrics: [Metric]
    public var texts: [(name: String, text: String)]

    /// The file names inside a chapter's figure folder.
    public static let resultsFile = "results.json"
    public static let timesFile = "times.json"

    public init(chapter: String, seed: UInt64, run: String, metrics: [Metric], texts: [(name: String, text: String)]) {
        self.chapter = chapter
        self.seed = seed
        self.run = run
        self.metrics = metrics
        self.texts = texts
    }

    public static func == (a: RecordedResults, b: RecordedResults) -> Bool {
        a.chapter == b.chapter && a.seed == b.seed && a.run == b.run && a.metrics == b.metrics
            && a.texts.map(\.name) == b.texts.map(\.name) && a.texts.map(\.text) == b.texts.map(\.text)
    }

    /// The value of the metric called `name`, or the text called `name`.
    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
    public func text(_ name: String) -> String? { texts.first { $0.name == name }?.text }

    /// The deterministic results and the wall-clock timings of a finished run.
    public static func of(_ context: RunContext, chapter: Chapter) -> (results: RecordedResults, times: RecordedResults) {
        let run: String
        switch context.length {
        case .standard: run = context.fast ? "fast" : "default"
        case .long: run = "long"
        case let .steps(n): run = "steps \(n)"
        }
        func metrics(timing: Bool) -> [Metric] {
            context.metrics.filter { $0.timing == timing }.map { Metric(name: $0.name, value: $0.value, unit: $0.unit) }
        }
        return (RecordedResults(chapter: chapter.id, seed: context.seed, run: run,
                                metrics: metrics(timing: false), texts: context.texts),
                RecordedResults(chapter: chapter.id, seed: context.seed, run: run,
                                metrics: metrics(timing: true), texts: []))
    }

    // MARK: - JSON

    /// The JSON text: one metric or text per line, numbers in Swift's shortest form that reads back
    /// to the same `Double` (so equal files mean equal numbers, bit for bit). NaN and ±∞, which JSON
    /// lacks, are written as the strings "nan", "inf" and "-inf".
    public var json: String {
        var lines = ["{",
                     "  \"chapter\": \(Self.quote(chapter)),",
                     "  \"seed\": \(seed),",
                     "  \"run\": \(Self.quote(run)),"]
        let metricLines = metrics.map { m in
            "    {\"name\": \(Self.quote(m.name)), \"value\": \(Self.number(m.value)), \"unit\": \(Self.quote(m.unit))}"
        }
        lines.append(metricLines.isEmpty ? "  \"metrics\": []," : "  \"metrics\": [\n" + metricLines.joined(separator: ",\n") + "\n  ],")
        let textLines = texts.map { "    {\"name\": \(Self.quote($0.name)), \"text\": \(Self.quote($0.text))}" }
        lines.append(textLines.isEmpty ? "  \"texts\": []" : "  \"texts\": [\n" + textLines.joined(separator: ",\n") + "\n  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads what ``json`` wrote.
    public init(json data: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let chapter = object["chapter"] as? String,
              let seed = (object["seed"] as? NSNumber)?.uint64Value,
              let run = object["run"] as? String,
              let metrics = object["metrics"] as? [[String: Any]],
              let texts = object["texts"] as? [[String: Any]]
        else { throw ResultsError.malformed("not a results file (expected chapter, seed, run, metrics and texts)") }
        self.chapter = chapter
        self.seed = seed
        self.run = run
        self.metrics = try metrics.map { entry in
            guard let name = entry["name"] as? String, let unit = entry["unit"] as? String,
                  let value = Self.parseNumber(entry["value"])
            else { throw ResultsError.malformed("a metric without name, value or unit: \(entry)") }
            return Metric(name: name, value: value, unit: unit)
        }
        self.texts = try texts.map { entry in
            guard let name = entry["name"] as? String, let text = entry["text"] as? String
            else { throw ResultsError.malformed("a text without name or text: \(entry)") }
            return (name, text)
        }
    }

    /// Reads a results file, with an error that names it.
    public static func load(_ url: URL) throws -> RecordedResults {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ResultsError.missing(url.path)
        }
        do { return try RecordedResults(json: data) } catch let ResultsError.malformed(reason) {
            throw ResultsError.malformed("\(url.path): \(reason)")
        }
    }

    /// Writes `results.json` and `times.json` into `folder`.
    public static func write(_ recorded: (results: RecordedResults, times: RecordedResults), to folder: URL) throws {
        try Data(recorded.results.json.utf8).write(to: folder.appendingPathComponent(resultsFile))
        try Data(recorded.times.json.utf8).write(to: folder.appendingPathComponent(timesFile))
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x > 0 ? "\"inf\"" : "\"-inf\"" }
        return "\(x)"
    }

    static func parseNumber(_ value: Any?) -> Double? {
        switch value {
        case let s as String: return ["nan": .nan, "inf": .infinity, "-inf": -.infinity][s]
        // JSONSerialization reads numbers into NSNumber; its text goes back through Double's own
        // parser, the one that reads what `"\(x)"` wrote, so the value round-trips exactly.
        case let n as NSNumber: return Double(n.description) ?? n.doubleValue
        default: return nil
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A results file that is missing or cannot be read.
public enum ResultsError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case malformed(String)

    public var description: String {
        switch self {
        case let .missing(path): return "\(path) does not exist"
        case let .malformed(reason): return reason
        }
    }
}

extension Chapter {
    /// Runs the chapter, then writes `results.json` and `times.json` next to its figures, with the
    /// run's wall-clock time recorded as the timing "run". Returns that time in seconds.
    @discardableResult
    public func runRecorded(_ context: RunContext) throws -> Double {
        let start = Date()
        try run(context)
        let seconds = Date().timeIntervalSince(start)
        context.recordTiming("run", seconds, unit: "s")
        try RecordedResults.write(RecordedResults.of(context, chapter: self), to: context.figureDirectory)
        return seconds
    }
}
