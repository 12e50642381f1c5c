import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 3's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch03: [WrongAnswer] = [
        WrongAnswer("avg-pool-backward", "the 1/F² of the mean forgotten", mentions: "forget the 1/F²") {
            Ch03Graders.averagePoolBackward { dY, shape, F in Ch03Wrong.spreadPoolGradient(dY, shape, F, share: 1) }
        },
        WrongAnswer("avg-pool-backward", "all of dY/F² to the window's first pixel, as in max pooling", mentions: "every pixel of window") {
            Ch03Graders.averagePoolBackward { dY, shape, F in
                Ch03Wrong.spreadPoolGradient(dY, shape, F, share: 1 / Double(F * F), pixels: 1)
            }
        },
        WrongAnswer("avg-pool-backward", "windows rounded up, so edge pixels in no window get gradient", mentions: "lies in no window") {
            Ch03Graders.averagePoolBackward { dY, shape, F in
                var dX = Ch03Wrong.spreadPoolGradient(dY, shape, F, share: 1 / Double(F * F))
                let (H, W) = (shape[2], shape[3])
                for index in 0..<dX.count where (index / W) % H >= (H / F) * F || index % W >= (W / F) * F {
                    dX.data[index] = 0.1
                }
                return dX
            }
        },
        WrongAnswer("im2col", "the padding offset forgotten", mentions: "as if there were no padding") {
            Ch03Graders.im2col { x, F, S, P in Ch03Wrong.unroll(x, F, S, P, offset: 0, column: { c, u, v in (c * F + u) * F + v }) }
        },
        WrongAnswer("im2col", "columns in the order u, v, c", mentions: "order u, v, c") {
            Ch03Graders.im2col { x, F, S, P in Ch03Wrong.unroll(x, F, S, P, offset: P, column: { c, u, v in (u * F + v) * x.shape[0] + c }) }
        },
        WrongAnswer("im2col", "H_out without the 2P of the padding", mentions: "H_out = ⌊(H + 2P − F)/S⌋ + 1") {
            Ch03Graders.im2col { x, F, S, P in
                Ch03Wrong.unroll(x, F, S, P, offset: P, column: { c, u, v in (c * F + u) * F + v }, sizePadding: 0)
            }
        },
        WrongAnswer("dropout", "kept values not scaled by 1/p", mentions: "forget the 1/p scale") {
            Ch03Graders.dropout(forward: { x, p, rng in
                let mask = Ch03Wrong.mask(like: x, keep: { $0 < p }, rng: &rng)
                return (x * mask, mask)
            }, backward: { dY, mask, p in dY * mask * (1 / p) })
        },
        WrongAnswer("dropout", "the 1/p put in the mask", mentions: "not in the mask") {
            Ch03Graders.dropout(forward: { x, p, rng in
                let mask = Ch03Wrong.mask(like: x, keep: { $0 < p }, rng: &rng) * (1 / p)
                return (x * mask, mask)
            }, backward: { dY, mask, _ in dY * mask })
        },
        WrongAnswer("dropout", "keeping with probability 1 − p", mentions: "keep each with probability p") {
            Ch03Graders.dropout(forward: { x, p, rng in
                let mask = Ch03Wrong.mask(like: x, keep: { $0 >= p }, rng: &rng)
                return (x * mask * (1 / p), mask)
            }, backward: { dY, mask, p in dY * mask * (1 / p) })
        },
        WrongAnswer("dropout", "backward without the 1/p", mentions: "dY · mask / p") {
            Ch03Graders.dropout(forward: { x, p, rng in
                let mask = Ch03Wrong.mask(like: x, keep: { $0 < p }, rng: &rng)
                return (x * mask * (1 / p), mask)
            }, backward: { dY, mask, _ in dY * mask })
        },
        WrongAnswer("col2im", "= instead of +=: overlapping windows lose all but one copy", mentions: "must collect the sum") {
            Ch03Graders.col2im { G, shape, F, S, P in
                Ch03Wrong.col2im(G, shape, F, S, P) { x, g in x = g }
            }
        },
        WrongAnswer("col2im", "the padding offset forgotten", mentions: "as if there were no padding") {
            Ch03Graders.col2im { G, shape, F, S, P in
                Ch03Wrong.col2im(G, shape, F, S, P, offset: 0) { x, g in x += g }
            }
        },
        WrongAnswer("col2im", "the padded image returned, border and all", mentions: "drop the P-wide border") {
            Ch03Graders.col2im { G, shape, F, S, P in
                Ch03Wrong.col2im(G, [shape[0], shape[1] + 2 * P, shape[2] + 2 * P], F, S, 0) { x, g in x += g }
            }
        },
    ]
}

