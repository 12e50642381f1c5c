import Foundation

/// The spatial size of a convolution's or pooling's output:
///
/// ```
/// H_out = ⌊(H + 2P − F) / S⌋ + 1                                   equation (3.2)
/// ```
///
/// for an input of size H, a filter (or window) of size F, stride S and zero padding P on each
/// side. `convOutputSize(8, filter: 3, stride: 1, padding: 1)` is 8: "same" padding.
public func convOutputSize(_ H: Int, filter F: Int, stride S: Int, padding P: Int) -> Int {
    (H + 2 * P - F) / S + 1  // integer division of a non-negative number is the floor
}

/// A 2-D convolution layer (strictly, a cross-correlation — see equation (3.3)) with K filters
/// over C input channels, stride S and zero padding P.
///
/// Weight layout: `W` has shape (K, C, F, F) — filter k, input channel c, row u, column v —
/// and `b` has shape (K). Inputs are batches (N, C, H, W); outputs are (N, K, H_out, W_out).
///
/// ```
/// forward:   Y[n,k,i,j] = b[k] + Σ_c Σ_u Σ_v W[k,c,u,v] · X̃[n,c, S·i+u, S·j+v]      (3.1)
/// backward:  ∂L/∂W[k,c,u,v] = Σ_n Σ_i Σ_j ∂L/∂Y[n,k,i,j] · X̃[n,c, S·i+u, S·j+v]    (3.4)
///            ∂L/∂b[k]       = Σ_n Σ_i Σ_j ∂L/∂Y[n,k,i,j]                             (3.5)
///            ∂L/∂X̃[n,c,r,q] = Σ over every (k,i,j,u,v) with S·i+u = r, S·j+v = q of
///                              ∂L/∂Y[n,k,i,j] · W[k,c,u,v]                           (3.6)
/// ```
///
/// where X̃ is X with P rows and columns of zeros added on every side.
///
/// ```swift
/// var rng = SeededRNG(seed: 1)
/// let conv = Conv2D(inputChannels: 1, filters: 8, filterSize: 3, padding: 1, rng: &rng)
/// conv.forward(Tensor(zeros: [32, 1, 8, 8])).shape   // [32, 8, 8, 8]
/// ```
public struct Conv2D: Sendable {
    /// The filters, shape (K, C, F, F).
    public var W: Tensor
    /// One bias per filter, shape (K).
    public var b: Tensor
    /// Stride S and zero padding P.
    public let stride: Int, padding: Int

    /// K = filters, C = input channels, F = filter size.
    public var K: Int { W.shape[0] }
    public var C: Int { W.shape[1] }
    public var F: Int { W.shape[2] }

    /// He-initialised filters (std √(2 / (C·F·F)), the fan-in of one output) and zero biases.
    public init(inputChannels C: Int, filters K: Int, filterSize F: Int, stride: Int = 1, padding: Int = 0,
                rng: inout SeededRNG) {
        let std = Initialization.he.standardDeviation(fanIn: C * F * F, fanOut: K)
        self.init(W: Tensor(randomNormal: [K, C, F, F], standardDeviation: std, rng: &rng),
                  b: Tensor(zeros: [K]), stride: stride, padding: padding)
    }

    public init(W: Tensor, b: Tensor, stride: Int = 1, padding: Int = 0) {
        precondition(W.shape.count == 4 && W.shape[2] == W.shape[3], "Conv2D weights must be (K, C, F, F), got \(W.shape)")
        precondition(b.shape == [W.shape[0]], "Conv2D bias must be (K) = [\(W.shape[0])], got \(b.shape)")
        // With P ≥ F some windows would lie entirely in the padding and see nothing but zeros.
        precondition(stride >= 1 && padding >= 0 && padding < W.shape[2],
                     "Conv2D needs stride ≥ 1 and 0 ≤ padding < filter size, got stride \(stride), padding \(padding)")
        self.W = W
        self.b = b
        self.stride = stride
        self.padding = padding
    }

