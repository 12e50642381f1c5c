import CPNG
import Foundation
import Testing
@testable import Lessons

@Suite("Plot")
struct PlotTests {
    // MARK: Ticks and ranges

    @Test("ticks on 0…1 step by 0.2 and print without floating-point noise")
    func ticksOnUnitRange() {
        let ticks = Ticks.linear(0...1)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test("ticks on 0…7.3 are the whole numbers 0…7")
    func ticksOnUnevenRange() {
        let ticks = Ticks.linear(0...7.3)
        #expect(ticks.values == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(ticks.labels == ["0", "1", "2", "3", "4", "5", "6", "7"])
    }

    @Test("steps are 1, 2 or 5 × 10ⁿ and never give more ticks than asked")
    func stepsAreNice() {
        #expect(Ticks.niceStep(for: 0...2000) == 500)
        #expect(Ticks.niceStep(for: -3...3, maxCount: 4) == 2)
        #expect(Ticks.niceStep(for: 0.1...0.7) == 0.1)
        for upper in [0.37, 1.9, 13.0, 420.0, 9999.0] {
            let count = Ticks.linear(0...upper, maxCount: 6).values.count
            #expect((3...6).contains(count), "0…\(upper) gave \(count) ticks")
        }
    }

    @Test("labels print 0.1 + 0.2 as 0.3, negatives with a true minus, tiny steps with an exponent")
    func labelsAreClean() {
        #expect(Ticks.label(0.1 + 0.2, step: 0.1) == "0.3")
        #expect(Ticks.label(-0.5, step: 0.5) == "−0.5")
        #expect(Ticks.label(2e-5, step: 1e-5) == "2e−5")
        #expect(Ticks.label(1.5e-4, step: 5e-5) == "1.5e−4")
        #expect(Ticks.label(-1e-17, step: 0.5) == "0.0")
    }

    @Test("log ticks on 1e-5…1 are the six decades, labelled 10⁻⁵ … 10⁰")
    func logTicksAreDecades() {
        let ticks = Ticks.log(1e-5...1)
        #expect(ticks.values.count == 6)
        for (value, exponent) in zip(ticks.values, -5...0) {
            #expect(abs(log10(value) - Double(exponent)) < 1e-12)
        }
        #expect(ticks.labels == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        #expect(Ticks.log(1e-12...1, maxCount: 5).values.count <= 5)
    }

    @Test("a fitted range holds the data with a margin; log axes ignore non-positive values")
    func fittedRanges() {
        var linear = Extent(scale: .linear)
        for v in [0.0, .nan, 1, .infinity] { linear.include(v) }
        let range = linear.fittedRange()
        #expect(range.lowerBound < 0 && range.lowerBound >= -0.1)
        #expect(range.upperBound > 1 && range.upperBound <= 1.1)

        var log = Extent(scale: .log)
        for v in [-1.0, 0, 1e-3, 10] { log.include(v) }
        #expect(log.lo == 1e-3 && log.hi == 10)
        #expect(Extent(scale: .linear).fittedRange() == 0...1)
    }

    // MARK: Canvas and PNG

    @Test("a canvas written as PNG reads back with libpng pixel for pixel")
    func pngRoundTrip() throws {
        var canvas = Canvas(width: 7, height: 5, background: Color(hex: 0x102030))
        canvas.fill(PixelRect(x: 1, y: 1, width: 3, height: 2), color: Color(hex: 0xFF8000))
        canvas.fill(PixelRect(x: 6, y: 4, width: 1, height: 1), color: .white)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plot-roundtrip-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try canvas.writePNG(to: url)

        let data = try Data(contentsOf: url)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let decoded = try #require(decodePNG(data))
        #expect(decoded.width == 7 && decoded.height == 5)
        #expect(decoded.rgb == canvas.bytes)
        #expect(canvas.pixel(x: 2, y: 1) == Color(hex: 0xFF8000))
        #expect(canvas.pixel(x: 7, y: 0) == nil)
    }

    @Test("writing into a missing folder throws cannotWrite naming the file")
    func writeToMissingFolderThrows() {
        let url = URL(fileURLWithPath: "/no-such-folder-\(UUID())/figure.png")
        #expect(throws: PlotError.cannotWrite(path: url.path, reason: "the folder \(url.deletingLastPathComponent().path) does not exist")) {
            try Canvas(width: 4, height: 4).writePNG(to: url)
        }
    }

