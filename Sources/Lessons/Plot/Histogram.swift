/// Counts of `values` in `bins` equal-width bins over `range`, as bar centres and heights
/// (fractions of all values when `normalized`). Values outside the range, and NaNs, are dropped.
public func histogram(_ values: [Double], bins: Int, range: ClosedRange<Double>,
                      normalized: Bool = true) -> (centers: [Double], heights: [Double]) {
    let width = (range.upperBound - range.lowerBound) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for v in values where range.contains(v) {
        counts[min(bins - 1, Int((v - range.lowerBound) / width))] += 1
    }
    let total = normalized ? Double(max(values.count, 1)) : 1
    return ((0..<bins).map { range.lowerBound + (Double($0) + 0.5) * width }, counts.map { $0 / total })
}
