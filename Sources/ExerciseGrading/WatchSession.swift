import Foundation
import Lessons

/// The logic of `lesson-runner watch`, apart from the terminal: which exercise is current, when
/// to rebuild and re-grade, what to remember, what to show. The effects — building, grading in a
/// child process, resetting — are passed in, so tests can drive a session with stand-ins.
public final class WatchSession {
    /// What the learner can ask for.
    public enum Command: Equatable, Sendable {
        case hint, list, next, reset, check, quit
        case goTo(String)

        /// A typed command: a word or its first letter ("h", "hint"), or "go NAME" / an exercise's name.
        public init?(parsing line: String) {
            let words = line.split(separator: " ").map(String.init)
            guard let word = words.first?.lowercased() else { return nil }
            switch word {
            case "h", "hint": self = .hint
            case "l", "list": self = .list
            case "n", "next", "s", "skip": self = .next
            case "r", "reset": self = .reset
            case "c", "check": self = .check
            case "q", "quit", "exit": self = .quit
            case "g", "go": self = words.count > 1 ? .goTo(words[1]) : .list
            default:
                guard ExerciseCatalog.exercise(named: word) != nil else { return nil }
                self = .goTo(word)
            }
        }
    }

    /// The result of a build.
    public enum BuildOutcome: Equatable, Sendable {
        case succeeded
        /// The compiler's error lines.
        case failed(String)
    }

    /// Where the current exercise stands.
    public enum Status: Equatable, Sendable {
        case graded(Verdict)
        case doesNotCompile(String)
    }

    /// Everything the terminal shows.
    public struct Screen: Equatable, Sendable {
        public var done: Int
        public var total: Int
        public var exercise: Exercise
        public var status: Status
        /// Messages since the last screen: "✓ huber passed …", a hint, the list, where a backup went.
        public var notes: [String]
        /// True when this screen follows a new grade (or build).
        public var graded: Bool
    }

    public let exercises: [Exercise]
    let root: URL
    let build: () -> BuildOutcome
    let grade: (Exercise) -> Verdict
    public private(set) var progress: ExerciseProgress
    /// Called before each build, so the terminal can say that something is happening.
    public var onBuild: (() -> Void)?
    public private(set) var current: Int
    private var rebuildGuard: RebuildGuard
    private var status: Status = .graded(.notAttempted)
    private var notes: [String] = []
    private var graded = false

    /// A session over `exercises` (the whole course by default), starting at `start` or else at
    /// the first exercise not known to be solved.
    public init(root: URL, binPath: URL, exercises: [Exercise] = ExerciseCatalog.all, start: String? = nil,
                build: @escaping () -> BuildOutcome, grade: @escaping (Exercise) -> Verdict) {
        self.root = root
        self.exercises = exercises
        self.build = build
        self.grade = grade
        rebuildGuard = RebuildGuard(binPath: binPath)
        progress = ExerciseProgress.load(root: root)
        current = 0
        if let start, let index = exercises.firstIndex(where: { $0.name == start.lowercased() }) {
            current = index
        } else {
            current = nextUnsolved(from: 0) ?? 0
        }
    }

    /// Builds and grades the current exercise (moving on while it passes).
    public func begin() -> Screen {
        rebuildAndGrade()
        return screen()
    }

    /// Rebuilds and re-grades when a learner file changed since the last build; nil when none did.
    public func poll() -> Screen? {
        guard let built = rebuildGuard.built, !LearnerFiles(root: root).changed(since: built).isEmpty else { return nil }
        rebuildAndGrade()
        return screen()
    }

    /// Carries out a command; nil means quit.
    public func handle(_ command: Command) -> Screen? {
        let exercise = exercises[current]
        switch command {
        case .quit:
            return nil
        case .hint:
            notes.append("hint for \(exercise.name): \(exercise.hint)")
        case .list:
            notes.append(list())
        case .check:
            rebuildAndGrade()
        case .next:
            current = nextUnsolved(from: current + 1, skipping: current) ?? (current + 1) % exercises.count
            gradeCurrent(advancing: false)
        case let .goTo(name):
            guard let index = exercises.firstIndex(where: { $0.name == name.lowercased() }) else {
                notes.append("no exercise called '\(name)'. Choose one of: " + exercises.map(\.name).joined(separator: ", "))
                break
            }
            current = index
            gradeCurrent(advancing: false)
        case .reset:
            do {
                let backup = try ExerciseStubs.reset(exercise, root: root)
                notes.append("reset \(exercise.name) in \(exercise.file)"
                             + (backup.map { "; your code is saved in \(relativePath($0))" } ?? " (it was already the stub)"))
            } catch {
                notes.append("could not reset \(exercise.name): \(systemReason(error))")
            }
            rebuildAndGrade(advancing: false)
        }
        return screen()
    }

    /// The screen as it stands, emptying the notes.
    private func screen() -> Screen {
        defer { notes = []; graded = false }
        let done = exercises.filter { progress.isSolved($0, root: root) }.count
        return Screen(done: done, total: exercises.count, exercise: exercises[current], status: status,
                      notes: notes, graded: graded)
    }

    private func rebuildAndGrade(advancing: Bool = true) {
        onBuild?()
        let touched = rebuildGuard.prepareBuild(root: root)
        if !touched.isEmpty {
            notes.append("\(touched.joined(separator: ", ")) was saved no later than its last build; "
                         + "its time was moved forward so that this build compiles it")
        }
        graded = true
        switch build() {
        case .succeeded:
            gradeCurrent(advancing: advancing)
        case let .failed(errors):
            status = .doesNotCompile(errors)
        }
    }

    /// Grades the current exercise and, while it passes, moves on to the next unsolved one.
    private func gradeCurrent(advancing: Bool) {
        var visited = Set<Int>()
        while true {
            let exercise = exercises[current]
            let verdict = grade(exercise)
            progress.record(verdict, for: exercise, root: root)
            do {
                try progress.save(root: root)
            } catch {
                notes.append("could not save progress in \(ExerciseProgress.path): \(systemReason(error))")
            }
            status = .graded(verdict)
            graded = true
            visited.insert(current)
            guard verdict == .passed, advancing else { return }
            notes.append("✓ \(exercise.name) passed. Compare with the reference solution in \(exercise.solutionFile).")
            guard let next = nextUnsolved(from: current + 1), !visited.contains(next) else {
                notes.append("All \(exercises.count) exercises are done.")
                return
            }
            current = next
            notes.append("Next: \(exercises[next].name) — \(exercises[next].title).")
        }
    }

    /// The first exercise from `start` on (wrapping around) not known to be solved.
    private func nextUnsolved(from start: Int, skipping skipped: Int? = nil) -> Int? {
        (0..<exercises.count).map { (start + $0) % exercises.count }
            .first { $0 != skipped && !progress.isSolved(exercises[$0], root: root) }
    }

    private func list() -> String {
        let lines = exercises.indices.map { i -> String in
            let e = exercises[i]
            let mark = i == current ? "→" : progress.isSolved(e, root: root) ? "✓" : "·"
            return "  \(mark) ch\(String(format: "%02d", e.chapter))  \(e.name) — \(e.title)"
        }
        return (["Exercises (✓ solved, → current; 'go NAME' to switch):"] + lines).joined(separator: "\n")
    }

    private func relativePath(_ url: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
