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

    /// Puts one exercise back as it was shipped, replacing its region in the learner's file with
    /// the region of the same name in the stub file.
    public static func reset(_ exercise: Exercise, root: URL) throws {
        let fileURL = root.appendingPathComponent(exercise.file)
        let stubURL = root.appendingPathComponent(exercise.stubFile)
        let text = try String(contentsOf: fileURL, encoding: .utf8)
        let stubText = try String(contentsOf: stubURL, encoding: .utf8)
        guard let stub = try regions(in: stubText, path: exercise.stubFile).first(where: { $0.name == exercise.name })
        else { throw StubError.missing(exercise.name, exercise.stubFile) }
        guard let current = try regions(in: text, path: exercise.file).first(where: { $0.name == exercise.name })
        else { throw StubError.missing(exercise.name, exercise.file) }
        var lines = text.components(separatedBy: "\n")
        lines.replaceSubrange((current.markers.lowerBound + 1)..<current.markers.upperBound, with: stub.body)
        try lines.joined(separator: "\n").write(to: fileURL, atomically: true, encoding: .utf8)
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
