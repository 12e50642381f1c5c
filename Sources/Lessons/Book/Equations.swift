import Foundation

/// A labelled display equation in a chapter and the tests that verify it.
public struct LabelledEquation: Sendable, Equatable {
    /// "4.2".
    public var label: String
    /// The chapter file and 1-based line of the equation.
    public var file: String, line: Int
    /// "Suite.testName" for every test named in the equation's "Verified by" line.
    public var tests: [String]
}

/// Finds the display equations of a chapter and what verifies each.
///
/// A display equation is a `$$ … $$` block (one or several lines) with a `\tag{N.M}`. The first
/// non-blank line after it must start with "Verified by" and name one or more tests in backticks:
///
/// ```markdown
/// $$ h_t = \tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h) \tag{4.1} $$
/// Verified by `Ch04RNNTests.stepMatchesReferenceValues`.
/// ```
public enum EquationIndex {
    /// A problem found while indexing: the file, the line and what is wrong.
    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String, line: Int, message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The equations of one chapter, and any equation without a label or without a test.
    public static func scan(_ text: String, file: String) -> (equations: [LabelledEquation], problems: [Problem]) {
        let lines = text.components(separatedBy: "\n")
        var equations: [LabelledEquation] = []
        var problems: [Problem] = []
        var inFence = false
        var i = 0
        while i < lines.count {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inFence.toggle() }
            guard !inFence, trimmed.hasPrefix("$$") else { i += 1; continue }
            // Gather the block up to the closing $$ (possibly on the same line).
            let start = i
            var block = String(trimmed.dropFirst(2))
            while !block.contains("$$"), i + 1 < lines.count {
                i += 1
                block += "\n" + lines[i]
            }
            i += 1
            guard let tag = block.firstMatch(of: /\\tag\{([0-9]+\.[0-9]+[a-z]?)\}/) else {
                problems.append(Problem(file: file, line: start + 1,
                                        message: "display equation without a \\tag{N.M} label"))
                continue
            }
            let label = String(tag.1)
            var j = i
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            let verified = j < lines.count ? lines[j].trimmingCharacters(in: .whitespaces) : ""
            let verifiedPrefix = /^\*?Verified by/
            let tests = verified.contains(verifiedPrefix)
                ? verified.matches(of: /`([A-Za-z0-9_]+\.[A-Za-z0-9_]+)`/).map { String($0.1) } : []
            if tests.isEmpty {
                problems.append(Problem(file: file, line: start + 1,
                                        message: "equation (\(label)) is not followed by a line \"Verified by `Suite.test`\""))
            }
            equations.append(LabelledEquation(label: label, file: file, line: start + 1, tests: tests))
        }
        return (equations, problems)
    }
}
