import ArgumentParser
import Foundation
import Lessons

/// `lesson-runner site [--out DIR] [--chapter NAME …]`: the course as an offline website.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Write the course as a static website that works offline (needs node and KaTeX to build).",
        discussion: "Equations are rendered at build time by KaTeX through Node.js; reading the site needs only "
            + "a browser. On Debian or Ubuntu: sudo apt-get install nodejs libjs-katex fonts-katex")

    @Option(help: "The folder to write (default: site/ in the course folder). It is emptied first if an earlier build wrote it.")
    var out: String?

    @Option(name: .customLong("chapter"), help: "Only this chapter (repeatable; default: all).")
    var chapterNames: [String] = []

    func run() throws {
        let root = try projectRoot()
        var chapters: [Chapter] = []
        for name in chapterNames {
            guard let chapter = Course.chapter(named: name) else {
                let choices = Course.chapters.map { "\($0.id) (\($0.slug))" }.joined(separator: ", ")
                throw RunnerFailure(description: "unknown chapter '\(name)'. Choose one of: \(choices).", exitCode: 64)
            }
            if !chapters.contains(where: { $0.number == chapter.number }) { chapters.append(chapter) }
        }
        let folder = out.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent(Site.defaultFolder)
        let start = Date()
        let summary: Site.Summary
        do {
            summary = try Site.build(root: root, out: folder, chapters: chapters.isEmpty ? Course.chapters : chapters)
        } catch let error as SiteError {
            throw RunnerFailure(description: error.description)
        } catch let error as BookError {
            throw RunnerFailure(description: error.description)
        }
        for target in summary.missingTargets { print("warning: link to a missing file: \(target)") }
        let seconds = Date().timeIntervalSince(start)
        print("Wrote \(summary.chapters) chapters, \(summary.documents) other pages, \(summary.sourcePages) "
              + "side-by-side source pages and \(summary.formulas) formulas in \(String(format: "%.1f", seconds)) s.")
        print("Open \(folder.appendingPathComponent("index.html").path) in a browser.")
    }
}
