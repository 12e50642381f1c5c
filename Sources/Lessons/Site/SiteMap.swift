import Foundation

/// Where each file of the repository appears on the site, and how one page links to another.
///
/// ```
/// README.md                          → index.html
/// Chapters/ch04-rnn.md               → ch04.html
/// CONTRIBUTING.md, any other .md     → CONTRIBUTING.html (same folder as in the repository)
/// Sources/…/RNN.swift, Tests/…       → code/Sources/…/RNN.swift.html (side by side)
/// assets/figures/ch04/loss.png, …    → assets/figures/ch04/loss.png (copied)
/// ```
struct SiteMap {
    /// What a repository path becomes on the site.
    enum Target: Hashable {
        /// A markdown file rendered as a page.
        case document(String)
        /// A Swift file shown side by side.
        case source(String)
        /// Any other file, copied as it is.
        case file(String)
    }

    let root: URL
    /// The chapters this build includes; links to the others show their text only.
    let chapters: [Chapter]

    /// The page a target is written to, relative to the site's folder.
    func sitePath(_ target: Target) -> String {
        switch target {
        case let .document(path):
            if path == "README.md" { return "index.html" }
            if let chapter = chapters.first(where: { $0.markdownPath == path }) { return "\(chapter.id).html" }
            return String(path.dropLast(3)) + ".html"
        case let .source(path): return "code/\(path).html"
        case let .file(path): return path
        }
    }

    /// What `href`, written in the repository file `document`, points at: a target with an
    /// optional `#fragment`, or nil when it is not part of the site (a folder, a missing file,
    /// a chapter this build leaves out, book.md — the site is the book).
    func resolve(_ href: String, from document: String) -> (target: Target, fragment: String?)? {
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let fragment = parts.count > 1 ? String(parts[1]) : nil
        guard let first = parts.first, !first.isEmpty else { return (.document(document), fragment) }
        guard let path = Self.normalize(String(first), relativeTo: document) else { return nil }
        if path == Book.bookPath { return nil }
        if path.hasPrefix("Chapters/"), path.hasSuffix(".md") {
            return chapters.contains { $0.markdownPath == path } ? (.document(path), fragment) : nil
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder),
              !isFolder.boolValue else { return nil }
        if path.hasSuffix(".md") { return (.document(path), fragment) }
        if path.hasSuffix(".swift") { return (.source(path), fragment) }
        return (.file(path), fragment)
    }

    /// Whether `href` leaves the site (`https:`, `mailto:` …).
    static func isExternal(_ href: String) -> Bool {
        href.firstMatch(of: /^[A-Za-z][A-Za-z0-9+.-]*:/) != nil
    }

    /// `path` relative to the folder of `document`, with `.` and `..` resolved; nil when it
    /// leaves the repository.
    static func normalize(_ path: String, relativeTo document: String) -> String? {
        var parts = path.hasPrefix("/") ? [] : document.split(separator: "/").dropLast().map(String.init)
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// A link from the page at site path `page` to the site path `target`.
    static func link(from page: String, to target: String) -> String {
        String(repeating: "../", count: page.filter { $0 == "/" }.count) + target
    }
}