extension Ch03Wrong {
    /// col2im with a chosen way of writing each gradient and a chosen padding offset.
    static func col2im(_ G: Tensor, _ shape: [Int], _ F: Int, _ S: Int, _ P: Int, offset: Int? = nil,
                       write: (inout Double, Double) -> Void) -> Tensor {
        let (C, H, W) = (shape[0], shape[1], shape[2])
        let shift = offset ?? P
        let (Ho, Wo) = (convOutputSize(H, filter: F, stride: S, padding: P), convOutputSize(W, filter: F, stride: S, padding: P))
        var x = Tensor(zeros: [C, H, W])
        for i in 0..<Ho {
            for j in 0..<Wo {
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let (r, q) = (S * i + u - shift, S * j + v - shift)
                            guard (0..<H).contains(r), (0..<W).contains(q) else { continue }
                            write(&x.data[(c * H + r) * W + q], G[i * Wo + j, (c * F + u) * F + v])
                        }
                    }
                }
            }
        }
        return x
    }
}

/// Building blocks of the wrong answers above.
enum Ch03Wrong {
    /// Average-pool backward that gives `share` of dY[i, j] to the first `pixels` pixels of each
    /// window (all F² of them when nil), in row-major order.
    static func spreadPoolGradient(_ dY: Tensor, _ shape: [Int], _ F: Int, share: Double, pixels: Int? = nil) -> Tensor {
        let (H, W) = (shape[2], shape[3])
        let (Ho, Wo) = (dY.shape[2], dY.shape[3])
        var dX = Tensor(zeros: shape)
        for plane in 0..<(shape[0] * shape[1]) {
            for i in 0..<Ho {
                for j in 0..<Wo {
                    for k in 0..<(pixels ?? F * F) {
                        let (u, v) = k.quotientAndRemainder(dividingBy: F)
                        dX.data[(plane * H + F * i + u) * W + F * j + v] += dY.data[(plane * Ho + i) * Wo + j] * share
                    }
                }
            }
        }
        return dX
    }

    /// im2col reading x[c, S·i+u−offset, S·j+v−offset] into column `column(c, u, v)`, with an
    /// output size computed for `sizePadding` (P when right).
    static func unroll(_ x: Tensor, _ F: Int, _ S: Int, _ P: Int, offset: Int, column: (Int, Int, Int) -> Int,
                       sizePadding: Int? = nil) -> Tensor {
        let (C, H, W) = (x.shape[0], x.shape[1], x.shape[2])
        let Ho = (H + 2 * (sizePadding ?? P) - F) / S + 1, Wo = (W + 2 * (sizePadding ?? P) - F) / S + 1
        var cols = Tensor(zeros: [Ho * Wo, C * F * F])
        for i in 0..<Ho {
            for j in 0..<Wo {
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let (r, q) = (S * i + u - offset, S * j + v - offset)
                            guard (0..<H).contains(r), (0..<W).contains(q) else { continue }
                            cols[i * Wo + j, column(c, u, v)] = x.data[(c * H + r) * W + q]
                        }
                    }
                }
            }
        }
        return cols
    }

    /// A 0/1 mask drawing one uniform number per element.
    static func mask(like x: Tensor, keep: (Double) -> Bool, rng: inout SeededRNG) -> Tensor {
        var mask = Tensor(zeros: x.shape)
        for i in 0..<x.count where keep(rng.uniform()) { mask.data[i] = 1 }
        return mask
    }
}
