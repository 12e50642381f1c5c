import Foundation
import Testing
@testable import Lessons

/// The pieces of `lesson-runner site` that need no build tools: the markdown subset, the
/// highlighter, the side-by-side split and the links between pages.
@Suite("Site: markdown, highlighting, links") struct SitePartsTests {
    @Test("inline markdown: code spans and math are safe from emphasis; HTML comments vanish, values stay")
    func inlineMarkdown() {
        var hooks = MarkdownHooks()
        hooks.math = { tex, display in "[\(display ? "D" : "I"):\(tex)]" }
        let html = MarkdownInline(hooks: hooks).render(
            "*a* and **b**, `x*y*z`, $a*b*c$, 2*3*4, costs $5 or $6, <!-- value: ch04/loss | .2f -->2.48<!-- /value --> <x>")
        #expect(html == "<em>a</em> and <strong>b</strong>, <code>x*y*z</code>, [I:a*b*c], 2*3*4, costs $5 or $6, 2.48 &lt;x&gt;")
    }

    @Test("links and images go through the site's resolver; an unresolved link keeps its text")
    func linksAndImages() {
        var hooks = MarkdownHooks()
        hooks.link = { $0 == "gone.md" ? nil : "site/" + $0 }
        hooks.image = { "img/" + $0 }
        let html = MarkdownInline(hooks: hooks).render("[the *code*](a.md#x), [lost](gone.md), ![Loss](l.png), [1/(1 + e)] · [e/(1 + e)]")
        #expect(html == "<a href=\"site/a.md#x\">the <em>code</em></a>, lost, <img src=\"img/l.png\" alt=\"Loss\">, [1/(1 + e)] · [e/(1 + e)]")
    }

