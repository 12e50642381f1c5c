import Foundation

extension PanelRenderer {
    /// Draws one layer, clipped to the plot area (text annotations may reach outside it).
    func draw(_ layer: Layer, color: Color, on canvas: inout Canvas) throws {
        switch layer {
        case let .line(xs, ys, _, _, width, dashed, markers):
            let points = zip(xs, ys).map(point)
            canvas.stroke(points, width: width, color: color, dash: dashed ? Style.dash(width: width) : nil, clip: area)
            if markers {
                for p in points { canvas.fillCircle(center: p, radius: width + 1.5, color: color, clip: area) }
            }
        case let .scatter(xs, ys, _, _, radius):
            for p in zip(xs, ys).map(point) { canvas.fillCircle(center: p, radius: radius, color: color, clip: area) }
        case let .bars(xs, ys, width, _, _):
            // Bars stand on zero, or on the bottom of a log axis where zero cannot be shown.
            let base = y.pixel(y.scale == .log ? y.range.lowerBound : 0)
            for (u, v) in zip(xs, ys) {
                let (left, right, top) = (x.pixel(u - width / 2), x.pixel(u + width / 2), y.pixel(v))
                guard left.isFinite, right.isFinite, top.isFinite, base.isFinite else { continue }
                let bar = PixelRect(x: min(left, right), y: min(top, base), width: abs(right - left),
                                    height: abs(base - top))
                canvas.fill(bar.intersection(area), color: color)
            }
        case let .field(values, xRange, yRange, colormap, range):
            drawField(values, x: xRange, y: yRange,
                      scale: ColorScale(colormap: colormap, range: range ?? ColorScale.fit(values)), on: &canvas)
        case let .contours(values, xRange, yRange, levels, _, _):
            // All segments of a level go into one mask, so the pieces join without seams.
            for level in levels {
                var mask = CoverageMask(covering: area)
                for (a, b) in Contours.segments(values: values, x: xRange, y: yRange, level: level) {
                    let (p, q) = (point(a.x, a.y), point(b.x, b.y))
                    guard p.isFinite, q.isFinite else { continue }
                    mask.addSegment(from: p, to: q, halfWidth: 0.75)
                }
                canvas.paint(mask, color: color)
            }
        case let .matrix(values, colormap, range, annotate, format):
            let scale = ColorScale(colormap: colormap, range: range ?? ColorScale.fit(values))
            drawCells(values, scale: scale, on: &canvas)
            if annotate { try annotateCells(values, scale: scale, format: format, on: &canvas) }
        case let .image(pixels, range, colormap):
            drawCells(pixels, scale: ColorScale(colormap: colormap, range: range), on: &canvas)
        case let .hline(v, _, _, dashed):
            let p = y.pixel(v)
            canvas.stroke([SIMD2(area.minX, p), SIMD2(area.maxX, p)], width: 1.25, color: color,
                          dash: dashed ? Style.dash(width: 1.25) : nil, clip: area)
        case let .vline(u, _, _, dashed):
            let p = x.pixel(u)
            canvas.stroke([SIMD2(p, area.minY), SIMD2(p, area.maxY)], width: 1.25, color: color,
                          dash: dashed ? Style.dash(width: 1.25) : nil, clip: area)
        case let .text(u, v, text, _):
            canvas.draw(text, at: point(u, v), typeface: fonts.tick, color: color, anchor: TextAnchor(.left, .middle))
        }
    }

