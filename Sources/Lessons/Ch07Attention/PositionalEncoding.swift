import Foundation

// listing: positional-encoding
/// The sinusoidal positional encoding of Vaswani et al. (2017), one row per position:
///
/// ```
/// PE[pos, 2i]     = sin(pos · ωᵢ)
/// PE[pos, 2i + 1] = cos(pos · ωᵢ),        ωᵢ = 10000^(−2i/d)                 equation (7.7)
/// ```
///
/// Each pair of columns turns at its own speed, from one radian per position (i = 0) down to
/// one turn per 2π · 10000^((d−2)/d) positions (i = d/2 − 1): 35,333 for d = 32, approaching
/// 2π · 10000 ≈ 62,832 as d grows. So every position gets a distinct pattern.   // -> (T, d)
public func sinusoidalPositionalEncoding(positions T: Int, dimensions d: Int) -> Tensor {
    var PE = Tensor(zeros: [T, d])
    for pos in 0..<T {
        for j in 0..<d {
            let ω = pow(10000, -Double(2 * (j / 2)) / Double(d))
            PE[pos, j] = j.isMultiple(of: 2) ? sin(Double(pos) * ω) : cos(Double(pos) * ω)
        }
    }
    return PE
}
// end listing
