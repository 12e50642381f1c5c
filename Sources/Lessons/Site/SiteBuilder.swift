import Foundation

/// Renders every page of the site into memory: the chapters and the index first, then whatever
/// they link to (other documents, side-by-side sources, copied figures), with math left as
/// placeholders until ``Site`` has KaTeX render it in one batch.
final class SiteBuilder {
    let root: URL
    let map: SiteMap
    let tests: [String: TestIndex.Location]
    /// Type names declared in the sources, for the highlighter.
    let types: Set<String>
    let math = MathBatch()

    /// Site path → HTML (with math placeholders).
    private(set) var pages: [String: String] = [:]
    /// Repository paths to copy, keyed by site path.
    private(set) var copies: [String: String] = [:]
    private(set) var search: [SearchIndex.Entry] = []
    /// Equation label ("4.1") → its chapter page, so a doc comment's "(4.1)" can link to it.
    private(set) var equationPages: [String: String] = [:]
    /// Links to a repository file that does not exist, as "document: target".
    private(set) var missing: [String] = []

    private var pending: [SiteMap.Target] = []
    private var queued: Set<SiteMap.Target> = []
    private var regionLines: [String: [String: Int]] = [:]
    /// For each side-by-side source, the chapters that show or link it.
    private var readers: [String: [Chapter]] = [:]

