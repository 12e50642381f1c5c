import Exercises
import Foundation
import Lessons

/// Graders for chapter 3.
public enum Ch03Graders {
    /// Average pooling with F×F windows and stride F, written plainly so the grader does not
    /// depend on the learner's code: the function whose gradient the learner computes.
    static func averagePool(_ X: Tensor, size F: Int) -> Tensor {
        let (N, C, H, W) = (X.shape[0], X.shape[1], X.shape[2], X.shape[3])
        let (Ho, Wo) = (H / F, W / F)
        var Y = Tensor(zeros: [N, C, Ho, Wo])
        for plane in 0..<(N * C) {
            for i in 0..<Ho {
                for j in 0..<Wo {
                    var sum = 0.0
                    for u in 0..<F { for v in 0..<F { sum += X.data[(plane * H + F * i + u) * W + F * j + v] } }
                    Y.data[(plane * Ho + i) * Wo + j] = sum / Double(F * F)
                }
            }
        }
        return Y
    }

    /// ∂L/∂X of average pooling, checked against central differences of L = Σ G ⊙ avgpool(X).
    public static func averagePoolBackward(_ backward: (Tensor, [Int], Int) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 31)
            for (shape, F) in [([1, 1, 4, 4], 2), ([2, 3, 5, 7], 2), ([1, 2, 6, 6], 3)] {
                let X = Tensor(randomNormal: shape, standardDeviation: 1, rng: &rng)
                let G = Tensor(randomNormal: averagePool(X, size: F).shape, standardDeviation: 1, rng: &rng)
                let dX = try backward(G, shape, F)
                try require(dX.shape == shape, "with input \(shape) and F = \(F), ∂L/∂X should have the input's shape \(shape), got \(dX.shape)")
                let expected = numericalGradient(at: X) { averagePool($0, size: F).dot(G) }
                let (H, W) = (shape[2], shape[3])
                for index in 0..<X.count {
                    let (r, q) = ((index / W) % H, index % W)
                    let got = dX.data[index], want = expected.data[index]
                    guard relativeError(got, want) >= 1e-6 else { continue }
                    let window = "pixel (row \(r), column \(q)) of input \(shape), F = \(F)"
                    if r >= (H / F) * F || q >= (W / F) * F {
                        throw GradingFailure(message: "\(window): got \(got), expected 0 — this pixel lies in no window "
                                             + "(⌊\(H)/\(F)⌋ = \(H / F) rows of windows), so it does not affect the loss")
                    }
                    let hint = abs(got - want * Double(F * F)) < 1e-9 * max(1, abs(got))
                        ? "did you forget the 1/F² = 1/\(F * F) of the mean?"
                        : "every pixel of window (i, j) = (\(r / F), \(q / F)) gets dY[i, j] / F²"
                    throw GradingFailure(message: "∂L/∂X at \(window): got \(got), expected \(want); \(hint)")
                }
            }
        }
    }

    /// The reference unrolling, element by element from its definition. `offset` is how far the
    /// zero-padded image is shifted (P; a grader's known mistake forgets it), `column` where
    /// (c, u, v) goes in a row.
    static func patches(_ x: Tensor, F: Int, S: Int, P: Int, offset: Int? = nil,
                        column: ((Int, Int, Int) -> Int)? = nil) -> Tensor {
        let place = column ?? { c, u, v in (c * F + u) * F + v }
        let (C, H, W) = (x.shape[0], x.shape[1], x.shape[2])
        let (Ho, Wo) = (convOutputSize(H, filter: F, stride: S, padding: P), convOutputSize(W, filter: F, stride: S, padding: P))
        var cols = Tensor(zeros: [Ho * Wo, C * F * F])
        forEachTap(C: C, H: H, W: W, F: F, S: S, P: P, shift: offset ?? P) { row, c, u, v, pixel in
            cols[row, place(c, u, v)] = x.data[pixel]
        }
        return cols
    }

    /// Every tap of every window that falls inside the C × H × W image: the window's row of the
    /// unrolled matrix (i · W_out + j), the tap (c, u, v), and the pixel it reads, for windows placed
    /// `shift` pixels up and left (P for a zero-padded image).
    static func forEachTap(C: Int, H: Int, W: Int, F: Int, S: Int, P: Int, shift: Int,
                           _ body: (_ row: Int, _ c: Int, _ u: Int, _ v: Int, _ pixel: Int) -> Void) {
        let (Ho, Wo) = (convOutputSize(H, filter: F, stride: S, padding: P), convOutputSize(W, filter: F, stride: S, padding: P))
        for i in 0..<Ho {
            for j in 0..<Wo {
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let (r, q) = (S * i + u - shift, S * j + v - shift)
                            guard (0..<H).contains(r), (0..<W).contains(q) else { continue }
                            body(i * Wo + j, c, u, v, (c * H + r) * W + q)
                        }
                    }
                }
            }
        }
    }

    /// im2col: the shape from equation (3.2), every entry, and that im2col(x) · Wᵀ is the convolution.
    public static func im2col(_ unroll: (Tensor, Int, Int, Int) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 32)
            for (C, H, W, F, S, P) in [(1, 4, 4, 2, 2, 0), (2, 5, 6, 3, 2, 1), (3, 7, 7, 3, 1, 1)] {
                let x = Tensor(randomNormal: [C, H, W], standardDeviation: 1, rng: &rng)
                let setting = "C = \(C), H = \(H), W = \(W), F = \(F), S = \(S), P = \(P)"
                let (Ho, Wo) = (convOutputSize(H, filter: F, stride: S, padding: P), convOutputSize(W, filter: F, stride: S, padding: P))
                let cols = try unroll(x, F, S, P)
                try require(cols.shape == [Ho * Wo, C * F * F],
                            "with \(setting) the result should be (H_out·W_out, C·F·F) = [\(Ho * Wo), \(C * F * F)], got \(cols.shape); "
                            + "H_out = ⌊(H + 2P − F)/S⌋ + 1 = ⌊(\(H) + \(2 * P) − \(F))/\(S)⌋ + 1 = \(Ho)")
                let expected = patches(x, F: F, S: S, P: P)
                try rejectKnownMistakes(cols, expected: expected, [
                    KnownMistake("with \(setting): you read x[c, S·i+u, S·j+v], as if there were no padding. The padded "
                                 + "image is shifted by P: read x[c, S·i+u−P, S·j+v−P], and 0 where that falls outside",
                                 answer: patches(x, F: F, S: S, P: P, offset: 0)),
                    KnownMistake("with \(setting): the columns are in the order u, v, c; one filter W[k] in the (K, C, F, F) "
                                 + "layout runs over c, then u, then v: column (c·F + u)·F + v",
                                 answer: patches(x, F: F, S: S, P: P, column: { c, u, v in (u * F + v) * C + c })),
                ], tolerance: 0)
                for index in 0..<expected.count where cols.data[index] != expected.data[index] {
                    let (row, column) = index.quotientAndRemainder(dividingBy: C * F * F)
                    let (c, u, v) = (column / (F * F), (column / F) % F, column % F)
                    let (i, j) = row.quotientAndRemainder(dividingBy: Wo)
                    let (r, q) = (S * i + u - P, S * j + v - P)
                    let source = (0..<H).contains(r) && (0..<W).contains(q) ? "x[\(c), \(r), \(q)]" : "0 (padding: row \(r), column \(q) is outside the image)"
                    throw GradingFailure(message: "with \(setting): entry [\(row), \(column)] — output (i, j) = (\(i), \(j)), "
                                         + "(c, u, v) = (\(c), \(u), \(v)) — is \(cols.data[index]), expected \(source) = \(expected.data[index])")
                }
                let K = 2
                let filters = Tensor(randomNormal: [K, C, F, F], standardDeviation: 1, rng: &rng)
                let conv = Conv2D(W: filters, b: Tensor(zeros: [K]), stride: S, padding: P).forward(x.reshaped([1, C, H, W]))
                let product = cols.matmulTransposed(filters.reshaped([K, C * F * F]))   // (Ho·Wo, K)
                for k in 0..<K {
                    for o in 0..<(Ho * Wo) {
                        try requireClose(product[o, k], conv.data[k * Ho * Wo + o], tolerance: 1e-12,
                                         "(im2col(x) · Wᵀ)[\(o), \(k)] against the convolution")
                    }
                }
            }
        }
    }

    /// Inverted dropout: the mask is 0/1 and drawn from the given generator, kept values are
    /// scaled by 1/p, about a fraction p is kept, and the backward pass uses the same mask and scale.
    public static func dropout(
        forward: (Tensor, Double, inout SeededRNG) throws -> (y: Tensor, mask: Tensor),
        backward: (Tensor, Tensor, Double) throws -> Tensor
    ) -> Verdict {
        grade {
            var source = SeededRNG(seed: 33)
            let x = Tensor(randomNormal: [100, 200], standardDeviation: 1, rng: &source)
            for p in [0.8, 0.5] {
                var rng = SeededRNG(seed: 34), again = SeededRNG(seed: 34)
                let (y, mask) = try forward(x, p, &rng)
                try require(y.shape == x.shape && mask.shape == x.shape,
                            "y and mask should have x's shape \(x.shape), got \(y.shape) and \(mask.shape)")
                if let i = mask.data.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                    throw GradingFailure(message: "mask[\(i)] = \(mask.data[i]); the mask should hold 1 (kept) or 0 (dropped) — put the 1/p scale in y, not in the mask")
                }
                for i in 0..<x.count where abs(y.data[i] - x.data[i] * mask.data[i] / p) > 1e-12 {
                    let kept = mask.data[i] == 1
                    throw GradingFailure(message: "with p = \(p): y[\(i)] = \(y.data[i]) but x[\(i)] = \(x.data[i]) was "
                                         + (kept ? "kept, so y should be x / p = \(x.data[i] / p); did you forget the 1/p scale?"
                                                 : "dropped, so y should be 0"))
                }
                let kept = mask.sum() / Double(mask.count)
                try require(abs(kept - p) < 0.02,
                            "with p = \(p) you kept \(String(format: "%.3f", kept)) of the elements; keep each with probability p: rng.uniform() < p")
                let repeated = try forward(x, p, &again)
                try require(repeated.mask == mask,
                            "two calls with generators seeded alike gave different masks: draw with the rng you are given, not Double.random")
                let G = Tensor(randomNormal: x.shape, standardDeviation: 1, rng: &source)
                let dX = try backward(G, mask, p)
                try require(dX.shape == x.shape, "∂L/∂x should have x's shape \(x.shape), got \(dX.shape)")
                for i in 0..<x.count where abs(dX.data[i] - G.data[i] * mask.data[i] / p) > 1e-12 {
                    throw GradingFailure(message: "with p = \(p): ∂L/∂x[\(i)] = \(dX.data[i]), expected dY · mask / p = "
                                         + "\(G.data[i] * mask.data[i] / p); y = x · mask / p, so each kept x passes dY / p and each dropped x gets 0")
                }
            }
            var rng = SeededRNG(seed: 35)
            let (y, _) = try forward(x, 1, &rng)
            try require(y == x, "with p = 1 nothing is dropped and y should equal x")
        }
    }
}

