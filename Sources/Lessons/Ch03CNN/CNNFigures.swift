import Foundation

/// The figures of chapter 3, built from the data, the trained network and its history.
public enum CNNFigures {
    /// A grid of test images, `perClass` rows of one example of each digit, labelled.
    public static func samples(_ set: LabelledImages, perClass: Int = 3) -> Figure {
        var panels: [Panel] = []
        for row in 0..<perClass {
            for digit in 0..<Digits.classes {
                let matches = set.labels.indices.filter { set.labels[$0] == digit }
                guard row < matches.count else { continue }
                var panel = Panel(title: "\(digit)", layers: [.image(pixels: set.image(matches[row]), range: 0...1)])
                panel.showAxes = false
                panels.append(panel)
            }
        }
        return Figure(title: "Test digits, \(set.height)×\(set.width) pixels, with their labels",
                      width: 800, height: 120 + 100 * perClass, columns: Digits.classes, panels: panels)
    }

    /// The first-layer filters W[k, 0] as 3×3 heatmaps, blue negative and red positive on one
    /// shared scale, each weight printed in its cell.
    public static func filters(_ conv: Conv2D) -> Figure {
        let (K, F) = (conv.K, conv.F)
        let limit = max(conv.W.maxAbs(), 1e-12)
        let panels = (0..<K).map { k -> Panel in
            // Rounded to the 0.1 the cells print, and + 0 so that −0.04 prints as 0.0, not −0.0.
            let values = (0..<F).map { u in
                (0..<F).map { v in (conv.W.data[((k * conv.C) * F + u) * F + v] * 10).rounded() / 10 + 0 }
            }
            var panel = Panel(title: "filter \(k + 1)",
                              layers: [.matrix(values: values, colormap: .blueWhiteRed, range: -limit...limit,
                                               annotate: true, format: "%.1f")])
            panel.showAxes = false
            return panel
        }
        let columns = min(K, 8)
        let rows = (K + columns - 1) / columns
        return Figure(title: "The \(K) learned \(F)×\(F) filters of the first layer (blue < 0 < red)",
                      width: 100 * columns + 40, height: 60 + 130 * rows, columns: columns, panels: panels)
    }

    /// One image through the network: the input with the network's answer, then every feature
    /// map after convolution + ReLU, then after max pooling, each stage on one colour scale.
    public static func featureMaps(_ net: ConvNet, image set: LabelledImages, index: Int) -> Figure {
        let cache = net.forward(set.batch([index]))
        let K = net.conv.K
        let perRow = min(K, 8)
        let rowsPerStage = (K + perRow - 1) / perRow
        func maps(_ t: Tensor, name: String) -> [[Panel]] {
            let (h, w) = (t.shape[2], t.shape[3])
            let top = max(t.maxAbs(), 1e-12)
            let all = (0..<K).map { k -> Panel in
                let values = (0..<h).map { r in (0..<w).map { c in t.data[(k * h + r) * w + c] } }
                var panel = Panel(title: "\(name) \(k + 1)", layers: [.matrix(values: values, range: 0...top)])
                panel.showAxes = false
                return panel
            }
            return stride(from: 0, to: K, by: perRow).map { Array(all[$0..<min($0 + perRow, K)]) }
        }
        let p = softmaxRows(cache.logits).data
        let predicted = ConvNet.predictions(cache.logits)[0]
        var input = Panel(title: "input: a \(set.labels[index])", layers: [.image(pixels: set.image(index), range: 0...1)])
        input.showAxes = false
        var answer = Panel(layers: [.text(x: 0, y: 0.75, "predicted: \(predicted)"),
                                    .text(x: 0, y: 0.45, String(format: "p = %.3f", p[predicted]))])
        (answer.xRange, answer.yRange, answer.showAxes) = (0...1, 0...1, false)
        var blank = Panel()
        blank.showAxes = false
        // The colour scale shared by every map (pooling keeps maxima, so both stages reach the same
        // top): a column of cells from 0 to the largest value, labelled.
        let top = max(cache.A.maxAbs(), 1e-12)
        let steps = 6
        let levels = (0..<steps).map { top * Double(steps - 1 - $0) / Double(steps - 1) }
        var scale = Panel(title: "colour scale", layers: [.matrix(values: levels.map { [$0] }, range: 0...top)])
        scale.yTickLabels = levels.map { String(format: "%.2f", $0) }
        scale.xTickLabels = [""]

        let rows = maps(cache.A, name: "conv") + maps(cache.pooled, name: "pool")
        var panels: [Panel] = []
        for (r, row) in rows.enumerated() {
            panels.append(r == 0 ? input : r == 1 ? answer : r == 2 ? scale : blank)
            panels += row
            panels += Array(repeating: blank, count: perRow - row.count)
        }
        let (h1, w1, h2, w2) = (cache.A.shape[2], cache.A.shape[3], cache.pooled.shape[2], cache.pooled.shape[3])
        return Figure(title: "One test digit through the network: conv + ReLU (\(h1)×\(w1)), then max pool (\(h2)×\(w2))",
                      width: 120 * (perRow + 1) + 40, height: 60 + 130 * rowsPerStage * 2,
                      columns: perRow + 1, panels: panels)
    }

