import Foundation

/// The course as a static website that works from `file://` with no network: the index (the
/// README), one page per chapter with its equations rendered by KaTeX at build time and linked to
/// their tests, listings linked to their sources, the figures, side-by-side pages of the code and
/// a search over headings and equations.
///
/// It is built from the same text as book.md: each chapter's markdown with fresh listings and
/// values from ``Book/generate(root:chapters:)``.
public enum Site {
    /// The default output folder, relative to the project root (git-ignored).
    public static let defaultFolder = "site"
    /// A file in every folder the site writes; only such a folder is ever emptied.
    static let stamp = ".lesson-runner-site"

    public struct Summary: Sendable {
        public var chapters: Int, documents: Int, sourcePages: Int, formulas: Int, copiedFiles: Int
        /// Links in the texts to files that do not exist ("Chapters/ch04-rnn.md: ../x.png").
        public var missingTargets: [String]
    }

    /// Builds the site for `chapters` into `out`, replacing a site built there before.
    @discardableResult
    public static func build(root: URL, out: URL, chapters: [Chapter] = Course.chapters) throws -> Summary {
        try checkOutputFolder(out)
        let katex = try KaTeX.locate()
        let texts = try Book.generate(root: root, chapters: chapters)
        let builder = try SiteBuilder(root: root, chapters: chapters)
        let chapterTexts = chapters.compactMap { chapter in
            texts.first { $0.path == chapter.markdownPath }.map { (chapter: chapter, text: $0.text) }
        }
        try builder.build(chapterTexts: chapterTexts)

        let results = try katex.render(builder.math.formulas)
        var rendered: [String] = []
        for (index, result) in results.enumerated() {
            switch result {
            case let .success(html): rendered.append(html)
            case let .failure(failure):
                throw SiteError.badMath(file: builder.math.files[index], tex: builder.math.formulas[index].tex,
                                        message: failure.message)
            }
        }

        try prepare(out)
        do {
            for (path, html) in builder.pages {
                try write(builder.math.fill(html, with: rendered), to: out.appendingPathComponent(path))
            }
            for (path, source) in builder.copies {
                let target = out.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: root.appendingPathComponent(source), to: target)
            }
            try write(SiteStyle.css, to: out.appendingPathComponent("site.css"))
            try write(SearchIndex.searchScript, to: out.appendingPathComponent("search.js"))
            try write(SearchIndex.script(builder.search), to: out.appendingPathComponent("search-index.js"))
            try katex.copyAssets(to: out.appendingPathComponent("katex"))
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError.unwritable(path: out.path, reason: error.localizedDescription)
        }
        let documents = builder.pages.keys.filter { !$0.hasPrefix("code/") }.count
        return Summary(chapters: chapters.count, documents: documents - chapters.count,
                       sourcePages: builder.pages.count - documents, formulas: rendered.count,
                       copiedFiles: builder.copies.count, missingTargets: builder.missing)
    }

    /// Refuses an output folder (or file) holding anything an earlier build did not write.
    static func checkOutputFolder(_ out: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out.path, isDirectory: &isFolder) else { return }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        guard isFolder.boolValue, contents.isEmpty || contents.contains(stamp) else {
            throw SiteError.foreignOutputFolder(path: out.path)
        }
    }

    /// Empties `out` if an earlier build wrote it, and stamps it as the site's.
    private static func prepare(_ out: URL) throws {
        let fm = FileManager.default
        try checkOutputFolder(out)
        if fm.fileExists(atPath: out.path) {
            for name in (try? fm.contentsOfDirectory(atPath: out.path)) ?? [] {
                do { try fm.removeItem(at: out.appendingPathComponent(name)) } catch {
                    throw SiteError.unwritable(path: out.appendingPathComponent(name).path, reason: error.localizedDescription)
                }
            }
        }
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("Written by 'lesson-runner site'; the next build empties this folder.\n".utf8)
                .write(to: out.appendingPathComponent(stamp))
        } catch {
            throw SiteError.unwritable(path: out.path, reason: error.localizedDescription)
        }
    }

    private static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
