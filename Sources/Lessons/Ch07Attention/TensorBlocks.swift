import Foundation

/// Sub-matrix access, for splitting a batch into sequences and a model dimension into heads.
extension Tensor {
    /// The sub-matrix of the given rows and columns.   // (r, c) -> (rows.count, cols.count)
    func block(_ rows: Range<Int>, _ cols: Range<Int>) -> Tensor {
        var out = Tensor(zeros: [rows.count, cols.count])
        for (i, r) in rows.enumerated() {
            for (j, c) in cols.enumerated() { out[i, j] = self[r, c] }
        }
        return out
    }

    /// Writes `block` into the given rows and columns.
    mutating func setBlock(_ rows: Range<Int>, _ cols: Range<Int>, to block: Tensor) {
        precondition(block.shape == [rows.count, cols.count], "setBlock: a \(block.shape) block into \(rows) × \(cols)")
        for (i, r) in rows.enumerated() {
            for (j, c) in cols.enumerated() { self[r, c] = block[i, j] }
        }
    }
}
