/// An RGB image in memory, the surface every figure is drawn on.
///
/// Coordinates are in pixels, x to the right and y *down*, with pixel (i, j) covering the unit
/// square at (i, j); shapes are anti-aliased by how much of each pixel they cover, and colours
/// with `a < 1` are blended over what is already there.
///
/// ```swift
/// var canvas = Canvas(width: 200, height: 100)
/// canvas.stroke([SIMD2(10, 90), SIMD2(100, 10), SIMD2(190, 90)], width: 2, color: .series(0))
/// try canvas.writePNG(to: url)
/// ```
public struct Canvas: Sendable {
    public let width: Int, height: Int
    /// Row-major 8-bit RGB, top row first: pixel (x, y) starts at `3 * (y * width + x)`.
    public private(set) var bytes: [UInt8]

    /// A canvas filled with one colour.
    public init(width: Int, height: Int, background: Color = .white) {
        self.width = max(0, width)
        self.height = max(0, height)
        let rgb = Canvas.rgb(background)
        bytes = [UInt8](repeating: 0, count: 3 * self.width * self.height)
        for i in stride(from: 0, to: bytes.count, by: 3) {
            bytes[i] = rgb.0
            bytes[i + 1] = rgb.1
            bytes[i + 2] = rgb.2
        }
    }