    /// The output shape (N, K, H_out, W_out) for an input shape (N, C, H, W).
    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count == 4 && inputShape[1] == C,
                     "Conv2D expects input (N, \(C), H, W), got \(inputShape)")
        let (H, Wd) = (inputShape[2], inputShape[3])
        precondition(H + 2 * padding >= F && Wd + 2 * padding >= F,
                     "a \(F)×\(F) filter does not fit a \(H)×\(Wd) input with padding \(padding)")
        return [inputShape[0], K, convOutputSize(H, filter: F, stride: stride, padding: padding),
                convOutputSize(Wd, filter: F, stride: stride, padding: padding)]
    }

    // listing: conv-forward
    /// Y = W ⋆ X + b, equation (3.1), as the equation reads: every output pixel is the bias plus
    /// the dot product of one filter with the C×F×F patch of the zero-padded input under it.
    /// Terms that fall on the padding are zero and skipped.
    public func referenceForward(_ X: Tensor) -> Tensor {
        let (N, H, Wd) = (X.shape[0], X.shape[2], X.shape[3])
        var Y = Tensor(zeros: outputShape(for: X.shape))            // (N, C, H, W) -> (N, K, Ho, Wo)
        let (Ho, Wo) = (Y.shape[2], Y.shape[3])
        let (S, P) = (stride, padding)
        for n in 0..<N {
            for k in 0..<K {
                for i in 0..<Ho {
                    for j in 0..<Wo {
                        var sum = b[k]
                        for c in 0..<C {
                            for u in 0..<F {
                                for v in 0..<F {
                                    let (r, q) = (S * i + u - P, S * j + v - P)    // X̃[n,c,S·i+u,S·j+v] is X[n,c,r,q]
                                    if r < 0 || r >= H || q < 0 || q >= Wd { continue }   // padding: 0
                                    sum += W[k, c, u, v] * X[n, c, r, q]
                                }
                            }
                        }
                        Y[n, k, i, j] = sum
                    }
                }
            }
        }
        return Y
    }
    // end listing

    // listing: conv-backward
    /// The gradients of the loss with respect to X, W and b, given the forward input X and
    /// dY = ∂L/∂Y, with the forward pass's loops: each product W[k,c,u,v] · X̃[n,c,S·i+u,S·j+v]
    /// sends dY[n,k,i,j] back to both of its factors, scaled by the other one. Collected per
    /// weight that is (3.4), a correlation of the input with dY; collected per input pixel it is
    /// (3.6), a full convolution of dY with the filters.
    public func referenceBackward(_ X: Tensor, _ dY: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        precondition(dY.shape == outputShape(for: X.shape), "dY has shape \(dY.shape), Y had \(outputShape(for: X.shape))")
        let (N, H, Wd) = (X.shape[0], X.shape[2], X.shape[3])
        let (Ho, Wo) = (dY.shape[2], dY.shape[3])
        let (S, P) = (stride, padding)
        var dX = Tensor(zeros: X.shape), dW = Tensor(zeros: W.shape), db = Tensor(zeros: b.shape)
        for n in 0..<N {
            for k in 0..<K {
                for i in 0..<Ho {
                    for j in 0..<Wo {
                        let g = dY[n, k, i, j]
                        db[k] += g                                                    // (3.5)
                        for c in 0..<C {
                            for u in 0..<F {
                                for v in 0..<F {
                                    let (r, q) = (S * i + u - P, S * j + v - P)
                                    if r < 0 || r >= H || q < 0 || q >= Wd { continue }
                                    dW[k, c, u, v] += g * X[n, c, r, q]               // (3.4)
                                    dX[n, c, r, q] += g * W[k, c, u, v]               // (3.6)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dX, dW, db)
    }
    // end listing

    /// The same as `referenceForward`, bit for bit, computed by `Kernels.conv2dForward`, which
    /// orders the loops so that the innermost one walks memory in order.
    public func forward(_ X: Tensor) -> Tensor {
        let shape = outputShape(for: X.shape)
        let data = Kernels.conv2dForward(X.data, W.data, b.data, N: X.shape[0], C: C, H: X.shape[2], Wd: X.shape[3],
                                         K: K, F: F, S: stride, P: padding, Ho: shape[2], Wo: shape[3])
        return Tensor(shape: shape, data: data)
    }

    /// The same as `referenceBackward` (to rounding: the sums are grouped differently), computed
    /// by `Kernels.conv2dBackward`.
    public func backward(_ X: Tensor, _ dY: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        precondition(dY.shape == outputShape(for: X.shape), "dY has shape \(dY.shape), Y had \(outputShape(for: X.shape))")
        let g = Kernels.conv2dBackward(X.data, W.data, dY.data, N: X.shape[0], C: C, H: X.shape[2], Wd: X.shape[3],
                                       K: K, F: F, S: stride, P: padding, Ho: dY.shape[2], Wo: dY.shape[3])
        return (Tensor(shape: X.shape, data: g.dX), Tensor(shape: W.shape, data: g.dW), Tensor(shape: [K], data: g.db))
    }
}
