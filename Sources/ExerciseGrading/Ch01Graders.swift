import Exercises
import Foundation
import Lessons

/// Graders for chapter 1. Each takes the function under test, so the same grader checks the
/// learner's code and the reference solution.
public enum Ch01Graders {
    /// σ as one autograd node: value, a single parent, and the local derivative σ(1 − σ).
    public static func sigmoidValue(_ sigmoidOp: (Value) throws -> Value) -> Verdict {
        grade {
            for x in [-3.0, -0.5, 0, 2] {
                let input = Value(x)
                let s = try sigmoidOp(input)
                try requireClose(s.data, Lessons.sigmoid(x), "σ(\(x))", hint: "σ(x) = 1 / (1 + e⁻ˣ); σ(0) = 0.5")
                try require(s.parents.count == 1 && s.parents[0] === input,
                            "σ(x) should be one node whose only parent is x (got \(s.parents.count) parents); "
                            + "make it with Value(σ, parents: [(x, dσ/dx)])")
                // Backward through a product checks that the local derivative is used by the chain rule.
                let L = s * Value(3)
                L.backward()
                let σ = Lessons.sigmoid(x)
                try requireClose(input.grad, 3 * σ * (1 - σ), "∂(3σ(x))/∂x at x = \(x)",
                                 hint: "the local derivative is σ'(x) = σ(x)(1 − σ(x))")
            }
            for x in [-800.0, 800] {
                let far = try sigmoidOp(Value(x))
                try require(far.data.isFinite && far.locals.allSatisfy(\.isFinite),
                            "σ(\(x)) gave \(far.data) with local derivative \(far.locals.first ?? .nan). "
                            + "1 / (1 + e⁻ˣ) is safe for every x (at x = −800, e⁸⁰⁰ = ∞ and 1 / (1 + ∞) = 0, "
                            + "the right value), but a fraction with e raised to a large positive power on top and "
                            + "bottom is ∞/∞ = NaN: eˣ / (1 + eˣ) at x = +800, or e⁻ˣ / (1 + e⁻ˣ)² at x = −800. "
                            + "Compute σ once and write the derivative as σ(1 − σ)")
                try requireClose(far.data, x < 0 ? 0 : 1, tolerance: 1e-12, "σ(\(x))")
            }
        }
    }

    /// BCE from a logit: loss = max(z, 0) − z y + log(1 + e^(−|z|)), dL/dz = σ(z) − y.
    public static func binaryCrossEntropyWithLogits(
        _ bce: (Double, Double) throws -> (loss: Double, dz: Double)
    ) -> Verdict {
        grade {
            for z in [-5.0, -1, 0, 0.5, 3] {
                for y in [0.0, 1, 0.3] {
                    let (loss, dz) = try bce(z, y)
                    let expected = max(z, 0) - z * y + log1p(exp(-abs(z)))
                    try rejectKnownMistakes([loss], expected: [expected], [
                        KnownMistake("loss at z = \(z), y = \(y): got \(loss), expected \(expected) — you are missing the "
                                     + "max(z, 0) term. log(1 + e⁻ᶻ) = max(−z, 0) + log(1 + e^(−|z|)), so "
                                     + "L = max(z, 0) − z y + log(1 + e^(−|z|))", answer: [expected - max(z, 0)]),
                    ])
                    try rejectKnownMistakes([dz], expected: [Lessons.sigmoid(z) - y], [
                        KnownMistake("dL/dz at z = \(z), y = \(y): got \(dz), the sign is flipped: "
                                     + "dL/dz = σ(z) − y (the prediction minus the target), not y − σ(z)",
                                     answer: [y - Lessons.sigmoid(z)]),
                    ])
                    try requireClose(loss, expected, "loss at z = \(z), y = \(y)",
                                     hint: "L = −[y log σ(z) + (1 − y) log(1 − σ(z))]")
                    try requireClose(dz, Lessons.sigmoid(z) - y, "dL/dz at z = \(z), y = \(y)",
                                     hint: "simplify: the derivative collapses to σ(z) − y")
                }
            }
            for (z, y, expected) in [(1000.0, 0.0, 1000.0), (1000, 1, 0), (-1000, 1, 1000), (-1000, 0, 0)] {
                let (loss, dz) = try bce(z, y)
                try require(loss.isFinite && dz.isFinite,
                            "at z = \(z), y = \(y) you returned loss \(loss), dz \(dz): σ(z) rounds to 0 or 1 there, "
                            + "so log σ(z) is −∞. Rewrite log σ(z) = −log(1 + e⁻ᶻ) and use log1p(exp(−|z|))")
                try requireClose(loss, expected, tolerance: 1e-9, "loss at z = \(z), y = \(y)")
            }
        }
    }

