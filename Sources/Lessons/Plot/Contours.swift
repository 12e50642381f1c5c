/// Iso-lines of a function sampled on a regular grid, by marching squares.
public enum Contours {
    /// The pieces of the curve f = `level`, as segments in data coordinates.
    ///
    /// `values[row][col]` is f at x = `x` interpolated over the columns and y = `y` over the rows,
    /// row 0 at the bottom (the grid convention of `Layer.field`). Each grid cell whose corners
    /// lie on both sides of the level is crossed by one segment (two at a saddle); the crossing
    /// on an edge is placed by linear interpolation between its corners,
    ///
    ///     t = (level − f_a) / (f_b − f_a),   p = a + t·(b − a).
    ///
    /// A saddle (corners alternate above and below) is split by the value at the cell's centre,
    /// the mean of its corners. Cells with a non-finite corner are skipped.
    public static func segments(values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>,
                                level: Double) -> [(SIMD2<Double>, SIMD2<Double>)]
    {
        let rows = values.count, cols = values.map(\.count).min() ?? 0
        guard rows >= 2, cols >= 2, level.isFinite else { return [] }
        let dx = (x.upperBound - x.lowerBound) / Double(cols - 1)
        let dy = (y.upperBound - y.lowerBound) / Double(rows - 1)
        func point(_ row: Int, _ col: Int) -> SIMD2<Double> {
            SIMD2(x.lowerBound + Double(col) * dx, y.lowerBound + Double(row) * dy)
        }
        var segments: [(SIMD2<Double>, SIMD2<Double>)] = []
        for row in 0..<rows - 1 {
            for col in 0..<cols - 1 {
                // Corners anticlockwise from bottom-left; edge k joins corner k to corner k + 1,
                // so the edges run bottom, right, top, left.
                let corners = [(row, col), (row, col + 1), (row + 1, col + 1), (row + 1, col)]
                let f = corners.map { values[$0.0][$0.1] }
                guard f.allSatisfy(\.isFinite) else { continue }
                var crossings: [SIMD2<Double>] = []
                for k in 0..<4 {
                    let (fa, fb) = (f[k], f[(k + 1) % 4])
                    guard (fa < level) != (fb < level) else { continue }
                    let t = (level - fa) / (fb - fa)
                    let (a, b) = (point(corners[k].0, corners[k].1), point(corners[(k + 1) % 4].0, corners[(k + 1) % 4].1))
                    crossings.append(a + t * (b - a))
                }
                if crossings.count == 2 {
                    segments.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    // Crossings are on bottom, right, top, left. If the centre is on the same
                    // side as the bottom-left corner, that corner's region runs through the
                    // middle and the other two corners are cut off; otherwise the reverse.
                    let centreAbove = f.reduce(0, +) / 4 >= level
                    if centreAbove == (f[0] >= level) {
                        segments += [(crossings[0], crossings[1]), (crossings[2], crossings[3])]
                    } else {
                        segments += [(crossings[3], crossings[0]), (crossings[1], crossings[2])]
                    }
                }
            }
        }
        return segments
    }
}
