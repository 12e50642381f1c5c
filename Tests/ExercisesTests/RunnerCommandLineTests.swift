import ExerciseGrading
import Foundation
import Testing

/// The `lesson-runner` binary that `swift test` built next to the tests.
enum RunnerBinary {
    static let url = builtNextToTheTests("lesson-runner")

    /// An executable of the package that `swift test` built next to the tests.
    static func builtNextToTheTests(_ name: String) -> URL? {
        var folders = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        folders += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        return folders.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the binary in a fresh empty folder (removed afterwards), returning its exit, its output
    /// and whether it left anything in that folder.
    static func run(_ arguments: [String], environment extra: [String: String] = [:])
        throws -> (exit: ChildExit, output: String, wroteInFolder: Bool)
    {
        let runner = try #require(url, "lesson-runner was not built next to the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["LESSONS_ROOT"] = ExerciseFilesTests.root.path
        environment.merge(extra) { $1 }
        let result = try runChild(runner, arguments: arguments, environment: environment,
                                  currentDirectory: folder, timeLimit: 60)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return (result.exit, result.standardOutput + result.standardError, !left.isEmpty)
    }
}

@Suite("lesson-runner and lesson-bench: bad input gets a clear message and a non-zero exit")
struct RunnerCommandLineTests {
    /// A file and a folder to pass where the other is expected.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-inputs-\(UUID())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("file.txt").path, contents: Data("a".utf8))
        return folder
    }()
    static var file: String { scratch.appendingPathComponent("file.txt").path }
    static var folder: String { scratch.path }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var says: String
        var environment: [String: String] = [:]
        var testDescription: String { "lesson-runner " + arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ") }
    }

    static let badInputs: [BadInput] = [
        BadInput(arguments: ["ch01", "--seed", "-1"], says: "a seed is a whole number from 0"),
        BadInput(arguments: ["ch04", "--steps", "-3"], says: "--steps must be at least 1 (got -3)"),
        BadInput(arguments: ["ch01", "--out", ""], says: "--out needs a folder name"),
        BadInput(arguments: ["ch01", "--fast", "--out", file + "/figures"], says: "(Not a directory)"),
        BadInput(arguments: ["ch04", "--fast", "--data", folder, "--out", folder], says: "is a folder; ch04 trains on a UTF-8 text file"),
        BadInput(arguments: ["ch03", "--fast", "--data", file, "--out", folder], says: "is a file; ch03 reads a folder"),
        BadInput(arguments: ["ch04", "--fast", "--data", file, "--out", folder], says: "has only 1 character, fewer than"),
        BadInput(arguments: ["ch01", "--fast", "--data", file], says: "ch01 has no data to replace"),
        BadInput(arguments: ["all", "--fast", "--data", file], says: "--data replaces one chapter's data"),
        BadInput(arguments: ["ch01", "--fast"], says: "LESSONS_ROOT=/nonexistent is not the course folder",
                 environment: ["LESSONS_ROOT": "/nonexistent"]),
        BadInput(arguments: ["help", "bogus"], says: "no command called 'bogus'"),
        BadInput(arguments: ["bogus"], says: "unknown chapter 'bogus'"),
        BadInput(arguments: ["hint", "bogus"], says: "no exercise called 'bogus'"),
        BadInput(arguments: ["watch", "bogus"], says: "no exercise called 'bogus'"),
        BadInput(arguments: ["experiment", "bogus"], says: "no exercise called 'bogus'"),
        BadInput(arguments: ["experiment", "elu"], says: "elu has no experiment; these exercises have one: smoothing-on-the-ring"),
        BadInput(arguments: ["experiment", "smoothing-on-the-ring", "--seeds", "0"], says: "--seeds must be at least 1"),
        BadInput(arguments: ["experiment", "smoothing-on-the-ring", "--seeds", "-2"], says: "--seeds must be at least 1 (got -2)"),
        BadInput(arguments: ["experiment", "smoothing-on-the-ring", "--setup", "bogus"],
                 says: "smoothing-on-the-ring has no set-up 'bogus'; choose one of: balanced"),
    ]

