/// A figure: one or more panels laid out in a grid, with an optional overall title.
///
/// Figures are plain values describing *what* to draw; ``render()`` turns one into pixels and
/// `Canvas.writePNG(to:)` writes it. The same figure always renders to the same bytes.
///
/// ```swift
/// var loss = Panel(title: "Training loss", xLabel: "step", yLabel: "loss")
/// loss.layers = [.line(x: steps, y: losses, label: "train")]
/// try Figure(panels: [loss]).render().writePNG(to: url)
/// ```
public struct Figure: Sendable {
    /// Drawn centred above all panels (bold); nil for none.
    public var title: String?
    /// Size in pixels of the whole image.
    public var width: Int, height: Int
    /// Panels per row; panels fill the grid row by row.
    public var columns: Int
    /// The panels, in reading order.
    public var panels: [Panel]

    public init(title: String? = nil, width: Int = 800, height: Int = 560, columns: Int = 1,
                panels: [Panel]) {
        self.title = title
        self.width = width
        self.height = height
        self.columns = max(1, columns)
        self.panels = panels
    }
}

/// One set of axes (or one bare image) inside a figure.
public struct Panel: Sendable {
    /// Drawn above the panel; nil for none.
    public var title: String?
    /// Axis labels; nil for none.
    public var xLabel: String?, yLabel: String?
    /// Linear or logarithmic (base 10) axes.
    public var xScale: Scale = .linear, yScale: Scale = .linear
    /// The visible data ranges; nil means "fit the data with a small margin, on nice ticks".
    public var xRange: ClosedRange<Double>?, yRange: ClosedRange<Double>?
    /// What to draw, bottom layer first.
    public var layers: [Layer] = []
    /// Where the legend goes; it lists every layer that has a label.
    public var legend: LegendPosition = .best
    /// Category names for the columns / rows of a `.matrix` layer (e.g. tokens, digit classes),
    /// drawn as tick labels instead of numbers. Row labels read top to bottom. Name i sits at
    /// coordinate i, so the names also label bars placed at x = 0, 1, 2 …
    public var xTickLabels: [String]?, yTickLabels: [String]?
    /// When set, a colour bar with this label is drawn right of the panel for the first
    /// `.field` or `.matrix` layer.
    public var colorBar: String?
    /// False for bare images (no frame, ticks or labels).
    public var showAxes: Bool = true
    /// One data unit is the same length in x and y (for 2-D point clouds and contour plots).
    public var equalAspect: Bool = false

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                layers: [Layer] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.layers = layers
    }
}

/// Axis scale.
public enum Scale: Sendable { case linear, log }

/// Legend placement inside the plot area.
public enum LegendPosition: Sendable {
    case topRight, topLeft, bottomRight, bottomLeft, none
    /// The corner where the legend hides the least data (top right when all are equal).
    case best
}

/// One thing drawn in a panel, in data coordinates unless said otherwise.
public enum Layer: Sendable {
    /// A polyline through (x[i], y[i]); `markers` adds a dot at every point. NaN breaks the line.
    case line(x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
              width: Double = 2, dashed: Bool = false, markers: Bool = false)
    /// A dot at every (x[i], y[i]).
    case scatter(x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
                 radius: Double = 3)
    /// Vertical bars centred at x[i] with height y[i] and the given width in data units
    /// (histograms).
    case bars(x: [Double], y: [Double], width: Double, label: String? = nil, color: Color? = nil)
    /// A function sampled on a regular grid, filled with a colormap: `values[row][col]` is the
    /// value at x = xRange interpolated over cols, y = yRange interpolated over rows, row 0 at the
    /// *bottom*. `range` fixes the colour scale (default: min…max of the values).
    case field(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>,
               colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil)
    /// Iso-lines of a sampled function (same grid convention as `.field`) at the given levels.
    case contours(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>,
                  levels: [Double], color: Color = .darkGray, label: String? = nil)
    /// A heatmap of a matrix in cell coordinates: `values[row][col]`, row 0 at the *top*, like a
    /// printed matrix; cell (row, col) is a square centred on x = col, y = row. With `annotate`,
    /// each cell shows its value printed with `format` (a `String(format:)` pattern for one
    /// `Double`, such as "%.0f").
    case matrix(values: [[Double]], colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
                annotate: Bool = false, format: String = "%.2f")
    /// A grey-scale (or colormapped) image filling the plot area, row 0 at the top.
    case image(pixels: [[Double]], range: ClosedRange<Double>, colormap: Colormap = .grayInk)
    /// A horizontal reference line across the panel.
    case hline(y: Double, label: String? = nil, color: Color = .darkGray, dashed: Bool = true)
    /// A vertical reference line across the panel.
    case vline(x: Double, label: String? = nil, color: Color = .darkGray, dashed: Bool = true)
    /// A short annotation whose left end sits at (x, y).
    case text(x: Double, y: Double, String, color: Color = .black)
}