    init(root: URL, chapters: [Chapter]) throws {
        self.root = root
        map = SiteMap(root: root, chapters: chapters)
        tests = try TestIndex.scan(root: root)
        var types = Set<String>()
        if let files = FileManager.default.enumerator(at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil) {
            for case let url as URL in files where url.pathExtension == "swift" {
                types.formUnion(SwiftHighlighter.declaredTypes(in: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
            }
        }
        // One-letter names are the notation's matrices (`A`, `X`), even where a test declares one.
        self.types = types.filter { $0.count > 1 }
    }

    /// Renders the chapters (from their fresh markdown), the index, and everything they reach.
    func build(chapterTexts: [(chapter: Chapter, text: String)]) throws {
        for (index, entry) in chapterTexts.enumerated() {
            for file in chapterFiles(entry.chapter) { readers[file, default: []].append(entry.chapter) }
            let page = map.sitePath(.document(entry.chapter.markdownPath))
            let doc = renderMarkdown(entry.text, document: entry.chapter.markdownPath, page: page, chapter: entry.chapter)
            search += SearchIndex.entries(for: doc, page: page, chapter: doc.title ?? entry.chapter.title)
            for equation in doc.equations { equationPages[equation.label] = page }
            let previous = index > 0 ? chapterTexts[index - 1].chapter : nil
            let next = index + 1 < chapterTexts.count ? chapterTexts[index + 1].chapter : nil
            var body = PageShell.chapterNavigation(previous: previous, next: next, map: map, page: page)
            body += PageShell.contents(doc.headings.filter { $0.level == 2 } + [.init(level: 2, text: "The code, side by side", id: "code-side-by-side")])
            body += "<article class=\"chapter\">\n" + doc.html + "\n</article>\n"
            body += sourcesSection(entry.chapter, page: page)
            body += PageShell.chapterNavigation(previous: previous, next: next, map: map, page: page)
            pages[page] = PageShell.page(title: doc.title ?? entry.chapter.title, path: page, body: body, map: map)
        }
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        addDocument("README.md", text: readme)
        while !pending.isEmpty {
            let target = pending.removeFirst()
            switch target {
            case let .document(path) where pages[map.sitePath(target)] == nil:
                addDocument(path, text: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
            case let .source(path):
                let page = map.sitePath(target)
                let source = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
                pages[page] = PageShell.page(title: path, path: page, body: sourcePage(path, source: source, page: page), map: map)
            case let .file(path):
                copies[map.sitePath(target)] = path
            default:
                break
            }
        }
    }

    /// The site path of `target`, queued for rendering if it is new.
    @discardableResult
    func need(_ target: SiteMap.Target) -> String {
        if queued.insert(target).inserted { pending.append(target) }
        return map.sitePath(target)
    }

    private func addDocument(_ path: String, text: String) {
        let page = map.sitePath(.document(path))
        let doc = renderMarkdown(text, document: path, page: page, chapter: nil)
        pages[page] = PageShell.page(title: doc.title ?? path, path: page,
                                     body: "<article class=\"document\">\n" + doc.html + "\n</article>\n", map: map)
    }

    // MARK: Markdown with the site's links, math, test links and listings

    func renderMarkdown(_ text: String, document: String, page: String, chapter: Chapter?) -> RenderedDocument {
        var hooks = MarkdownHooks()
        hooks.link = { [unowned self] href in
            if SiteMap.isExternal(href) { return href }
            guard let (target, fragment) = map.resolve(href, from: document) else {
                noteMissing(href, from: document)
                return nil
            }
            let path = target == .document(document) ? "" : SiteMap.link(from: page, to: need(target))
            return path + (fragment.map { "#\($0)" } ?? "")
        }
        hooks.image = { [unowned self] src in
            guard !SiteMap.isExternal(src), let (target, _) = map.resolve(src, from: document) else {
                noteMissing(src, from: document)
                return src
            }
            return SiteMap.link(from: page, to: need(target))
        }
        hooks.math = { [unowned self] tex, display in math.placeholder(tex, display: display, file: document) }
        hooks.codeSpan = { [unowned self] code in codeSpan(code, page: page) }
        hooks.codeBlock = { [unowned self] language, code, listing in
            codeBlock(language: language, code: code, listing: listing, page: page, document: document)
        }
        return MarkdownHTML(hooks: hooks).render(text)
    }

    private func noteMissing(_ href: String, from document: String) {
        guard let path = SiteMap.normalize(String(href.split(separator: "#").first ?? ""), relativeTo: document),
              !FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) else { return }
        missing.append("\(document): \(href)")
    }

    /// A test's name links to its line; a path of a Swift file links to its side-by-side page.
    func codeSpan(_ code: String, page: String) -> String {
        let html = "<code>\(code.htmlEscaped)</code>"
        if let location = tests[code] {
            let target = need(.source(location.file))
            return "<a class=\"test\" href=\"\(SiteMap.link(from: page, to: target))#L\(location.line)\">\(html)</a>"
        }
        if code.hasSuffix(".swift"), !code.contains(" "),
           FileManager.default.fileExists(atPath: root.appendingPathComponent(code).path) {
            return "<a href=\"\(SiteMap.link(from: page, to: need(.source(code))))\">\(html)</a>"
        }
        return html
    }

    func codeBlock(language: String, code: String, listing: String?, page: String, document: String) -> String {
        let body = language == "swift"
            ? SwiftHighlighter.lines(code, types: types).joined(separator: "\n") : code.htmlEscaped
        let pre = "<pre><code class=\"language-\(language.isEmpty ? "text" : language.htmlEscaped)\">\(body)</code></pre>"
        guard let listing, let hash = listing.lastIndex(of: "#") else { return pre }
        let path = String(listing[..<hash]), region = String(listing[listing.index(after: hash)...])
        let target = SiteMap.link(from: page, to: need(.source(path)))
        let line = regionLine(path: path, region: region).map { "#L\($0)" } ?? ""
        return "<figure class=\"listing\"><figcaption><a href=\"\(target)\(line)\">\(path.htmlEscaped)</a>"
            + " <span class=\"region\">\(region.htmlEscaped)</span></figcaption>\n\(pre)</figure>"
    }

    /// The 1-based line of `// listing: region` in `path`.
    private func regionLine(path: String, region: String) -> Int? {
        if regionLines[path] == nil {
            let text = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            let regions = (try? SourceRegions.parse(text, path: path)) ?? []
            regionLines[path] = Dictionary(regions.map { ($0.name, $0.markers.lowerBound + 1) }, uniquingKeysWith: { a, _ in a })
        }
        return regionLines[path]?[region]
    }

    // MARK: A chapter's code

    /// The Swift files a chapter is made of: its source folder, the files its listings come from,
    /// its test file and its exercises.
    func chapterFiles(_ chapter: Chapter) -> [String] {
        let fm = FileManager.default
        let prefix = String(format: "Ch%02d", chapter.number)
        var files: [String] = []
        let lessons = root.appendingPathComponent("Sources/Lessons")
        for folder in ((try? fm.contentsOfDirectory(atPath: lessons.path)) ?? []).sorted() where folder.hasPrefix(prefix) {
            let names = (try? fm.contentsOfDirectory(atPath: lessons.appendingPathComponent(folder).path)) ?? []
            files += names.filter { $0.hasSuffix(".swift") }.sorted().map { "Sources/Lessons/\(folder)/\($0)" }
        }
        let text = (try? String(contentsOf: root.appendingPathComponent(chapter.markdownPath), encoding: .utf8)) ?? ""
        for line in text.components(separatedBy: "\n") {
            if let reference = MarkdownBlocks.listingReference(line.trimmingCharacters(in: .whitespaces)),
               let path = reference.split(separator: "#").first.map(String.init), !files.contains(path) {
                files.append(path)
            }
        }
        let tests = root.appendingPathComponent("Tests/LessonsTests")
        files += ((try? fm.contentsOfDirectory(atPath: tests.path)) ?? []).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".swift") }
            .sorted().map { "Tests/LessonsTests/\($0)" }
        let exercises = "Sources/Exercises/\(prefix).swift"
        if fm.fileExists(atPath: root.appendingPathComponent(exercises).path) { files.append(exercises) }
        return files.filter { fm.fileExists(atPath: root.appendingPathComponent($0).path) }
    }

    private func sourcesSection(_ chapter: Chapter, page: String) -> String {
        let items = chapterFiles(chapter).map { path in
            "<li><a href=\"\(SiteMap.link(from: page, to: need(.source(path))))\">\(path.htmlEscaped)</a></li>"
        }
        return "<section class=\"sources\">\n<h2 id=\"code-side-by-side\">The code, side by side</h2>\n"
            + "<p>Each file with its comments beside the code they explain.</p>\n<ul>\n"
            + items.joined(separator: "\n") + "\n</ul>\n</section>\n"
    }

    /// The chapters that show or link the source file `path`.
    func chapters(reading path: String) -> [Chapter] { readers[path] ?? [] }
}
