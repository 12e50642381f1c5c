import Foundation

/// The LSTM cell of equations (5.1)–(5.4), drawn: the cell path c_{t−1} → c_t along the top,
/// touched only by a product with f_t and a sum with i_t ⊙ g_t; the four gates below it, reading
/// h_{t−1} and x_t; and h_t = o_t ⊙ tanh(c_t) leaving on the right.
enum LSTMCellDiagram {
    static func figure() -> Figure {
        var layers: [Layer] = []
        let ink = Color.black, cellColor = Color.series(1), gateColor = Color.series(0)
        func label(_ text: String, _ x: Double, _ y: Double, color: Color = ink) {
            layers.append(.text(x: x - 0.055 * Double(text.count), y: y, text, color: color))
        }
        func caption(_ text: String, _ x: Double, _ y: Double, color: Color) {
            layers.append(.text(x: x, y: y, text, color: color))
        }
        func arrow(_ points: [(Double, Double)], color: Color = ink, head: Bool = true) {
            layers.append(.line(x: points.map(\.0), y: points.map(\.1), color: color, width: 2))
            guard head, let (x1, y1) = points.last, points.count > 1 else { return }
            let (x0, y0) = points[points.count - 2]
            let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
            let (ux, uy) = ((x1 - x0) / length, (y1 - y0) / length)
            for side in [-1.0, 1] {
                let (hx, hy) = (x1 - 0.14 * ux - side * 0.07 * uy, y1 - 0.14 * uy + side * 0.07 * ux)
                layers.append(.line(x: [hx, x1], y: [hy, y1], color: color, width: 2))
            }
        }
        func box(_ text: String, _ x: Double, _ y: Double, color: Color) {
            let (w, h) = (0.42, 0.3)
            layers.append(.line(x: [x - w, x + w, x + w, x - w, x - w], y: [y - h, y - h, y + h, y + h, y - h],
                                color: color, width: 2))
            label(text, x, y, color: color)
        }
        func node(_ symbol: String, _ x: Double, _ y: Double) {
            let angles = (0...36).map { Double($0) * Double.pi / 18 }
            layers.append(.line(x: angles.map { x + 0.24 * cos($0) }, y: angles.map { y + 0.24 * sin($0) },
                                color: cellColor, width: 2))
            label(symbol, x + 0.02, y)
        }
        // The cell path (5.3): c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t.
        arrow([(0.2, 5), (2.76, 5)], color: cellColor)
        node("×", 3, 5)
        arrow([(3.24, 5), (5.76, 5)], color: cellColor)
        node("+", 6, 5)
        arrow([(6.24, 5), (10.3, 5)], color: cellColor)
        label("c(t−1)", 0.5, 5.35, color: cellColor)
        label("c(t)", 10, 5.35, color: cellColor)
        // The input [h_{t−1}, x_t] feeding all four gates (5.1), (5.2).
        arrow([(0.2, 0.8), (8.5, 0.8)], head: false)
        label("h(t−1), x(t)", 0.9, 0.45)
        for (name, x) in [("σ → f", 3.0), ("σ → i", 5.2), ("tanh → g", 6.8), ("σ → o", 8.5)] {
            arrow([(x, 0.8), (x, 1.9)])
            box(name, x, 2.2, color: gateColor)
        }
        arrow([(3, 2.5), (3, 4.76)])                       // f_t scales the old cell
        node("×", 6, 3.5)                                   // i_t ⊙ g_t
        arrow([(5.2, 2.5), (5.2, 3.5), (5.76, 3.5)])
        arrow([(6.8, 2.5), (6.8, 3.5), (6.24, 3.5)])
        arrow([(6, 3.74), (6, 4.76)])
        // The output (5.4): h_t = o_t ⊙ tanh(c_t).
        arrow([(9.3, 5), (9.3, 4.5)])
        box("tanh", 9.3, 4.2, color: gateColor)
        node("×", 9.3, 3.2)
        arrow([(9.3, 3.9), (9.3, 3.44)])
        arrow([(8.5, 2.5), (8.5, 3.2), (9.06, 3.2)])
        arrow([(9.54, 3.2), (10.3, 3.2)])
        label("h(t)", 10.2, 3.5)
        caption("(5.3) the cell path: only × f and + i ⊙ g — no weight matrix, no squashing", 0.2, 6.0, color: cellColor)
        caption("(5.1), (5.2) the gates σ(W_x x + W_h h + b) and the candidate g = tanh(…); (5.4) h = o ⊙ tanh(c)",
                0.2, -0.2, color: gateColor)
        var panel = Panel(title: "The LSTM cell, equations (5.1)–(5.4)")
        panel.layers = layers
        panel.showAxes = false
        panel.xRange = -0.2...11
        panel.yRange = -0.6...6.4
        return Figure(width: 1000, height: 640, panels: [panel])
    }
}
