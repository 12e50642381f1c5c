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
    /// The output positions i in 0..<Ho whose window, shifted by u, lands inside the input:
    /// 0 ≤ S·i + u − P < H. The others see padding, which adds nothing and has no gradient.
    func inside(offset u: Int, inputSize H: Int, outputSize Ho: Int) -> Range<Int> {
        var low = 0, high = Ho
        while low < high && stride * low + u - padding < 0 { low += 1 }
        while high > low && stride * (high - 1) + u - padding >= H { high -= 1 }
        return low..<high
    }

    /// Y = W ⋆ X + b, equation (3.1): every output pixel is the bias plus the dot product of one
    /// filter with the C×F×F patch of the zero-padded input under it.
    ///
    /// The sum is taken weight by weight: each W[k,c,u,v] adds its share to a whole row of
    /// outputs at once, so the innermost loop walks memory in order (as in i-k-j matmul).
    public func forward(_ X: Tensor) -> Tensor {
        let (N, H, Wd) = (X.shape[0], X.shape[2], X.shape[3])
        var Y = Tensor(zeros: outputShape(for: X.shape))            // (N, C, H, W) -> (N, K, Ho, Wo)
        let (Ho, Wo) = (Y.shape[2], Y.shape[3])
        let (K, C, F, S, P) = (self.K, self.C, self.F, stride, padding)
        X.data.withUnsafeBufferPointer { x in
            W.data.withUnsafeBufferPointer { w in
                Y.data.withUnsafeMutableBufferPointer { y in
                    for n in 0..<N {
                        for k in 0..<K {
                            let plane = (n * K + k) * Ho * Wo                       // Y[n,k,·,·]
                            for o in 0..<(Ho * Wo) { y[plane + o] = b.data[k] }
                            for c in 0..<C {
                                for u in 0..<F {
                                    for v in 0..<F {
                                        let weight = w[((k * C + c) * F + u) * F + v]
                                        let columns = inside(offset: v, inputSize: Wd, outputSize: Wo)
                                        for i in inside(offset: u, inputSize: H, outputSize: Ho) {
                                            let yRow = plane + i * Wo                          // Y[n,k,i,0]
                                            let xRow = ((n * C + c) * H + S * i + u - P) * Wd + v - P  // X̃[n,c,S·i+u,v]
                                            for j in columns { y[yRow + j] += weight * x[xRow + S * j] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Y
    }
    // end listing

    // listing: conv-backward
    /// The gradients of the loss with respect to X, W and b, given the forward input X and
    /// dY = ∂L/∂Y.
    ///
    /// Each product W[k,c,u,v] · X̃[n,c,S·i+u,S·j+v] of the forward pass sends dY[n,k,i,j] back to
    /// both of its factors, scaled by the other one. The loops are the forward's loops:
    /// ∂L/∂W collects dY · X (3.4), a correlation of the input with dY; ∂L/∂X collects dY · W
    /// (3.6), which regrouped per input pixel is a full convolution of dY with the filters.
    public func backward(_ X: Tensor, _ dY: Tensor) -> (dX: Tensor, dW: Tensor, db: Tensor) {
        precondition(dY.shape == outputShape(for: X.shape), "dY has shape \(dY.shape), Y had \(outputShape(for: X.shape))")
        let (N, H, Wd) = (X.shape[0], X.shape[2], X.shape[3])
        let (Ho, Wo) = (dY.shape[2], dY.shape[3])
        let (K, C, F, S, P) = (self.K, self.C, self.F, stride, padding)
        var dX = Tensor(zeros: X.shape), dW = Tensor(zeros: W.shape), db = Tensor(zeros: b.shape)
        X.data.withUnsafeBufferPointer { x in
            W.data.withUnsafeBufferPointer { w in
                dY.data.withUnsafeBufferPointer { dy in
                    dX.data.withUnsafeMutableBufferPointer { dx in
                        dW.data.withUnsafeMutableBufferPointer { dw in
                            for n in 0..<N {
                                for k in 0..<K {
                                    let plane = (n * K + k) * Ho * Wo
                                    for o in 0..<(Ho * Wo) { db.data[k] += dy[plane + o] }            // (3.5)
                                    for c in 0..<C {
                                        for u in 0..<F {
                                            for v in 0..<F {
                                                let wi = ((k * C + c) * F + u) * F + v
                                                let weight = w[wi]
                                                var weightGradient = 0.0
                                                let columns = inside(offset: v, inputSize: Wd, outputSize: Wo)
                                                for i in inside(offset: u, inputSize: H, outputSize: Ho) {
                                                    let yRow = plane + i * Wo
                                                    let xRow = ((n * C + c) * H + S * i + u - P) * Wd + v - P
                                                    for j in columns {
                                                        weightGradient += dy[yRow + j] * x[xRow + S * j]   // (3.4)
                                                        dx[xRow + S * j] += dy[yRow + j] * weight           // (3.6)
                                                    }
                                                }
                                                dw[wi] += weightGradient
                                            }
                                        }
                                    }
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
}
