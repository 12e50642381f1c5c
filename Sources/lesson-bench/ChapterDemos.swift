import Foundation
import Lessons

/// Every chapter's full demo, figures included, as `lesson-runner all` runs it.
struct ChapterDemos {
    let runs: Int
    let root: URL

    func measure(into report: inout Report) throws {
        print("Chapter demos (full training, figures written to a temporary folder)")
        var total = 0.0
        for chapter in Course.chapters {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-bench-\(chapter.id)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let t = try timings(runs: runs, warmUp: false) {
                try chapter.run(RunContext(fast: false, figureDirectory: folder, root: root))
            }
            report.add("\(chapter.id) demo (\(chapter.slug))", t)
            total += median(t)
        }
        report.rows.append(.init(name: "all chapters", median: total, throughput: ""))
        report.targets.append(.init(name: "lesson-runner all (sum of chapter medians)", measured: formatSeconds(total),
                                    goal: "≤ 60 s", met: total <= 60))
    }
}
