import Foundation

/// A markdown document rendered to HTML, with what the site's contents and search need.
struct RenderedDocument {
    struct Heading { var level: Int, text: String, id: String }
    struct Equation { var label: String, tex: String, id: String }

    var html: String
    var headings: [Heading]
    var equations: [Equation]
    /// The first level-1 heading's text, without markup.
    var title: String? { headings.first { $0.level == 1 }?.text }
}

/// Renders parsed markdown blocks to HTML.
///
/// Headings get GitHub's anchors (so links written for GitHub keep working); a display equation
/// with `\tag{4.1}` gets the id `eq-4.1`; the paragraph after an equation that starts
/// "Verified by" gets the class `verified`.
struct MarkdownHTML {
    var hooks = MarkdownHooks()

    func render(_ markdown: String) -> RenderedDocument {
        var state = RenderedDocument(html: "", headings: [], equations: [])
        var usedIDs: [String: Int] = [:]
        state.html = render(MarkdownBlocks.parse(markdown), into: &state, ids: &usedIDs)
        return state
    }

    private func render(_ blocks: [MarkdownBlock], into doc: inout RenderedDocument, ids: inout [String: Int],
                        tight: Bool = false) -> String {
        let inline = MarkdownInline(hooks: hooks)
        var out: [String] = []
        for block in blocks {
            switch block {
            case let .heading(level, text):
                let plain = Self.plainText(text)
                let base = Book.anchor(plain)
                let count = ids[base, default: 0]
                ids[base] = count + 1
                let id = count == 0 ? base : "\(base)-\(count)"
                doc.headings.append(.init(level: level, text: plain, id: id))
                out.append("<h\(level) id=\"\(id.htmlEscaped)\">\(inline.render(text))</h\(level)>")
            case let .paragraph(text):
                if tight {
                    out.append(inline.render(text))
                } else {
                    let verified = text.hasPrefix("Verified by") || text.hasPrefix("*Verified by")
                    out.append((verified ? "<p class=\"verified\">" : "<p>") + inline.render(text) + "</p>")
                }
            case let .code(language, text, listing):
                out.append(hooks.codeBlock(language, text, listing))
            case let .math(tex):
                var id = ""
                if let tag = tex.firstMatch(of: /\\tag\{([^}]*)\}/) {
                    let label = String(tag.1)
                    id = " id=\"eq-\(label.htmlEscaped)\""
                    doc.equations.append(.init(label: label, tex: tex, id: "eq-\(label)"))
                }
                out.append("<div class=\"equation\"\(id)>\(hooks.math(tex, true))</div>")
            case let .list(ordered, start, isTight, items):
                let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
                let rendered = items.map { "<li>" + render($0, into: &doc, ids: &ids, tight: isTight) + "</li>" }
                out.append(open + "\n" + rendered.joined(separator: "\n") + "\n" + (ordered ? "</ol>" : "</ul>"))
            case let .quote(inner):
                out.append("<blockquote>\n" + render(inner, into: &doc, ids: &ids) + "\n</blockquote>")
            case let .table(header, alignments, rows):
                func cells(_ row: [String], tag: String) -> String {
                    row.enumerated().map { index, cell in
                        let align = index < alignments.count ? alignments[index] : nil
                        let style = align.map { " style=\"text-align:\($0)\"" } ?? ""
                        return "<\(tag)\(style)>\(inline.render(cell))</\(tag)>"
                    }.joined()
                }
                let body = rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined(separator: "\n")
                out.append("<table>\n<thead><tr>\(cells(header, tag: "th"))</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>")
            case .rule:
                out.append("<hr>")
            }
        }
        return out.joined(separator: "\n")
    }

    /// A heading's text as a reader sees it: markup, code ticks and comments removed.
    static func plainText(_ markdown: String) -> String {
        var text = markdown.replacing(/<!--.*?-->/, with: "")
        text = text.replacing(/\[([^\]]*)\]\([^)]*\)/) { String($0.1) }
        return text.filter { $0 != "`" && $0 != "*" }
    }
}
