import Foundation

/// One axis of a panel: the visible data range and where its ends land on the canvas.
struct Axis {
    var range: ClosedRange<Double>
    var scale: Scale
    /// The pixel coordinates of `range.lowerBound` and `range.upperBound` (for a y axis the
    /// lower bound is usually at the bottom, so `start > end`).
    var start: Double, end: Double

    /// Where a value lands, or NaN for one that cannot be shown (not finite, or not positive on
    /// a log axis). Far-off values are held a long way outside the canvas, so that drawing code
    /// never meets coordinates too large to subtract.
    func pixel(_ value: Double) -> Double {
        guard let f = transform(value), let lo = transform(range.lowerBound),
              let hi = transform(range.upperBound), hi != lo
        else { return .nan }
        let p = start + (f - lo) / (hi - lo) * (end - start)
        return min(1e6, max(-1e6, p))
    }

    /// The value at a pixel coordinate (the inverse of ``pixel(_:)``).
    func value(atPixel p: Double) -> Double {
        guard let lo = transform(range.lowerBound), let hi = transform(range.upperBound), end != start
        else { return .nan }
        let f = lo + (p - start) / (end - start) * (hi - lo)
        return scale == .log ? pow(10, f) : f
    }

    /// The length of the range in the units the axis is linear in (decades on a log axis);
    /// nil when the range cannot be shown.
    var span: Double? {
        guard let lo = transform(range.lowerBound), let hi = transform(range.upperBound), hi > lo else { return nil }
        return hi - lo
    }

    /// The coordinate the axis is linear in: the value itself, or its log₁₀.
    private func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log: return value > 0 ? log10(value) : nil
        }
    }
}

/// The smallest and largest value a panel's layers put on one axis, for fitting the range.
struct Extent {
    let scale: Scale
    private(set) var lo = Double.infinity, hi = -Double.infinity
    /// True once a layer that fills an exact region (a field, matrix or image) has been
    /// included. Only such layers count from then on, and no margin is added: a heatmap should
    /// fill its axes edge to edge.
    private(set) var isTight = false

    init(scale: Scale) { self.scale = scale }

    /// Counts a value; non-finite values, and non-positive ones on a log axis, are skipped.
    mutating func include(_ value: Double, tight: Bool = false) {
        guard value.isFinite, scale == .linear || value > 0 else { return }
        if tight, !isTight {
            isTight = true
            (lo, hi) = (.infinity, -.infinity)
        }
        guard tight == isTight else { return }
        lo = min(lo, value)
        hi = max(hi, value)
    }

    /// The range to show: the data with a 5% margin each side, where an end is pulled out to
    /// the next tick if that costs at most another 5% (so the frame often ends on a labelled
    /// value without wasting space). Log axes do the same in decades. No data gives 0…1 (1…10
    /// on a log axis); a single value v gets ±10% of v (±1 for zero, a decade on a log axis).
    func fittedRange() -> ClosedRange<Double> {
        let toAxis: (Double) -> Double = scale == .log ? { log10($0) } : { $0 }
        let fromAxis: (Double) -> Double = scale == .log ? { pow(10, $0) } : { $0 }
        guard lo <= hi else { return scale == .log ? 1...10 : 0...1 }
        var (a, b) = (toAxis(lo), toAxis(hi))
        if isTight, a < b { return lo...hi }
        guard b - a > 1e-12 * max(1, abs(a)) else {
            let room = scale == .log || a == 0 ? 1 : abs(a) * 0.1
            return fromAxis(a - room)...fromAxis(b + room)
        }
        let margin = 0.05 * (b - a)
        let step = scale == .log ? 1 : Ticks.niceStep(for: a...b)
        let tickBelow = ((a - margin) / step).rounded(.down) * step
        let tickAbove = ((b + margin) / step).rounded(.up) * step
        a = a - margin - tickBelow <= margin ? tickBelow : a - margin
        b = tickAbove - b - margin <= margin ? tickAbove : b + margin
        return fromAxis(a)...fromAxis(b)
    }
}