extension Ch03Graders {
    /// col2im: the adjoint of im2col — ⟨im2col(x), G⟩ = ⟨x, col2im(G)⟩ for every x and G — and the
    /// convolution's ∂L/∂x as col2im(dY_cols · W).
    public static func col2im(_ fold: (Tensor, [Int], Int, Int, Int) throws -> Tensor) -> Verdict {
        grade {
            var rng = SeededRNG(seed: 36)
            for (C, H, W, F, S, P) in [(1, 4, 4, 2, 2, 0), (1, 5, 5, 3, 1, 1), (2, 5, 6, 3, 2, 1)] {
                let setting = "C = \(C), H = \(H), W = \(W), F = \(F), S = \(S), P = \(P)"
                let (Ho, Wo) = (convOutputSize(H, filter: F, stride: S, padding: P), convOutputSize(W, filter: F, stride: S, padding: P))
                let G = Tensor(randomNormal: [Ho * Wo, C * F * F], standardDeviation: 1, rng: &rng)
                let got = try fold(G, [C, H, W], F, S, P)
                try require(got.shape == [C, H, W],
                            "with \(setting) ∂L/∂x should have the image's shape (C, H, W) = [\(C), \(H), \(W)], got \(got.shape)"
                            + (got.shape == [C, H + 2 * P, W + 2 * P] ? ": that is the padded image — drop the P-wide border" : ""))
                let expected = folded(G, C: C, H: H, W: W, F: F, S: S, P: P)
                try rejectKnownMistakes(got, expected: expected, [
                    KnownMistake("with \(setting) you wrote each gradient with = instead of adding it: a pixel that lies in "
                                 + "several windows is copied into several rows of cols, and must collect the sum of all their gradients (+=)",
                                 answer: folded(G, C: C, H: H, W: W, F: F, S: S, P: P, accumulate: false)),
                    KnownMistake("with \(setting) you placed the gradients as if there were no padding: entry (i, j), (c, u, v) "
                                 + "belongs to pixel x[c, S·i+u−P, S·j+v−P]; positions outside the image are padding and are dropped",
                                 answer: folded(G, C: C, H: H, W: W, F: F, S: S, P: P, offset: 0)),
                ])
                // The adjoint identity: what im2col copies forward, col2im adds back.
                let x = Tensor(randomNormal: [C, H, W], standardDeviation: 1, rng: &rng)
                try requireClose(patches(x, F: F, S: S, P: P).dot(G), x.dot(got), tolerance: 1e-10,
                                 "⟨im2col(x), G⟩ against ⟨x, col2im(G)⟩ with \(setting)",
                                 hint: "each entry of cols is a copy of one pixel; its gradient belongs to that pixel")
                // And the convolution's input gradient.
                let K = 2
                let conv = Conv2D(W: Tensor(randomNormal: [K, C, F, F], standardDeviation: 1, rng: &rng), b: Tensor(zeros: [K]),
                                  stride: S, padding: P)
                let dY = Tensor(randomNormal: [1, K, Ho, Wo], standardDeviation: 1, rng: &rng)
                var dYcols = Tensor(zeros: [Ho * Wo, K])                                   // (H_out·W_out, K)
                for k in 0..<K { for o in 0..<(Ho * Wo) { dYcols[o, k] = dY.data[k * Ho * Wo + o] } }
                let dX = try fold(dYcols.matmul(conv.W.reshaped([K, C * F * F])), [C, H, W], F, S, P)
                let reference = conv.backward(x.reshaped([1, C, H, W]), dY).dX
                for i in 0..<dX.count {
                    try requireClose(dX.data[i], reference.data[i], tolerance: 1e-10,
                                     "col2im(dY_cols · W) against Conv2D's ∂L/∂x at element \(i) with \(setting)")
                }
            }
        }
    }

