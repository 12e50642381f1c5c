/// How much of each pixel (0…1) a shape covers, over a rectangle of the canvas.
///
/// A shape made of many pieces — a polyline of thousands of short segments, a contour made of
/// separate cell crossings, a string of glyphs — is accumulated here with `max`, then painted
/// once. Painting each piece directly would blend the anti-aliased edges again wherever two
/// pieces overlap (every joint of a polyline), leaving dark beads along the line.
struct CoverageMask {
    /// The covered rectangle: columns `x0..<x0 + width`, rows `y0..<y0 + height` of the canvas.
    var x0: Int, y0: Int
    let width: Int, height: Int
    /// Row-major coverage, `coverage[(y - y0) * width + (x - x0)]`.
    var coverage: [Float]

    init(x0: Int, y0: Int, width: Int, height: Int) {
        self.x0 = x0
        self.y0 = y0
        self.width = max(0, width)
        self.height = max(0, height)
        coverage = [Float](repeating: 0, count: self.width * self.height)
    }

    /// A mask over the whole pixels that `rect` touches.
    init(covering rect: PixelRect) {
        let left = Int(rect.minX.rounded(.down)), top = Int(rect.minY.rounded(.down))
        self.init(x0: left, y0: top, width: Int(rect.maxX.rounded(.up)) - left,
                  height: Int(rect.maxY.rounded(.up)) - top)
    }

    /// The pixel columns and rows within `reach` of the box spanned by `a` and `b`, clipped to
    /// the mask; nil when they miss it.
    private func pixels(near a: SIMD2<Double>, _ b: SIMD2<Double>, reach: Double)
        -> (xs: ClosedRange<Int>, ys: ClosedRange<Int>)?
    {
        let lo = pointwiseMin(a, b) - reach, hi = pointwiseMax(a, b) + reach
        // Compare as Double first: a far-off point would overflow Int.
        let left = max(Double(x0), lo.x.rounded(.down)), right = min(Double(x0 + width - 1), hi.x)
        let top = max(Double(y0), lo.y.rounded(.down)), bottom = min(Double(y0 + height - 1), hi.y)
        guard left <= right, top <= bottom else { return nil }
        return (Int(left)...Int(right), Int(top)...Int(bottom))
    }

    /// Adds a segment from `a` to `b` with round ends, `halfWidth` pixels to each side.
    ///
    /// A pixel's coverage is estimated from the distance d of its centre to the segment,
    /// `clamp(halfWidth + 0.5 − d, 0, 1)`: a one-pixel ramp across the edge. Round ends make
    /// consecutive segments meet in round joins.
    mutating func addSegment(from a: SIMD2<Double>, to b: SIMD2<Double>, halfWidth: Double) {
        guard let (xs, ys) = pixels(near: a, b, reach: halfWidth + 1) else { return }
        let d = b - a
        let length2 = (d * d).sum()
        for py in ys {
            let row = (py - y0) * width - x0
            for px in xs {
                let p = SIMD2(Double(px) + 0.5, Double(py) + 0.5)
                let t = length2 > 0 ? min(1, max(0, ((p - a) * d).sum() / length2)) : 0
                let c = Float(halfWidth + 0.5 - (p - (a + t * d)).length)
                if c > coverage[row + px] { coverage[row + px] = min(1, c) }
            }
        }
    }

    /// Adds a filled disc.
    mutating func addDisc(center: SIMD2<Double>, radius: Double) {
        addSegment(from: center, to: center, halfWidth: radius)
    }
}
