import Foundation

/// Lays out and draws one panel inside its cell of the figure.
///
/// Layout works outwards from the text: the margins are what the tick labels, axis labels,
/// title and colour bar measure, so nothing overlaps or is cut off. Then the layers are drawn,
/// clipped to the plot area, and the frame, ticks, labels, legend and colour bar on top.
struct PanelRenderer {
    let panel: Panel
    let fonts: PanelFonts
    /// Each layer's colour: the one it names, or the next series colour.
    let colors: [Color]
    /// The colour scale shown in the colour bar, if the panel asks for one and has a
    /// field or matrix.
    let colorScale: ColorScale?
    /// True when the panel holds a matrix or image: whole-number ticks, row 0 at the top.
    let cellCoordinates: Bool
    private(set) var x: Axis, y: Axis
    /// The plot area, in whole pixels; the frame is drawn just outside it.
    private(set) var area: PixelRect
    private(set) var xTicks = AxisTicks(), yTicks = AxisTicks()

    /// Spacing in pixels, scaled with the text: around the panel, tick marks, tick to label.
    var pad: Double { (8 * fonts.scale).rounded() }
    var tickLength: Double { (4 * fonts.scale).rounded() }
    var tickGap: Double { (3 * fonts.scale).rounded() }

    init(panel: Panel, cell: PixelRect, fonts: PanelFonts) {
        self.panel = panel
        self.fonts = fonts
        var series = 0
        colors = panel.layers.map { layer in
            if let named = layer.namedColor { return named }
            guard layer.isSeries else { return Style.ink }
            series += 1
            return Color.series(series - 1)
        }
        colorScale = panel.colorBar == nil ? nil : panel.layers.lazy.compactMap(\.colorScale).first
        cellCoordinates = panel.layers.contains(where: \.usesCellCoordinates)
        var xExtent = Extent(scale: panel.xScale), yExtent = Extent(scale: panel.yScale)
        for layer in panel.layers { layer.include(in: &xExtent, &yExtent) }
        x = Axis(range: panel.xRange ?? xExtent.fittedRange(), scale: panel.xScale, start: 0, end: 1)
        y = Axis(range: panel.yRange ?? yExtent.fittedRange(), scale: panel.yScale, start: 0, end: 1)
        area = cell
        layOut(in: cell)
    }

    private mutating func layOut(in cell: PixelRect) {
        let top = pad + (panel.title == nil ? 0 : fonts.title.lineHeight + pad / 2)
        // Matrix cells and image pixels are square, as in a printed matrix or a photograph.
        let squarePixels = panel.equalAspect || cellCoordinates
        guard panel.showAxes else {
            place(cell.inset(left: pad, top: top, right: pad, bottom: pad), squarePixels: squarePixels)
            return
        }
        // The margins depend on the tick labels, and the ticks on the room the margins leave:
        // start from a guess and settle in two rounds.
        var guess = cell.inset(left: 50, top: top, right: pad, bottom: 40)
        for _ in 0..<2 {
            place(guess, squarePixels: false)
            let labelBand = fonts.label.lineHeight + pad / 2
            let left = pad + (panel.yLabel == nil ? 0 : labelBand) + yTicks.depth
            let bottom = pad + (panel.xLabel == nil ? 0 : labelBand) + xTicks.depth
            let right = max(pad, xTicks.overhang + 2) + colorBarBand(length: guess.height)
            guess = cell.inset(left: left.rounded(.up), top: top, right: right.rounded(.up),
                               bottom: bottom.rounded(.up))
        }
        place(guess, squarePixels: squarePixels)
    }

    /// Puts the plot area at `rect` (shrunk to keep one data unit equally long in x and y if
    /// asked) and lays out the ticks for it.
    private mutating func place(_ rect: PixelRect, squarePixels: Bool) {
        area = rect
        if squarePixels, let xSpan = x.span, let ySpan = y.span {
            let scale = min(rect.width / xSpan, rect.height / ySpan)
            let (w, h) = ((xSpan * scale).rounded(), (ySpan * scale).rounded())
            area = PixelRect(x: (rect.midX - w / 2).rounded(), y: (rect.midY - h / 2).rounded(), width: w, height: h)
        }
        (x.start, x.end) = (area.minX, area.maxX)
        (y.start, y.end) = cellCoordinates ? (area.minY, area.maxY) : (area.maxY, area.minY)
        guard panel.showAxes else { return }
        xTicks = layOutTicks(on: x, names: panel.xTickLabels, horizontal: true)
        yTicks = layOutTicks(on: y, names: panel.yTickLabels, horizontal: false)
    }

    func draw(on canvas: inout Canvas) throws {
        for (layer, color) in zip(panel.layers, colors) { try draw(layer, color: color, on: &canvas) }
        if let title = panel.title {
            canvas.draw(title, at: SIMD2(area.midX, area.minY - pad / 2), typeface: fonts.title,
                        color: Style.ink, anchor: TextAnchor(.center, .bottom))
        }
        if panel.showAxes { drawAxes(on: &canvas) }
        let legend = Legend(entries: zip(panel.layers, colors).compactMap { $0.legendEntry(color: $1) },
                            typeface: fonts.tick)
        if let corner = legendCorner(for: legend) { legend.draw(on: &canvas, in: area, at: corner) }
        drawColorBar(on: &canvas)
    }

