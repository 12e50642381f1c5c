import ExerciseGrading
import Foundation
import Testing

/// A scratch course with chapter 1's learner file, and a stand-in for SwiftPM that, like the real
/// one, goes by modification times: it recompiles a file only when it is newer than its object file.
final class ScratchCourse {
    let root: URL
    let binPath: URL
    let file: URL
    let exercises = ExerciseCatalog.all.filter { $0.chapter == 1 }
    /// The learner file's text as last compiled.
    private(set) var compiled = ""

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID())")
        binPath = root.appendingPathComponent(".build/debug")
        file = root.appendingPathComponent("Sources/Exercises/Ch01.swift")
        let stub = ExerciseFilesTests.root.appendingPathComponent("Sources/Exercises/Stubs/Ch01.swift.stub")
        for path in ["Sources/Exercises/Stubs", ".build/debug/Exercises.build"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: stub, to: root.appendingPathComponent("Sources/Exercises/Stubs/Ch01.swift.stub"))
        try FileManager.default.copyItem(at: stub, to: file)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var objectFile: URL { binPath.appendingPathComponent("Exercises.build/Ch01.swift.o") }

    /// Recompiles the learner file when it is newer than its object file, as `make` would.
    func build() -> WatchSession.BuildOutcome {
        let objectTime = modificationTime(objectFile) ?? .distantPast
        if (modificationTime(file) ?? .distantFuture) > objectTime {
            compiled = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            _ = FileManager.default.createFile(atPath: objectFile.path, contents: Data(compiled.utf8))
        }
        return compiled.contains("DOES NOT COMPILE") ? .failed("Sources/Exercises/Ch01.swift:1:1: error: nope") : .succeeded
    }

    /// Grades what was compiled: the stub is not attempted, a region containing RIGHT passes.
    func grade(_ exercise: Exercise) -> Verdict {
        guard let region = try? ExerciseStubs.regions(in: compiled, path: exercise.file).first(where: { $0.name == exercise.name })
        else { return .failed("no region") }
        let body = region.body.joined(separator: "\n")
        if body.contains("throw ExerciseError.notAttempted") { return .notAttempted }
        return body.contains("RIGHT") ? .passed : .failed("wrong")
    }

    func session(start: String? = nil) -> WatchSession {
        WatchSession(root: root, binPath: binPath, exercises: exercises, start: start,
                     build: { self.build() }, grade: { self.grade($0) })
    }

    /// Replaces the body of an exercise's region in the learner file.
    func write(_ name: String, _ body: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let region = try #require(try ExerciseStubs.regions(in: text, path: "Ch01.swift").first { $0.name == name })
        var lines = text.components(separatedBy: "\n")
        let signature = try #require(region.body.firstIndex { $0.hasPrefix("public func") })
        let start = region.markers.lowerBound + 1 + signature + 1
        lines.replaceSubrange(start..<(region.markers.upperBound - 1), with: ["    " + body])
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func setModificationTime(_ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
    }
}

func modificationTime(_ url: URL) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
}

@Suite("lesson-runner watch") struct WatchSessionTests {
    @Test("starts at the first unsolved exercise, re-grades on save, moves on when it passes and remembers it")
    func gradesOnSaveAndMovesOn() throws {
        let course = try ScratchCourse()
        let session = course.session()
        let first = session.begin()
        #expect(first.exercise.name == "sigmoid-value" && first.status == .graded(.notAttempted) && first.done == 0)
        #expect(session.poll() == nil, "nothing changed, so nothing is rebuilt")

        try course.write("sigmoid-value", "return x  // wrong")
        let wrong = try #require(session.poll())
        #expect(wrong.status == .graded(.failed("wrong")))

        try course.write("sigmoid-value", "return x  // RIGHT")
        let right = try #require(session.poll())
        #expect(right.done == 1 && right.exercise.name == "bce-with-logits" && right.status == .graded(.notAttempted))
        #expect(right.notes.contains { $0.contains("✓ sigmoid-value passed") && $0.contains("Ch01Solutions.swift") })

        let again = course.session()
        #expect(again.current == 1, "a new session starts after the solved exercise")
        #expect(ExerciseProgress.load(root: course.root).solved.keys.contains("sigmoid-value"))
    }

