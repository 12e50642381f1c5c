import CFreeType
import Foundation
import Synchronization

/// A font of the shipped DejaVu Sans family at a size in pixels.
public struct Font: Sendable, Hashable {
    public enum Weight: Sendable, Hashable { case regular, bold }

    /// The em size in pixels (about 1.4 × the height of a capital letter).
    public var size: Double
    public var weight: Weight

    public init(size: Double, weight: Weight = .regular) {
        self.size = size
        self.weight = weight
    }

    /// The font file inside the project.
    var file: String {
        weight == .bold ? "assets/fonts/DejaVuSans-Bold.ttf" : "assets/fonts/DejaVuSans.ttf"
    }
}

/// The size of a piece of text: how far it advances and how far the font reaches above and
/// below the baseline.
public struct TextMetrics: Sendable, Equatable {
    public var width: Double, ascent: Double, descent: Double
    public var height: Double { ascent + descent }
}

/// Where a piece of text sits relative to the point it is drawn at.
public struct TextAnchor: Sendable {
    public enum Horizontal: Sendable { case left, center, right }
    /// `middle` centres capitals and digits on the point, which is what centring a label means
    /// to the eye; `top` and `bottom` use the font's full ascent and descent.
    public enum Vertical: Sendable { case top, middle, baseline, bottom }

    public var horizontal: Horizontal, vertical: Vertical

    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal
        self.vertical = vertical
    }
}

/// A loaded font at one size: measures strings and turns them into anti-aliased coverage.
///
/// Loading reads the font file through FreeType once per font; after that, `Typeface.load`
/// returns the cached typeface. Glyphs are rendered on first use (grayscale, light hinting) and
/// kept. All FreeType calls of one face happen under its lock, so typefaces can be shared
/// between threads.
///
/// ```swift
/// let label = try Typeface.load(Font(size: 13))
/// label.measure("loss").width   // ≈ 26 pixels
/// ```
public final class Typeface: Sendable {
    public let font: Font
    /// How far the font reaches above and below the baseline, in pixels.
    public let ascent: Double, descent: Double
    /// The height of a capital letter, used to centre text vertically.
    public let capHeight: Double
    /// The height of one line of text.
    public var lineHeight: Double { ascent + descent }
    private let face: Mutex<FaceState>

    private static let cache = Mutex<[Font: Typeface]>([:])

    /// The typeface for `font`, loaded from `assets/fonts` on first use.
    public static func load(_ font: Font) throws -> Typeface {
        try cache.withLock { cache in
            if let loaded = cache[font] { return loaded }
            let typeface = try Typeface(font)
            cache[font] = typeface
            return typeface
        }
    }

    private init(_ font: Font) throws {
        guard let root = ProjectRoot.locate() else {
            throw PlotError.cannotLoadFont(path: font.file, reason: "the project folder was not found")
        }
        let path = root.appendingPathComponent(font.file).path
        var state = try FaceState(path: path, size: font.size)
        self.font = font
        let metrics = state.face.pointee.size.pointee.metrics
        ascent = Double(metrics.ascender) / 64
        descent = -Double(metrics.descender) / 64
        capHeight = Double(state.glyph(for: "H").top)
        face = Mutex(state)
    }

    /// The advance width of `text` (with kerning) and the font's ascent and descent.
    public func measure(_ text: String) -> TextMetrics {
        let width = face.withLock { $0.layout(text).width }
        return TextMetrics(width: width, ascent: ascent, descent: descent)
    }

    /// The coverage of `text` with its pen origin (left end of the baseline) at (0, 0).
    func mask(_ text: String) -> CoverageMask {
        face.withLock { state in
            let placed = state.layout(text).glyphs
            let left = placed.map { $0.x + $0.glyph.left }.min() ?? 0
            let right = placed.map { $0.x + $0.glyph.left + $0.glyph.width }.max() ?? 0
            let top = placed.map { -$0.glyph.top }.min() ?? 0
            let bottom = placed.map { $0.glyph.rows - $0.glyph.top }.max() ?? 0
            var mask = CoverageMask(x0: left, y0: top, width: right - left, height: bottom - top)
            for (x, glyph) in placed {
                for row in 0..<glyph.rows {
                    let maskRow = (row - glyph.top - top) * mask.width + (x + glyph.left - left)
                    for col in 0..<glyph.width {
                        let c = Float(glyph.coverage[row * glyph.width + col]) / 255
                        mask.coverage[maskRow + col] = max(mask.coverage[maskRow + col], c)
                    }
                }
            }
            return mask
        }
    }
}

extension Canvas {
    /// Draws `text` so that its `anchor` point lands on `point`; `rotated` turns it 90°
    /// anticlockwise to read upwards, as a y-axis label does (the anchor turns with it).
    public mutating func draw(_ text: String, at point: SIMD2<Double>, typeface: Typeface,
                              color: Color = .black, anchor: TextAnchor = TextAnchor(.left, .baseline),
                              rotated: Bool = false)
    {
        guard point.isFinite, !text.isEmpty else { return }
        let width = typeface.measure(text).width
        let dx: Double = switch anchor.horizontal {
        case .left: 0
        case .center: -width / 2
        case .right: -width
        }
        let dy: Double = switch anchor.vertical {
        case .top: typeface.ascent
        case .middle: typeface.capHeight / 2
        case .baseline: 0
        case .bottom: -typeface.descent
        }
        var mask = typeface.mask(text)
        // Text-frame offset (dx, dy) becomes (dy, −dx) on the page when turned anticlockwise.
        let offset = rotated ? SIMD2(dy, -dx) : SIMD2(dx, dy)
        if rotated { mask = mask.rotatedAnticlockwise() }
        mask.x0 += Int((point.x + offset.x).rounded())
        mask.y0 += Int((point.y + offset.y).rounded())
        paint(mask, color: color)
    }
}

