import Foundation

/// A property of each position of a text that a hidden unit might track, as in Karpathy's
/// "visualizing the predictions and the neuron firings" (2015).
struct TextFeature: Sendable {
    var name: String
    /// The feature's value after reading each character of the text.
    var values: @Sendable (_ text: [Character]) -> [Double]

    static let all: [TextFeature] = [
        TextFeature(name: "inside [a stage direction]") { text in
            var inside = false
            return text.map { c in
                if c == "[" { inside = true }
                defer { if c == "]" { inside = false } }
                return inside ? 1 : 0
            }
        },
        TextFeature(name: "inside a word") { text in text.map { $0.isLetter ? 1 : 0 } },
        TextFeature(name: "position in the line") { text in
            var column = 0.0
            return text.map { c in
                column = c == "\n" ? 0 : column + 1
                return column
            }
        },
    ]
}

/// The unit of a trained RNN that best tracks each `TextFeature` on held-out text — the largest
/// |correlation| between h_t[unit] and the feature — and the text coloured by that unit.
func interpretableUnitsFigure(_ model: CharacterModel<RNN>, split: HeldOutSplit, corpus: TextCorpus,
                              context: RunContext) -> Figure {
    let text = split.heldOut.flatMap { $0 }
    let (hs, _, _) = model.layer.forward(SymbolBatch(text), from: model.layer.initialState(batch: 1))   // (N, H)
    let characters = text.map { Character(corpus.decode([$0])) }
    let excerpt = excerptAroundStageDirection(split.heldOut, corpus: corpus, lines: 8)
    var panels: [Panel] = []
    for feature in TextFeature.all {
        let f = feature.values(characters)
        let r = (0..<hs.cols).map { unit in correlation((0..<hs.rows).map { hs[$0, unit] }, f) }
        let unit = r.indices.max { abs(r[$0]) < abs(r[$1]) } ?? 0
        context.print("unit \(unit) tracks \"\(feature.name)\": correlation "
                      + String(format: "%+.2f", r[unit]) + " on held-out text")
        context.record("unit tracking \(feature.name)", Double(unit))
        context.record("correlation of unit with \(feature.name)", r[unit])
        let (eh, _, _) = model.layer.forward(SymbolBatch(excerpt), from: model.layer.initialState(batch: 1))
        panels.append(colouredText(excerpt.map { Character(corpus.decode([$0])) }, activations: (0..<eh.rows).map { eh[$0, unit] },
                                   width: 64, title: "unit \(unit), correlation " + String(format: "%+.2f", r[unit]) + " with \"\(feature.name)\""))
    }
    return Figure(title: "Units of the trained char-RNN that track a property of held-out text",
                  width: 1100, height: 900, panels: panels)
}

/// `lines` lines of held-out text starting two lines before the first "[" (a stage direction), or
/// the first `lines` lines of the first block if there is none.
func excerptAroundStageDirection(_ blocks: [[Int]], corpus: TextCorpus, lines: Int) -> [Int] {
    let newline = corpus.encode("\n")?.first, bracket = corpus.encode("[")?.first
    let block = blocks.first { $0.contains { $0 == bracket } } ?? blocks[0]
    var start = block.firstIndex { $0 == bracket } ?? 0
    for _ in 0..<3 {                                      // back to the start of the line two above
        guard start > 0, let previous = block[..<(start - 1)].lastIndex(where: { $0 == newline }) else {
            start = 0
            break
        }
        start = previous + 1
    }
    var excerpt: [Int] = [], count = 0
    for x in block[start...] where count < lines {
        excerpt.append(x)
        if x == newline { count += 1 }
    }
    return excerpt
}

/// A text as a grid of cells, one row per line (cut to `width` characters), each cell coloured by
/// the activation after reading its character and labelled with it.
func colouredText(_ text: [Character], activations: [Double], width: Int, title: String) -> Panel {
    var values: [[Double]] = [[]], layers: [Layer] = []
    for (c, a) in zip(text, activations) {
        if c == "\n" {
            values.append([])
        } else if values[values.count - 1].count < width {
            layers.append(.text(x: Double(values[values.count - 1].count) - 0.3, y: Double(values.count - 1), String(c)))
            values[values.count - 1].append(a)
        }
    }
    if values.last?.isEmpty == true { values.removeLast() }
    let columns = values.map(\.count).max() ?? 1
    values = values.map { $0 + Array(repeating: 0, count: columns - $0.count) }
    var panel = Panel(title: title, xLabel: "character in the line", yLabel: "line")
    panel.layers = [.matrix(values: values, colormap: .blueWhiteRed, range: -1...1)] + layers
    panel.colorBar = "h_t[unit]"
    return panel
}

/// Pearson's correlation of two equally long series (0 when either is constant).
func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count)
    let (ma, mb) = (a.reduce(0, +) / n, b.reduce(0, +) / n)
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
        sab += (x - ma) * (y - mb)
        saa += (x - ma) * (x - ma)
        sbb += (y - mb) * (y - mb)
    }
    return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
}