    @Test("a one-pixel line on a pixel boundary covers the two rows beside it by half each")
    func linesAreAntiAliased() throws {
        var canvas = Canvas(width: 20, height: 20)
        canvas.stroke([SIMD2(2, 10), SIMD2(18, 10)], width: 1, color: .black)
        let above = try #require(canvas.pixel(x: 10, y: 9)), below = try #require(canvas.pixel(x: 10, y: 10))
        #expect(abs(above.r - 0.5) < 0.03 && abs(below.r - 0.5) < 0.03)
        #expect(canvas.pixel(x: 10, y: 8) == .white)
    }

    @Test("a polyline of many short segments is painted once: no dark beads at the joints")
    func jointsDoNotDarken() {
        let color = Color.series(0).withAlpha(0.5)
        var once = Canvas(width: 60, height: 20), inPieces = Canvas(width: 60, height: 20)
        once.stroke([SIMD2(5, 10.3), SIMD2(55, 10.3)], width: 3, color: color)
        inPieces.stroke((0...100).map { SIMD2(5 + Double($0) / 2, 10.3) }, width: 3, color: color)
        let differing = zip(once.bytes, inPieces.bytes).count { $0 != $1 }
        #expect(differing == 0, "\(differing) bytes differ")
    }

    @Test("a dashed line leaves gaps, and NaN breaks a line")
    func dashesAndGaps() {
        var dashed = Canvas(width: 100, height: 10)
        dashed.stroke([SIMD2(0, 5), SIMD2(100, 5)], width: 2, color: .black, dash: [6, 4])
        let row = (0..<100).compactMap { dashed.pixel(x: $0, y: 5) }
        #expect(row.contains(.white) && row.contains(.black))

        var broken = Canvas(width: 100, height: 10)
        broken.stroke([SIMD2(0, 5), SIMD2(40, 5), SIMD2(.nan, .nan), SIMD2(60, 5), SIMD2(100, 5)],
                      width: 2, color: .black)
        #expect(broken.pixel(x: 50, y: 5) == .white)
        #expect(broken.pixel(x: 20, y: 5) == .black && broken.pixel(x: 80, y: 5) == .black)
    }

    // MARK: Text

    @Test("text measures wider as it grows, and the shipped font has the course's symbols")
    func textMeasurement() throws {
        let face = try Typeface.load(Font(size: 12))
        #expect(face.measure("a").width > 0)
        #expect(face.measure("loss").width < face.measure("loss per step").width)
        #expect(face.ascent > face.capHeight && face.capHeight > 0 && face.descent > 0)
        for symbol in ["‖", "∂", "σ", "α", "θ", "→", "−", "²", "⊙", "₁"] {
            let mask = face.mask(symbol)
            #expect(mask.coverage.contains { $0 > 0.5 }, "no ink for \(symbol)")
        }
        #expect(try Typeface.load(Font(size: 12)) === face)
    }

    @Test("rotated text runs upwards: its ink is taller than wide")
    func rotatedText() throws {
        let face = try Typeface.load(Font(size: 14))
        var canvas = Canvas(width: 100, height: 100)
        canvas.draw("gradient", at: SIMD2(50, 50), typeface: face, anchor: TextAnchor(.center, .middle), rotated: true)
        var xs: [Int] = [], ys: [Int] = []
        for y in 0..<100 {
            for x in 0..<100 where canvas.pixel(x: x, y: y) != .white {
                xs.append(x)
                ys.append(y)
            }
        }
        let width = (xs.max() ?? 0) - (xs.min() ?? 0), height = (ys.max() ?? 0) - (ys.min() ?? 0)
        #expect(height > 3 * width)
        #expect(abs(Double((ys.max() ?? 0) + (ys.min() ?? 0)) / 2 - 50) < 2)
    }

    // MARK: Figures

