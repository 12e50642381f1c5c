import Foundation

/// One block of a markdown document, for the subset the course's texts use: headings, paragraphs,
/// fenced code, display math, lists, block quotes, tables and rules. Inline markdown inside a
/// block stays as text; ``MarkdownInline`` renders it.
indirect enum MarkdownBlock: Equatable {
    case heading(level: Int, text: String)
    case paragraph(String)
    /// A fenced block; `listing` is "PATH#REGION" when a `<!-- listing: … -->` marker precedes it.
    case code(language: String, text: String, listing: String?)
    /// `$$ … $$`, the TeX between the dollars.
    case math(String)
    case list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    case table(header: [String], alignments: [String?], rows: [[String]])
    case rule
}

/// Splits markdown into blocks. HTML comments on lines of their own (listing, text and other
/// markers) are dropped; a listing marker is kept as the `listing` of the code block after it.
enum MarkdownBlocks {
    static func parse(_ text: String) -> [MarkdownBlock] {
        parse(lines: text.components(separatedBy: "\n"))
    }

    static func parse(lines: [String]) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var listing: String?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { i += 1; continue }
            if trimmed.hasPrefix("<!--") {
                if let reference = listingReference(trimmed) { listing = reference }
                while i < lines.count, !lines[i].contains("-->") { i += 1 }
                i += 1
                continue
            }
            if let fence = fenceOpening(line) {
                var body: [String] = []
                i += 1
                while i < lines.count, !isFenceClosing(lines[i], fence: fence.marker) {
                    body.append(lines[i])
                    i += 1
                }
                i += 1
                blocks.append(.code(language: fence.language, text: body.joined(separator: "\n"), listing: listing))
                listing = nil
                continue
            }
            listing = nil
            if trimmed.hasPrefix("$$") {
                var tex = String(trimmed.dropFirst(2))
                while !tex.contains("$$"), i + 1 < lines.count {
                    i += 1
                    tex += "\n" + lines[i]
                }
                i += 1
                if let end = tex.range(of: "$$") { tex = String(tex[..<end.lowerBound]) }
                blocks.append(.math(tex.trimmingCharacters(in: .whitespacesAndNewlines)))
            } else if let heading = headingLevel(trimmed) {
                let text = trimmed.dropFirst(heading).trimmingCharacters(in: .whitespaces)
                blocks.append(.heading(level: heading, text: text))
                i += 1
            } else if ["---", "***", "___"].contains(trimmed.replacingOccurrences(of: " ", with: "")) {
                blocks.append(.rule)
                i += 1
            } else if trimmed.hasPrefix(">") {
                var inner: [String] = []
                while i < lines.count, case let t = lines[i].trimmingCharacters(in: .whitespaces), t.hasPrefix(">") {
                    inner.append(String(t.dropFirst(t.hasPrefix("> ") ? 2 : 1)))
                    i += 1
                }
                blocks.append(.quote(parse(lines: inner)))
            } else if trimmed.hasPrefix("|"), i + 1 < lines.count, let alignments = tableDelimiter(lines[i + 1]) {
                let header = tableCells(trimmed)
                var rows: [[String]] = []
                i += 2
                while i < lines.count, case let t = lines[i].trimmingCharacters(in: .whitespaces), t.hasPrefix("|") {
                    rows.append(tableCells(t))
                    i += 1
                }
                blocks.append(.table(header: header, alignments: alignments, rows: rows))
            } else if let marker = listMarker(line) {
                let (block, next) = parseList(lines, from: i, first: marker)
                blocks.append(block)
                i = next
            } else {
                var paragraph = [trimmed]
                i += 1
                while i < lines.count, !startsNewBlock(lines[i]) {
                    paragraph.append(lines[i].trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                blocks.append(.paragraph(paragraph.joined(separator: "\n")))
            }
        }
        return blocks
    }

    // MARK: Lists

    struct ListMarker {
        var ordered: Bool
        var number: Int
        /// The marker's own indentation and the column where the item's content starts.
        var indent: Int, contentIndent: Int
    }

