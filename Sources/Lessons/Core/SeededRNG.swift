import Foundation

/// A small, fast, seeded random number generator: xoshiro256** (Blackman & Vigna, 2018),
/// its 256-bit state filled from the seed by SplitMix64.
///
/// Every initialisation, shuffle and sample in the course draws from one of these, so the same
/// seed gives the same numbers — and the same PNG bytes — on every machine. We do not use the
/// standard library's `shuffled(using:)` or `Double.random(in:using:)`: their algorithms are not
/// promised to stay the same between Swift versions.
///
/// ```swift
/// var rng = SeededRNG(seed: 42)
/// let w = rng.normal(mean: 0, standardDeviation: 0.1)
/// ```
public struct SeededRNG: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// Seeds the generator; any 64-bit seed, including 0, gives a well-mixed state.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// A generator for one purpose: `seed` mixed with the purpose's name (FNV-1a over its bytes),
    /// so that each purpose draws from its own stream. `RunContext.rng` is this with the run's seed.
    public init(seed: UInt64, purpose: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in purpose.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        self.init(seed: seed ^ h)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform sample from [0, 1) with 53 random bits (every representable step of 2⁻⁵³).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform sample from [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A normal sample by the Box–Muller transform: √(−2 ln u₁) · cos(2π u₂).
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let u1 = 1 - uniform()  // in (0, 1], so the log is finite
        let u2 = uniform()
        return mean + standardDeviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in 0..<n, without modulo bias (Lemire's multiply-and-reject).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs a positive bound")
        let bound = UInt64(n)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Shuffles in place by Fisher–Yates.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A random ordering of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// An index drawn with the given probabilities (they need not sum exactly to 1).
    public mutating func categorical(_ probabilities: [Double]) -> Int {
        let total = probabilities.reduce(0, +)
        var u = uniform() * total
        for (i, p) in probabilities.enumerated() {
            u -= p
            if u < 0 { return i }
        }
        return probabilities.count - 1
    }
}
