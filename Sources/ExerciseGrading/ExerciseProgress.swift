import Foundation

/// What the learner has solved, kept in `.lessons/progress.json` (git-ignored), so that
/// `lesson-runner exercises` and `watch` remember it between runs.
///
/// Each solved exercise is stored with a fingerprint of its region of the learner's file at the
/// moment it passed. When the region has changed since, the record is in doubt and the exercise
/// counts as unsolved until it is graded again: grading, not the file, is the truth.
public struct ExerciseProgress: Codable, Equatable, Sendable {
    /// Exercise name → fingerprint of its region when it passed.
    public var solved: [String: String] = [:]

    public init() {}

    /// Where the progress file lives, relative to the project root.
    public static let path = ".lessons/progress.json"

    /// The saved progress, or none when the file is missing or unreadable (it is only a cache).
    public static func load(root: URL) -> ExerciseProgress {
        guard let data = try? Data(contentsOf: root.appendingPathComponent(path)),
              let progress = try? JSONDecoder().decode(ExerciseProgress.self, from: data) else { return ExerciseProgress() }
        return progress
    }

    /// Writes the file atomically (a crash mid-write leaves the old file, never half of one).
    public func save(root: URL) throws {
        let url = root.appendingPathComponent(Self.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// Remembers a grade: passed → solved with the region's current fingerprint; anything else → not solved.
    public mutating func record(_ verdict: Verdict, for exercise: Exercise, root: URL) {
        if verdict == .passed, let fingerprint = Self.fingerprint(of: exercise, root: root) {
            solved[exercise.name] = fingerprint
        } else {
            solved[exercise.name] = nil
        }
    }

    /// True when the exercise passed and its region has not changed since.
    public func isSolved(_ exercise: Exercise, root: URL) -> Bool {
        guard let saved = solved[exercise.name] else { return false }
        return saved == Self.fingerprint(of: exercise, root: root)
    }

    /// A fingerprint of the exercise's region in the learner's file (FNV-1a, 64 bits, in hex).
    static func fingerprint(of exercise: Exercise, root: URL) -> String? {
        let url = root.appendingPathComponent(exercise.file)
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let region = try? ExerciseStubs.regions(in: text, path: exercise.file).first(where: { $0.name == exercise.name })
        else { return nil }
        return String(fnv1a(Data(region.body.joined(separator: "\n").utf8)), radix: 16)
    }
}

/// The 64-bit FNV-1a hash: enough to notice that a small file changed.
func fnv1a(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