    /// The frame, the ticks with their labels, and the axis labels.
    private func drawAxes(on canvas: inout Canvas) {
        canvas.outline(area.inset(left: -1, top: -1, right: -1, bottom: -1), color: Style.ink)
        let face = fonts.tick
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let p = x.pixel(value).rounded(.down)
            canvas.fill(PixelRect(x: p, y: area.maxY + 1, width: 1, height: tickLength), color: Style.ink)
            let at = SIMD2(p + 0.5, area.maxY + 1 + tickLength + tickGap)
            canvas.draw(label, at: at, typeface: face, color: Style.ink,
                        anchor: xTicks.rotated ? TextAnchor(.right, .middle) : TextAnchor(.center, .top),
                        rotated: xTicks.rotated)
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let p = y.pixel(value).rounded(.down)
            canvas.fill(PixelRect(x: area.minX - 1 - tickLength, y: p, width: tickLength, height: 1), color: Style.ink)
            canvas.draw(label, at: SIMD2(area.minX - 1 - tickLength - tickGap, p + 0.5), typeface: face,
                        color: Style.ink, anchor: TextAnchor(.right, .middle))
        }
        if let label = panel.xLabel {
            canvas.draw(label, at: SIMD2(area.midX, area.maxY + xTicks.depth + pad / 2), typeface: fonts.label,
                        color: Style.ink, anchor: TextAnchor(.center, .top))
        }
        if let label = panel.yLabel {
            canvas.draw(label, at: SIMD2(area.minX - yTicks.depth - pad / 2, area.midY), typeface: fonts.label,
                        color: Style.ink, anchor: TextAnchor(.center, .bottom), rotated: true)
        }
    }

    /// Where a data point lands (NaN coordinates for one that cannot be shown).
    func point(_ u: Double, _ v: Double) -> SIMD2<Double> { SIMD2(x.pixel(u), y.pixel(v)) }
}

/// The ticks of one axis as laid out in a panel.
struct AxisTicks {
    var values: [Double] = [], labels: [String] = []
    /// Labels turned to read upwards (crowded category names on an x axis).
    var rotated = false
    /// How far ticks and labels reach out from the frame, in pixels.
    var depth: Double = 0
    /// How far the labels reach past the far end of the axis (x axes only).
    var overhang: Double = 0
}

extension PanelRenderer {
    /// Ticks for an axis of the current plot area: category names when given, else numbers,
    /// as many as fit without their labels touching.
    fileprivate func layOutTicks(on axis: Axis, names: [String]?, horizontal: Bool) -> AxisTicks {
        let face = fonts.tick
        let length = horizontal ? area.width : area.height
        var ticks = AxisTicks()
        if let names {
            (ticks.values, ticks.labels, ticks.rotated) = categoryTicks(names, on: axis, horizontal: horizontal)
        } else {
            // Start from about one tick per 40 pixels and thin out until the
            // labels have room: their width (x) or a line of text (y) plus a gap.
            var maxCount = min(horizontal ? 9 : 8, max(3, Int(length / 40)))
            while true {
                let found = numberTicks(on: axis, maxCount: maxCount)
                (ticks.values, ticks.labels) = (found.values, found.labels)
                let needed = horizontal ? (found.labels.map { face.measure($0).width }.max() ?? 0) + 10
                    : face.lineHeight + 4
                if spacing(of: found.values, on: axis) >= needed || maxCount <= 2 { break }
                maxCount -= 1
            }
        }
        let widest = ticks.labels.map { face.measure($0).width }.max() ?? 0
        let across = horizontal && !ticks.rotated ? face.lineHeight : widest
        ticks.depth = ticks.values.isEmpty ? 0 : 1 + tickLength + tickGap + across
        if horizontal {
            let reach = zip(ticks.values, ticks.labels).map { value, label in
                axis.pixel(value) + (ticks.rotated ? face.lineHeight : face.measure(label).width) / 2
            }
            ticks.overhang = max(0, (reach.max() ?? 0) - area.maxX)
        }
        return ticks
    }

    /// Ticks at whole numbers for cell coordinates, powers of ten on log axes, otherwise
    /// nice steps.
    private func numberTicks(on axis: Axis, maxCount: Int) -> Ticks {
        if axis.scale == .log { return Ticks.log(axis.range, maxCount: maxCount) }
        guard cellCoordinates else { return Ticks.linear(axis.range, maxCount: maxCount) }
        let step = max(1, Ticks.niceStep(for: axis.range, maxCount: maxCount))
        let values = Ticks.multiples(of: step, in: axis.range)
        return Ticks(values: values, labels: values.map { Ticks.label($0, step: step) })
    }

    /// One tick per category that falls in the range. Names too wide to sit side by side on an
    /// x axis are turned upright; if even upright lines of text do not fit, only every second
    /// (third …) name is shown.
    private func categoryTicks(_ names: [String], on axis: Axis, horizontal: Bool)
        -> ([Double], [String], Bool)
    {
        let face = fonts.tick
        let shown = names.indices.filter { axis.range.contains(Double($0)) }
        let cell = abs(axis.pixel(1) - axis.pixel(0))
        guard cell > 0, !shown.isEmpty else { return ([], [], false) }
        let widest = shown.map { face.measure(names[$0]).width }.max() ?? 0
        let rotated = horizontal && widest + 6 > cell
        let every = horizontal && !rotated ? 1 : max(1, Int(((face.lineHeight + 2) / cell).rounded(.up)))
        let kept = shown.filter { $0.isMultiple(of: every) }
        return (kept.map(Double.init), kept.map { names[$0] }, rotated)
    }

    /// The smallest distance in pixels between neighbouring ticks.
    private func spacing(of values: [Double], on axis: Axis) -> Double {
        let pixels = values.map(axis.pixel)
        return zip(pixels, pixels.dropFirst()).map { abs($1 - $0) }.min() ?? .infinity
    }
}
