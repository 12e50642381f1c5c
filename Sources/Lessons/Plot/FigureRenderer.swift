import Foundation

extension Figure {
    /// Draws the figure: the title on top, then each panel in its cell of the grid.
    ///
    /// Throws ``PlotError/cannotLoadFont(path:reason:)`` if the shipped font cannot be read
    /// (a figure without its labels would be worse than no figure).
    public func render() throws -> Canvas {
        var canvas = Canvas(width: width, height: height)
        var top = 0.0
        if let title {
            let face = try Typeface.load(Font(size: 20, weight: .bold))
            let pad = 10.0
            canvas.draw(title, at: SIMD2(Double(width) / 2, pad), typeface: face, color: Style.ink,
                        anchor: TextAnchor(.center, .top))
            top = pad + face.lineHeight
        }
        let rows = (panels.count + columns - 1) / columns
        guard rows > 0 else { return canvas }
        let cellWidth = Double(width) / Double(columns)
        let cellHeight = (Double(height) - top) / Double(rows)
        // Small panels (a grid of thumbnails) get smaller text, down to 70%.
        let fonts = try PanelFonts(scale: min(1, max(0.7, min(cellWidth / 220, cellHeight / 160))))
        for (i, panel) in panels.enumerated() {
            let (row, column) = i.quotientAndRemainder(dividingBy: columns)
            // Cell edges are whole pixels, so neighbouring cells neither overlap nor leave a gap.
            let left = (Double(column) * cellWidth).rounded(), right = (Double(column + 1) * cellWidth).rounded()
            let upper = (top + Double(row) * cellHeight).rounded(), lower = (top + Double(row + 1) * cellHeight).rounded()
            let cell = PixelRect(x: left, y: upper, width: right - left, height: lower - upper)
            try PanelRenderer(panel: panel, cell: cell, fonts: fonts).draw(on: &canvas)
        }
        return canvas
    }
}

/// The look every panel shares.
enum Style {
    /// Text, frame and ticks: near-black, which sits better beside coloured data than black.
    static let ink = Color(hex: 0x262626)

    /// The dash pattern of a dashed line of the given width, in matplotlib's proportions
    /// (3.7 on, 1.6 off, in line widths), so thin and thick dashed lines look alike.
    static func dash(width: Double) -> [Double] { [3.7 * max(1, width), 1.6 * max(1, width)] }
}

/// The typefaces of a panel: title, axis labels, tick labels (also used for legends and
/// annotations). All shrink together by `scale` for small panels.
struct PanelFonts {
    let scale: Double
    let title: Typeface, label: Typeface, tick: Typeface

    init(scale: Double) throws {
        func load(_ size: Double) throws -> Typeface { try Typeface.load(Font(size: (size * scale).rounded())) }
        self.scale = scale
        title = try load(15)
        label = try load(13)
        tick = try load(12)
    }
}
