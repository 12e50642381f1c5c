import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 1's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch01: [WrongAnswer] = [
        WrongAnswer("sigmoid-value", "local derivative σ instead of σ(1 − σ)", mentions: "σ(x)(1 − σ(x))") {
            Ch01Graders.sigmoidValue { x in
                let s = Lessons.sigmoid(x.data)
                return Value(s, parents: [(x, s)])
            }
        },
        WrongAnswer("sigmoid-value", "built from pow, exp and + instead of one node", mentions: "only parent is x") {
            Ch01Graders.sigmoidValue { x in (Value(1) + (x * Value(-1)).exp()).pow(-1) }
        },
        WrongAnswer("sigmoid-value", "eˣ / (1 + eˣ) for every x, ∞/∞ for large x", mentions: "∞/∞ = NaN") {
            Ch01Graders.sigmoidValue { x in
                let s = exp(x.data) / (1 + exp(x.data))
                return Value(s, parents: [(x, s * (1 - s))])
            }
        },
        WrongAnswer("sigmoid-value", "local derivative e⁻ˣ / (1 + e⁻ˣ)², ∞/∞ at x = −800", mentions: "σ(1 − σ)") {
            Ch01Graders.sigmoidValue { x in
                let e = exp(-x.data)
                return Value(1 / (1 + e), parents: [(x, e / ((1 + e) * (1 + e)))])
            }
        },
        WrongAnswer("bce-with-logits", "the textbook formula with log σ(z), −∞ at z = ±1000", mentions: "log1p(exp(−|z|))") {
            Ch01Graders.binaryCrossEntropyWithLogits { z, y in
                let p = Lessons.sigmoid(z)
                return (-(y * log(p) + (1 - y) * log(1 - p)), p - y)
            }
        },
        WrongAnswer("bce-with-logits", "dL/dz = y − σ(z), the sign flipped", mentions: "sign is flipped") {
            Ch01Graders.binaryCrossEntropyWithLogits { z, y in
                (max(z, 0) - z * y + log1p(exp(-abs(z))), y - Lessons.sigmoid(z))
            }
        },
        WrongAnswer("bce-with-logits", "the max(z, 0) term left out", mentions: "missing the max(z, 0) term") {
            Ch01Graders.binaryCrossEntropyWithLogits { z, y in
                (-z * y + log1p(exp(-abs(z))), Lessons.sigmoid(z) - y)
            }
        },
        WrongAnswer("huber", "gradient r everywhere, not clipped at ±δ", mentions: "clipped at ±δ") {
            Ch01Graders.huberLoss { ŷ, y, δ in
                let r = ŷ - y
                return LossAndGradient(loss: r.data.reduce(0) { $0 + (abs($1) <= δ ? 0.5 * $1 * $1 : δ * (abs($1) - 0.5 * δ)) },
                                       gradient: r)
            }
        },
        WrongAnswer("huber", "linear branch δ|r| without the − ½δ²", mentions: "δ(|r| − ½δ)") {
            Ch01Graders.huberLoss { ŷ, y, δ in
                let r = ŷ - y
                return LossAndGradient(loss: r.data.reduce(0) { $0 + (abs($1) <= δ ? 0.5 * $1 * $1 : δ * abs($1)) },
                                       gradient: r.map { abs($0) <= δ ? $0 : δ * ($0 > 0 ? 1 : -1) })
            }
        },
        WrongAnswer("huber", "the mean over elements instead of the sum", mentions: "summed over the elements") {
            Ch01Graders.huberLoss { ŷ, y, δ in
                let r = ŷ - y, n = Double(r.count)
                return LossAndGradient(loss: r.data.reduce(0) { $0 + (abs($1) <= δ ? 0.5 * $1 * $1 : δ * (abs($1) - 0.5 * δ)) } / n,
                                       gradient: r.map { (abs($0) <= δ ? $0 : δ * ($0 > 0 ? 1 : -1)) / n })
            }
        },
        WrongAnswer("value-division", "∂/∂b = a/b², the sign flipped", mentions: "the sign is flipped") {
            Ch01Graders.valueDivision { a, b in Value(a.data / b.data, parents: [(a, 1 / b.data), (b, a.data / (b.data * b.data))]) }
        },
        WrongAnswer("value-division", "∂/∂b = −1/b², a left out", mentions: "you left out a") {
            Ch01Graders.valueDivision { a, b in Value(a.data / b.data, parents: [(a, 1 / b.data), (b, -1 / (b.data * b.data))]) }
        },
        WrongAnswer("value-division", "built from × and pow(−1) instead of one node", mentions: "parents are a and b") {
            Ch01Graders.valueDivision { a, b in a * b.pow(-1) }
        },
    ]
}
