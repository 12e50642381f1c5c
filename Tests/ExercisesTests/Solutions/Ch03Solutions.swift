// Reference solutions for chapter 3's exercises. Try the exercise first!
import Foundation
import Lessons

enum Ch03Reference {
    /// Every pixel of window (i, j) contributed X/F² to Y[i, j], so it receives dY[i, j] / F².
    /// Pixels beyond the last whole window keep their 0.
    static func averagePoolBackward(_ dY: Tensor, inputShape: [Int], size F: Int) throws -> Tensor {
        let (H, W) = (inputShape[2], inputShape[3])
        let (Ho, Wo) = (dY.shape[2], dY.shape[3])
        var dX = Tensor(zeros: inputShape)
        let share = 1 / Double(F * F)
        for plane in 0..<(inputShape[0] * inputShape[1]) {
            for i in 0..<Ho {
                for j in 0..<Wo {
                    let g = dY.data[(plane * Ho + i) * Wo + j] * share
                    for u in 0..<F {
                        let row = (plane * H + F * i + u) * W + F * j
                        for v in 0..<F { dX.data[row + v] += g }
                    }
                }
            }
        }
        return dX
    }

    static func im2col(_ x: Tensor, filterSize F: Int, stride S: Int, padding P: Int) throws -> Tensor {
        let (C, H, W) = (x.shape[0], x.shape[1], x.shape[2])
        let Ho = convOutputSize(H, filter: F, stride: S, padding: P)
        let Wo = convOutputSize(W, filter: F, stride: S, padding: P)
        var cols = Tensor(zeros: [Ho * Wo, C * F * F])
        for i in 0..<Ho {
            for j in 0..<Wo {
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let (r, q) = (S * i + u - P, S * j + v - P)
                            if r < 0 || r >= H || q < 0 || q >= W { continue }   // padding stays 0
                            cols[i * Wo + j, (c * F + u) * F + v] = x.data[(c * H + r) * W + q]
                        }
                    }
                }
            }
        }
        return cols
    }

    static func dropoutForward(_ x: Tensor, keepProbability p: Double,
                               rng: inout SeededRNG) throws -> (y: Tensor, mask: Tensor) {
        var mask = Tensor(zeros: x.shape)
        for i in 0..<x.count where rng.uniform() < p { mask.data[i] = 1 }
        return (x * mask * (1 / p), mask)
    }

    static func dropoutBackward(_ dY: Tensor, mask: Tensor, keepProbability p: Double) throws -> Tensor {
        dY * mask * (1 / p)
    }

    static func col2im(_ dCols: Tensor, imageShape: [Int], filterSize F: Int, stride S: Int, padding P: Int) throws -> Tensor {
        let (C, H, W) = (imageShape[0], imageShape[1], imageShape[2])
        let Ho = convOutputSize(H, filter: F, stride: S, padding: P)
        let Wo = convOutputSize(W, filter: F, stride: S, padding: P)
        var dx = Tensor(zeros: [C, H, W])
        for i in 0..<Ho {
            for j in 0..<Wo {
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let (r, q) = (S * i + u - P, S * j + v - P)
                            if r < 0 || r >= H || q < 0 || q >= W { continue }   // padding: its gradient goes nowhere
                            dx.data[(c * H + r) * W + q] += dCols[i * Wo + j, (c * F + u) * F + v]
                        }
                    }
                }
            }
        }
        return dx
    }
}
