/// One row of a legend: a small sample of how the layer looks, and its label.
struct LegendEntry {
    enum Swatch {
        case line(dashed: Bool, marker: Bool)
        case dot
        case square
    }

    var label: String
    var color: Color
    var swatch: Swatch
}

/// A legend box in a corner of the plot area: white, with a light border, one row per entry.
struct Legend {
    var entries: [LegendEntry]
    var typeface: Typeface

    private var unit: Double { typeface.font.size }  // all spacing scales with the text
    private var pad: Double { (0.5 * unit).rounded() }
    private var swatchWidth: Double { (2 * unit).rounded() }
    private var rowHeight: Double { (typeface.lineHeight + 0.25 * unit).rounded() }

    /// The box the legend takes in a corner of the plot area.
    func box(in area: PixelRect, at corner: LegendPosition) -> PixelRect {
        let labelWidth = entries.map { typeface.measure($0.label).width }.max() ?? 0
        let width = (2 * pad + swatchWidth + pad + labelWidth).rounded(.up)
        let height = 2 * pad + rowHeight * Double(entries.count)
        let inset = (0.6 * unit).rounded()
        let left = corner == .topLeft || corner == .bottomLeft
        let top = corner == .topLeft || corner == .topRight
        return PixelRect(x: left ? area.minX + inset : area.maxX - inset - width,
                         y: top ? area.minY + inset : area.maxY - inset - height, width: width, height: height)
    }

    /// Draws the legend in one corner (`.topRight`, `.topLeft`, `.bottomRight`, `.bottomLeft`).
    func draw(on canvas: inout Canvas, in area: PixelRect, at corner: LegendPosition) {
        guard !entries.isEmpty else { return }
        let box = box(in: area, at: corner)
        canvas.fill(box, color: Color.white.withAlpha(0.9))
        canvas.outline(box, color: .lightGray)
        for (row, entry) in entries.enumerated() {
            let midY = box.minY + pad + rowHeight * (Double(row) + 0.5)
            let swatch = PixelRect(x: box.minX + pad, y: midY - rowHeight / 2, width: swatchWidth, height: rowHeight)
            switch entry.swatch {
            case let .line(dashed, marker):
                canvas.stroke([SIMD2(swatch.minX, midY), SIMD2(swatch.maxX, midY)], width: 2,
                              color: entry.color, dash: dashed ? Style.dash(width: 2) : nil)
                if marker { canvas.fillCircle(center: SIMD2(swatch.midX, midY), radius: 3.5, color: entry.color) }
            case .dot:
                canvas.fillCircle(center: SIMD2(swatch.midX, midY), radius: 0.3 * unit, color: entry.color)
            case .square:
                let side = (0.7 * unit).rounded()
                canvas.fill(PixelRect(x: (swatch.midX - side / 2).rounded(), y: (midY - side / 2).rounded(),
                                      width: side, height: side), color: entry.color)
            }
            canvas.draw(entry.label, at: SIMD2(swatch.maxX + pad, midY), typeface: typeface,
                        color: Style.ink, anchor: TextAnchor(.left, .middle))
        }
    }
}

extension PanelRenderer {
    /// The corner the panel's legend goes in, or nil for no legend. For `.best`, the corner
    /// whose box covers the fewest samples of the drawn data, trying top right, top left,
    /// bottom right, bottom left in turn.
    func legendCorner(for legend: Legend) -> LegendPosition? {
        guard !legend.entries.isEmpty else { return nil }
        switch panel.legend {
        case .none: return nil
        case .topRight, .topLeft, .bottomRight, .bottomLeft: return panel.legend
        case .best:
            let samples = inkSamples()
            let corners: [LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
            let hidden = corners.map { corner in
                let box = legend.box(in: area, at: corner)
                return samples.count { box.minX <= $0.x && $0.x <= box.maxX && box.minY <= $0.y && $0.y <= box.maxY }
            }
            return zip(corners, hidden).min { $0.1 < $1.1 }?.0
        }
    }

    /// Points every few pixels along the lines and over the bars, and at every marker: where
    /// the data is on screen. (Fields, matrices and images fill the whole area, so they cannot
    /// tell corners apart and are left out.)
    private func inkSamples() -> [SIMD2<Double>] {
        let spacing = 4.0
        func along(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
            var samples = points  // a point between two gaps belongs to no segment
            for (a, b) in zip(points, points.dropFirst()) {
                guard let (p, q) = area.clip(from: a, to: b) else { continue }
                let n = max(1, Int((q - p).length / spacing))
                samples += (0...n).map { p + (q - p) * (Double($0) / Double(n)) }
            }
            return samples
        }
        var samples: [SIMD2<Double>] = []
        for layer in panel.layers {
            switch layer {
            case let .line(xs, ys, _, _, _, _, _):
                samples += along(zip(xs, ys).map(point))
            case let .scatter(xs, ys, _, _, _):
                samples += zip(xs, ys).map(point)
            case let .bars(xs, ys, width, _, _):
                let base = y.scale == .log ? y.range.lowerBound : 0
                for (u, v) in zip(xs, ys) {
                    samples += along([point(u, base), point(u, v)])
                    samples += along([point(u - width / 2, v), point(u + width / 2, v)])
                }
            case let .hline(v, _, _, _):
                samples += along([SIMD2(area.minX, y.pixel(v)), SIMD2(area.maxX, y.pixel(v))])
            case let .vline(u, _, _, _):
                samples += along([SIMD2(x.pixel(u), area.minY), SIMD2(x.pixel(u), area.maxY)])
            case let .text(u, v, _, _):
                samples.append(point(u, v))
            case .field, .contours, .matrix, .image:
                break
            }
        }
        return samples
    }
}
