import CKernels
import Foundation

/// Sub-matrix access, for splitting a batch into sequences and a model dimension into heads.
/// Each row of a block is one contiguous run of the matrix's row-major data, copied as a whole.
extension Tensor {
    /// The sub-matrix of the given rows and columns.   // (r, c) -> (rows.count, cols.count)
    func block(_ rows: Range<Int>, _ cols: Range<Int>) -> Tensor {
        precondition(shape.count == 2 && rows.lowerBound >= 0 && rows.upperBound <= self.rows
                     && cols.lowerBound >= 0 && cols.upperBound <= self.cols,
                     "block: rows \(rows) × columns \(cols) of a \(shape) matrix")
        let width = cols.count
        let out = Kernels.written(rows.count * width) {
            ck_copy_rows($0, 0, width, data, rows.lowerBound * self.cols + cols.lowerBound, self.cols, rows.count, width)
        }
        return Tensor(shape: [rows.count, width], data: out)
    }

    /// Writes `block` into the given rows and columns.
    mutating func setBlock(_ rows: Range<Int>, _ cols: Range<Int>, to block: Tensor) {
        precondition(block.shape == [rows.count, cols.count], "setBlock: a \(block.shape) block into \(rows) × \(cols)")
        precondition(shape.count == 2 && rows.lowerBound >= 0 && rows.upperBound <= self.rows
                     && cols.lowerBound >= 0 && cols.upperBound <= self.cols,
                     "setBlock: rows \(rows) × columns \(cols) of a \(shape) matrix")
        let n = self.cols
        ck_copy_rows(&data, rows.lowerBound * n + cols.lowerBound, n, block.data, 0, cols.count, rows.count, cols.count)
    }
}
