import CKernels
import Foundation

/// A dense, row-major array of `Double` with a shape: the one container every chapter uses.
///
/// A vector has shape `[n]`, a matrix `[rows, cols]`, a batch of images `[N, C, H, W]`.
/// Element `[i, j]` of a matrix lives at `data[i * cols + j]`. It is a value type: copies are
/// cheap until one of them is written to (copy-on-write through the underlying array).
///
/// ```swift
/// let W = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
/// let x = Tensor([1, 0, -1])
/// W.matvec(x)   // [-2, -2]
/// ```
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The size of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order; `data.count == shape.reduce(1, *)`.
    public var data: [Double]

    /// A tensor with the given shape and elements.
    public init(shape: [Int], data: [Double]) {
        precondition(shape.reduce(1, *) == data.count,
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) elements, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    /// A vector.
    public init(_ vector: [Double]) { self.init(shape: [vector.count], data: vector) }

    /// A matrix from its rows (all rows the same length).
    public init(rows: [[Double]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "Tensor(rows:) needs rows of equal length")
        self.init(shape: [rows.count, cols], data: rows.flatMap { $0 })
    }

    /// A tensor filled with one value (zeros by default).
    public init(zeros shape: [Int], value: Double = 0) {
        self.init(shape: shape, data: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// The n × n identity matrix I.
    public init(identity n: Int) {
        self.init(zeros: [n, n])
        for i in 0..<n { data[i * n + i] = 1 }
    }

    /// A tensor of independent normal samples N(0, std²).
    public init(randomNormal shape: [Int], standardDeviation: Double, rng: inout SeededRNG) {
        let n = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = rng.normal(standardDeviation: standardDeviation) }
        self.init(shape: shape, data: values)
    }

    /// A tensor of independent uniform samples from [low, high).
    public init(randomUniform shape: [Int], low: Double, high: Double, rng: inout SeededRNG) {
        let n = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = rng.uniform(low, high) }
        self.init(shape: shape, data: values)
    }

    /// The number of elements.
    public var count: Int { data.count }
    /// Rows of a matrix (the first dimension).
    public var rows: Int { shape[0] }
    /// Columns of a matrix (the product of all dimensions after the first).
    /// (From the shape, so that a matrix with no rows, such as an empty cache, still has its width.)
    public var cols: Int { shape.count == 2 ? shape[1] : shape.dropFirst().reduce(1, *) }

    /// Element `[i, j]` of a matrix.
    public subscript(i: Int, j: Int) -> Double {
        get { data[i * cols + j] }
        set { data[i * cols + j] = newValue }
    }

    /// Element `[a, b, c, d]` of a 4-D tensor such as an image batch (N, C, H, W) or a filter
    /// bank (K, C, F, F), in row-major order.
    public subscript(a: Int, b: Int, c: Int, d: Int) -> Double {
        get { data[((a * shape[1] + b) * shape[2] + c) * shape[3] + d] }
        set { data[((a * shape[1] + b) * shape[2] + c) * shape[3] + d] = newValue }
    }

    /// Element `i` in row-major order.
    public subscript(i: Int) -> Double {
        get { data[i] }
        set { data[i] = newValue }
    }

    /// Row `i` of a matrix, as a vector.
    public func row(_ i: Int) -> Tensor {
        let c = cols
        return Tensor(Array(data[(i * c)..<((i + 1) * c)]))
    }

    /// The same elements with another shape of the same size.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, data: data) }

    /// A tensor of the same shape with `f` applied to each element (inlined with `f`; each element
    /// is written once into the new array, with no pass of zeros first).
    @inline(__always)
    public func map(_ f: (Double) -> Double) -> Tensor {
        Tensor(shape: shape, data: [Double](capacity: count) { out in    // each element written once
            let x = data.span
            for i in x.indices { out.append(f(x[i])) }
        })
    }

    /// Σ of all elements.
    public func sum() -> Double { data.reduce(0, +) }

    /// The largest |element|, 0 for an empty tensor.
    public func maxAbs() -> Double { data.reduce(0) { max($0, abs($1)) } }

    /// The Euclidean (Frobenius) norm √(Σ xᵢ²).
    public func norm() -> Double { data.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// True when no element is NaN or infinite.
    public var isFinite: Bool { data.allSatisfy { $0.isFinite } }

    public var description: String {
        let shown = data.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(data.count > 8 ? ", …" : "")]"
    }
}

