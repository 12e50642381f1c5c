extension PanelRenderer {
    private var barGap: Double { (12 * fonts.scale).rounded() }
    private var barWidth: Double { (14 * fonts.scale).rounded() }

    /// The colour bar's ticks for a bar `length` pixels tall.
    private func colorBarTicks(_ scale: ColorScale, length: Double) -> Ticks {
        Ticks.linear(scale.range, maxCount: min(8, max(2, Int(length / 40))))
    }

    /// The width the colour bar takes right of the plot area: gap, bar, ticks, labels and
    /// the bar's own label (zero when there is no colour bar).
    func colorBarBand(length: Double) -> Double {
        guard let colorScale else { return 0 }
        let labels = colorBarTicks(colorScale, length: length).labels
        let widest = labels.map { fonts.tick.measure($0).width }.max() ?? 0
        let title = panel.colorBar?.isEmpty == false ? pad + fonts.label.lineHeight : 0
        return barGap + barWidth + 1 + tickLength + tickGap + widest + title
    }

    /// A vertical bar right of the plot area showing the colormap from the lowest value
    /// (bottom) to the highest (top), with ticks and the bar's label reading upwards.
    func drawColorBar(on canvas: inout Canvas) {
        guard let colorScale, area.height > 0 else { return }
        let bar = PixelRect(x: area.maxX + 1 + barGap, y: area.minY, width: barWidth, height: area.height)
        for row in 0..<Int(bar.height) {
            let t = (Double(row) + 0.5) / bar.height
            canvas.fill(PixelRect(x: bar.minX, y: bar.maxY - Double(row + 1), width: bar.width, height: 1),
                        color: colorScale.colormap.color(at: t))
        }
        canvas.outline(bar.inset(left: -1, top: -1, right: -1, bottom: -1), color: Style.ink)
        let axis = Axis(range: colorScale.range, scale: .linear, start: bar.maxY, end: bar.minY)
        let ticks = colorBarTicks(colorScale, length: bar.height)
        var widest = 0.0
        for (value, label) in zip(ticks.values, ticks.labels) {
            let p = axis.pixel(value).rounded(.down)
            guard p.isFinite else { continue }
            canvas.fill(PixelRect(x: bar.maxX + 1, y: p, width: tickLength, height: 1), color: Style.ink)
            canvas.draw(label, at: SIMD2(bar.maxX + 1 + tickLength + tickGap, p + 0.5), typeface: fonts.tick,
                        color: Style.ink, anchor: TextAnchor(.left, .middle))
            widest = max(widest, fonts.tick.measure(label).width)
        }
        if let label = panel.colorBar, !label.isEmpty {
            let at = SIMD2(bar.maxX + 1 + tickLength + tickGap + widest + pad, bar.midY)
            canvas.draw(label, at: at, typeface: fonts.label, color: Style.ink, anchor: TextAnchor(.center, .top),
                        rotated: true)
        }
    }
}