    @Test("a line chart puts the line's colour along the line and dark title text on top")
    func lineChartPixels() throws {
        let xs = (0...100).map { Double($0) / 100 }
        var panel = Panel(title: "Loss", xLabel: "step", yLabel: "loss")
        panel.layers = [.line(x: xs, y: xs, width: 3)]
        let figure = Figure(title: "Title", panels: [panel])
        let canvas = try figure.render()
        #expect(canvas.width == 800 && canvas.height == 560)

        // The panel's cell is the canvas below the figure title; locate its plot area the same way.
        let fonts = try PanelFonts(scale: 1)
        let titleHeight = 10 + (try Typeface.load(Font(size: 20, weight: .bold))).lineHeight
        let cell = PixelRect(x: 0, y: titleHeight.rounded(), width: 800, height: 560 - titleHeight.rounded())
        let renderer = PanelRenderer(panel: panel, cell: cell, fonts: fonts)
        for t in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let p = renderer.point(t, t)
            let ink = try #require(canvas.pixel(x: Int(p.x), y: Int(p.y)))
            #expect(ink == Color.series(0), "at t = \(t)")
        }
        let titleInk = (0..<30).flatMap { y in (0..<800).compactMap { canvas.pixel(x: $0, y: y) } }
            .count { $0.r + $0.g + $0.b < 1 }
        #expect(titleInk > 50)
    }

    @Test("the same figure renders to identical PNG bytes")
    func renderingIsDeterministic() throws {
        var panel = Panel(title: "σ(x)", xLabel: "x", yLabel: "y")
        let xs = stride(from: -4.0, through: 4, by: 0.1).map { $0 }
        panel.layers = [.line(x: xs, y: xs.map { 1 / (1 + exp(-$0)) }, label: "σ"),
                        .scatter(x: [0], y: [0.5], label: "centre"), .hline(y: 0.5)]
        let figure = Figure(title: "Determinism", panels: [panel, panel])
        #expect(try figure.render().pngData() == figure.render().pngData())
    }

    @Test("empty panels, NaN and infinite data, and odd ranges render without crashing")
    func degenerateFiguresRender() throws {
        var nan = Panel(title: "NaN")
        nan.layers = [.line(x: [0, 1, .nan, 3], y: [.nan, .infinity, 2, -.infinity], label: "gaps"),
                      .scatter(x: [], y: []), .bars(x: [1], y: [.nan], width: 1),
                      .matrix(values: [[]]), .field(values: [], x: 0...1, y: 0...1)]
        var log = Panel(title: "log of non-positive")
        log.yScale = .log
        log.layers = [.line(x: [0, 1, 2], y: [0, -1, 0])]
        var flat = Panel(title: "one value")
        flat.layers = [.line(x: [3, 3], y: [5, 5]), .contours(values: [[1, 1], [1, 1]], x: 0...1, y: 0...1, levels: [1])]
        var fixed = Panel(title: "a zero-width and a huge range")
        fixed.xRange = 2...2
        fixed.yRange = -1e300...1e300
        fixed.layers = [.line(x: [0, 1e308], y: [-1e308, 1e308], dashed: true)]
        var huge = Panel(title: "±1e308")
        huge.layers = [.scatter(x: [0, 1], y: [-1e308, 1e308])]
        var bare = Panel()
        bare.showAxes = false
        let canvas = try Figure(columns: 3, panels: [Panel(), nan, log, flat, fixed, huge, bare]).render()
        #expect(canvas.width == 800)
        #expect(try Figure(panels: []).render().height == 560)
    }

    @Test("series without a colour take the palette in order; named colours do not use it up")
    func seriesColours() throws {
        var panel = Panel()
        panel.layers = [.line(x: [0, 1], y: [0, 1]), .hline(y: 0.5), .scatter(x: [0], y: [0], color: .black),
                        .bars(x: [0], y: [1], width: 1)]
        let renderer = PanelRenderer(panel: panel, cell: PixelRect(x: 0, y: 0, width: 400, height: 300),
                                     fonts: try PanelFonts(scale: 1))
        #expect(renderer.colors == [Color.series(0), .darkGray, .black, Color.series(1)])
    }

    @Test("equal aspect makes one unit as long in x as in y")
    func equalAspect() throws {
        var panel = Panel(xLabel: "x", yLabel: "y")
        panel.layers = [.field(values: [[0, 1], [1, 0]], x: 0...4, y: 0...1)]
        panel.equalAspect = true
        let r = PanelRenderer(panel: panel, cell: PixelRect(x: 0, y: 0, width: 800, height: 560),
                              fonts: try PanelFonts(scale: 1))
        #expect(abs(r.area.width / r.area.height - 4) < 0.05)
    }

    @Test("the best legend corner avoids a line through the top right")
    func legendAvoidsData() throws {
        var panel = Panel()
        panel.layers = [.line(x: [0, 1, 2, 3], y: [0, 1, 2, 3], label: "rising")]
        let r = PanelRenderer(panel: panel, cell: PixelRect(x: 0, y: 0, width: 600, height: 400),
                              fonts: try PanelFonts(scale: 1))
        let legend = Legend(entries: [LegendEntry(label: "rising", color: .black, swatch: .dot)], typeface: r.fonts.tick)
        let corner = r.legendCorner(for: legend)
        #expect(corner == .topLeft || corner == .bottomRight)
    }

    @Test("matrix counts are white on dark cells and black on light ones")
    func annotationContrast() throws {
        var panel = Panel()
        panel.layers = [.matrix(values: [[0, 100]], annotate: true, format: "%.0f")]
        panel.legend = .none
        let cell = PixelRect(x: 0, y: 0, width: 400, height: 300)
        let canvas = try Figure(width: 400, height: 300, panels: [panel]).render()
        let r = PanelRenderer(panel: panel, cell: cell, fonts: try PanelFonts(scale: 1))
        func pixels(aroundColumn col: Double) -> [Color] {
            let centre = r.point(col, 0)
            return (-6...6).flatMap { dy in
                (-6...6).compactMap { dx in canvas.pixel(x: Int(centre.x) + dx, y: Int(centre.y) + dy) }
            }
        }
        #expect(pixels(aroundColumn: 0).contains { $0.r > 0.9 && $0.g > 0.9 })    // white on purple
        #expect(pixels(aroundColumn: 1).contains { $0.r < 0.1 && $0.g < 0.1 })    // black on yellow
    }

    // MARK: Colour and contours

    @Test("viridis runs from #440154 at 0 to #FDE725 at 1")
    func viridisEnds() {
        #expect(Colormap.viridis.color(at: 0) == Color(hex: 0x440154))
        #expect(Colormap.viridis.color(at: 1) == Color(hex: 0xFDE725))
    }

    @Test("marching squares on x² + y² at level 1 traces the unit circle all the way round")
    func contourOfCircle() {
        let n = 41
        let grid = (0..<n).map { row in
            (0..<n).map { col in
                let (x, y) = (-2 + 4 * Double(col) / Double(n - 1), -2 + 4 * Double(row) / Double(n - 1))
                return x * x + y * y
            }
        }
        let segments = Contours.segments(values: grid, x: -2...2, y: -2...2, level: 1)
        #expect(segments.count > 30)
        let ends = segments.flatMap { [$0.0, $0.1] }
        // One grid step is 0.1; linear interpolation of r² puts the crossing within 0.01 of r = 1.
        #expect(ends.allSatisfy { abs(($0 * $0).sum().squareRoot() - 1) < 0.01 })
        let angles = ends.map { atan2($0.y, $0.x) }.sorted()
        let gaps = zip(angles, angles.dropFirst()).map { $1 - $0 } + [angles[0] + 2 * .pi - angles[angles.count - 1]]
        #expect(gaps.allSatisfy { $0 < 0.2 })
    }
}

/// Decodes a PNG with libpng's simplified reader into 8-bit RGB.
private func decodePNG(_ data: Data) -> (width: Int, height: Int, rgb: [UInt8])? {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    let began = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, data.count) }
    guard began != 0 else { return nil }
    image.format = png_uint_32(PNG_FORMAT_RGB)
    var rgb = [UInt8](repeating: 0, count: 3 * Int(image.width) * Int(image.height))
    let finished = rgb.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
    guard finished != 0 else { return nil }
    return (Int(image.width), Int(image.height), rgb)
}
