/// Swift source as HTML with `<span class="…">` around keywords, types, strings, numbers,
/// comments and attributes — enough colour to read a listing, computed without a compiler.
///
/// A capitalised name is a type only when it is declared as one (`types`, see
/// ``declaredTypes(in:)``) or is a standard library type: the course names matrices `Wxh` and `X`
/// after the notation, and those are variables.
///
/// The result is one HTML string per source line, each with its spans closed, so a page can
/// number the lines or cut the file into sections.
enum SwiftHighlighter {
    enum Kind: String { case keyword = "kw", type = "ty", string = "st", number = "nu", comment = "co", attribute = "at", plain = "" }

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "await", "async",
        "mutating", "nonmutating", "final", "lazy", "weak", "override", "indirect", "some", "any", "consuming",
        "borrowing", "sending", "nonisolated", "convenience", "required",
    ]

    static let standardTypes: Set<String> = [
        "Int", "Int32", "Int64", "UInt8", "UInt32", "UInt64", "Double", "Float", "Bool", "String", "Character",
        "Substring", "Array", "Dictionary", "Set", "Optional", "Range", "ClosedRange", "Error", "Void", "Never",
        "URL", "Data", "Span", "MutableSpan", "Sendable", "Equatable", "Hashable", "Comparable", "Sequence",
        "Collection", "CustomStringConvertible", "FileManager", "ProcessInfo", "Test", "Suite", "SourceLocation",
    ]

    /// The names that `struct`, `class`, `enum`, `protocol`, `actor` and `typealias` declare in `source`.
    /// (A scan of words, not a regular expression: this runs over every source file of the package.)
    static func declaredTypes(in source: String) -> Set<String> {
        let introducers: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
        var names = Set<String>()
        for line in source.split(separator: "\n") where !line.drop(while: { $0 == " " }).hasPrefix("//") {
            let words = line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            for (word, next) in zip(words, words.dropFirst()) where introducers.contains(word) && !keywords.contains(String(next)) {
                names.insert(String(next))
            }
        }
        return names
    }

    /// The lines of `source`, highlighted; `types` are the names to colour as types.
    static func lines(_ source: String, types: Set<String> = []) -> [String] {
        var lines: [String] = [""]
        for (kind, text) in tokens(source, types: types.union(standardTypes)) {
            for (index, piece) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { lines.append("") }
                guard !piece.isEmpty else { continue }
                let escaped = String(piece).htmlEscaped
                lines[lines.count - 1] += kind == .plain ? escaped : "<span class=\"\(kind.rawValue)\">\(escaped)</span>"
            }
        }
        return lines
    }

    /// The source cut into runs of one kind.
    static func tokens(_ source: String, types: Set<String>) -> [(Kind, String)] {
        let chars = Array(source)
        var result: [(Kind, String)] = []
        func emit(_ kind: Kind, _ range: Range<Int>) {
            let text = String(chars[range])
            if kind == .plain, let last = result.last, last.0 == .plain {
                result[result.count - 1].1 += text
            } else {
                result.append((kind, text))
            }
        }
        func starts(_ s: String, at i: Int) -> Bool {
            let needle = Array(s)
            return i + needle.count <= chars.count && Array(chars[i..<(i + needle.count)]) == needle
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let start = i
            if starts("//", at: i) {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                emit(.comment, start..<i)
            } else if starts("/*", at: i) {
                i += 2
                while i < chars.count, !starts("*/", at: i) { i += 1 }
                i = min(i + 2, chars.count)
                emit(.comment, start..<i)
            } else if c == "\"" || (c == "#" && i + 1 < chars.count && chars[i + 1] == "\"") {
                i = endOfString(chars, from: i)
                emit(.string, start..<i)
            } else if c == "@", i + 1 < chars.count, chars[i + 1].isLetter {
                i += 1
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                emit(.attribute, start..<i)
            } else if c.isNumber, i == 0 || !(chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1] == "$" || chars[i - 1].isNumber) {
                while i < chars.count, chars[i].isNumber || chars[i].isLetter || chars[i] == "_"
                        || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber) { i += 1 }
                emit(.number, start..<i)
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                let word = String(chars[start..<i])
                let afterDot = start > 0 && chars[start - 1] == "."
                if keywords.contains(word), !afterDot {
                    emit(.keyword, start..<i)
                } else if types.contains(word) {
                    emit(.type, start..<i)
                } else {
                    emit(.plain, start..<i)
                }
            } else {
                i += 1
                emit(.plain, start..<i)
            }
        }
        return result
    }

    /// The index after a string literal that starts at `start`: `"…"`, `"""…"""` or a raw
    /// `#"…"#`, with escapes (an interpolation's parentheses are read as part of the string).
    private static func endOfString(_ chars: [Character], from start: Int) -> Int {
        var i = start
        var hashes = 0
        while i < chars.count, chars[i] == "#" { hashes += 1; i += 1 }
        let multiline = i + 2 < chars.count && chars[i + 1] == "\"" && chars[i + 2] == "\""
        let quote = multiline ? 3 : 1
        i += quote
        let closing = Array(String(repeating: "\"", count: quote) + String(repeating: "#", count: hashes))
        while i < chars.count {
            if chars[i] == "\\", hashes == 0 { i += 2; continue }
            if !multiline, chars[i] == "\n" { return i }
            if i + closing.count <= chars.count, Array(chars[i..<(i + closing.count)]) == closing {
                return i + closing.count
            }
            i += 1
        }
        return chars.count
    }
}
