import Foundation

// listing: value
/// A scalar in a computation graph that remembers how it was made, so that `backward()` can
/// apply the chain rule from the output back to every input.
///
/// Each node stores its value, its gradient ∂L/∂self (filled in by `backward()`), and for each
/// parent p the *local* derivative ∂self/∂p, computed once in the forward pass. Backward then
/// needs no closures: it multiplies and adds numbers.
///
/// ```swift
/// let a = Value(2), b = Value(-3)
/// let L = (a * b + a).tanh()
/// L.backward()
/// a.grad   // ∂L/∂a = (1 − tanh²(−4)) · (b + 1)
/// ```
public final class Value {
    /// The number this node holds.
    public var data: Double
    /// ∂L/∂(this node) after `backward()` on L; 0 before.
    public var grad: Double = 0
    /// The nodes this one was computed from, each with ∂self/∂parent.
    public let parents: [(node: Value, local: Double)]
    /// The operation that made this node ("+", "tanh", …), for printing graphs.
    public let op: String

    /// A node computed from `parents`; each parent carries the local derivative ∂self/∂parent.
    /// This is all a new operation needs: see `tanh()` below, or chapter 1's sigmoid exercise.
    public init(_ data: Double, parents: [(node: Value, local: Double)] = [], op: String = "") {
        self.data = data
        self.parents = parents
        self.op = op
    }
}
// end listing

// listing: value-ops
extension Value {
    /// a + b: ∂/∂a = 1, ∂/∂b = 1.
    public static func + (a: Value, b: Value) -> Value {
        Value(a.data + b.data, parents: [(a, 1), (b, 1)], op: "+")
    }

    /// a · b: ∂/∂a = b, ∂/∂b = a.
    public static func * (a: Value, b: Value) -> Value {
        Value(a.data * b.data, parents: [(a, b.data), (b, a.data)], op: "×")
    }

    /// aⁿ for a constant n: ∂/∂a = n aⁿ⁻¹.
    public func pow(_ n: Double) -> Value {
        Value(Foundation.pow(data, n), parents: [(self, n * Foundation.pow(data, n - 1))], op: "^\(n)")
    }

    /// eᵃ: ∂/∂a = eᵃ.
    public func exp() -> Value {
        let e = Foundation.exp(data)
        return Value(e, parents: [(self, e)], op: "exp")
    }

    /// ln a: ∂/∂a = 1/a.
    public func log() -> Value {
        Value(Foundation.log(data), parents: [(self, 1 / data)], op: "log")
    }

    /// tanh a: ∂/∂a = 1 − tanh² a.
    public func tanh() -> Value {
        let t = Foundation.tanh(data)
        return Value(t, parents: [(self, 1 - t * t)], op: "tanh")
    }

    /// max(0, a): ∂/∂a = 1 if a > 0, else 0.
    public func relu() -> Value {
        Value(max(0, data), parents: [(self, data > 0 ? 1 : 0)], op: "ReLU")
    }

    // Everything else is built from the operations above, so it needs no derivative of its own.
    public static prefix func - (a: Value) -> Value { a * Value(-1) }
    public static func - (a: Value, b: Value) -> Value { a + (-b) }
    public static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }
}
// end listing

extension Value {
    public static func + (a: Value, b: Double) -> Value { a + Value(b) }
    public static func + (a: Double, b: Value) -> Value { Value(a) + b }
    public static func - (a: Value, b: Double) -> Value { a - Value(b) }
    public static func - (a: Double, b: Value) -> Value { Value(a) - b }
    public static func * (a: Value, b: Double) -> Value { a * Value(b) }
    public static func * (a: Double, b: Value) -> Value { Value(a) * b }
    public static func / (a: Value, b: Double) -> Value { a * Value(1 / b) }
    public static func / (a: Double, b: Value) -> Value { Value(a) / b }
}

// listing: value-backward
extension Value {
    /// Every node that self depends on, each after all of its parents (a topological order),
    /// found with an explicit stack rather than recursion so that a graph of any depth works.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        // Each stack entry is a node and whether its parents have already been pushed.
        var stack: [(node: Value, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for parent in node.parents where !visited.contains(ObjectIdentifier(parent.node)) {
                stack.append((parent.node, false))
            }
        }
        return order
    }

    /// Fills in `grad` = ∂self/∂node for every node self depends on:
    /// ∂L/∂p += ∂L/∂v · ∂v/∂p for every edge v → p, visiting v before any of its parents.
    ///
    /// Gradients *accumulate* (`+=`): a node used twice receives both contributions. That is also
    /// why parameters, which live from one training step to the next, must be reset to 0 before
    /// each backward pass (`zeroGrad()`); otherwise every step adds the gradients of all earlier ones.
    public func backward() {
        let order = topologicalOrder()
        grad = 1
        for node in order.reversed() {
            for (parent, local) in node.parents {
                parent.grad += local * node.grad
            }
        }
    }
}
// end listing

extension Value {
    /// Sets `grad` to 0 on this node and everything it depends on.
    public func zeroGrad() {
        for node in topologicalOrder() { node.grad = 0 }
    }
}

extension Value: CustomStringConvertible {
    public var description: String { "Value(data: \(data), grad: \(grad))" }
}