extension CoverageMask {
    /// The mask turned 90° anticlockwise about the origin: pixel (x, y) goes to (y, −x − 1).
    func rotatedAnticlockwise() -> CoverageMask {
        var turned = CoverageMask(x0: y0, y0: -(x0 + width), width: height, height: width)
        for row in 0..<height {
            for col in 0..<width {
                let (x, y) = (x0 + col, y0 + row)
                let (nx, ny) = (y, -x - 1)
                turned.coverage[(ny - turned.y0) * turned.width + (nx - turned.x0)] =
                    coverage[row * width + col]
            }
        }
        return turned
    }
}

/// One rendered glyph: its coverage bitmap, where the bitmap sits relative to the pen
/// (`left` to the right, `top` above the baseline), and how far the pen then moves.
private struct Glyph {
    var index: UInt32
    var advance: Double
    var left: Int, top: Int, width: Int, rows: Int
    var coverage: [UInt8]
}

/// A FreeType library and face with the glyphs rendered so far. Not thread-safe by itself:
/// `Typeface` keeps it behind a lock.
private struct FaceState: ~Copyable {
    let library: FT_Library
    let face: FT_Face
    private var glyphs: [Unicode.Scalar: Glyph] = [:]

    init(path: String, size: Double) throws {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else {
            throw PlotError.cannotLoadFont(path: path, reason: "FreeType could not start")
        }
        var face: FT_Face?
        let opened = FT_New_Face(library, path, 0, &face)
        guard opened == 0, let face else {
            FT_Done_FreeType(library)
            let reason = FileManager.default.fileExists(atPath: path)
                ? "FreeType error \(opened) (is the file a TrueType font?)" : "the file does not exist"
            throw PlotError.cannotLoadFont(path: path, reason: reason)
        }
        // Sizes are in 26.6 fixed point; at 72 dpi one point is one pixel.
        guard FT_Set_Char_Size(face, 0, FT_F26Dot6((size * 64).rounded()), 72, 72) == 0 else {
            FT_Done_Face(face)
            FT_Done_FreeType(library)
            throw PlotError.cannotLoadFont(path: path, reason: "cannot scale it to \(size) pixels")
        }
        self.library = library
        self.face = face
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    /// The glyphs of `text` with their pen positions, and the total advance.
    mutating func layout(_ text: String) -> (glyphs: [(x: Int, glyph: Glyph)], width: Double) {
        var pen = 0.0
        var previous: UInt32?
        var placed: [(x: Int, glyph: Glyph)] = []
        for scalar in text.unicodeScalars {
            let glyph = glyph(for: scalar)
            if let previous, face.pointee.face_flags & FT_Long(FT_FACE_FLAG_KERNING) != 0 {
                var kern = FT_Vector()
                FT_Get_Kerning(face, previous, glyph.index, FT_KERNING_DEFAULT.rawValue, &kern)
                pen += Double(kern.x) / 64
            }
            placed.append((Int(pen.rounded()), glyph))
            pen += glyph.advance
            previous = glyph.index
        }
        return (placed, pen)
    }

    /// The rendered glyph for a character; a character the font lacks gets the font's
    /// "missing" box, and one FreeType cannot render gets an empty glyph.
    mutating func glyph(for scalar: Unicode.Scalar) -> Glyph {
        if let known = glyphs[scalar] { return known }
        let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
        let lightHinting = Int32(FT_RENDER_MODE_LIGHT.rawValue & 15) << 16  // FT_LOAD_TARGET_LIGHT
        var glyph = Glyph(index: index, advance: 0, left: 0, top: 0, width: 0, rows: 0, coverage: [])
        if FT_Load_Glyph(face, index, Int32(FT_LOAD_RENDER) | lightHinting) == 0 {
            let slot = face.pointee.glyph.pointee
            let bitmap = slot.bitmap
            glyph.advance = Double(slot.advance.x) / 64
            glyph.left = Int(slot.bitmap_left)
            glyph.top = Int(slot.bitmap_top)
            glyph.width = Int(bitmap.width)
            glyph.rows = Int(bitmap.rows)
            if let buffer = bitmap.buffer {
                // Rows may be padded (`pitch` bytes apart); keep just `width` bytes of each.
                for row in 0..<glyph.rows {
                    let start = buffer + row * Int(bitmap.pitch)
                    glyph.coverage.append(contentsOf: UnsafeBufferPointer(start: start, count: glyph.width))
                }
            } else {
                glyph.width = 0
                glyph.rows = 0
            }
        }
        glyphs[scalar] = glyph
        return glyph
    }
}