    /// Huber loss and its gradient, summed over elements.
    public static func huberLoss(_ huber: (Tensor, Tensor, Double) throws -> LossAndGradient) -> Verdict {
        grade {
            let ŷ = Tensor([0.5, -2, 3, 0.1, -0.4])
            let y = Tensor([0, 1, 0.5, 0.1, 2])
            for δ in [1.0, 0.3] {
                let result = try huber(ŷ, y, δ)
                try require(result.gradient.shape == ŷ.shape,
                            "the gradient should have the prediction's shape \(ŷ.shape), got \(result.gradient.shape)")
                let expectedGradient = Tensor((0..<ŷ.count).map { i in
                    let r = ŷ[i] - y[i]
                    return abs(r) <= δ ? r : δ * (r > 0 ? 1 : -1)
                })
                try rejectKnownMistakes(result.gradient, expected: expectedGradient, [
                    KnownMistake("∂L/∂ŷ with δ = \(δ) is 1/\(ŷ.count) of the right value: the Huber loss here is "
                                 + "summed over the elements, not averaged — drop the 1/N", answer: (1 / Double(ŷ.count)) * expectedGradient),
                    KnownMistake("∂L/∂ŷ with δ = \(δ) equals r = ŷ − y everywhere, as for ½r²: outside |r| ≤ δ the loss is "
                                 + "linear, so the gradient is clipped at ±δ (δ·sign(r))", answer: ŷ - y),
                ])
                var expectedLoss = 0.0
                for i in 0..<ŷ.count {
                    let r = ŷ[i] - y[i]
                    expectedLoss += abs(r) <= δ ? 0.5 * r * r : δ * (abs(r) - 0.5 * δ)
                    let expectedGrad = abs(r) <= δ ? r : δ * (r > 0 ? 1 : -1)
                    try requireClose(result.gradient[i], expectedGrad, "∂L/∂ŷ[\(i)] with δ = \(δ) (r = \(r))",
                                     hint: "it is r inside |r| ≤ δ and δ·sign(r) outside: the gradient is clipped at ±δ")
                }
                try requireClose(result.loss, expectedLoss, "loss with δ = \(δ)",
                                 hint: "sum ½r² for |r| ≤ δ and δ(|r| − ½δ) otherwise over all elements")
                let check = checkGradient("∂L/∂ŷ", analytic: result.gradient, at: ŷ) {
                    (try? huber($0, y, δ).loss) ?? .nan
                }
                try require(check.passes(), "your gradient disagrees with your loss: \(check)")
            }
        }
    }

    /// a / b as one node with two parents: ∂/∂a = 1/b, ∂/∂b = −a/b²; x / x has derivative 0.
    public static func valueDivision(_ divideOp: (Value, Value) throws -> Value) -> Verdict {
        grade {
            for (a, b) in [(3.0, 2.0), (-1.5, 0.5), (2, -4)] {
                let (A, B) = (Value(a), Value(b))
                let q = try divideOp(A, B)
                try requireClose(q.data, a / b, "\(a) / \(b)")
                try require(q.parents.count == 2 && q.parents[0] === A && q.parents[1] === B,
                            "a / b should be one node whose parents are a and b, in that order (got \(q.parents.count) "
                            + "parents); make it with Value(a / b, parents: [(a, ∂/∂a), (b, ∂/∂b)])")
                let L = q * Value(3)
                L.backward()
                try requireClose(A.grad, 3 / b, "∂(3 a/b)/∂a at a = \(a), b = \(b)", hint: "∂(a/b)/∂a = 1/b")
                try rejectKnownMistakes([B.grad], expected: [-3 * a / (b * b)], [
                    KnownMistake("∂(3 a/b)/∂b at a = \(a), b = \(b): got \(B.grad), the sign is flipped — "
                                 + "a/b = a b⁻¹, so ∂/∂b = −a b⁻² = −a/b²: a larger b gives a smaller quotient",
                                 answer: [3 * a / (b * b)]),
                    KnownMistake("∂(3 a/b)/∂b at a = \(a), b = \(b): got \(B.grad) — you left out a: "
                                 + "∂(a/b)/∂b = −a/b², not −1/b²", answer: [-3 / (b * b)]),
                ])
                try requireClose(B.grad, -3 * a / (b * b), "∂(3 a/b)/∂b at a = \(a), b = \(b)",
                                 hint: "∂(a/b)/∂b = −a/b²")
            }
            let x = Value(1.7)
            let ratio = try divideOp(x, x)
            ratio.backward()
            try requireClose(ratio.data, 1, "x / x")
            try requireClose(x.grad, 0, tolerance: 1e-12, "∂(x/x)/∂x at x = 1.7",
                             hint: "x is both parents: the two local derivatives 1/x and −x/x² must both be kept, "
                                 + "and backward() adds them")
        }
    }
}

extension ExerciseCatalog {
    static let ch01: [Exercise] = [
        Exercise(name: "sigmoid-value", chapter: 1, title: "σ as a new operation of the autograd engine",
                 hint: "One node: Value(σ(x), parents: [(x, local)]). What is dσ/dx written with σ itself?",
                 testName: "sigmoidValue",
                 gradeLearner: { Ch01Graders.sigmoidValue(Exercises.sigmoid) }),
        Exercise(name: "bce-with-logits", chapter: 1, title: "Binary cross-entropy from the logit, stable for |z| = 1000",
                 hint: "log σ(z) = −log(1 + e⁻ᶻ) and log(1 − σ(z)) = −z − log(1 + e⁻ᶻ); then use log1p(exp(−|z|)).",
                 testName: "binaryCrossEntropyWithLogits",
                 gradeLearner: { Ch01Graders.binaryCrossEntropyWithLogits(Exercises.binaryCrossEntropyWithLogits) }),
        Exercise(name: "huber", chapter: 1, title: "Huber loss and its gradient",
                 hint: "Work per element with r = ŷ − y; the gradient is r inside |r| ≤ δ and δ·sign(r) outside.",
                 testName: "huberLoss",
                 gradeLearner: { Ch01Graders.huberLoss(Exercises.huberLoss) }),
        Exercise(name: "value-division", chapter: 1, title: "a / b as a new autograd operation with two parents",
                 hint: "One node with two parents: Value(a / b, parents: [(a, ∂/∂a), (b, ∂/∂b)]). Write a/b as a·b⁻¹ to find ∂/∂b.",
                 testName: "valueDivision",
                 gradeLearner: { Ch01Graders.valueDivision(Exercises.divide) }),
    ]
}
