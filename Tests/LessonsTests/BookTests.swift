import Foundation
import Testing
@testable import Lessons

/// The text can never drift from the code: listings, book.md and equation labels are checked.
@Suite("Book") struct BookTests {
    @Test("every chapter listing and book.md are fresh (run 'swift run lesson-runner book' if not)")
    func bookIsFresh() throws {
        let stale = try Book.staleFiles(root: projectRoot)
        #expect(stale.isEmpty, "stale: \(stale) — run 'swift run lesson-runner book'")
    }

    @Test("every display equation has a label and names tests that exist")
    func everyEquationNamesAnExistingTest() throws {
        let tests = try declaredTests()
        var labels = Set<String>()
        for chapter in Course.chapters {
            let text = try String(contentsOf: projectRoot.appendingPathComponent(chapter.markdownPath), encoding: .utf8)
            let (equations, problems) = EquationIndex.scan(text, file: chapter.markdownPath)
            for problem in problems { Issue.record("\(problem)") }
            #expect(!equations.isEmpty, "\(chapter.markdownPath) has no labelled equation")
            for equation in equations {
                #expect(labels.insert(equation.label).inserted, "equation (\(equation.label)) is labelled twice")
                #expect(equation.label.hasPrefix("\(chapter.number)."),
                        "\(equation.file):\(equation.line): label (\(equation.label)) should start with \(chapter.number).")
                for test in equation.tests {
                    #expect(tests.contains(test),
                            "\(equation.file):\(equation.line): (\(equation.label)) names `\(test)`, which is not a test in Tests/")
                }
            }
        }
    }

    @Test("the equation index finds labels, tests and unverified equations")
    func equationIndexParses() {
        let text = """
            $$ a = b \\tag{9.1} $$
            Verified by `Suite.one` and `Suite.two`.

            $$
            c = d \\tag{9.2}
            $$

            Some prose.
            $$ e = f $$
            """
        let (equations, problems) = EquationIndex.scan(text, file: "x.md")
        #expect(equations.map(\.label) == ["9.1", "9.2"])
        #expect(equations[0].tests == ["Suite.one", "Suite.two"])
        #expect(problems.count == 2)  // (9.2) has no "Verified by"; the last has no label
    }

    @Test("listings: regions are extracted and dedented; a missing region is an error")
    func listingsRefresh() throws {
        let source = "struct A {\n    // listing: f\n    func f() {\n        1\n    }\n    // end listing\n}\n"
        #expect(try SourceRegions.listings(in: source, path: "A.swift") == ["f": "func f() {\n    1\n}"])
        #expect(throws: BookError.self) { try SourceRegions.listings(in: "// listing: x\n", path: "B.swift") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("listing-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try source.write(to: scratch.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        let chapter = "Text\n<!-- listing: A.swift#f -->\n```swift\nold\n```\nMore"
        let fresh = try Listings.refresh(chapter: chapter, chapterPath: "c.md", root: scratch)
        #expect(fresh == "Text\n<!-- listing: A.swift#f -->\n```swift\nfunc f() {\n    1\n}\n```\nMore")
        #expect(throws: BookError.missingRegion(chapter: "c.md", line: 2, path: "A.swift", region: "g")) {
            try Listings.refresh(chapter: "Text\n<!-- listing: A.swift#g -->", chapterPath: "c.md", root: scratch)
        }
    }

    /// "Suite.test" for every test function declared in Tests/.
    private func declaredTests() throws -> Set<String> {
        Set(try TestIndex.scan(root: projectRoot).keys)
    }
}
