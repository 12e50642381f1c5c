import Foundation

/// Where each test of the package is declared, so a "Verified by `Suite.test`" line can link to it.
public enum TestIndex {
    /// A line of a file, relative to the project root; `line` is 1-based.
    public struct Location: Sendable, Equatable {
        public var file: String, line: Int
    }

    /// "Suite.test" → the line of `func test(` for every `@Test` function inside a `struct Suite`
    /// of `Tests/` (the attribute on the same line as `func` or on a line before it).
    public static func scan(root: URL) throws -> [String: Location] {
        var result: [String: Location] = [:]
        let testsFolder = root.appendingPathComponent("Tests")
        guard let files = FileManager.default.enumerator(at: testsFolder, includingPropertiesForKeys: nil) else {
            return result
        }
        for case let url as URL in files where url.pathExtension == "swift" {
            let file = "Tests/" + url.path.dropFirst(testsFolder.path.count + 1)
            var suite: String?
            var attributed = false
            for (index, line) in try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").enumerated() {
                // The plain `contains` checks first: a regular expression on every line is slow.
                if line.contains("struct"), let match = line.firstMatch(of: /^(?:@Suite[^)]*\)\s*)?struct\s+([A-Za-z0-9_]+)/) {
                    suite = String(match.1)
                }
                if line.contains("@Test") { attributed = true }
                if line.contains("func"), let match = line.firstMatch(of: /func\s+([A-Za-z0-9_]+)\s*\(/) {
                    if attributed, let suite { result["\(suite).\(match.1)"] = Location(file: file, line: index + 1) }
                    attributed = false
                }
            }
        }
        return result
    }
}
