/// The frame around every page: stylesheets, the bar with the chapters and the search box, and
/// the scripts of the search. Every link is relative, so the site works from `file://`.
enum PageShell {
    static let siteTitle = "Deep Learning, Line by Line"

    static func page(title: String, path: String, body: String, map: SiteMap) -> String {
        let up = SiteMap.link(from: path, to: "")
        let chapters = map.chapters.map { chapter in
            let target = map.sitePath(.document(chapter.markdownPath))
            let current = target == path ? " aria-current=\"page\"" : ""
            return "<a href=\"\(up)\(target)\" title=\"\(chapter.title.htmlEscaped)\"\(current)>\(chapter.number)</a>"
        }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title == siteTitle ? title : "\(title.htmlEscaped) — \(siteTitle)")</title>
            <link rel="stylesheet" href="\(up)katex/katex.min.css">
            <link rel="stylesheet" href="\(up)site.css">
            </head>
            <body data-root="\(up)">
            <header class="bar">
            <a class="home" href="\(up)index.html">\(siteTitle)</a>
            <nav class="chapters" aria-label="Chapters">\(chapters)</nav>
            <div class="search"><input id="search" type="search" placeholder="Search headings and equations" autocomplete="off" aria-label="Search">
            <ol id="search-results" hidden></ol></div>
            </header>
            <main>
            \(body)
            </main>
            <footer>Built offline by <code>swift run lesson-runner site</code> from the chapters and the sources.</footer>
            <script src="\(up)search-index.js"></script>
            <script src="\(up)search.js"></script>
            </body>
            </html>

            """
    }

    /// "← 3. Convolutional networks · 5. Long short-term memory →".
    static func chapterNavigation(previous: Chapter?, next: Chapter?, map: SiteMap, page: String) -> String {
        func link(_ chapter: Chapter, _ text: String) -> String {
            "<a href=\"\(SiteMap.link(from: page, to: map.sitePath(.document(chapter.markdownPath))))\">\(text.htmlEscaped)</a>"
        }
        let parts = [previous.map { link($0, "← \($0.number). \($0.title)") }, next.map { link($0, "\($0.number). \($0.title) →") }]
        return "<nav class=\"prevnext\">" + parts.compactMap { $0 }.joined(separator: " ") + "</nav>\n"
    }

    /// A chapter's sections: beside the text on a wide screen, above it on a narrow one.
    static func contents(_ headings: [RenderedDocument.Heading]) -> String {
        let items = headings.map { "<li><a href=\"#\($0.id.htmlEscaped)\">\($0.text.htmlEscaped)</a></li>" }
        return "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong>\n<ol>\n"
            + items.joined(separator: "\n") + "\n</ol></nav>\n"
    }
}
