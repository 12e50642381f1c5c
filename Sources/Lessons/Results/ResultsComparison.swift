import Foundation

/// Compares a fresh run of a chapter with the committed one: every PNG byte for byte, and
/// `results.json` metric by metric. `times.json` (wall-clock numbers) and subfolders (the `--long`
/// run) are not compared, and neither are the bytes of a chapter's wall-clock figures
/// (`Chapter.wallClockFigures`, such as a plot of measured time), which need only exist on both
/// sides. This is what `lesson-runner all --check` reports.
public enum ResultsComparison {
    /// One way the fresh run differs, naming the file and, for results, the first differing entry.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// The differences between the committed folder and the fresh one; empty when they agree.
    /// `label` prefixes the file names in the messages (e.g. "assets/figures/ch04"); the figures
    /// named in `wallClockFigures` (without ".png") are not compared byte for byte.
    public static func differences(committed: URL, fresh: URL, label: String,
                                   wallClockFigures: [String] = []) -> [Difference] {
        let measured = Set(wallClockFigures.map { $0 + ".png" })
        let compared = { (folder: URL) -> Set<String> in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return Set(names.filter { $0.hasSuffix(".png") || $0 == RecordedResults.resultsFile })
        }
        let (old, new) = (compared(committed), compared(fresh))
        var result: [Difference] = []
        for name in old.union(new).sorted() {
            let file = "\(label)/\(name)"
            guard new.contains(name) else {
                result.append(Difference(file: file, message: "is committed, but this run did not write it"))
                continue
            }
            guard old.contains(name) else {
                result.append(Difference(file: file, message: "this run wrote it, but it is not committed"))
                continue
            }
            if measured.contains(name) { continue }
            let a = FileManager.default.contents(atPath: committed.appendingPathComponent(name).path) ?? Data()
            let b = FileManager.default.contents(atPath: fresh.appendingPathComponent(name).path) ?? Data()
            guard a != b else { continue }
            let message = name == RecordedResults.resultsFile ? resultsDifference(a, b) : bytesDifference(a, b)
            result.append(Difference(file: file, message: message))
        }
        return result
    }

    /// The first byte at which two files differ, and their sizes.
    static func bytesDifference(_ a: Data, _ b: Data) -> String {
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        return "differs from the committed file at byte \(first) (committed \(a.count) bytes, this run \(b.count))"
    }

    /// The first metric or text that differs between two results files.
    static func resultsDifference(_ a: Data, _ b: Data) -> String {
        guard let old = try? RecordedResults(json: a) else { return "the committed file cannot be read" }
        guard let new = try? RecordedResults(json: b) else { return "this run's file cannot be read" }
        if old.seed != new.seed || old.run != new.run {
            return "committed for seed \(old.seed), run '\(old.run)'; this run is seed \(new.seed), run '\(new.run)'"
        }
        for i in 0..<max(old.metrics.count, new.metrics.count) {
            let m = i < old.metrics.count ? old.metrics[i] : nil
            let n = i < new.metrics.count ? new.metrics[i] : nil
            guard m != n else { continue }
            switch (m, n) {
            case let (m?, n?) where m.name == n.name:
                return "metric '\(m.name)' is \(m.value) \(m.unit) in the committed file, \(n.value) \(n.unit) in this run"
            case let (m?, n?):
                return "metric \(i + 1) is '\(m.name)' in the committed file, '\(n.name)' in this run"
            case let (m?, nil):
                return "metric '\(m.name)' is committed, but this run did not record it"
            case let (nil, n?):
                return "this run recorded metric '\(n.name)', which is not committed"
            case (nil, nil):
                continue
            }
        }
        for i in 0..<max(old.texts.count, new.texts.count) {
            let m = i < old.texts.count ? old.texts[i] : nil
            let n = i < new.texts.count ? new.texts[i] : nil
            if m?.name != n?.name {
                return "text \(i + 1) is '\(m?.name ?? "missing")' in the committed file, '\(n?.name ?? "missing")' in this run"
            }
            if let m, let n, m.text != n.text {
                let (a, b) = (m.text.components(separatedBy: "\n"), n.text.components(separatedBy: "\n"))
                let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                return "text '\(m.name)' differs at line \(line + 1)"
            }
        }
        return "differs in layout only (the same numbers and texts)"
    }
}