    /// `- item`, `* item`, `+ item` or `12. item`, with its columns.
    static func listMarker(_ line: String) -> ListMarker? {
        let indent = line.prefix(while: { $0 == " " }).count
        let rest = line.dropFirst(indent)
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
            return ListMarker(ordered: false, number: 1, indent: indent, contentIndent: indent + 2)
        }
        let digits = rest.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count < 4, let number = Int(digits) else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let dot = after.first, dot == "." || dot == ")", after.dropFirst().first == " " else { return nil }
        return ListMarker(ordered: true, number: number, indent: indent, contentIndent: indent + digits.count + 2)
    }

    /// A list: items at the first marker's indentation; lines indented to an item's content
    /// column (or lazily continuing its paragraph) belong to the item.
    static func parseList(_ lines: [String], from start: Int, first: ListMarker) -> (MarkdownBlock, Int) {
        var items: [[String]] = []
        var tight = true
        var i = start
        var previousBlank = false
        var contentIndent = first.contentIndent
        while i < lines.count {
            let line = lines[i]
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if let marker = listMarker(line), marker.indent == first.indent, marker.ordered == first.ordered {
                if previousBlank, !items.isEmpty { tight = false }
                items.append([String(line.dropFirst(marker.contentIndent))])
                contentIndent = marker.contentIndent
            } else if blank {
                items[items.count - 1].append("")
            } else if line.prefix(while: { $0 == " " }).count >= contentIndent {
                if previousBlank { tight = false }
                items[items.count - 1].append(String(line.dropFirst(contentIndent)))
            } else if !previousBlank, !startsNewBlock(line) {
                items[items.count - 1].append(line.trimmingCharacters(in: .whitespaces))
            } else {
                break
            }
            previousBlank = blank
            i += 1
        }
        // Blank lines between the last item and what follows belong to neither.
        while let last = items.last?.last, last.isEmpty { items[items.count - 1].removeLast() }
        let blocks = items.map { parse(lines: $0) }
        return (.list(ordered: first.ordered, start: first.number, tight: tight, items: blocks), i)
    }

    // MARK: Recognisers

    /// Whether a line ends a paragraph: a blank line or the start of another kind of block.
    static func startsNewBlock(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("$$") || trimmed.hasPrefix(">")
            || headingLevel(trimmed) != nil || fenceOpening(line) != nil
            || (trimmed.hasPrefix("<!--") && line.hasPrefix("<!--"))
            || listMarker(line).map { !$0.ordered || $0.number == 1 } == true
    }

    static func headingLevel(_ trimmed: String) -> Int? {
        let hashes = trimmed.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), trimmed.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    static func fenceOpening(_ line: String) -> (marker: String, language: String)? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent < 4 else { return nil }
        let rest = line.dropFirst(indent)
        let ticks = rest.prefix(while: { $0 == "`" }).count
        guard ticks >= 3 else { return nil }
        let info = rest.dropFirst(ticks).trimmingCharacters(in: .whitespaces)
        guard !info.contains("`") else { return nil }
        return (String(repeating: "`", count: ticks), info.split(separator: " ").first.map(String.init) ?? "")
    }

    static func isFenceClosing(_ line: String, fence: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix(fence) && trimmed.allSatisfy { $0 == "`" }
    }

    /// "PATH#REGION" from `<!-- listing: PATH#REGION -->`.
    static func listingReference(_ trimmed: String) -> String? {
        guard trimmed.hasPrefix(Listings.marker), trimmed.hasSuffix("-->") else { return nil }
        return trimmed.dropFirst(Listings.marker.count).dropLast(3).trimmingCharacters(in: .whitespaces)
    }

    static func tableCells(_ row: String) -> [String] {
        var body = Substring(row.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") { body = body.dropLast() }
        // A `\|` is a pipe inside a cell.
        return body.replacingOccurrences(of: "\\|", with: "\u{E010}").split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\u{E010}", with: "|").trimmingCharacters(in: .whitespaces) }
    }

    /// The alignments of a table's delimiter row (`|---|:--:|`), or nil when it is not one.
    static func tableDelimiter(_ line: String) -> [String?]? {
        let cells = tableCells(line)
        guard line.trimmingCharacters(in: .whitespaces).hasPrefix("|"), !cells.isEmpty,
              cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-:".contains($0) } && $0.contains("-") })
        else { return nil }
        return cells.map { cell in
            switch (cell.hasPrefix(":"), cell.hasSuffix(":")) {
            case (true, true): "center"
            case (false, true): "right"
            case (true, false): "left"
            default: nil
            }
        }
    }
}
