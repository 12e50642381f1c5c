import Foundation

/// Finds the project root (the folder holding `Package.swift` and `assets/`).
///
/// In order: the `LESSONS_ROOT` environment variable; the current folder or one of its parents;
/// the folder this file was compiled from (so a binary built in a clone finds its clone from
/// anywhere).
public enum ProjectRoot {
    /// This file's path at compile time (a default argument would give the caller's path instead).
    private static let sourceFile = #filePath

    /// True when `url` holds `Package.swift` and `assets/`.
    public static func isRoot(_ url: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
            && fm.fileExists(atPath: url.appendingPathComponent("assets").path)
    }

    public static func locate() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["LESSONS_ROOT"] {
            let url = URL(fileURLWithPath: env)
            if isRoot(url) { return url }
        }
        var candidates: [URL] = []
        var dir = URL(fileURLWithPath: fm.currentDirectoryPath)
        for _ in 0..<8 { candidates.append(dir); dir.deleteLastPathComponent() }
        // This file is Sources/Lessons/Core/ProjectRoot.swift: four levels below the root.
        var source = URL(fileURLWithPath: sourceFile)
        for _ in 0..<4 { source.deleteLastPathComponent() }
        candidates.append(source)
        return candidates.first(where: isRoot)?.standardizedFileURL
    }
}
