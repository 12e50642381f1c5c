import Foundation

/// A text read as a sequence of characters, each replaced by its index in a sorted vocabulary:
/// what the character models of chapters 4 and 5 train on.
///
/// A "character" here is a Unicode scalar, so every UTF-8 text works and "\r\n" counts as two
/// characters, as it does in min-char-rnn. The vocabulary is sorted by scalar value, so the same
/// text always gives the same indices.
///
/// ```swift
/// let corpus = try TextCorpus.shakespeare(root: root)
/// corpus.vocabulary.count            // 76
/// corpus.decode(corpus.encode("To be")!)   // "To be"
/// ```
public struct TextCorpus: Sendable {
    /// The file the text came from, for messages.
    public let path: String
    /// The distinct characters of the text, sorted by scalar value; index i is character i.
    public let vocabulary: [Unicode.Scalar]
    /// The whole text as vocabulary indices.
    public let indices: [Int]

    private let lookup: [Unicode.Scalar: Int]

    /// The shipped excerpt, relative to the project root.
    public static let shakespearePath = "assets/data/shakespeare.txt"

    /// Builds the vocabulary of `text` and encodes it.
    public init(text: String, path: String = "(text)") {
        let scalars = Array(text.unicodeScalars)
        let sorted = Set(scalars).sorted { $0.value < $1.value }
        let table = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        vocabulary = sorted
        lookup = table
        indices = scalars.map { table[$0] ?? 0 }  // every scalar is in the table by construction
        self.path = path
    }

    /// The number of distinct characters, V.
    public var vocabularySize: Int { vocabulary.count }

    /// The indices of `text`, or nil if it holds a character the corpus never contains.
    public func encode(_ text: String) -> [Int]? {
        var result: [Int] = []
        for scalar in text.unicodeScalars {
            guard let i = lookup[scalar] else { return nil }
            result.append(i)
        }
        return result
    }

    /// The text of a sequence of indices (indices outside the vocabulary are skipped).
    public func decode(_ indices: [Int]) -> String {
        var view = String.UnicodeScalarView()
        for i in indices where vocabulary.indices.contains(i) { view.append(vocabulary[i]) }
        return String(view)
    }

    /// Character i as a short printable label: "\n" becomes "⏎" and a space "␣", for figure ticks.
    public func label(_ i: Int) -> String {
        guard vocabulary.indices.contains(i) else { return "?" }
        switch vocabulary[i] {
        case "\n": return "⏎"
        case " ": return "␣"
        case "\t": return "⇥"
        case "\r": return "␍"
        default: return String(vocabulary[i])
        }
    }
}

// MARK: - Loading

extension TextCorpus {
    /// Reads a UTF-8 text file.
    ///
    /// - Parameters:
    ///   - minimumLength: the fewest characters a usable text has (one training sequence plus its
    ///     last target).
    ///   - restoreHint: how to get a good copy back, for files we ship; nil for a learner's file.
    /// - Throws: ``DataFileError`` naming the file when it is missing, unreadable, empty, not
    ///   valid UTF-8, or shorter than `minimumLength`.
    public static func load(from url: URL, minimumLength: Int = 2, restoreHint: String? = nil) throws -> TextCorpus {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw textError(path, "does not exist", restoreHint)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw textError(path, "cannot be read (\(systemReason(error)))", restoreHint)
        }
        if data.isEmpty {
            throw textError(path, "is empty", restoreHint)
        }
        if let offset = firstInvalidUTF8Byte(data) {
            throw textError(path, "is not valid UTF-8 text (byte \(offset) starts an invalid sequence)", restoreHint)
        }
        let corpus = TextCorpus(text: String(decoding: data, as: UTF8.self), path: path)
        if corpus.indices.count < minimumLength {
            let count = corpus.indices.count
            throw textError(path, "has only \(count) character\(count == 1 ? "" : "s"), fewer than the "
                            + "\(minimumLength) one training sequence needs", restoreHint)
        }
        return corpus
    }

    private static func textError(_ path: String, _ problem: String, _ restoreHint: String?) -> DataFileError {
        DataFileError(path: path, problem: problem, expected: "a UTF-8 text file",
                      restoreHint: restoreHint ?? "check the path you gave with --data")
    }

    /// The shipped Shakespeare excerpt under `root`.
    public static func shakespeare(root: URL, minimumLength: Int = 2) throws -> TextCorpus {
        try load(from: root.appendingPathComponent(shakespearePath), minimumLength: minimumLength,
                 restoreHint: "restore it with `git checkout -- assets/data`")
    }

    /// The learner's `--data` file if there is one, otherwise the shipped excerpt.
    public static func load(for context: RunContext, minimumLength: Int) throws -> TextCorpus {
        if let url = context.dataOverride {
            return try load(from: url, minimumLength: minimumLength)
        }
        return try shakespeare(root: context.root, minimumLength: minimumLength)
    }

    /// The byte offset where the data stops being valid UTF-8, or nil if all of it is valid.
    static func firstInvalidUTF8Byte(_ data: Data) -> Int? {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
