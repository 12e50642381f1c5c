import Foundation

/// Sub-matrix access, for splitting a batch into sequences and a model dimension into heads.
/// Each row of a block is one contiguous run of the matrix's row-major data, copied as a whole.
extension Tensor {
    /// The sub-matrix of the given rows and columns.   // (r, c) -> (rows.count, cols.count)
    func block(_ rows: Range<Int>, _ cols: Range<Int>) -> Tensor {
        precondition(shape.count == 2 && rows.upperBound <= self.rows && cols.upperBound <= self.cols,
                     "block: rows \(rows) × columns \(cols) of a \(shape) matrix")
        let width = cols.count, n = self.cols
        var out = [Double](repeating: 0, count: rows.count * width)
        let source = data.span
        var target = out.mutableSpan
        for (i, r) in rows.enumerated() {
            for j in 0..<width { target[i * width + j] = source[r * n + cols.lowerBound + j] }
        }
        return Tensor(shape: [rows.count, width], data: out)
    }

    /// Writes `block` into the given rows and columns.
    mutating func setBlock(_ rows: Range<Int>, _ cols: Range<Int>, to block: Tensor) {
        precondition(block.shape == [rows.count, cols.count], "setBlock: a \(block.shape) block into \(rows) × \(cols)")
        precondition(shape.count == 2 && rows.upperBound <= self.rows && cols.upperBound <= self.cols,
                     "setBlock: rows \(rows) × columns \(cols) of a \(shape) matrix")
        let width = cols.count, n = self.cols
        var target = data.mutableSpan
        let source = block.data.span
        for (i, r) in rows.enumerated() {
            for j in 0..<width { target[r * n + cols.lowerBound + j] = source[i * width + j] }
        }
    }
}
