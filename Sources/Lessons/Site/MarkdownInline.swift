import Foundation

/// What the site decides while markdown is rendered: where links point, how math and code look.
/// The defaults render plain HTML, which is what the tests of the markdown subset use.
struct MarkdownHooks {
    /// The href for a link target, or nil to show the link's text alone (a target not on the site).
    var link: (String) -> String? = { $0 }
    /// The src for an image.
    var image: (String) -> String = { $0 }
    /// HTML for TeX, inline (`$…$`) or display (`$$…$$`).
    var math: (_ tex: String, _ display: Bool) -> String = { tex, _ in "<code>\(tex.htmlEscaped)</code>" }
    /// HTML for a code span's text.
    var codeSpan: (String) -> String = { "<code>\($0.htmlEscaped)</code>" }
    /// HTML for a fenced block.
    var codeBlock: (_ language: String, _ code: String, _ listing: String?) -> String = { language, code, _ in
        "<pre><code>\(code.htmlEscaped)</code></pre>"
    }
}

/// Inline markdown: code spans, `$…$` math, links, images, `**strong**`, `*emphasis*`, backslash
/// escapes; HTML comments (value markers and the like) vanish and leave what they enclose.
///
/// Code spans, math and links are cut out first and replaced by placeholders, so emphasis never
/// reaches into them — `$a * b * c$` stays math and `` `x*y*z` `` stays code.
struct MarkdownInline {
    var hooks: MarkdownHooks

    func render(_ text: String) -> String {
        var pieces: [String] = []
        var plain = ""
        func protect(_ html: String) {
            plain += "\u{E000}\(pieces.count)\u{E001}"
            pieces.append(html)
        }
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                protect(String(chars[i + 1]).htmlEscaped)
                i += 2
            } else if c == "`", let (code, next) = codeSpan(chars, at: i) {
                protect(hooks.codeSpan(code))
                i = next
            } else if c == "<", starts(chars, at: i, with: "<!--") {
                i = find(chars, "-->", from: i + 4).map { $0 + 3 } ?? chars.count
            } else if c == "$", let (tex, next) = inlineMath(chars, at: i) {
                protect(hooks.math(tex, false))
                i = next
            } else if c == "!", i + 1 < chars.count, chars[i + 1] == "[", let (alt, target, next) = linkParts(chars, at: i + 1) {
                protect("<img src=\"\(hooks.image(target).htmlEscaped)\" alt=\"\(alt.htmlEscaped)\">")
                i = next
            } else if c == "[", let (label, target, next) = linkParts(chars, at: i) {
                let inner = render(label)
                if let href = hooks.link(target) {
                    protect("<a href=\"\(href.htmlEscaped)\">\(inner)</a>")
                } else {
                    protect(inner)
                }
                i = next
            } else {
                plain.append(c)
                i += 1
            }
        }
        var html = emphasis(plain.htmlEscaped)
        for (index, piece) in pieces.enumerated().reversed() {
            html = html.replacingOccurrences(of: "\u{E000}\(index)\u{E001}", with: piece)
        }
        return html
    }

    /// `**strong**` and `*emphasis*`: an opening star is followed by a non-space, a closing one
    /// preceded by one; a single star between letters or digits (`2*3`) is left alone.
    private func emphasis(_ text: String) -> String {
        wrap(Array(wrap(Array(text), delimiter: "**", tag: "strong")), delimiter: "*", tag: "em")
    }

    private func wrap(_ chars: [Character], delimiter: String, tag: String) -> String {
        let d = Array(delimiter)
        func isDelimiter(_ i: Int) -> Bool {
            guard i >= 0, i + d.count <= chars.count, Array(chars[i..<(i + d.count)]) == d else { return false }
            // A single star must not be part of a longer run.
            return (i == 0 || chars[i - 1] != "*") && (i + d.count >= chars.count || chars[i + d.count] != "*")
        }
        func opens(_ i: Int) -> Bool {
            isDelimiter(i) && i + d.count < chars.count && !chars[i + d.count].isWhitespace
                && (i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber))
        }
        func closes(_ i: Int) -> Bool {
            isDelimiter(i) && i > 0 && !chars[i - 1].isWhitespace
                && (i + d.count >= chars.count || !(chars[i + d.count].isLetter || chars[i + d.count].isNumber))
        }
        var out = ""
        var i = 0
        while i < chars.count {
            if opens(i), let close = ((i + d.count + 1)..<max(chars.count, i + d.count + 1)).first(where: closes) {
                out += "<\(tag)>" + String(chars[(i + d.count)..<close]) + "</\(tag)>"
                i = close + d.count
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    // MARK: Scanners over the characters of one block

    private func starts(_ chars: [Character], at i: Int, with s: String) -> Bool {
        let needle = Array(s)
        return i + needle.count <= chars.count && Array(chars[i..<(i + needle.count)]) == needle
    }

    private func find(_ chars: [Character], _ s: String, from start: Int) -> Int? {
        var i = start
        while i < chars.count {
            if starts(chars, at: i, with: s) { return i }
            i += 1
        }
        return nil
    }

    /// A run of n backticks up to the next run of exactly n; the text between, one surrounding
    /// space trimmed when both ends have one.
    private func codeSpan(_ chars: [Character], at start: Int) -> (String, Int)? {
        let n = chars[start...].prefix(while: { $0 == "`" }).count
        var i = start + n
        while i < chars.count {
            if chars[i] == "`" {
                let run = chars[i...].prefix(while: { $0 == "`" }).count
                if run == n {
                    var code = String(chars[(start + n)..<i]).replacingOccurrences(of: "\n", with: " ")
                    if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" ") { code = String(code.dropFirst().dropLast()) }
                    return (code, i + n)
                }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    /// `$tex$`: the opening dollar is followed by a non-space, the closing one preceded by a
    /// non-space and not followed by a digit (so "$5 and $6" is not math).
    private func inlineMath(_ chars: [Character], at start: Int) -> (String, Int)? {
        guard start + 1 < chars.count, chars[start + 1] != "$", !chars[start + 1].isWhitespace else { return nil }
        var i = start + 1
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "$" {
                guard !chars[i - 1].isWhitespace, i + 1 >= chars.count || !chars[i + 1].isNumber else { return nil }
                return (String(chars[(start + 1)..<i]), i + 1)
            }
            i += 1
        }
        return nil
    }

    /// `[label](target)` starting at the `[`: the label (brackets may nest) and the target
    /// (without a `"title"`).
    private func linkParts(_ chars: [Character], at start: Int) -> (String, String, Int)? {
        var depth = 0
        var i = start
        while i < chars.count {
            if chars[i] == "`", let (_, next) = codeSpan(chars, at: i) { i = next; continue }
            if chars[i] == "[" { depth += 1 }
            if chars[i] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i + 1 < chars.count, chars[i + 1] == "(" else { return nil }
        let label = String(chars[(start + 1)..<i])
        guard let close = chars[(i + 2)...].firstIndex(of: ")") else { return nil }
        let inside = String(chars[(i + 2)..<close]).trimmingCharacters(in: .whitespaces)
        guard !inside.isEmpty, !inside.contains(" ") || inside.contains(" \"") else { return nil }
        let target = inside.split(separator: " ").first.map(String.init) ?? inside
        return (label, target, close + 1)
    }
}
