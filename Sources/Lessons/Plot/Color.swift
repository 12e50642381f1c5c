/// An RGBA colour with components in 0…1.
public struct Color: Sendable, Equatable {
    public var r: Double, g: Double, b: Double, a: Double

    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// A colour from a 24-bit hex value, e.g. `Color(hex: 0x1F77B4)`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(r: Double((hex >> 16) & 0xFF) / 255, g: Double((hex >> 8) & 0xFF) / 255,
                  b: Double(hex & 0xFF) / 255, a: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ a: Double) -> Color { Color(r: r, g: g, b: b, a: a) }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    public static let darkGray = Color(hex: 0x404040)
    public static let gray = Color(hex: 0x808080)
    public static let lightGray = Color(hex: 0xD0D0D0)

    /// The series colours, in order (Okabe & Ito's palette, distinguishable with colour-blindness),
    /// used for layers that do not name a colour.
    public static let series: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xCC79A7),
        Color(hex: 0xE69F00), Color(hex: 0x56B4E9), Color(hex: 0x000000), Color(hex: 0xF0E442),
    ]

    /// Series colour number i (wrapping around).
    public static func series(_ i: Int) -> Color { series[i % series.count] }
}

/// A map from a value in 0…1 to a colour.
public enum Colormap: Sendable {
    /// Perceptually uniform dark purple → green → yellow (matplotlib's default since 2.0).
    case viridis
    /// White (0) → black (1): ink on paper, for digits.
    case grayInk
    /// Blue (0) → white (0.5) → red (1): for signed values such as weights, centred on zero.
    case blueWhiteRed
    /// White (0) → red (1): the red half of `blueWhiteRed`, for counts where 0 is "nothing".
    case whiteRed

    /// The colour at t, clamped to 0…1.
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        switch self {
        case .viridis: return Colormap.interpolate(Colormap.viridisStops, t)
        case .grayInk: return Color(r: 1 - t, g: 1 - t, b: 1 - t)
        case .blueWhiteRed: return Colormap.interpolate(Colormap.blueWhiteRedStops, t)
        case .whiteRed: return Colormap.interpolate(Array(Colormap.blueWhiteRedStops[4...]), t)
        }
    }

    private static func interpolate(_ stops: [Color], _ t: Double) -> Color {
        let x = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(x))
        let f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        return Color(r: a.r + (b.r - a.r) * f, g: a.g + (b.g - a.g) * f, b: a.b + (b.b - a.b) * f)
    }

    /// Viridis sampled at 17 evenly spaced points (from matplotlib 3.x's 256-entry table, CC0).
    private static let viridisStops: [Color] = [
        0x440154, 0x48186A, 0x472D7B, 0x424086, 0x3B528B, 0x33638D, 0x2C728E, 0x26828E, 0x21918C,
        0x1F9F88, 0x27AD81, 0x3DBC74, 0x5CC863, 0x81D34D, 0xAADC32, 0xD5E21A, 0xFDE725,
    ].map { Color(hex: $0) }

    /// ColorBrewer RdBu (reversed so low is blue), 9 classes.
    private static let blueWhiteRedStops: [Color] = [
        0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B,
    ].map { Color(hex: $0) }
}