    /// The whole canvas as a rectangle.
    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: Double(width), height: Double(height)) }

    /// The colour of pixel (x, y) (opaque), or nil outside the canvas.
    public func pixel(x: Int, y: Int) -> Color? {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return nil }
        let i = 3 * (y * width + x)
        return Color(r: Double(bytes[i]) / 255, g: Double(bytes[i + 1]) / 255,
                     b: Double(bytes[i + 2]) / 255)
    }

    /// Fills a rectangle; edges that fall inside a pixel cover it partly.
    public mutating func fill(_ rect: PixelRect, color: Color) {
        let r = rect.intersection(bounds)
        guard r.width > 0, r.height > 0 else { return }
        for y in Int(r.minY.rounded(.down))..<Int(r.maxY.rounded(.up)) {
            let coverY = min(r.maxY, Double(y + 1)) - max(r.minY, Double(y))
            for x in Int(r.minX.rounded(.down))..<Int(r.maxX.rounded(.up)) {
                let coverX = min(r.maxX, Double(x + 1)) - max(r.minX, Double(x))
                blend(x: x, y: y, color: color, coverage: coverX * coverY)
            }
        }
    }

    /// Draws a one-pixel border just inside `rect`.
    public mutating func outline(_ rect: PixelRect, color: Color) {
        guard rect.width >= 2, rect.height >= 2 else { return fill(rect, color: color) }
        fill(PixelRect(x: rect.minX, y: rect.minY, width: rect.width, height: 1), color: color)
        fill(PixelRect(x: rect.minX, y: rect.maxY - 1, width: rect.width, height: 1), color: color)
        fill(PixelRect(x: rect.minX, y: rect.minY + 1, width: 1, height: rect.height - 2), color: color)
        fill(PixelRect(x: rect.maxX - 1, y: rect.minY + 1, width: 1, height: rect.height - 2), color: color)
    }

    /// Draws a polyline `width` pixels wide with round joins and ends.
    ///
    /// A non-finite point breaks the line into separate pieces (how NaN gaps in data look).
    /// `dash` alternates drawn and skipped lengths in pixels, e.g. `[6, 4]` (a pattern with a
    /// length under half a pixel could not be seen and draws a solid line); nothing is drawn
    /// outside `clip`.
    public mutating func stroke(_ points: [SIMD2<Double>], width lineWidth: Double, color: Color,
                                dash: [Double]? = nil, clip: PixelRect? = nil)
    {
        let finite = points.filter(\.isFinite)
        guard let first = finite.first else { return }
        let reach = lineWidth / 2 + 1
        let (lo, hi) = finite.reduce((first, first)) { (pointwiseMin($0.0, $1), pointwiseMax($0.1, $1)) }
        let area = PixelRect(x: lo.x - reach, y: lo.y - reach, width: hi.x - lo.x + 2 * reach,
                             height: hi.y - lo.y + 2 * reach).intersection(clip ?? bounds)
        var mask = CoverageMask(covering: area.intersection(bounds))
        var dashes = DashPattern(dash ?? [])
        // Segments are cut to the area first, so a wild data point costs no more than a tame one.
        let cut = area.inset(left: -reach, top: -reach, right: -reach, bottom: -reach)
        for (a, b) in zip(points, points.dropFirst()) {
            guard a.isFinite, b.isFinite else {
                dashes.restart()
                continue
            }
            guard let (p, q) = cut.clip(from: a, to: b) else { continue }
            for (from, to) in dashes.drawnPieces(from: p, to: q) {
                mask.addSegment(from: from, to: to, halfWidth: lineWidth / 2)
            }
        }
        paint(mask, color: color)
    }

    /// Fills a disc (a marker).
    public mutating func fillCircle(center: SIMD2<Double>, radius: Double, color: Color,
                                    clip: PixelRect? = nil)
    {
        guard center.isFinite else { return }
        let area = PixelRect(x: center.x - radius - 1, y: center.y - radius - 1,
                             width: 2 * radius + 2, height: 2 * radius + 2)
        var mask = CoverageMask(covering: area.intersection(clip ?? bounds).intersection(bounds))
        mask.addDisc(center: center, radius: radius)
        paint(mask, color: color)
    }

    /// Sets one pixel to an opaque colour (pixels outside the canvas are ignored).
    mutating func setPixel(x: Int, y: Int, to color: Color) {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return }
        let i = 3 * (y * width + x)
        (bytes[i], bytes[i + 1], bytes[i + 2]) = Canvas.rgb(color)
    }

    /// Blends `color` over every pixel of the mask in proportion to its coverage.
    mutating func paint(_ mask: CoverageMask, color: Color) {
        for row in 0..<mask.height {
            let y = mask.y0 + row
            guard (0..<height).contains(y) else { continue }
            for col in 0..<mask.width {
                let c = mask.coverage[row * mask.width + col]
                let x = mask.x0 + col
                if c > 0, (0..<width).contains(x) { blend(x: x, y: y, color: color, coverage: Double(c)) }
            }
        }
    }

    /// dst ← dst + (src − dst)·α, with α = the colour's opacity times the coverage.
    private mutating func blend(x: Int, y: Int, color: Color, coverage: Double) {
        let alpha = min(1, max(0, color.a * coverage))
        guard alpha > 0 else { return }
        let i = 3 * (y * width + x)
        bytes[i] = Canvas.byte(Double(bytes[i]) + (color.r * 255 - Double(bytes[i])) * alpha)
        bytes[i + 1] = Canvas.byte(Double(bytes[i + 1]) + (color.g * 255 - Double(bytes[i + 1])) * alpha)
        bytes[i + 2] = Canvas.byte(Double(bytes[i + 2]) + (color.b * 255 - Double(bytes[i + 2])) * alpha)
    }

    private static func byte(_ v: Double) -> UInt8 { UInt8(min(255, max(0, v)).rounded()) }

    private static func rgb(_ c: Color) -> (UInt8, UInt8, UInt8) {
        (byte(c.r * 255), byte(c.g * 255), byte(c.b * 255))
    }
}

/// Walks a dash pattern along a path, carrying the phase from one segment to the next so the
/// dashes run evenly through the corners of a polyline.
private struct DashPattern {
    private let lengths: [Double]
    private var index = 0
    private var left: Double

    init(_ lengths: [Double]) {
        self.lengths = lengths.allSatisfy { $0 >= 0.5 } ? lengths : []
        left = self.lengths.first ?? 0
    }

    mutating func restart() {
        index = 0
        left = lengths.first ?? 0
    }

    /// The drawn parts of the segment a→b (the whole segment when there is no pattern).
    mutating func drawnPieces(from a: SIMD2<Double>, to b: SIMD2<Double>)
        -> [(SIMD2<Double>, SIMD2<Double>)]
    {
        guard !lengths.isEmpty else { return [(a, b)] }
        let d = b - a
        let length = d.length
        var pieces: [(SIMD2<Double>, SIMD2<Double>)] = []
        var done = 0.0
        while done < length {
            let step = min(left, length - done)
            if index % 2 == 0 {
                pieces.append((a + d * (done / length), a + d * ((done + step) / length)))
            }
            done += step
            left -= step
            if left <= 0 {
                index = (index + 1) % lengths.count
                left = lengths[index]
            }
        }
        return pieces
    }
}
