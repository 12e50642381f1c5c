import Foundation

/// One node of a small computation graph, as the walk-through table and figure show it.
public struct GraphNode: Sendable {
    /// The node's name in the text ("a", "c", "L").
    public var name: String
    /// The operation that made it ("×", "+", "tanh"), empty for an input.
    public var op: String
    public var data: Double, grad: Double
    /// Indices of the parents in the same list, with the local derivative ∂node/∂parent.
    public var parents: [(index: Int, local: Double)]
}

/// The nodes `root` depends on, in topological order (each after its parents), named by `names`
/// (nodes without a name are called v1, v2, …). Call after `root.backward()` to see the gradients.
public func graphNodes(_ root: Value, names: [ObjectIdentifier: String]) -> [GraphNode] {
    let order = root.topologicalOrder()
    let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0) })
    var unnamed = 0
    return order.map { node in
        let name = names[ObjectIdentifier(node)] ?? { unnamed += 1; return "v\(unnamed)" }()
        let parents = zip(node.parents, node.locals).compactMap { p, local in
            index[ObjectIdentifier(p)].map { (index: $0, local: local) }
        }
        return GraphNode(name: name, op: node.op, data: node.data, grad: node.grad, parents: parents)
    }
}

/// The table the chapter prints: every node with its operation, parents, data and ∂L/∂node.
public func graphTable(_ nodes: [GraphNode]) -> String {
    var lines = ["node  operation      data      grad = ∂L/∂node"]
    for node in nodes {
        let formula = node.parents.isEmpty ? "input"
            : node.parents.count == 1 ? "\(node.op) \(nodes[node.parents[0].index].name)"
            : node.parents.map { nodes[$0.index].name }.joined(separator: " \(node.op) ")
        let numbers = String(format: "%8.4f   %8.4f", node.data, node.grad).replacingOccurrences(of: "-", with: "−")
        lines.append(node.name.padding(toLength: 6, withPad: " ", startingAt: 0)
                     + formula.padding(toLength: 12, withPad: " ", startingAt: 0) + numbers)
    }
    return lines.joined(separator: "\n")
}

/// The graph drawn left to right: a box per node (name, operation, data, grad), an arrow from
/// each parent to the node it feeds, labelled with the local derivative ∂child/∂parent.
/// Nodes sit in columns by their depth (the longest path from an input).
public func computationGraphFigure(_ nodes: [GraphNode], title: String) -> Figure {
    var depth = [Int](repeating: 0, count: nodes.count)
    for (i, node) in nodes.enumerated() {
        depth[i] = node.parents.map { depth[$0.index] + 1 }.max() ?? 0
    }
    // Inputs spread out vertically; every later node sits at the mean height of its parents,
    // moved down if it would overlap a node already placed in its column.
    let (columnStep, boxWidth, boxHeight) = (4.0, 2.3, 1.3)
    var y = [Double](repeating: 0, count: nodes.count)
    let inputs = nodes.indices.filter { nodes[$0].parents.isEmpty }
    for (k, i) in inputs.enumerated() { y[i] = 1.6 * (Double(inputs.count - 1) / 2 - Double(k)) * 1.5 }
    for i in nodes.indices where !nodes[i].parents.isEmpty {
        y[i] = nodes[i].parents.map { y[$0.index] }.reduce(0, +) / Double(nodes[i].parents.count)
        while nodes.indices.contains(where: { $0 < i && depth[$0] == depth[i] && abs(y[$0] - y[i]) < boxHeight + 0.2 }) {
            y[i] -= boxHeight + 0.2
        }
    }
    let x = depth.map { Double($0) * columnStep }

    var panel = Panel()
    for (i, node) in nodes.enumerated() {
        for parent in node.parents {
            let (x0, y0) = (x[parent.index] + boxWidth / 2, y[parent.index])
            let (x1, y1) = (x[i] - boxWidth / 2, y[i])
            panel.layers.append(.line(x: [x0, x1], y: [y0, y1], color: .darkGray, width: 1.5))
            let (dx, dy) = (x1 - x0, y1 - y0)
            let length = (dx * dx + dy * dy).squareRoot()
            let (ux, uy) = (dx / length, dy / length)
            for side in [-1.0, 1.0] {  // an arrowhead: two short strokes back from the tip, ±25°
                let (c, s) = (cos(25 * Double.pi / 180), side * sin(25 * Double.pi / 180))
                let (bx, by) = (-(ux * c - uy * s), -(uy * c + ux * s))
                panel.layers.append(.line(x: [x1, x1 + 0.25 * bx], y: [y1, y1 + 0.25 * by], color: .darkGray, width: 1.5))
            }
            panel.layers.append(.text(x: x0 + 0.5 * dx - 0.55, y: y0 + 0.5 * dy + 0.2,
                                      "local " + String(format: "%.2f", parent.local).replacingOccurrences(of: "-", with: "−"),
                                      color: Color(hex: 0x2166AC)))
        }
    }
    for (i, node) in nodes.enumerated() {
        let (l, r, b, t) = (x[i] - boxWidth / 2, x[i] + boxWidth / 2, y[i] - boxHeight / 2, y[i] + boxHeight / 2)
        panel.layers.append(.line(x: [l, r, r, l, l], y: [b, b, t, t, b], color: .black, width: 2))
        let heading = node.parents.isEmpty ? "\(node.name)  (input)" : "\(node.name)  (\(node.op))"
        panel.layers.append(.text(x: l + 0.12, y: t - 0.25, heading))
        panel.layers.append(.text(x: l + 0.12, y: y[i], "data " + signed(node.data)))
        panel.layers.append(.text(x: l + 0.12, y: b + 0.25, "grad " + signed(node.grad), color: Color(hex: 0xB2182B)))
    }
    let xs = x.map { $0 - boxWidth / 2 - 0.3 } + x.map { $0 + boxWidth / 2 + 0.3 }
    let ys = y.map { $0 - boxHeight / 2 - 0.3 } + y.map { $0 + boxHeight / 2 + 0.5 }
    panel.xRange = (xs.min() ?? 0)...(xs.max() ?? 1)
    panel.yRange = (ys.min() ?? 0)...(ys.max() ?? 1)
    panel.showAxes = false
    panel.equalAspect = true
    return Figure(title: title, width: 1100, height: 480, panels: [panel])
}

/// "0.9400" or "−0.4700", with the minus sign the prose uses.
private func signed(_ v: Double) -> String {
    String(format: "%.4f", v).replacingOccurrences(of: "-", with: "−")
}
