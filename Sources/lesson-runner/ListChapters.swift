import ArgumentParser
import Lessons

/// `lesson-runner list`: the table of chapters.
struct ListChapters: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the chapters.")

    func run() { ListChapters.printTable() }

    static func printTable() {
        print("Deep Learning, Line by Line — chapters\n")
        let width = Course.chapters.map(\.title.count).max() ?? 0
        print("  ch    name         \("title".padding(toLength: width, withPad: " ", startingAt: 0))  figures")
        for c in Course.chapters {
            let slug = c.slug.padding(toLength: 11, withPad: " ", startingAt: 0)
            let title = c.title.padding(toLength: width, withPad: " ", startingAt: 0)
            print("  \(c.id)  \(slug)  \(title)  \(c.figures.count)")
        }
        print("""

            Run one:        swift run -c release lesson-runner ch01      (or 1, 01, neurons)
            Run them all:   swift run -c release lesson-runner all
            Exercises:      swift run lesson-runner exercises
            """)
    }
}
