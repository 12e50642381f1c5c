import Foundation

/// The learner's files (`Sources/Exercises/*.swift`) as last seen: modification time and a hash
/// of the contents, so that a watcher notices every save — even one that leaves the time as it
/// was — and can tell whether the build products are older than an edit.
public struct LearnerFiles: Equatable, Sendable {
    public struct State: Equatable, Sendable {
        public var modified: Date
        public var hash: UInt64
    }

    /// File path (relative to the root) → its state.
    public private(set) var states: [String: State]

    /// Reads every `.swift` file of `Sources/Exercises` under `root`.
    public init(root: URL) {
        let folder = root.appendingPathComponent("Sources/Exercises")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var states: [String: State] = [:]
        for name in names.sorted() where name.hasSuffix(".swift") {
            let url = folder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else { continue }
            states["Sources/Exercises/" + name] = State(modified: modificationDate(url) ?? .distantPast, hash: fnv1a(data))
        }
        self.states = states
    }

    /// The files whose contents differ from `earlier` (new and removed files included).
    public func changed(since earlier: LearnerFiles) -> [String] {
        Set(states.keys).union(earlier.states.keys)
            .filter { states[$0]?.hash != earlier.states[$0]?.hash }
            .sorted()
    }
}

/// Makes sure that an incremental build compiles the learner's latest save.
///
/// A build system decides what to recompile from modification times. An edit saved while a build
/// was running, or within the resolution of the build system's clock, can end up *not newer* than
/// the object file built from the previous contents, and then the build keeps the old code. So
/// before each build, every learner file whose contents changed since the last build started but
/// whose time is not later than its object file's is touched. (A save during a build is seen as a
/// change by the next poll, and its object file is then newer than it: the same case.)
public struct RebuildGuard: Sendable {
    /// The build's product folder, `.build/<triple>/<configuration>`.
    public let binPath: URL
    /// The learner's files when the last build started.
    public private(set) var built: LearnerFiles?

    public init(binPath: URL) {
        self.binPath = binPath
    }

    /// The object file compiled from a learner file, `Exercises.build/ChNN.swift.o` (or, in a
    /// whole-module build, the newest object file of the module).
    public func objectFile(for path: String) -> URL? {
        let folder = binPath.appendingPathComponent("Exercises.build")
        let own = folder.appendingPathComponent((path as NSString).lastPathComponent + ".o")
        if FileManager.default.fileExists(atPath: own.path) { return own }
        let objects = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".o") }.map { folder.appendingPathComponent($0) }
        return objects.max { (modificationDate($0) ?? .distantPast) < (modificationDate($1) ?? .distantPast) }
    }

    /// Call just before a build. Touches (sets to now) every file changed since the last build that
    /// is not newer than its object file, and returns their paths.
    @discardableResult
    public mutating func prepareBuild(root: URL) -> [String] {
        let now = LearnerFiles(root: root)
        defer { built = now }
        let changed = built.map { now.changed(since: $0) } ?? []
        var touched: [String] = []
        for path in changed {
            guard let state = now.states[path], let object = objectFile(for: path),
                  let objectTime = modificationDate(object), state.modified <= objectTime else { continue }
            let url = root.appendingPathComponent(path)
            let later = max(Date(), objectTime.addingTimeInterval(0.01))
            if (try? FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: url.path)) != nil {
                touched.append(path)
            }
        }
        if !touched.isEmpty { built = LearnerFiles(root: root) }
        return touched
    }
}

/// A file's modification time, or nil when it cannot be read.
func modificationDate(_ url: URL) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
}
