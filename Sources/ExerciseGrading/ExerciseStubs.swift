import Foundation
import Lessons

/// The exercise regions of the learner's files and their pristine copies:
///
/// ```swift
/// // exercise: softmax-jvp
/// public func softmaxJacobianTimes(…) throws -> Tensor {
///     throw ExerciseError.notAttempted
/// }
/// // end exercise
/// ```
public enum ExerciseStubs {
    /// The exercise regions of a file.
    public static func regions(in text: String, path: String) throws -> [MarkedRegion] {
        try SourceRegions.parse(text, path: path, begin: "// exercise: ", end: "// end exercise")
    }

    /// Where `reset` keeps the code it replaces, relative to the project root (git-ignored).
    public static let backupFolder = ".lessons/backups"

    /// Puts one exercise back as it was shipped, replacing its region in the learner's file with
    /// the region of the same name in the stub file. The code it replaces is first saved in
    /// `.lessons/backups/NAME-DATE.swift`, whose path is returned (nil when the region was
    /// already the stub, so nothing was lost).
    @discardableResult
    public static func reset(_ exercise: Exercise, root: URL, now: Date = Date()) throws -> URL? {
        let fileURL = root.appendingPathComponent(exercise.file)
        let stubURL = root.appendingPathComponent(exercise.stubFile)
        let text = try String(contentsOf: fileURL, encoding: .utf8)
        let stubText = try String(contentsOf: stubURL, encoding: .utf8)
        guard let stub = try regions(in: stubText, path: exercise.stubFile).first(where: { $0.name == exercise.name })
        else { throw StubError.missing(exercise.name, exercise.stubFile) }
        guard let current = try regions(in: text, path: exercise.file).first(where: { $0.name == exercise.name })
        else { throw StubError.missing(exercise.name, exercise.file) }
        guard current.body != stub.body else { return nil }
        let backup = try saveBackup(of: current, exercise: exercise, root: root, now: now)
        var lines = text.components(separatedBy: "\n")
        lines.replaceSubrange((current.markers.lowerBound + 1)..<current.markers.upperBound, with: stub.body)
        try lines.joined(separator: "\n").write(to: fileURL, atomically: true, encoding: .utf8)
        return backup
    }

    /// Writes a region, with its markers, to a new file in the backup folder.
    private static func saveBackup(of region: MarkedRegion, exercise: Exercise, root: URL, now: Date) throws -> URL {
        let folder = root.appendingPathComponent(backupFolder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: .current, formatOptions: [.withFullDate, .withTime])
        var url = folder.appendingPathComponent("\(exercise.name)-\(stamp).swift")
        var n = 2
        while FileManager.default.fileExists(atPath: url.path) {
            url = folder.appendingPathComponent("\(exercise.name)-\(stamp)-\(n).swift")
            n += 1
        }
        let text = ["// Your code for \(exercise.name) from \(exercise.file), saved by 'lesson-runner reset'.",
                    "// To restore it, paste the region back over the stub.",
                    "// exercise: \(exercise.name)"] + region.body + ["// end exercise", ""]
        try text.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    public enum StubError: Error, CustomStringConvertible {
        case missing(String, String)
        public var description: String {
            switch self {
            case let .missing(name, file):
                return "\(file) has no region '// exercise: \(name)' … '// end exercise'. "
                    + "Restore the file with 'git checkout -- \(file)'."
            }
        }
    }
}