    @Test("blocks: headings with GitHub anchors, lists with continuation lines, tables, quotes, fences")
    func blocks() {
        let markdown = """
            # 4. Recurrent networks

            - **locality**: each output
              looks at a patch;
            - sharing

            | step | w |
            |------|--:|
            | 0    | 1 |

            > **Common mistake.** one
            > two

            <!-- text: ch04/sample -->
            ```text
            a *b*
            ```
            """
        let doc = MarkdownHTML().render(markdown)
        #expect(doc.html == """
            <h1 id="4-recurrent-networks">4. Recurrent networks</h1>
            <ul>
            <li><strong>locality</strong>: each output
            looks at a patch;</li>
            <li>sharing</li>
            </ul>
            <table>
            <thead><tr><th>step</th><th style="text-align:right">w</th></tr></thead>
            <tbody>
            <tr><td>0</td><td style="text-align:right">1</td></tr>
            </tbody>
            </table>
            <blockquote>
            <p><strong>Common mistake.</strong> one
            two</p>
            </blockquote>
            <pre><code>a *b*</code></pre>
            """)
        #expect(doc.title == "4. Recurrent networks")
    }

    @Test("an equation gets the id of its tag and the 'Verified by' line its class; a listing marker names the block after it")
    func equationsAndListings() {
        var hooks = MarkdownHooks()
        var listings: [String?] = []
        hooks.codeBlock = { _, _, listing in listings.append(listing); return "<pre></pre>" }
        let doc = MarkdownHTML(hooks: hooks).render("""
            $$ h_t = \\tanh(a_t) \\tag{4.1} $$
            Verified by `Suite.test`.

            <!-- listing: Sources/A.swift#step -->
            ```swift
            f()
            ```
            """)
        #expect(doc.equations.map(\.label) == ["4.1"])
        #expect(doc.html.hasPrefix("<div class=\"equation\" id=\"eq-4.1\">"))
        #expect(doc.html.contains("<p class=\"verified\">Verified by <code>Suite.test</code>.</p>"))
        #expect(listings == ["Sources/A.swift#step"])
    }

    @Test("Swift highlighting: keywords, declared types, strings holding //, comments; spans close at each line end")
    func highlighting() {
        let lines = SwiftHighlighter.lines("let x: Tensor = \"a // b\" // why\n/* one\ntwo */ Wxh", types: ["Tensor"])
        #expect(lines == [
            "<span class=\"kw\">let</span> x: <span class=\"ty\">Tensor</span> = <span class=\"st\">&quot;a // b&quot;</span> <span class=\"co\">// why</span>",
            "<span class=\"co\">/* one</span>",
            "<span class=\"co\">two */</span> Wxh",
        ])
    }

    @Test("side by side: comments explain the code below them; region markers are left out; every line is placed")
    func sourceSections() {
        let source = "import A\n\n/// One step.\n// listing: step\nfunc step() {\n    // why\n    x\n}\n// end listing"
        let sections = SourceSections.split(source)
        #expect(sections.map(\.doc) == [[], ["One step."], ["why"], []])
        #expect(sections.map(\.code) == [[1, 2], [5], [7, 8], []])
        let placed = sections.flatMap { $0.docLines + $0.code }.sorted()
        #expect(placed == Array(1...9))
    }

    @Test("links: chapters in the build become pages, left-out chapters and book.md lose their link, paths resolve from the document")
    func siteMap() {
        let map = SiteMap(root: projectRoot, chapters: [.rnn])
        #expect(map.resolve("ch04-rnn.md#exercises", from: "Chapters/ch05-lstm.md")?.target == .document("Chapters/ch04-rnn.md"))
        #expect(map.sitePath(.document("Chapters/ch04-rnn.md")) == "ch04.html")
        #expect(map.resolve("ch03-cnn.md", from: "Chapters/ch04-rnn.md") == nil)
        #expect(map.resolve("book.md", from: "README.md") == nil)
        #expect(map.resolve("../assets/figures/ch04/loss.png", from: "Chapters/ch04-rnn.md")?.target == .file("assets/figures/ch04/loss.png"))
        #expect(map.resolve("../../outside.md", from: "Chapters/ch04-rnn.md") == nil)
        #expect(map.sitePath(.document("README.md")) == "index.html")
        #expect(SiteMap.link(from: "code/Sources/A.swift.html", to: "ch04.html") == "../../ch04.html")
    }

    @Test("a missing build tool is named with the command that installs it")
    func missingToolMessage() {
        #expect(throws: SiteError.missingTool(what: "Node.js (node, only to build the site)", install: KaTeX.install)) {
            try KaTeX.locate(environment: ["PATH": "/nonexistent"])
        }
        #expect(KaTeX.install.contains("apt-get install nodejs libjs-katex fonts-katex"))
    }

    @Test("the site refuses to write into a folder it did not make")
    func foreignFolderRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-foreign-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        #expect(throws: SiteError.foreignOutputFolder(path: folder.path)) {
            try Site.build(root: projectRoot, out: folder, chapters: [.rnn])
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
    }
}

/// Whether node and KaTeX are installed; the built-site tests need them, `swift test` on a fresh
/// machine (Swift, libpng and FreeType only) does not.
private let siteToolsAvailable = (try? KaTeX.locate()) != nil

/// Chapter 4's site, built once for the suite into a temporary folder.
private let chapter4Site: Result<URL, Error> = Result(catching: {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-ch04-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    try Site.build(root: projectRoot, out: folder, chapters: [.rnn])
    atexit {
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory
            .appendingPathComponent("site-ch04-\(ProcessInfo.processInfo.processIdentifier)"))
    }
    return folder
})

@Suite("Site: chapter 4 built with KaTeX",
       .enabled(if: siteToolsAvailable, "node and KaTeX are not installed (sudo apt-get install nodejs libjs-katex fonts-katex); the site is not built"))
struct SiteBuildTests {
    /// Every HTML page of the built site, by path relative to its folder.
    private func pages() throws -> (folder: URL, pages: [String: String]) {
        let folder = try chapter4Site.get()
        var pages: [String: String] = [:]
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "html" else { continue }
            pages[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] =
                try String(contentsOf: url, encoding: .utf8)
        }
        return (folder, pages)
    }

    private func ids(_ html: String) -> Set<String> {
        Set(html.matches(of: /\sid="([^"]*)"/).map { String($0.1) })
    }

    @Test("index.html and ch04.html exist, and the index links the chapter")
    func pagesExist() throws {
        let (_, pages) = try pages()
        let index = try #require(pages["index.html"])
        #expect(pages["ch04.html"] != nil)
        #expect(index.contains("href=\"ch04.html\""))
    }

    @Test("every <img> and every local link resolves, anchors included; nothing is fetched from the network")
    func everyLinkResolves() throws {
        let (folder, pages) = try pages()
        let anchors = pages.mapValues(ids)
        var checked = 0
        for (page, html) in pages {
            let base = folder.appendingPathComponent(page).deletingLastPathComponent()
            for match in html.matches(of: /<(a|img|link|script)\s[^>]*?(href|src)="([^"]*)"/) {
                let tag = String(match.1), reference = String(match.3).replacingOccurrences(of: "&amp;", with: "&")
                if SiteMap.isExternal(reference) {
                    #expect(tag == "a", "\(page): <\(tag)> loads \(reference) from the network")
                    continue
                }
                let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].isEmpty ? page
                    : String(base.appendingPathComponent(String(parts[0])).standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path),
                        "\(page): \(reference) does not exist")
                if parts.count > 1, target.hasSuffix(".html") {
                    #expect(anchors[target]?.contains(String(parts[1])) == true, "\(page): \(reference) has no such anchor")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("every labelled equation of chapter 4 is rendered by KaTeX with its number")
    func everyEquationRendered() throws {
        let (_, pages) = try pages()
        let html = try #require(pages["ch04.html"])
        let text = try String(contentsOf: projectRoot.appendingPathComponent(Chapter.rnn.markdownPath), encoding: .utf8)
        let equations = EquationIndex.scan(text, file: Chapter.rnn.markdownPath).equations
        #expect(equations.count >= 5)
        for equation in equations {
            let label = equation.label
            let start = try #require(html.range(of: "<div class=\"equation\" id=\"eq-\(label)\">"), "equation (\(label)) is missing")
            let end = try #require(html[start.upperBound...].range(of: "</div>\n"))
            let rendered = html[start.upperBound..<end.lowerBound]
            #expect(rendered.hasPrefix("<span class=\"katex-display\">"), "(\(label)) is not rendered by KaTeX")
            #expect(rendered.contains("<span class=\"tag\">") && rendered.contains("(\(label))"),
                    "(\(label)) lost its number")
            // The next paragraph is its "Verified by" line, with a link for every test it names.
            let after = html[end.upperBound...]
            #expect(after.hasPrefix("<p class=\"verified\">"), "(\(label)) is not followed by its 'Verified by' line")
            let line = after.prefix(while: { $0 != "\n" })
            #expect(line.matches(of: /<a class="test" href="[^"]+#L\d+">/).count == equation.tests.count,
                    "(\(label)): not every test of \(equation.tests) is linked")
        }
    }

    @Test("each 'Verified by' test links to the line that declares it")
    func testLinksLandOnTheTest() throws {
        let (folder, pages) = try pages()
        let html = try #require(pages["ch04.html"])
        let links = html.matches(of: /<a class="test" href="(code\/[^"#]+)#L(\d+)"><code>[A-Za-z0-9_]+\.([A-Za-z0-9_]+)<\/code><\/a>/)
        #expect(links.count >= 10)
        for link in links {
            let page = String(link.1), line = Int(link.2) ?? 0, name = String(link.3)
            // code/Tests/…/X.swift.html shows Tests/…/X.swift
            let source = String(page.dropFirst("code/".count).dropLast(".html".count))
            let lines = try String(contentsOf: projectRoot.appendingPathComponent(source), encoding: .utf8).components(separatedBy: "\n")
            #expect(lines.indices.contains(line - 1) && lines[line - 1].contains("func \(name)("),
                    "\(name) links to \(source):\(line)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(page).path))
        }
    }

    @Test("each listing links to its source page, at the line of its region marker")
    func listingsLinkTheirSource() throws {
        let (_, pages) = try pages()
        let html = try #require(pages["ch04.html"])
        let captions = html.matches(of: /<figcaption><a href="code\/([^"#]+)\.html#L(\d+)">[^<]*<\/a> <span class="region">([^<]*)<\/span>/)
        let markers = try String(contentsOf: projectRoot.appendingPathComponent(Chapter.rnn.markdownPath), encoding: .utf8)
            .components(separatedBy: "\n").filter { $0.hasPrefix(Listings.marker) }
        #expect(captions.count == markers.count)
        for caption in captions {
            let lines = try String(contentsOf: projectRoot.appendingPathComponent(String(caption.1)), encoding: .utf8)
                .components(separatedBy: "\n")
            let line = Int(caption.2) ?? 0
            #expect(lines.indices.contains(line - 1) && lines[line - 1].trimmingCharacters(in: .whitespaces) == "// listing: \(caption.3)")
        }
    }

    @Test("side-by-side pages: every line has an anchor, and a doc comment's (4.1) links to the equation")
    func sideBySidePages() throws {
        let (_, pages) = try pages()
        let path = "Sources/Lessons/Ch04RNN/RNN.swift"
        let html = try #require(pages["code/\(path).html"])
        let lineCount = try String(contentsOf: projectRoot.appendingPathComponent(path), encoding: .utf8)
            .components(separatedBy: "\n").count
        let anchors = ids(html)
        #expect((1...lineCount).allSatisfy { anchors.contains("L\($0)") })
        #expect(html.contains("(<a href=\"../../../../ch04.html#eq-4.1\">4.1</a>)"))
    }

    @Test("no page shows an unresolved marker: no <!--, $$ or \\tag outside code")
    func noUnresolvedMarkers() throws {
        let (_, pages) = try pages()
        for (page, html) in pages {
            // KaTeX keeps the TeX source in a MathML annotation; code may quote markers.
            let visible = html.replacing(/<annotation[^>]*>.*?<\/annotation>/.dotMatchesNewlines(), with: "")
                .replacing(/<code[^>]*>.*?<\/code>/.dotMatchesNewlines(), with: "")
            for marker in ["<!--", "&lt;!--", "$$", "\\tag"] {
                #expect(!visible.contains(marker), "\(page) shows \(marker)")
            }
        }
    }

    @Test("figures, KaTeX's stylesheet and fonts, and the search index are in the site")
    func assetsCopied() throws {
        let (folder, _) = try pages()
        for figure in Chapter.rnn.figures {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("assets/figures/ch04/\(figure).png").path))
        }
        // Every font KaTeX's stylesheet asks for is in the site, so math needs no network.
        let css = try String(contentsOf: folder.appendingPathComponent("katex/katex.min.css"), encoding: .utf8)
        let fonts = css.matches(of: /url\(([^)]+)\)/).map { String($0.1) }
        #expect(fonts.count > 20)
        for font in fonts {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("katex/\(font)").path), "\(font) is missing")
        }
        let index = try String(contentsOf: folder.appendingPathComponent("search-index.js"), encoding: .utf8)
        #expect(index.contains("\"href\":\"ch04.html#eq-4.1\""))
        #expect(index.contains("\"href\":\"ch04.html#backpropagation-through-time-step-by-step\""))
    }

    @Test("a formula KaTeX cannot render is reported with KaTeX's own message")
    func badFormulaIsReported() throws {
        let results = try KaTeX.locate().render([(tex: "\\frac{1}{", display: true), (tex: "x^2", display: false)])
        #expect(results.count == 2)
        guard case let .failure(failure) = results[0] else {
            Issue.record("an unclosed \\frac was rendered")
            return
        }
        #expect(failure.message.contains("KaTeX parse error"))
        guard case let .success(html) = results[1] else {
            Issue.record("x^2 failed: \(results[1])")
            return
        }
        #expect(html.hasPrefix("<span class=\"katex\">"))
    }
}