    /// Loss (log scale) and accuracy per epoch, on the training and the test set.
    public static func curves(_ history: [EpochRecord]) -> Figure {
        let epochs = history.map { Double($0.epoch) }
        var loss = Panel(title: "Cross-entropy loss", xLabel: "epoch", yLabel: "loss (nats, log scale)",
                         layers: [.line(x: epochs, y: history.map(\.trainLoss), label: "train", markers: true),
                                  .line(x: epochs, y: history.map(\.testLoss), label: "test", markers: true)])
        loss.yScale = .log
        // Accuracy from epoch 0 (the untrained network's chance level), then the same from epoch 1
        // on a scale that shows the last percent.
        var accuracy = Panel(title: "Accuracy, from the untrained network", xLabel: "epoch", yLabel: "accuracy (%)",
                             layers: [.line(x: epochs, y: history.map { 100 * $0.trainAccuracy }, label: "train", markers: true),
                                      .line(x: epochs, y: history.map { 100 * $0.testAccuracy }, label: "test", markers: true),
                                      .hline(y: 10, label: "chance (10 %)", color: .gray)])
        accuracy.yRange = 0...100
        accuracy.legend = .bottomRight
        let trained = Array(history.dropFirst())
        var zoom = Panel(title: "Accuracy from epoch 1, zoomed", xLabel: "epoch", yLabel: "accuracy (%)",
                         layers: [.line(x: trained.map { Double($0.epoch) }, y: trained.map { 100 * $0.trainAccuracy }, label: "train", markers: true),
                                  .line(x: trained.map { Double($0.epoch) }, y: trained.map { 100 * $0.testAccuracy }, label: "test", markers: true),
                                  .hline(y: 97, label: "97 % target")])
        zoom.legend = .bottomRight
        return Figure(title: "Training the CNN on the digits", width: 1400, height: 460, columns: 3,
                      panels: [loss, accuracy, zoom])
    }

    /// The confusion matrix with the count in every cell. Only the mistakes are coloured: with
    /// 30-odd images on the diagonal and a mistake or two elsewhere, one colour scale for both
    /// would leave the mistakes invisible. The diagonal's counts are printed on white.
    public static func confusion(_ counts: [[Int]]) -> Figure {
        let n = counts.count
        let errors = (0..<n).reduce(0) { total, t in total + counts[t].reduce(0, +) - counts[t][t] }
        let images = counts.joined().reduce(0, +)
        let mistakes = (0..<n).map { t in (0..<n).map { p in t == p ? 0 : Double(counts[t][p]) } }
        let top = max(mistakes.joined().max() ?? 1, 1)
        var panel = Panel(title: "\(errors) \(errors == 1 ? "error" : "errors") in \(images) test images (diagonal: correct, not coloured)",
                          xLabel: "predicted digit", yLabel: "true digit",
                          layers: [.matrix(values: mistakes, colormap: .whiteRed, range: 0...top)])
        for t in 0..<n {
            for p in 0..<n where counts[t][p] > 0 {
                let text = "\(counts[t][p])"
                panel.layers.append(.text(x: Double(p) - 0.09 * Double(text.count), y: Double(t), text,
                                          color: t == p ? .gray : .black))
            }
        }
        panel.xTickLabels = (0..<n).map(String.init)
        panel.yTickLabels = (0..<n).map(String.init)
        panel.colorBar = "wrong answers"
        return Figure(title: "Confusion matrix on the test set", width: 720, height: 640, panels: [panel])
    }
}
