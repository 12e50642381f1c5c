/// A figure could not be drawn or saved. Each case says which file and why, so the reader can fix it.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// The shipped font is missing or FreeType could not read it.
    case cannotLoadFont(path: String, reason: String)
    /// libpng could not encode the image.
    case cannotEncode(reason: String)
    /// The PNG file could not be written (missing folder, no permission, full disk …).
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotLoadFont(path, reason):
            return "cannot load the font \(path): \(reason). The fonts ship in assets/fonts/; "
                + "restore them with `git checkout -- assets/fonts`, or set LESSONS_ROOT to the "
                + "project folder if you run from elsewhere."
        case let .cannotEncode(reason):
            return "cannot encode the figure as PNG: \(reason)"
        case let .cannotWrite(path, reason):
            return "cannot write the figure to \(path): \(reason). "
                + "Check that the folder exists and is writable."
        }
    }
}
