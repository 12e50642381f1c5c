import ExerciseGrading
import Foundation
import Lessons
import Testing

/// The exercise catalogue, the learner's files and their stubs agree.
@Suite("Exercise files") struct ExerciseFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("every exercise has a region in its file and in its stub, with the same signature")
    func regionsMatchStubs() throws {
        for exercise in ExerciseCatalog.all {
            let file = try String(contentsOf: Self.root.appendingPathComponent(exercise.file), encoding: .utf8)
            let stub = try String(contentsOf: Self.root.appendingPathComponent(exercise.stubFile), encoding: .utf8)
            let mine = try #require(try ExerciseStubs.regions(in: file, path: exercise.file)
                .first { $0.name == exercise.name }, "\(exercise.file) lacks region \(exercise.name)")
            let pristine = try #require(try ExerciseStubs.regions(in: stub, path: exercise.stubFile)
                .first { $0.name == exercise.name }, "\(exercise.stubFile) lacks region \(exercise.name)")
            let signature = { (lines: [String]) in lines.first { $0.hasPrefix("public func") } }
            #expect(signature(mine.body) != nil && signature(mine.body) == signature(pristine.body),
                    "\(exercise.name): the stub's signature differs from the exercise file's")
            #expect(pristine.body.contains { $0.contains("throw ExerciseError.notAttempted") },
                    "\(exercise.stubFile): \(exercise.name) should be a stub that throws notAttempted")
        }
    }

    @Test("exercise names are unique and no test name is a prefix of another in its chapter")
    func namesAreUnambiguous() {
        let all = ExerciseCatalog.all
        #expect(Set(all.map(\.name)).count == all.count)
        for a in all {
            for b in all where a.chapter == b.chapter && a.name != b.name {
                #expect(!b.testName.hasPrefix(a.testName),
                        "'\(a.testCommand)' would also run \(b.testName)")
            }
        }
    }

    @Test("reset restores a stub and leaves the rest of the file alone")
    func resetRestoresStub() throws {
        let exercise = try #require(ExerciseCatalog.exercise(named: "elu"))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reset-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for path in [exercise.file, exercise.stubFile] {
            let url = scratch.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(exercise.stubFile), to: url)
        }
        let fileURL = scratch.appendingPathComponent(exercise.file)
        let original = try String(contentsOf: fileURL, encoding: .utf8)
        let edited = original.replacingOccurrences(of: "    throw ExerciseError.notAttempted\n}\n// end exercise\n\n// exercise: softmax-jvp",
                                                   with: "    return (x, 1)\n}\n// end exercise\n\n// exercise: softmax-jvp")
        #expect(edited != original)
        try edited.write(to: fileURL, atomically: true, encoding: .utf8)
        try ExerciseStubs.reset(exercise, root: scratch)
        #expect(try String(contentsOf: fileURL, encoding: .utf8) == original)
    }
}