// MARK: - Element-wise arithmetic

extension Tensor {
    /// op(a[i], b[i]) for every element of two tensors of the same shape (inlined with `op`; each
    /// element is written once into the new array, with no copy of `a` first).
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ op: (Double, Double) -> Double) -> Tensor {
        precondition(a.shape == b.shape, "element-wise op on shapes \(a.shape) and \(b.shape)")
        return Tensor(shape: a.shape, data: [Double](capacity: a.count) { out in    // each element written once
            let (x, y) = (a.data.span, b.data.span)
            for i in x.indices { out.append(op(x[i], y[i])) }
        })
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b, -) }
    /// The element-wise (Hadamard) product a ⊙ b.
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b, *) }
    public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func * (a: Tensor, s: Double) -> Tensor { a.map { s * $0 } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    public static func += (a: inout Tensor, b: Tensor) {
        precondition(a.shape == b.shape, "+= on shapes \(a.shape) and \(b.shape)")
        b.data.withUnsafeBufferPointer { bb in
            a.data.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] += bb[i] }
            }
        }
    }

    public static func -= (a: inout Tensor, b: Tensor) { a += -b }

    /// a += s · b without a temporary (the "axpy" of BLAS).
    public mutating func add(_ b: Tensor, scaledBy s: Double) {
        precondition(shape == b.shape, "add(_:scaledBy:) on shapes \(shape) and \(b.shape)")
        b.data.withUnsafeBufferPointer { bb in
            data.withUnsafeMutableBufferPointer { o in
                for i in 0..<o.count { o[i] += s * bb[i] }
            }
        }
    }

    /// The dot product Σ aᵢ bᵢ of two tensors of the same size.
    public func dot(_ b: Tensor) -> Double {
        precondition(count == b.count, "dot of sizes \(count) and \(b.count)")
        return data.withUnsafeBufferPointer { a in
            b.data.withUnsafeBufferPointer { b in
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
                return Kernels.dot(pa, pb, a.count)
            }
        }
    }
}

// MARK: - Matrices

