/// The formulas met while the pages are rendered. Each page holds a placeholder for each formula
/// until one KaTeX process has rendered them all (one process per formula would take minutes).
final class MathBatch {
    private(set) var formulas: [(tex: String, display: Bool)] = []
    /// Where each formula was first met, for error messages.
    private(set) var files: [String] = []
    private var seen: [String: Int] = [:]

    /// A placeholder that ``fill(_:with:)`` replaces by the rendered formula; the same formula
    /// is rendered once.
    func placeholder(_ tex: String, display: Bool, file: String) -> String {
        let key = (display ? "D" : "I") + tex
        let index = seen[key] ?? {
            formulas.append((tex, display))
            files.append(file)
            seen[key] = formulas.count - 1
            return formulas.count - 1
        }()
        return "\u{E002}\(index)\u{E003}"
    }

    /// `html` with every placeholder replaced by `rendered[index]`.
    func fill(_ html: String, with rendered: [String]) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var rest = html[...]
        while let open = rest.firstIndex(of: "\u{E002}"), let close = rest[open...].firstIndex(of: "\u{E003}"),
              let index = Int(rest[rest.index(after: open)..<close]), rendered.indices.contains(index) {
            out += rest[..<open]
            out += rendered[index]
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
