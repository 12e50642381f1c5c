/// A Swift file cut into sections, pycco style: each run of whole-line comments is a section's
/// explanation, the code after it until the next comment is the section's code.
struct SourceSections {
    struct Section {
        /// The comment text with `///` or `//` removed, and the line numbers it came from.
        var doc: [String] = [], docLines: [Int] = []
        /// 1-based line numbers of the code.
        var code: [Int] = []
        var hasCode: Bool = false
    }

    /// `// listing: …`, `// exercise: …` and their ends mark regions for the book; the page
    /// leaves them out.
    static func isRegionMarker(_ trimmed: String) -> Bool {
        ["// listing: ", "// end listing", "// exercise: ", "// end exercise"].contains { trimmed.hasPrefix($0) }
    }

    static func split(_ source: String) -> [Section] {
        var sections: [Section] = [Section()]
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") {
                if sections[sections.count - 1].hasCode { sections.append(Section()) }
                sections[sections.count - 1].docLines.append(number)
                guard !isRegionMarker(trimmed) else { continue }
                var text = trimmed.dropFirst(trimmed.hasPrefix("///") ? 3 : 2)
                if text.hasPrefix(" ") { text = text.dropFirst() }
                sections[sections.count - 1].doc.append(String(text))
            } else if trimmed.isEmpty, !sections[sections.count - 1].hasCode {
                // Blank lines before a section's code go with its explanation (separating paragraphs).
                sections[sections.count - 1].docLines.append(number)
                if !sections[sections.count - 1].doc.isEmpty { sections[sections.count - 1].doc.append("") }
            } else {
                sections[sections.count - 1].code.append(number)
                if !trimmed.isEmpty { sections[sections.count - 1].hasCode = true }
            }
        }
        return sections.filter { !$0.docLines.isEmpty || !$0.code.isEmpty }
    }
}

extension SiteBuilder {
    /// The side-by-side page of one Swift file: explanations left, code right, every line with
    /// an anchor `#L<n>` (comment lines too) so equations, tests and listings can link to it.
    func sourcePage(_ path: String, source: String, page: String) -> String {
        let highlighted = SwiftHighlighter.lines(source, types: types)
        var rows: [String] = []
        for section in SourceSections.split(source) {
            var hooks = MarkdownHooks()
            hooks.link = { href in SiteMap.isExternal(href) ? href : nil }
            hooks.math = { tex, display in (display ? "$$\(tex)$$" : "$\(tex)$").htmlEscaped }
            hooks.codeSpan = { [unowned self] code in codeSpan(code, page: page) }
            hooks.codeBlock = { [unowned self] language, code, _ in
                // A block in a doc comment is usually an equation or an example in words.
                let body = language == "swift" ? SwiftHighlighter.lines(code, types: types).joined(separator: "\n") : code.htmlEscaped
                return "<pre><code>\(body)</code></pre>"
            }
            let anchors = section.docLines.map { "<span id=\"L\($0)\"></span>" }.joined()
            let doc = linkEquations(MarkdownHTML(hooks: hooks).render(section.doc.joined(separator: "\n")).html, page: page)
            let code = section.code.map { number in
                "<span class=\"line\" id=\"L\(number)\"><span class=\"ln\">\(number)</span>\(highlighted[number - 1])</span>"
            }.joined()
            let codeCell = section.code.isEmpty ? "" : "<pre><code class=\"language-swift\">\(code)</code></pre>"
            rows.append("<div class=\"row\"><div class=\"doc\">\(anchors)\(doc)</div><div class=\"code\">\(codeCell)</div></div>")
        }
        let readers = chapters(reading: path).map { chapter in
            let target = SiteMap.link(from: page, to: map.sitePath(.document(chapter.markdownPath)))
            return "<a href=\"\(target)\">\(chapter.number). \(chapter.title.htmlEscaped)</a>"
        }
        let intro = readers.isEmpty ? "" : "<p class=\"readers\">Explained in " + readers.joined(separator: ", ") + ".</p>\n"
        return "<article class=\"source\">\n<h1><code>\(path.htmlEscaped)</code></h1>\n\(intro)"
            + "<div class=\"side-by-side\">\n" + rows.joined(separator: "\n") + "\n</div>\n</article>\n"
    }

    /// A doc comment's "(4.1)" becomes a link to equation (4.1) in its chapter, when the site has it.
    private func linkEquations(_ html: String, page: String) -> String {
        guard html.contains("(") else { return html }
        return html.replacing(/\((\d+\.\d+[a-z]?)\)/) { match in
            guard let chapterPage = equationPages[String(match.1)] else { return String(match.0) }
            return "(<a href=\"\(SiteMap.link(from: page, to: chapterPage))#eq-\(match.1)\">\(match.1)</a>)"
        }
    }
}