    @Test("a save that is not newer than the build products is compiled all the same")
    func staleSaveIsRebuilt() throws {
        let course = try ScratchCourse()
        let session = course.session(start: "huber")
        _ = session.begin()
        try course.write("huber", "return x  // wrong")
        #expect(try #require(session.poll()).status == .graded(.failed("wrong")))
        let builtAt = try #require(modificationTime(course.objectFile))

        // The next save is not newer than the object file, as an edit saved during a build or
        // within the build system's clock resolution can be: a build that goes by times alone
        // would keep the wrong answer.
        try course.write("huber", "return x  // RIGHT")
        try course.setModificationTime(builtAt.addingTimeInterval(-1))
        let screen = try #require(session.poll())
        #expect(screen.notes.contains { $0.hasPrefix("✓ huber passed") }, "the stale build was graded: \(screen)")
        #expect(screen.notes.contains { $0.contains("was saved no later than its last build") })
        #expect(try #require(modificationTime(course.file)) > builtAt)
    }

    @Test("a compile error is shown instead of a grade")
    func compileErrorIsShown() throws {
        let course = try ScratchCourse()
        let session = course.session()
        _ = session.begin()
        try course.write("sigmoid-value", "DOES NOT COMPILE")
        #expect(try #require(session.poll()).status == .doesNotCompile("Sources/Exercises/Ch01.swift:1:1: error: nope"))
    }

    @Test("reset restores the stub, keeps the learner's code in .lessons/backups and says where")
    func resetKeepsBackup() throws {
        let course = try ScratchCourse()
        let session = course.session()
        _ = session.begin()
        try course.write("sigmoid-value", "return x  // my attempt")
        let screen = try #require(session.handle(.reset))
        let note = try #require(screen.notes.first { $0.hasPrefix("reset sigmoid-value") })
        let path = try #require(note.components(separatedBy: "saved in ").last)
        #expect(path.hasPrefix(".lessons/backups/sigmoid-value-"))
        #expect(try String(contentsOf: course.root.appendingPathComponent(path), encoding: .utf8).contains("my attempt"))
        #expect(screen.status == .graded(.notAttempted))
        let again = try #require(session.handle(.reset))
        #expect(again.notes.contains { $0.contains("already the stub") })
    }

    @Test("hint, list, next, go to and quit")
    func commands() throws {
        let course = try ScratchCourse()
        let session = course.session()
        _ = session.begin()
        #expect(try #require(session.handle(.hint)).notes == ["hint for sigmoid-value: \(course.exercises[0].hint)"])
        #expect(try #require(session.handle(.list)).notes.first?.contains("→ ch01  sigmoid-value") == true)
        #expect(try #require(session.handle(.next)).exercise.name == "bce-with-logits")
        #expect(try #require(session.handle(.goTo("HUBER"))).exercise.name == "huber")
        #expect(try #require(session.handle(.goTo("nope"))).notes.first?.hasPrefix("no exercise called 'nope'") == true)
        #expect(session.handle(.quit) == nil)
    }

    @Test("typed commands: words, first letters, 'go NAME' and bare exercise names")
    func parsesCommands() {
        #expect(WatchSession.Command(parsing: "h") == .hint)
        #expect(WatchSession.Command(parsing: "skip") == .next)
        #expect(WatchSession.Command(parsing: "go elu") == .goTo("elu"))
        #expect(WatchSession.Command(parsing: "elu") == .goTo("elu"))
        #expect(WatchSession.Command(parsing: "quit") == .quit)
        #expect(WatchSession.Command(parsing: "bogus") == nil)
    }

    @Test("progress counts an exercise as solved only while its code is what passed")
    func progressIsInDoubtAfterAnEdit() throws {
        let course = try ScratchCourse()
        let exercise = course.exercises[0]
        var progress = ExerciseProgress()
        progress.record(.passed, for: exercise, root: course.root)
        #expect(progress.isSolved(exercise, root: course.root))
        try course.write(exercise.name, "return x  // changed since")
        #expect(!progress.isSolved(exercise, root: course.root))
        progress.record(.failed("wrong"), for: exercise, root: course.root)
        #expect(progress.solved.isEmpty)
    }
}