    /// Colours every pixel of the plot area that the field covers with the field's value there,
    /// interpolated bilinearly between the four nearest grid points.
    private func drawField(_ values: [[Double]], x xRange: ClosedRange<Double>, y yRange: ClosedRange<Double>,
                           scale: ColorScale, on canvas: inout Canvas)
    {
        let rows = values.count, cols = values.map(\.count).min() ?? 0
        guard rows > 0, cols > 0 else { return }
        let (corner1, corner2) = (point(xRange.lowerBound, yRange.lowerBound), point(xRange.upperBound, yRange.upperBound))
        guard corner1.isFinite, corner2.isFinite else { return }
        let lo = pointwiseMin(corner1, corner2), hi = pointwiseMax(corner1, corner2)
        let region = PixelRect(x: lo.x, y: lo.y, width: hi.x - lo.x, height: hi.y - lo.y).intersection(area)
        guard region.width > 0, region.height > 0 else { return }
        /// A grid coordinate (0…n−1) split into the index below it and the fraction past it.
        func cellAndFraction(_ value: Double, _ range: ClosedRange<Double>, _ n: Int) -> (Int, Double) {
            let span = range.upperBound - range.lowerBound
            let g = n > 1 && span > 0 ? min(Double(n - 1), max(0, (value - range.lowerBound) / span * Double(n - 1))) : 0
            let i = min(max(0, n - 2), Int(g))
            return (i, g - Double(i))
        }
        let pxs = Int(region.minX)..<Int(region.maxX.rounded(.up))
        let columns = pxs.map { cellAndFraction(x.value(atPixel: Double($0) + 0.5), xRange, cols) }
        for py in Int(region.minY)..<Int(region.maxY.rounded(.up)) {
            let (i, fy) = cellAndFraction(y.value(atPixel: Double(py) + 0.5), yRange, rows)
            let (below, above) = (values[i], values[min(i + 1, rows - 1)])
            for (px, (j, fx)) in zip(pxs, columns) {
                let k = min(j + 1, cols - 1)
                let bottom = below[j] + (below[k] - below[j]) * fx
                let top = above[j] + (above[k] - above[j]) * fx
                if let c = scale.color(bottom + (top - bottom) * fy) { canvas.setPixel(x: px, y: py, to: c) }
            }
        }
    }

    /// The screen rectangle of cell (row, col), its edges on whole pixels so that neighbouring
    /// cells meet without a seam.
    private func cellRect(row: Int, col: Int) -> PixelRect {
        let (a, b) = (point(Double(col) - 0.5, Double(row) - 0.5), point(Double(col) + 0.5, Double(row) + 0.5))
        let lo = pointwiseMin(a, b).rounded(.toNearestOrAwayFromZero), hi = pointwiseMax(a, b).rounded(.toNearestOrAwayFromZero)
        return PixelRect(x: lo.x, y: lo.y, width: hi.x - lo.x, height: hi.y - lo.y)
    }

    /// Fills each cell of a matrix or image with its colour.
    private func drawCells(_ values: [[Double]], scale: ColorScale, on canvas: inout Canvas) {
        for (row, line) in values.enumerated() {
            for (col, value) in line.enumerated() {
                guard let c = scale.color(value) else { continue }
                canvas.fill(cellRect(row: row, col: col).intersection(area), color: c)
            }
        }
    }

    /// Writes each cell's value in it: white on dark cells, black on light ones. The text is
    /// as large as the tick labels when it fits, smaller when the cells are small, and left
    /// out when it would be unreadably small.
    private func annotateCells(_ values: [[Double]], scale: ColorScale, format: String, on canvas: inout Canvas) throws {
        let texts = values.map { $0.map { $0.isFinite ? String(format: format, $0) : "" } }
        let cell = cellRect(row: 0, col: 0)
        var size = min(fonts.tick.font.size, (0.5 * cell.height).rounded(.down))
        let widest = texts.joined().map { fonts.tick.measure($0).width }.max() ?? 0
        if widest > 0 { size = min(size, (fonts.tick.font.size * 0.85 * cell.width / widest).rounded(.down)) }
        guard size >= 7 else { return }
        let face = try Typeface.load(Font(size: size))
        for (row, line) in values.enumerated() {
            for (col, value) in line.enumerated() {
                guard let c = scale.color(value) else { continue }
                let luminance = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b
                let rect = cellRect(row: row, col: col)
                canvas.draw(texts[row][col], at: SIMD2(rect.midX, rect.midY), typeface: face,
                            color: luminance < 0.5 ? .white : .black, anchor: TextAnchor(.center, .middle))
            }
        }
    }
}