    @Test("a bad input fails with a message, writes nothing and exits non-zero", arguments: badInputs)
    func rejects(_ input: BadInput) throws {
        let (exit, output, wrote) = try RunnerBinary.run(input.arguments, environment: input.environment)
        #expect(exit != .code(0), "exit status \(exit)")
        #expect(output.contains("error: " ) && output.contains(input.says), "output: \(output)")
        #expect(!output.contains("NSCocoaErrorDomain") && !output.contains("Fatal error"), "output: \(output)")
        #expect(!wrote, "it wrote into the current folder")
    }

    @Test("lesson-bench: a count of runs below 1 gets a clear message and a non-zero exit, before any timing",
          arguments: [(["--runs", "0"], "--runs must be at least 1 (got 0)"),
                      (["--chapter-runs", "-2"], "--chapter-runs must be at least 1 (got -2)")])
    func benchRejectsRunCounts(_ arguments: [String], _ says: String) throws {
        let bench = try #require(RunnerBinary.builtNextToTheTests("lesson-bench"), "lesson-bench was not built next to the tests")
        let result = try runChild(bench, arguments: arguments + ["--no-peers"], timeLimit: 60)
        let output = result.standardOutput + result.standardError
        #expect(result.exit != .code(0), "exit status \(result.exit)")
        #expect(output.contains(says) && !output.contains("Machine:") && !output.contains("crashed"), "output: \(output)")
    }

    @Test("the figures need the fonts, and say so before any training")
    func missingFontsAreReportedFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fontless-\(UUID())")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root.appendingPathComponent("Package.swift").path, contents: Data())
        defer { try? FileManager.default.removeItem(at: root) }
        let (exit, output, _) = try RunnerBinary.run(["ch01", "--fast", "--out", root.appendingPathComponent("out").path],
                                                     environment: ["LESSONS_ROOT": root.path])
        #expect(exit == .code(1))
        #expect(output.contains("assets/fonts") && !output.contains("Results:"), "output: \(output)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test("a run the text does not quote (another seed, --fast) writes to runs/, never over the recorded figures")
    func variantsLeaveTheRecordedRunAlone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("variant-\(UUID())")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root.appendingPathComponent("Package.swift").path, contents: Data())
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("assets/fonts"),
                                                   withDestinationURL: ExerciseFilesTests.root.appendingPathComponent("assets/fonts"))
        defer { try? FileManager.default.removeItem(at: root) }
        let (exit, output, wrote) = try RunnerBinary.run(["ch02", "--fast", "--seed", "7"], environment: ["LESSONS_ROOT": root.path])
        #expect(exit == .code(0), "output: \(output)")
        #expect(output.contains("runs/seed-7-fast/"), "output: \(output)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/seed-7-fast/ch02/results.json").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("assets/figures").path))
        #expect(!wrote, "it wrote into the current folder")
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let (exit, output, _) = try RunnerBinary.run(["--version"])
        #expect(exit == .code(0) && output.hasPrefix("lesson-runner "), "\(exit): \(output)")
    }

    @Test("shell completion offers chapter and exercise names")
    func completion() throws {
        for shell in ["bash", "zsh", "fish"] {
            let (exit, script, _) = try RunnerBinary.run(["--generate-completion-script", shell])
            #expect(exit == .code(0))
            for name in ["ch04", "attention", "softmax-jvp", "kv-cache"] {
                #expect(script.contains(name), "the \(shell) completion script does not offer \(name)")
            }
        }
    }
}

@Suite("The first build") struct FirstBuildTests {
    @Test("Package.resolved stays out of git, and swift-argument-parser is a from: requirement")
    func dependencyIsResolvedBySwiftPM() throws {
        let root = ExerciseFilesTests.root
        let ignored = try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignored.split(separator: "\n").contains("Package.resolved"))
        #expect(ignored.split(separator: "\n").contains(".lessons/"), "the learner's progress and backups stay out of git")
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#"url: "https://github.com/apple/swift-argument-parser", from: ""#))
    }
}
