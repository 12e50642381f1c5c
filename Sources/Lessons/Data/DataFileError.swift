/// A data file that is missing or damaged: which file, what is wrong, what was expected, and how
/// to get a good copy back.
public struct DataFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    /// What is wrong, as the end of a sentence starting with the file's path ("is missing").
    public var problem: String
    /// What the file should hold.
    public var expected: String
    /// How to restore it, e.g. "restore the shipped files with `git checkout -- assets/data`".
    public var restoreHint: String

    public var description: String {
        "\(path) \(problem). Expected \(expected). To fix it, \(restoreHint)."
    }
}
