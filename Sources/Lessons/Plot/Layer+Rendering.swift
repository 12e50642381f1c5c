/// What the renderer needs to know about each kind of layer, kept beside the layer list so a
/// new kind of layer is added in one place.
extension Layer {
    /// Lines, scatters and bars are series: when they name no colour, they take the next one
    /// of `Color.series`.
    var isSeries: Bool {
        switch self {
        case .line, .scatter, .bars: true
        default: false
        }
    }

    /// The colour the layer names, if any.
    var namedColor: Color? {
        switch self {
        case let .line(_, _, _, color, _, _, _), let .scatter(_, _, _, color, _), let .bars(_, _, _, _, color):
            color
        case let .contours(_, _, _, _, color, _), let .hline(_, _, color, _), let .vline(_, _, color, _),
             let .text(_, _, _, color):
            color
        case .field, .matrix, .image:
            nil
        }
    }

    /// Matrices and images are drawn in cell coordinates with row 0 at the top, so a panel that
    /// holds one has a downward y axis and whole-number ticks.
    var usesCellCoordinates: Bool {
        switch self {
        case .matrix, .image: true
        default: false
        }
    }

    /// The colour scale of a field or matrix: its colormap and the values at its two ends
    /// (the layer's `range`, or the smallest and largest finite value).
    var colorScale: ColorScale? {
        switch self {
        case let .field(values, _, _, colormap, range), let .matrix(values, colormap, range, _, _):
            ColorScale(colormap: colormap, range: range ?? ColorScale.fit(values))
        default:
            nil
        }
    }

    /// Adds the layer's data to the x and y extents.
    func include(in x: inout Extent, _ y: inout Extent) {
        switch self {
        case let .line(xs, ys, _, _, _, _, _), let .scatter(xs, ys, _, _, _):
            for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite {
                x.include(u)
                y.include(v)
            }
        case let .bars(xs, ys, width, _, _):
            for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite {
                x.include(u - width / 2)
                x.include(u + width / 2)
                y.include(v)
                y.include(0)
            }
        case let .field(_, xRange, yRange, _, _), let .contours(_, xRange, yRange, _, _, _):
            for u in [xRange.lowerBound, xRange.upperBound] { x.include(u, tight: true) }
            for v in [yRange.lowerBound, yRange.upperBound] { y.include(v, tight: true) }
        case let .matrix(values, _, _, _, _), let .image(values, _, _):
            // Cell (row, col) is centred on (col, row) and one unit wide.
            let cols = values.map(\.count).max() ?? 0
            guard cols > 0 else { return }
            for u in [-0.5, Double(cols) - 0.5] { x.include(u, tight: true) }
            for v in [-0.5, Double(values.count) - 0.5] { y.include(v, tight: true) }
        case let .hline(v, _, _, _):
            y.include(v)
        case let .vline(u, _, _, _):
            x.include(u)
        case let .text(u, v, _, _):
            x.include(u)
            y.include(v)
        }
    }

    /// The legend entry of a labelled layer, drawn in `color` (the layer's resolved colour).
    func legendEntry(color: Color) -> LegendEntry? {
        switch self {
        case let .line(_, _, label?, _, _, dashed, markers):
            LegendEntry(label: label, color: color, swatch: .line(dashed: dashed, marker: markers))
        case let .scatter(_, _, label?, _, _):
            LegendEntry(label: label, color: color, swatch: .dot)
        case let .bars(_, _, _, label?, _), let .contours(_, _, _, _, _, label?):
            LegendEntry(label: label, color: color, swatch: .square)
        case let .hline(_, label?, _, dashed), let .vline(_, label?, _, dashed):
            LegendEntry(label: label, color: color, swatch: .line(dashed: dashed, marker: false))
        default:
            nil
        }
    }
}

/// A colormap stretched over a range of values.
struct ColorScale {
    var colormap: Colormap
    var range: ClosedRange<Double>

    /// The colour of a value; nil for a value that is not finite (left unpainted).
    func color(_ value: Double) -> Color? {
        guard value.isFinite else { return nil }
        let span = range.upperBound - range.lowerBound
        return colormap.color(at: span > 0 ? (value - range.lowerBound) / span : 0.5)
    }

    /// The smallest and largest finite value of a grid (0…1 when there is none).
    static func fit(_ values: [[Double]]) -> ClosedRange<Double> {
        let finite = values.joined().filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        return lo...hi
    }
}
