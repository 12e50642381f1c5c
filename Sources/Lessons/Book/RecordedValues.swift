import Foundation

/// Fills the numbers and texts a chapter quotes from its recorded runs (`RecordedResults`), as
/// `Listings` fills code from the sources. The markers are HTML comments, invisible on GitHub:
///
/// ```markdown
/// The RNN ends at <!-- value: ch04/held-out loss, RNN | .2f -->1.95<!-- /value --> nats per character,
/// after about <!-- time: ch04/run | .0f -->4<!-- /time --> s on a 2-core machine.
///
/// <!-- text: ch04/sample at temperature 0.5 -->
/// ```text
/// …replaced by the recorded text…
/// ```
/// ```
///
/// A key is `chNN/<name>` (the default run's `assets/figures/chNN/results.json`) or
/// `chNN/long/<name>` (the `--long` run's, in `assets/figures/chNN/long/`). `value:` and `text:`
/// read `results.json`; `time:` reads `times.json`. See ``ValueFormat`` for the specs.
public enum RecordedValues {
    /// Where a chapter's default run writes its figures and results, relative to the root.
    public static let figuresFolder = "assets/figures"

    static var inline: Regex<(Substring, Substring, Substring, Substring, Substring, Substring)> {
        /<!-- (value|time): ([^|]+?) \| (\S+) -->(.*?)<!-- \/(value|time) -->/
    }
    static let textMarker = "<!-- text: "

    /// The chapter text with every marker filled from the recorded results under `root`.
    public static func fill(chapter text: String, chapterPath: String, root: URL) throws -> String {
        var store = Store(root: root)
        var lines = text.components(separatedBy: "\n")
        var output: [String] = []
        var inFence = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            if line.hasPrefix("```") { inFence.toggle() }
            if inFence { output.append(line); continue }
            if line.hasPrefix(textMarker) {
                output.append(line)
                guard line.hasSuffix(" -->") else {
                    throw BookError.malformedMarker(chapter: chapterPath, line: i, reason: "expected '<!-- text: chNN/NAME -->'")
                }
                let key = String(line.dropFirst(textMarker.count).dropLast(4))
                let recorded = try store.text(key, chapter: chapterPath, line: i)
                if recorded.components(separatedBy: "\n").contains(where: { $0.hasPrefix("```") }) {
                    throw BookError.malformedMarker(chapter: chapterPath, line: i,
                                                    reason: "the text '\(key)' contains a ``` line and cannot be fenced")
                }
                try FencedBlock.drop(after: i, in: &lines, chapterPath: chapterPath)
                output += ["```text", recorded, "```"]
                continue
            }
            output.append(try fillInline(line, store: &store, chapterPath: chapterPath, line: i))
        }
        return output.joined(separator: "\n")
    }

    /// `text` with the content of every `time:` marker removed: what `book --check` compares, since
    /// wall-clock numbers may differ on every run.
    public static func maskingTimes(_ text: String) -> String {
        text.replacing(inline) { match in
            match.1 == "time" ? "<!-- time: \(match.2) | \(match.3) --><!-- /time -->" : String(match.0)
        }
    }

    private static func fillInline(_ line: String, store: inout Store, chapterPath: String, line number: Int) throws -> String {
        guard line.contains("<!-- value:") || line.contains("<!-- time:") else { return line }
        var result = ""
        var rest = line[...]
        while let match = rest.firstMatch(of: inline) {
            let (kind, key, spec) = (String(match.1), String(match.2), String(match.3))
            guard kind == match.5 else {
                throw BookError.malformedMarker(chapter: chapterPath, line: number,
                                                reason: "'<!-- \(kind): \(key) …' is closed by '<!-- /\(match.5) -->'")
            }
            guard let format = ValueFormat(spec) else {
                throw BookError.malformedMarker(chapter: chapterPath, line: number,
                                                reason: "'\(spec)' is not a value format (e.g. .2f, ,.0f, .1%, .3g, .1e, d)")
            }
            let value = try store.value(key, timing: kind == "time", chapter: chapterPath, line: number)
            result += rest[..<match.range.lowerBound]
            result += "<!-- \(kind): \(key) | \(spec) -->\(format.format(value))<!-- /\(kind) -->"
            rest = rest[match.range.upperBound...]
        }
        if rest.contains("<!-- value:") || rest.contains("<!-- time:") {
            throw BookError.malformedMarker(chapter: chapterPath, line: number,
                                            reason: "expected '<!-- value: chNN/NAME | FORMAT -->…<!-- /value -->' on one line")
        }
        return result + rest
    }

    /// The results files a chapter's markers read, each loaded once.
    private struct Store {
        let root: URL
        var files: [String: Result<RecordedResults, ResultsError>] = [:]

        /// (file path relative to the root, name inside it) of a key such as "ch04/long/held-out loss".
        func locate(_ key: String, timing: Bool) -> (path: String, name: String)? {
            guard let match = key.wholeMatch(of: /(ch[0-9][0-9])\/(long\/)?(.+)/) else { return nil }
            let folder = "\(figuresFolder)/\(match.1)" + (match.2 == nil ? "" : "/long")
            return ("\(folder)/\(timing ? RecordedResults.timesFile : RecordedResults.resultsFile)", String(match.3))
        }

        mutating func load(_ key: String, timing: Bool, chapter: String, line: Int) throws -> (RecordedResults, String, String) {
            guard let (path, name) = locate(key, timing: timing) else {
                throw BookError.malformedMarker(chapter: chapter, line: line,
                                                reason: "'\(key)' is not a key of the form chNN/NAME or chNN/long/NAME")
            }
            if files[path] == nil {
                files[path] = Result { try RecordedResults.load(root.appendingPathComponent(path)) }
                    .mapError { $0 as? ResultsError ?? .malformed("\($0)") }
            }
            do {
                return (try files[path]!.get(), path, name)
            } catch {
                let run = key.hasPrefix("\(key.prefix(4))/long/") ? "\(key.prefix(4)) --long" : String(key.prefix(4))
                throw BookError.missingResult(chapter: chapter, line: line, key: key,
                                              reason: "\(error); run 'swift run -c release lesson-runner \(run)' to record it")
            }
        }

        mutating func value(_ key: String, timing: Bool, chapter: String, line: Int) throws -> Double {
            let (results, path, name) = try load(key, timing: timing, chapter: chapter, line: line)
            guard let value = results.value(name) else {
                throw BookError.missingResult(chapter: chapter, line: line, key: key,
                                              reason: "\(path) has no metric '\(name)' (it has: \(results.metrics.map(\.name).joined(separator: "; ")))")
            }
            return value
        }

        mutating func text(_ key: String, chapter: String, line: Int) throws -> String {
            let (results, path, name) = try load(key, timing: false, chapter: chapter, line: line)
            guard let text = results.text(name) else {
                throw BookError.missingResult(chapter: chapter, line: line, key: key,
                                              reason: "\(path) has no text '\(name)' (it has: \(results.texts.map(\.name).joined(separator: "; ")))")
            }
            return text
        }
    }
}

/// The fenced block that follows a marker line, which a refresh replaces.
enum FencedBlock {
    /// Removes the fenced block starting at `lines[index]`, if there is one there.
    static func drop(after index: Int, in lines: inout [String], chapterPath: String) throws {
        guard index < lines.count, lines[index].hasPrefix("```") else { return }
        var end = index + 1
        while end < lines.count, lines[end] != "```" { end += 1 }
        guard end < lines.count else {
            throw BookError.malformedInclude(chapter: chapterPath, line: index + 1, reason: "the code block is never closed")
        }
        lines.removeSubrange(index...end)
    }
}
