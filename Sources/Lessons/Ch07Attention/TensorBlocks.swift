import Foundation

/// Sub-matrix access, for splitting a batch into sequences and a model dimension into heads.
extension Tensor {
    /// The sub-matrix of the given rows and columns.   // (r, c) -> (rows.count, cols.count)
    func block(_ rows: Range<Int>, _ cols: Range<Int>) -> Tensor {
        let (width, n) = (self.cols, cols.count)
        var out = [Double](repeating: 0, count: rows.count * n)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (i, r) in rows.enumerated() {
                    for j in 0..<n { dst[i * n + j] = src[r * width + cols.lowerBound + j] }
                }
            }
        }
        return Tensor(shape: [rows.count, n], data: out)
    }

    /// Writes `block` into the given rows and columns.
    mutating func setBlock(_ rows: Range<Int>, _ cols: Range<Int>, to block: Tensor) {
        precondition(block.shape == [rows.count, cols.count], "setBlock: a \(block.shape) block into \(rows) × \(cols)")
        let (width, n) = (self.cols, cols.count)
        block.data.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBufferPointer { dst in
                for (i, r) in rows.enumerated() {
                    for j in 0..<n { dst[r * width + cols.lowerBound + j] = src[i * n + j] }
                }
            }
        }
    }
}
