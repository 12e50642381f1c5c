import ArgumentParser
import Lessons

/// `lesson-runner book [--check]`: refresh the listings in every chapter and regenerate book.md.
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book", abstract: "Refresh code listings in Chapters/*.md and regenerate book.md.")

    @Flag(help: "Change nothing; exit non-zero if a listing or book.md is stale.")
    var check = false

    func run() throws {
        let root = try projectRoot()
        do {
            if check {
                let stale = try Book.staleFiles(root: root)
                guard stale.isEmpty else {
                    throw RunnerFailure(description: "stale: \(stale.joined(separator: ", ")). "
                                        + "Run 'swift run lesson-runner book' to refresh.")
                }
                print("book.md and every chapter listing are up to date.")
            } else {
                let written = try Book.write(root: root)
                print(written.isEmpty ? "Already up to date." : "Wrote \(written.joined(separator: ", ")).")
            }
        } catch let error as BookError {
            throw RunnerFailure(description: error.description)
        }
    }
}
