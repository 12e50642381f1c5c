import ArgumentParser
import Foundation
import Lessons

// Checks the runner makes before any training starts, so that a bad option or a broken install
// fails in a second with a message, not after minutes of training or halfway through writing.

/// What `--data` replaces, for the chapters that read data.
private enum ChapterData {
    case idxFolder, textFile

    var description: String {
        switch self {
        case .idxFolder: return "a folder of MNIST-format IDX files"
        case .textFile: return "a UTF-8 text file"
        }
    }
}

/// The chapters whose data `--data` can replace. (A candidate for a property of `Chapter`.)
private let replaceableData: [String: ChapterData] = ["ch03": .idxFolder, "ch04": .textFile, "ch05": .textFile]

/// The `--data` path, checked against the one chapter being run.
func checkedData(_ path: String, for chapters: [Chapter]) throws -> URL {
    let accepted = replaceableData.keys.sorted().map { "\($0) (\(replaceableData[$0]!.description))" }.joined(separator: ", ")
    guard chapters.count == 1, let chapter = chapters.first else {
        throw RunnerFailure(description: "--data replaces one chapter's data; run that chapter alone, "
                            + "e.g. 'lesson-runner ch04 --data FILE'. Chapters with data: \(accepted)", exitCode: 64)
    }
    guard let kind = replaceableData[chapter.id] else {
        throw RunnerFailure(description: "\(chapter.id) has no data to replace, so --data would be ignored. "
                            + "Chapters with data: \(accepted)", exitCode: 64)
    }
    var isFolder: ObjCBool = false
    guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw RunnerFailure(description: "--data '\(path)': no such file or folder", exitCode: 66)
    }
    switch (kind, isFolder.boolValue) {
    case (.textFile, true):
        throw RunnerFailure(description: "--data \(path) is a folder; \(chapter.id) trains on \(kind.description)", exitCode: 66)
    case (.idxFolder, false):
        throw RunnerFailure(description: "--data \(path) is a file; \(chapter.id) reads \(kind.description)", exitCode: 66)
    case (.textFile, false):
        // Unreadable, empty or not UTF-8: say so now, before any output folder exists.
        do {
            _ = try TextCorpus.load(from: URL(fileURLWithPath: path))
        } catch {
            throw RunnerFailure(description: systemReason(error), exitCode: 65)
        }
        return URL(fileURLWithPath: path)
    case (.idxFolder, true):
        return URL(fileURLWithPath: path)
    }
}

/// Takes away a chapter's output folder when a failed run left it empty.
func removeIfEmpty(_ folder: URL) {
    if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path), contents.isEmpty {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Loads the shipped fonts, which every figure needs.
func checkFonts() throws {
    do {
        for weight in [Font.Weight.regular, .bold] { _ = try Typeface.load(Font(size: 12, weight: weight)) }
    } catch {
        throw RunnerFailure(description: "\(systemReason(error)). The figures need the fonts in assets/fonts; "
                            + "restore them with 'git checkout -- assets/fonts'")
    }
}

/// `--seed`: a whole number from 0 to 2⁶⁴ − 1. Negative numbers are read (not taken for an option)
/// so that the message can say what seeds are.
func parseSeed(_ text: String) throws -> UInt64 {
    guard let seed = UInt64(text) else {
        throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)")
    }
    return seed
}
