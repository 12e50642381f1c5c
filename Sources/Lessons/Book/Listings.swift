import Foundation

/// A problem with the literate links between chapters and sources.
public enum BookError: Error, CustomStringConvertible, Equatable {
    case missingSource(chapter: String, line: Int, path: String)
    case missingRegion(chapter: String, line: Int, path: String, region: String)
    case malformedRegion(path: String, line: Int, reason: String)
    case malformedInclude(chapter: String, line: Int, reason: String)
    case missingChapter(path: String)
    case missingResult(chapter: String, line: Int, key: String, reason: String)
    case malformedMarker(chapter: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .missingSource(chapter, line, path):
            return "\(chapter):\(line): the listing names \(path), which does not exist"
        case let .missingRegion(chapter, line, path, region):
            return "\(chapter):\(line): \(path) has no region '// listing: \(region)' … '// end listing'"
        case let .malformedRegion(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .malformedInclude(chapter, line, reason):
            return "\(chapter):\(line): \(reason)"
        case let .missingChapter(path):
            return "\(path) does not exist: every chapter in the course needs its markdown file"
        case let .missingResult(chapter, line, key, reason):
            return "\(chapter):\(line): no recorded value '\(key)': \(reason)"
        case let .malformedMarker(chapter, line, reason):
            return "\(chapter):\(line): \(reason)"
        }
    }
}

/// A named region of a source file between two marker comments.
public struct MarkedRegion: Sendable, Equatable {
    public var name: String
    /// 0-based line numbers of the opening and the closing marker.
    public var markers: ClosedRange<Int>
    /// The lines between the markers, as written.
    public var body: [String]
}

/// Regions of source files marked for inclusion in the chapters:
///
/// ```swift
/// // listing: rnn-step
/// public func step(…) { … }
/// // end listing
/// ```
///
/// Regions do not nest and names are unique per file. The same parser reads the exercise regions
/// (`// exercise: NAME` … `// end exercise`) that `lesson-runner reset` restores.
public enum SourceRegions {
    /// Every region of one file, in order.
    public static func parse(_ text: String, path: String, begin: String = "// listing: ",
                             end: String = "// end listing") throws -> [MarkedRegion] {
        var result: [MarkedRegion] = []
        var open: MarkedRegion?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(begin) {
                if let region = open {
                    throw BookError.malformedRegion(
                        path: path, line: index + 1,
                        reason: "region '\(region.name)' (line \(region.markers.lowerBound + 1)) is still open; regions do not nest")
                }
                let name = String(trimmed.dropFirst(begin.count)).trimmingCharacters(in: .whitespaces)
                if result.contains(where: { $0.name == name }) {
                    throw BookError.malformedRegion(path: path, line: index + 1,
                                                    reason: "region '\(name)' is defined twice")
                }
                open = MarkedRegion(name: name, markers: index...index, body: [])
            } else if trimmed == end {
                guard var region = open else {
                    throw BookError.malformedRegion(path: path, line: index + 1,
                                                    reason: "'\(end)' without a matching '\(begin)'")
                }
                region.markers = region.markers.lowerBound...index
                result.append(region)
                open = nil
            } else {
                open?.body.append(line)
            }
        }
        if let region = open {
            throw BookError.malformedRegion(path: path, line: region.markers.lowerBound + 1,
                                            reason: "region '\(region.name)' is never closed with '\(end)'")
        }
        return result
    }

    /// The listing regions of one file, by name, with their common indentation removed.
    public static func listings(in text: String, path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for region in try parse(text, path: path) { result[region.name] = dedent(region.body) }
        return result
    }

    private static func dedent(_ lines: [String]) -> String {
        let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }
            .map { $0.prefix(while: { $0 == " " }).count }
        let cut = indents.min() ?? 0
        return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(cut)) }
            .joined(separator: "\n")
    }
}

/// Refreshes the code listings of a chapter from the sources.
///
/// A chapter includes a region with an HTML comment followed by a fenced Swift block:
///
/// ````markdown
/// <!-- listing: Sources/Lessons/Ch04RNN/RNN.swift#rnn-step -->
/// ```swift
/// …replaced by the region's current text…
/// ```
/// ````
public enum Listings {
    static let marker = "<!-- listing: "

    /// The chapter text with every listing replaced by the current source region.
    public static func refresh(chapter text: String, chapterPath: String, root: URL) throws -> String {
        var lines = text.components(separatedBy: "\n")
        var output: [String] = []
        var regionCache: [String: [String: String]] = [:]
        var i = 0
        while i < lines.count {
            let line = lines[i]
            output.append(line)
            i += 1
            guard line.hasPrefix(marker) else { continue }
            guard line.hasSuffix("-->"),
                  case let reference = line.dropFirst(marker.count).dropLast(3)
                    .trimmingCharacters(in: .whitespaces),
                  let hash = reference.lastIndex(of: "#")
            else {
                throw BookError.malformedInclude(chapter: chapterPath, line: i,
                                                 reason: "expected '<!-- listing: PATH#REGION -->'")
            }
            let path = String(reference[..<hash])
            let region = String(reference[reference.index(after: hash)...])
            if regionCache[path] == nil {
                let url = root.appendingPathComponent(path)
                guard let source = try? String(contentsOf: url, encoding: .utf8) else {
                    throw BookError.missingSource(chapter: chapterPath, line: i, path: path)
                }
                regionCache[path] = try SourceRegions.listings(in: source, path: path)
            }
            guard let code = regionCache[path]?[region] else {
                throw BookError.missingRegion(chapter: chapterPath, line: i, path: path, region: region)
            }
            try FencedBlock.drop(after: i, in: &lines, chapterPath: chapterPath)
            output.append("```swift")
            output.append(code)
            output.append("```")
        }
        return output.joined(separator: "\n")
    }
}