extension Tensor {
    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(shape.count == 2, "transpose needs a matrix, got shape \(shape)")
        let (r, c) = (shape[0], shape[1])
        let out = Kernels.written(r * c) { ck_transpose($0, data, r, c) }   // out[j, i] = data[i, j]
        return Tensor(shape: [c, r], data: out)
    }

    /// The matrix product C = A B of an (m×k) and a (k×n) matrix.
    ///
    /// The loops run i-k-j so the innermost loop walks both B and C along a row: contiguous
    /// memory, which the compiler vectorises.
    public func matmul(_ b: Tensor) -> Tensor {
        precondition(shape.count == 2 && b.shape.count == 2 && shape[1] == b.shape[0],
                     "matmul of shapes \(shape) and \(b.shape)")
        let (m, k, n) = (shape[0], shape[1], b.shape[1])
        var out = [Double](repeating: 0, count: m * n)
        data.withUnsafeBufferPointer { A in
            b.data.withUnsafeBufferPointer { B in
                out.withUnsafeMutableBufferPointer { C in
                    // Row i of C is the combination of B's rows with the coefficients A[i, :].
                    guard k > 0, n > 0, let a = A.baseAddress, let b = B.baseAddress, let c = C.baseAddress else { return }
                    Kernels.addRowCombinations(into: c, rows: m, coefficients: a, rowStride: k, stride: 1,
                                               rows: b, count: k, length: n)
                }
            }
        }
        return Tensor(shape: [m, n], data: out)
    }

    /// Aᵀ B without forming Aᵀ: A is (k×m), B is (k×n), the result (m×n).
    /// This is the shape of every weight gradient, dW = Xᵀ dY.
    public func transposedMatmul(_ b: Tensor) -> Tensor {
        precondition(shape.count == 2 && b.shape.count == 2 && shape[0] == b.shape[0],
                     "transposedMatmul of shapes \(shape) and \(b.shape)")
        let (k, m, n) = (shape[0], shape[1], b.shape[1])
        var out = [Double](repeating: 0, count: m * n)
        data.withUnsafeBufferPointer { A in
            b.data.withUnsafeBufferPointer { B in
                out.withUnsafeMutableBufferPointer { C in
                    // Row i of C is the combination of B's rows with the coefficients A[:, i].
                    guard k > 0, n > 0, let a = A.baseAddress, let b = B.baseAddress, let c = C.baseAddress else { return }
                    Kernels.addRowCombinations(into: c, rows: m, coefficients: a, rowStride: 1, stride: m,
                                               rows: b, count: k, length: n)
                }
            }
        }
        return Tensor(shape: [m, n], data: out)
    }

    /// A Bᵀ without forming Bᵀ: A is (m×k), B is (n×k), the result (m×n).
    /// This is the shape of every input gradient, dX = dY Wᵀ.
    public func matmulTransposed(_ b: Tensor) -> Tensor {
        precondition(shape.count == 2 && b.shape.count == 2 && shape[1] == b.shape[1],
                     "matmulTransposed of shapes \(shape) and \(b.shape)")
        let (m, k, n) = (shape[0], shape[1], b.shape[0])
        var out = [Double](repeating: 0, count: m * n)
        data.withUnsafeBufferPointer { A in
            b.data.withUnsafeBufferPointer { B in
                out.withUnsafeMutableBufferPointer { C in
                    // Row i of C is B times row i of A: dot products of B's rows with A[i, :].
                    guard k > 0, n > 0, let a = A.baseAddress, let b = B.baseAddress, let c = C.baseAddress else { return }
                    Kernels.matvecs(b, rows: n, cols: k, a, count: m, into: c)
                }
            }
        }
        return Tensor(shape: [m, n], data: out)
    }

    /// The matrix–vector product W x of an (m×n) matrix and an n-vector.
    public func matvec(_ x: Tensor) -> Tensor {
        precondition(shape.count == 2 && shape[1] == x.count, "matvec of shapes \(shape) and \(x.shape)")
        let (m, n) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: m)
        data.withUnsafeBufferPointer { W in
            x.data.withUnsafeBufferPointer { v in
                for i in 0..<m {
                    var s = 0.0
                    for j in 0..<n { s += W[i * n + j] * v[j] }
                    out[i] = s
                }
            }
        }
        return Tensor(out)
    }

    /// The outer product a bᵀ of an m-vector and an n-vector, an (m×n) matrix.
    public func outer(_ b: Tensor) -> Tensor {
        var out = [Double](repeating: 0, count: count * b.count)
        for i in 0..<count { for j in 0..<b.count { out[i * b.count + j] = data[i] * b.data[j] } }
        return Tensor(shape: [count, b.count], data: out)
    }

    /// Adds the vector b to every row of a matrix: the bias broadcast in Z = XW + b.
    public func addingRowVector(_ b: Tensor) -> Tensor {
        precondition(cols == b.count, "addingRowVector: \(cols) columns but bias of size \(b.count)")
        var out = data
        let c = cols
        for i in 0..<rows { for j in 0..<c { out[i * c + j] += b.data[j] } }
        return Tensor(shape: shape, data: out)
    }

    /// The column sums of a matrix, Σᵢ X[i, j]: the gradient of a broadcast bias.
    public func sumRows() -> Tensor {
        let c = cols
        let out = Kernels.written(c) { ck_sum_rows($0, data, rows, c) }   // each column's rows added in order
        return Tensor(out)
    }
}
