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
    /// The nodes this one was computed from.
    public private(set) var parents: [Value]
    /// locals[i] = ∂self/∂parents[i], the local derivatives.
    public private(set) var locals: [Double]
    /// The operation that made this node ("+", "tanh", …), for printing graphs.
    public let op: String
    /// Scratch mark for the graph walk in `topologicalOrder()`; false between walks.
    fileprivate var visited = false

    /// A node computed from `parents`; each parent carries the local derivative ∂self/∂parent.
    /// This is all a new operation needs: see `tanh()` below, or chapter 1's sigmoid exercise.
    public convenience init(_ data: Double, parents: [(node: Value, local: Double)] = [], op: String = "") {
        self.init(data, parents: parents.map(\.node), locals: parents.map(\.local), op: op)
    }

    /// The same, with the parents and their local derivatives in two arrays of equal length.
    public init(_ data: Double, parents: [Value], locals: [Double], op: String) {
        precondition(parents.count == locals.count, "one local derivative per parent")
        self.data = data
        self.parents = parents
        self.locals = locals
        self.op = op
    }

    deinit {
        if !parents.isEmpty { releaseIteratively() }  // see `releaseIteratively`: long chains, not the chain rule
    }
}
// end listing

// listing: value-ops
extension Value {
    /// a + b: ∂/∂a = 1, ∂/∂b = 1.
    public static func + (a: Value, b: Value) -> Value {
        Value(a.data + b.data, parents: [a, b], locals: [1, 1], op: "+")
    }

    /// a · b: ∂/∂a = b, ∂/∂b = a.
    public static func * (a: Value, b: Value) -> Value {
        Value(a.data * b.data, parents: [a, b], locals: [b.data, a.data], op: "×")
    }

    /// aⁿ for a constant n: ∂/∂a = n aⁿ⁻¹.
    public func pow(_ n: Double) -> Value {
        Value(Foundation.pow(data, n), parents: [self], locals: [n * Foundation.pow(data, n - 1)], op: "^\(n)")
    }

    /// eᵃ: ∂/∂a = eᵃ.
    public func exp() -> Value {
        let e = Foundation.exp(data)
        return Value(e, parents: [self], locals: [e], op: "exp")
    }

    /// ln a: ∂/∂a = 1/a.
    public func log() -> Value {
        Value(Foundation.log(data), parents: [self], locals: [1 / data], op: "log")
    }

    /// tanh a: ∂/∂a = 1 − tanh² a.
    public func tanh() -> Value {
        let t = Foundation.tanh(data)
        return Value(t, parents: [self], locals: [1 - t * t], op: "tanh")
    }

    /// max(0, a): ∂/∂a = 1 if a > 0, else 0.
    public func relu() -> Value {
        Value(max(0, data), parents: [self], locals: [data > 0 ? 1 : 0], op: "ReLU")
    }

    /// a − b: ∂/∂a = 1, ∂/∂b = −1.
    public static func - (a: Value, b: Value) -> Value {
        Value(a.data - b.data, parents: [a, b], locals: [1, -1], op: "−")
    }

    /// a / b is a · b⁻¹, so it needs no derivative of its own.
    public static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }
}
// end listing

extension Value {
    // With a constant c, each operation is one node with one parent.
    public static prefix func - (a: Value) -> Value { a * -1 }
    public static func + (a: Value, c: Double) -> Value { Value(a.data + c, parents: [a], locals: [1], op: "+") }
    public static func + (c: Double, a: Value) -> Value { a + c }
    public static func - (a: Value, c: Double) -> Value { a + -c }
    public static func - (c: Double, a: Value) -> Value { Value(c - a.data, parents: [a], locals: [-1], op: "−") }
    public static func * (a: Value, c: Double) -> Value { Value(a.data * c, parents: [a], locals: [c], op: "×") }
    public static func * (c: Double, a: Value) -> Value { a * c }
    public static func / (a: Value, c: Double) -> Value { a * (1 / c) }
    public static func / (c: Double, a: Value) -> Value { a.pow(-1) * c }
}

// listing: value-dot
extension Value {
    /// b + Σᵢ wᵢ xᵢ as one node with 2n + 1 parents: ∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ, ∂/∂b = 1.
    ///
    /// The same result as the chain of n products and n sums, but one node instead of 2n, which
    /// makes a neuron's graph — and its backward pass — several times cheaper.
    public static func dot(_ w: [Value], _ x: [Value], plus b: Value) -> Value {
        precondition(w.count == x.count, "dot of \(w.count) weights and \(x.count) inputs")
        var sum = b.data
        var parents = [b], locals = [1.0]
        parents.reserveCapacity(2 * w.count + 1)
        locals.reserveCapacity(2 * w.count + 1)
        for i in w.indices {
            sum += w[i].data * x[i].data
            parents.append(w[i])
            parents.append(x[i])
            locals.append(x[i].data)
            locals.append(w[i].data)
        }
        return Value(sum, parents: parents, locals: locals, op: "dot")
    }
}
// end listing

// listing: value-backward
extension Value {
    /// Every node that self depends on, each after all of its parents (a topological order),
    /// found with an explicit stack rather than recursion so that a graph of any depth works.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        // Each stack entry is a node and whether its parents have already been pushed.
        var stack: [(node: Value, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            if node.visited { continue }
            node.visited = true
            stack.append((node, true))
            for parent in node.parents where !parent.visited {
                stack.append((parent, false))
            }
        }
        for node in order { node.visited = false }
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
            for (parent, local) in zip(node.parents, node.locals) {
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

// listing: value-release
extension Value {
    /// Releasing the last reference to the end of a long chain would release its parent, which
    /// releases its parent, … one nested call per node: a 100,000-node chain would overflow the
    /// stack. Instead, nodes that are about to die hand their parents to a worklist.
    /// (This is memory management, not part of the chain rule.)
    fileprivate func releaseIteratively() {
        var pending = parents
        parents = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.parents)
                node.parents = []
            }
        }
    }
}
// end listing

extension Value: CustomStringConvertible {
    public var description: String { "Value(data: \(data), grad: \(grad))" }
}
