/// A rectangle in pixel coordinates (x to the right, y down; pixel (i, j) covers
/// `i..<i+1 × j..<j+1`, so its centre is at (i + 0.5, j + 0.5)).
public struct PixelRect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// The rectangle moved inwards by the given amounts (negative amounts grow it).
    public func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0)
        -> PixelRect
    {
        PixelRect(x: x + left, y: y + top, width: max(0, width - left - right),
                  height: max(0, height - top - bottom))
    }

    /// The overlap of two rectangles (empty when they do not meet).
    public func intersection(_ other: PixelRect) -> PixelRect {
        let left = max(minX, other.minX), top = max(minY, other.minY)
        return PixelRect(x: left, y: top, width: max(0, min(maxX, other.maxX) - left),
                         height: max(0, min(maxY, other.maxY) - top))
    }
}

extension PixelRect {
    /// The part of the segment a→b inside the rectangle, or nil if it misses or an end is not
    /// finite (Liang–Barsky: the segment is a + t·(b − a), and each side bounds t from one side).
    func clip(from a: SIMD2<Double>, to b: SIMD2<Double>) -> (SIMD2<Double>, SIMD2<Double>)? {
        guard a.isFinite, b.isFinite else { return nil }
        let d = b - a
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-d.x, a.x - minX), (d.x, maxX - a.x), (-d.y, a.y - minY), (d.y, maxY - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            }
        }
        return t0 <= t1 ? (a + t0 * d, a + t1 * d) : nil
    }
}

extension SIMD2 where Scalar == Double {
    /// Both coordinates are finite (NaN marks a point that cannot be shown).
    var isFinite: Bool { x.isFinite && y.isFinite }
    /// The Euclidean length √(x² + y²).
    var length: Double { (self * self).sum().squareRoot() }
}
