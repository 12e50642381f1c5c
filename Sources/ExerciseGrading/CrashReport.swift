import Foundation

/// What a crashed child printed on standard error, boiled down to what a learner needs: why it
/// crashed and which line of their file was running.
///
/// The Swift runtime prints the reason ("Fatal error: Index out of range", or
/// "*** Swift runtime failure: arithmetic overflow ***"); its backtracer, switched on by
/// `SWIFT_BACKTRACE` (see `GradingChild.backtraceSetting`), prints the crashed thread's frames with
/// their source lines, innermost first:
///
///     3 [ra]  0x000055783316 huberLoss(prediction:target:delta:) + 108 in lesson-runner at /…/Sources/Exercises/Ch01.swift:41:13
public struct CrashReport: Equatable, Sendable {
    /// "Index out of range", "arithmetic overflow", "Unexpectedly found nil while unwrapping an Optional value".
    public var reason: String?
    /// "Sources/Exercises/Ch01.swift:41", the innermost frame in the learner's files.
    public var location: String?
    /// The function running there, "huberLoss(prediction:target:delta:)".
    public var function: String?

    public init(reason: String?, location: String?, function: String?) {
        self.reason = reason
        self.location = location
        self.function = function
    }

    /// Reads a crash report; `learnerFolder` is the folder (relative to the project) whose frames count.
    public init(standardError text: String, learnerFolder: String = "Sources/Exercises/") {
        reason = Self.reason(in: text)
        let folder = NSRegularExpression.escapedPattern(for: learnerFolder)
        // A frame: "0x… FUNCTION + OFFSET in IMAGE at /path/Sources/Exercises/Ch01.swift:41:13".
        let frame = "0x[0-9a-f]+ (.+?) \\+ \\d+ in \\S+ at \\S*?(\(folder)[^\\s:]+\\.swift):(\\d+)"
        if let m = Self.firstMatch(frame, in: text) {
            function = m[1]
            location = "\(m[2]):\(m[3])"
        } else if let m = Self.firstMatch("\\S*?(\(folder)[^\\s:]+\\.swift):(\\d+)", in: text) {
            location = "\(m[1]):\(m[2])"
        } else if learnerFolder.hasPrefix("Sources/"),
                  let m = Self.firstMatch("(?:^|\\s)(\(NSRegularExpression.escapedPattern(for: String(learnerFolder.dropFirst("Sources/".count))))[^\\s:]+\\.swift):(\\d+): Fatal error", in: text) {
            // fatalError and a force-unwrapped nil name the file by its module path, "Exercises/Ch01.swift:41".
            location = "Sources/\(m[1]):\(m[2])"
        }
    }

    /// One or two sentences for the learner.
    public func message(signal: Int32?) -> String {
        var what = "your code crashed"
        if let reason { what += ": \(reason)" } else if let signal { what += " (signal \(signal))" }
        if let location {
            what += " — at \(location)" + (function.map { " in \($0)" } ?? "")
        } else {
            what += " — the crash report names no line of Sources/Exercises, so it happened in code your function called"
        }
        return what + ". " + Self.advice(for: reason)
    }

    private static func advice(for reason: String?) -> String {
        let r = reason?.lowercased() ?? ""
        if r.contains("index out of range") { return "An index went past the end of an array or tensor: check the ranges you loop over and how you compute flat indices." }
        if r.contains("overflow") { return "An integer overflowed: check sizes and index arithmetic." }
        if r.contains("nil") { return "A force-unwrapped optional (!) was nil." }
        if r.contains("range requires lowerbound") { return "A range a..<b had a > b." }
        if r.contains("division by zero") { return "An integer was divided by zero." }
        return "A Swift runtime trap stops the program instead of computing with a wrong value."
    }

    private static func reason(in text: String) -> String? {
        for pattern in ["Fatal error: ([^\\n]*)", "\\*\\*\\* Swift runtime failure: (.+?) \\*\\*\\*", "\\*\\*\\* Program crashed: (.+?) \\*\\*\\*"] {
            if let m = firstMatch(pattern, in: text) {
                let reason = m[1].trimmingCharacters(in: .whitespaces)
                if !reason.isEmpty { return reason }
            }
        }
        return nil
    }

    /// The capture groups of the first match of `pattern` (anchors match at line breaks).
    private static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<match.numberOfRanges).map { i in
            Range(match.range(at: i), in: text).map { String(text[$0]) } ?? ""
        }
    }
}
