import Foundation

/// How a recorded number is written in the text: a small format spec in the spirit of Python's.
///
/// | spec   | 2.48123 | 1016483   | 0.99722  | 2.7e11        |
/// |--------|---------|-----------|----------|---------------|
/// | `.2f`  | 2.48    |           |          |               |
/// | `,.0f` |         | 1,016,483 |          |               |
/// | `d`    |         | 1016483   |          |               |
/// | `.1%`  |         |           | 99.7 %   |               |
/// | `.3g`  | 2.48    |           |          |               |
/// | `.1e`  |         |           |          | 2.7 × 10¹¹    |
///
/// A comma before the precision groups thousands (with `f` and `d`). Negative numbers get the
/// minus sign U+2212 that the prose uses; NaN is written "nan".
public struct ValueFormat: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Character, Sendable { case fixed = "f", percent = "%", general = "g", scientific = "e", integer = "d" }
    public var grouped: Bool
    public var precision: Int
    public var kind: Kind

    /// Parses a spec such as `.2f`; nil if it is not one.
    public init?(_ spec: String) {
        guard let match = spec.wholeMatch(of: /(,)?(?:\.([0-9]))?([f%ged])/),
              let kind = Kind(rawValue: Character(String(match.3)))
        else { return nil }
        grouped = match.1 != nil
        precision = match.2.flatMap { Int($0) } ?? (kind == .general ? 3 : 0)
        self.kind = kind
        if grouped && !(kind == .fixed || kind == .integer) { return nil }
    }

    public var description: String {
        (grouped ? "," : "") + (kind == .integer ? "" : ".\(precision)") + String(kind.rawValue)
    }

    /// `x` written as this spec says.
    public func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "∞" : "−∞") }
        let text: String
        switch kind {
        case .fixed: text = group(String(format: "%.\(precision)f", x))
        case .integer: text = group(String(format: "%.0f", x))
        case .percent: text = String(format: "%.\(precision)f", x * 100) + " %"
        case .general: text = String(format: "%.\(precision)g", x)
        case .scientific: text = scientific(x)
        }
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// "1016483.5" → "1,016,483.5" when grouping is asked for.
    private func group(_ text: String) -> String {
        guard grouped else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return (negative ? "-" : "") + String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// 2.7e11 → "2.7 × 10¹¹"; with an exponent of 0, the mantissa alone.
    private func scientific(_ x: Double) -> String {
        let parts = String(format: "%.\(precision)e", x).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return String(format: "%g", x) }
        if exponent == 0 { return String(parts[0]) }
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                                    "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        let power = String(String(exponent).map { superscripts[$0] ?? $0 })
        return "\(parts[0]) × 10\(power)"
    }
}