    /// The reference col2im, with the two mistakes the grader names as options.
    static func folded(_ G: Tensor, C: Int, H: Int, W: Int, F: Int, S: Int, P: Int, offset: Int? = nil,
                       accumulate: Bool = true) -> Tensor {
        var x = Tensor(zeros: [C, H, W])
        forEachTap(C: C, H: H, W: W, F: F, S: S, P: P, shift: offset ?? P) { row, c, u, v, pixel in
            let g = G[row, (c * F + u) * F + v]
            if accumulate { x.data[pixel] += g } else { x.data[pixel] = g }
        }
        return x
    }
}

extension ExerciseCatalog {
    static let ch03: [Exercise] = [
        Exercise(name: "avg-pool-backward", chapter: 3, title: "The backward pass of average pooling",
                 hint: "Each input pixel of window (i, j) adds X/F² to Y[i, j], so its gradient is dY[i, j] / F². Loop over the windows, not over the pixels.",
                 testName: "averagePoolBackward",
                 gradeLearner: { Ch03Graders.averagePoolBackward(Exercises.averagePoolBackward) }),
        Exercise(name: "im2col", chapter: 3, title: "Unroll patches so that a convolution is one matrix product",
                 hint: "Four loops, i, j (the row) and c, u, v (the column); read x[c, S·i+u−P, S·j+v−P] and leave 0 where that falls outside the image.",
                 testName: "im2col",
                 gradeLearner: { Ch03Graders.im2col(Exercises.im2col) }),
        Exercise(name: "dropout", chapter: 3, title: "Inverted dropout, forward and backward",
                 hint: "The mask is 1 where rng.uniform() < p; y = x · mask / p, and the backward pass multiplies dY by the same mask / p.",
                 testName: "dropout",
                 gradeLearner: { Ch03Graders.dropout(forward: Exercises.dropoutForward, backward: Exercises.dropoutBackward) }),
        Exercise(name: "col2im", chapter: 3, title: "col2im, the backward pass of im2col",
                 hint: "The same four loops as im2col, run backwards: for output (i, j) and (c, u, v), add dCols[i·W_out + j, (c·F + u)·F + v] "
                     + "to x[c, S·i+u−P, S·j+v−P] when that is inside the image.",
                 testName: "col2im",
                 gradeLearner: { Ch03Graders.col2im(Exercises.col2im) }),
    ]
}
