import Foundation

/// Why `lesson-runner site` could not build the site, in words a reader can act on.
public enum SiteError: Error, CustomStringConvertible, Equatable {
    /// A build tool is not installed: what is missing and the command that installs it.
    case missingTool(what: String, install: String)
    /// KaTeX refused an equation: where it is and KaTeX's own message.
    case badMath(file: String, tex: String, message: String)
    /// The math renderer itself failed (crashed, or wrote something unreadable).
    case rendererFailed(String)
    /// The output folder holds files that a previous `lesson-runner site` did not write.
    case foreignOutputFolder(path: String)
    /// The output folder or a file in it cannot be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingTool(what, install):
            return "\(what) is needed to render the equations. Install it with: \(install)"
        case let .badMath(file, tex, message):
            return "\(file): KaTeX cannot render $\(tex)$: \(message)"
        case let .rendererFailed(message):
            return "the KaTeX renderer failed: \(message)"
        case let .foreignOutputFolder(path):
            return "\(path) is not empty and was not written by 'lesson-runner site'; "
                + "choose another --out folder or empty this one"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

extension String {
    /// The text with `&`, `<`, `>` and `"` replaced by entities, safe inside HTML text and
    /// double-quoted attributes.
    var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
