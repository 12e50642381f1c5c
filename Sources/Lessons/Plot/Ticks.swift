import Foundation

/// The ticks of one axis: where they go (in data units) and what they say.
///
/// ```swift
/// Ticks.linear(0...1).labels          // ["0", "0.2", "0.4", "0.6", "0.8", "1"]
/// Ticks.log(1e-5...1).labels          // ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
/// ```
public struct Ticks: Sendable, Equatable {
    public var values: [Double]
    public var labels: [String]

    public init(values: [Double], labels: [String]) {
        self.values = values
        self.labels = labels
    }

    /// Ticks at the multiples of a nice step that fall in `range`; see ``niceStep(for:maxCount:)``.
    public static func linear(_ range: ClosedRange<Double>, maxCount: Int = 8) -> Ticks {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return Ticks(values: [], labels: []) }
        let step = niceStep(for: range, maxCount: maxCount)
        let values = multiples(of: step, in: range)
        return Ticks(values: values, labels: values.map { label($0, step: step) })
    }

    /// The smallest step of the form 1, 2 or 5 × 10ⁿ that puts at most `maxCount` ticks in
    /// `range` (0…1 → 0.2; 0…7.3 → 1; 0…2000 → 500).
    public static func niceStep(for range: ClosedRange<Double>, maxCount: Int = 8) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return 1 }
        let exponent = Foundation.floor(log10(span / Double(max(1, maxCount - 1))))
        for n in [exponent, exponent + 1] {
            for m in [1.0, 2, 5] {
                let step = m * pow(10, n)
                let (lo, hi) = multipleIndices(of: step, in: range)
                if hi - lo + 1 <= Double(max(2, maxCount)) { return step }
            }
        }
        return 10 * pow(10, exponent + 1)
    }

    /// Ticks at powers of ten (every second, third … decade when there are more than
    /// `maxCount`). A range holding fewer than two powers of ten gets linear ticks instead, since
    /// one tick cannot show a scale. A log axis cannot start at zero or below: such a range
    /// gets no ticks.
    public static func log(_ range: ClosedRange<Double>, maxCount: Int = 8) -> Ticks {
        guard range.lowerBound > 0, range.upperBound.isFinite else { return Ticks(values: [], labels: []) }
        let eps = 1e-9
        let first = Int(Foundation.ceil(log10(range.lowerBound) - eps))
        let last = Int(Foundation.floor(log10(range.upperBound) + eps))
        guard last - first >= 1 else {
            let ticks = linear(range, maxCount: maxCount)
            let positive = zip(ticks.values, ticks.labels).filter { $0.0 > 0 }
            return Ticks(values: positive.map(\.0), labels: positive.map(\.1))
        }
        let every = Int((Double(last - first + 1) / Double(max(1, maxCount))).rounded(.up))
        let exponents = (first...last).filter { $0.isMultiple(of: every) }
        return Ticks(values: exponents.map { pow(10, Double($0)) }, labels: exponents.map(decadeLabel))
    }

    /// The multiples k·step inside the range, each the closest `Double` to its decimal value
    /// (so 3 × 0.1 is 0.3, not 0.30000000000000004).
    static func multiples(of step: Double, in range: ClosedRange<Double>) -> [Double] {
        guard step > 0, range.lowerBound.isFinite, range.upperBound.isFinite else { return [] }
        let (lo, hi) = multipleIndices(of: step, in: range)
        guard lo <= hi, hi - lo < 1000 else { return [] }  // no axis has room for more
        let eps = 1e-9
        // Dividing by a power of ten rounds once; multiplying by 0.1 would round twice.
        let n = Foundation.floor(log10(step) + eps)
        let mantissa = (step / pow(10, n)).rounded()
        return stride(from: lo, through: hi, by: 1).map { k in
            n < 0 ? k * mantissa / pow(10, -n) : k * mantissa * pow(10, n)
        }
    }

    /// The first and last k with k·step in the range (allowing for rounding at the ends).
    private static func multipleIndices(of step: Double, in range: ClosedRange<Double>) -> (Double, Double) {
        let eps = 1e-9
        return (Foundation.ceil(range.lowerBound / step - eps), Foundation.floor(range.upperBound / step + eps))
    }

    /// A tick label with just the decimals the step needs: 0.2 → "0.2", 2000 → "2000".
    /// Very small or large values use a compact exponent ("5e−5", "2e6"); negative numbers
    /// take a true minus sign, as in typeset text.
    public static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite, step > 0 else { return "" }
        // A zero computed as k·step may come out as −0 or 1e-17; it is printed as a plain zero
        // with the same decimals as its neighbours.
        let value = abs(value) < step * 1e-6 ? 0 : value
        let stepExponent = Int(Foundation.floor(log10(step) + 1e-9))
        let text: String
        if value == 0, stepExponent < -3 {
            text = "0"
        } else if abs(value) >= 1e5 || stepExponent < -3 {
            let exponent = Int(Foundation.floor(log10(abs(value)) + 1e-9))
            let digits = max(0, exponent - stepExponent)
            text = String(format: "%.*fe%d", digits, value / pow(10, Double(exponent)), exponent)
        } else {
            text = String(format: "%.*f", max(0, -stepExponent), value)
        }
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// 10 with a superscript exponent: −4 → "10⁻⁴".
    public static func decadeLabel(_ exponent: Int) -> String {
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let digits = String(abs(exponent)).compactMap { $0.wholeNumberValue.map { superscripts[$0] } }
        return "10" + (exponent < 0 ? "⁻" : "") + String(digits)
    }
}
