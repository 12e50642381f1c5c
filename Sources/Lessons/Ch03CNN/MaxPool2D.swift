import Foundation

// listing: maxpool
/// Max pooling: each channel is cut into F×F windows, S apart, and each window is replaced by its
/// largest value. No parameters; the channel count stays, the size shrinks by equation (3.2)
/// with P = 0.
///
/// ```
/// forward:   Y[n,c,i,j] = max over 0 ≤ u,v < F of X[n,c, S·i+u, S·j+v]                 (3.7)
/// backward:  ∂L/∂X[n,c,r,q] = Σ of ∂L/∂Y[n,c,i,j] over the windows (i, j) whose
///            maximum sits at (r, q); 0 for every other input                           (3.8)
/// ```
///
/// The forward pass remembers where each maximum was (the "argmax"), so the backward pass is a
/// routing table: the gradient of a window goes to its winner and to nobody else. On a tie the
/// first maximum in reading order wins.
public struct MaxPool2D: Sendable {
    /// Window size F and stride S (S = F: windows that tile without overlap).
    public let size: Int, stride: Int

    public init(size: Int, stride: Int? = nil) {
        precondition(size >= 1, "MaxPool2D needs a window of at least 1×1")
        self.size = size
        self.stride = stride ?? size
    }

    /// The output shape (N, C, H_out, W_out) for an input shape (N, C, H, W).
    public func outputShape(for s: [Int]) -> [Int] {
        precondition(s.count == 4 && s[2] >= size && s[3] >= size, "MaxPool2D(\(size)) needs (N, C, H ≥ \(size), W ≥ \(size)), got \(s)")
        return [s[0], s[1], convOutputSize(s[2], filter: size, stride: stride, padding: 0),
                convOutputSize(s[3], filter: size, stride: stride, padding: 0)]
    }

    /// Y and, for every element of Y, the flat index in X of the maximum it took.
    public func forward(_ X: Tensor) -> (Y: Tensor, argmax: [Int]) {
        let (H, Wd) = (X.shape[2], X.shape[3])
        var Y = Tensor(zeros: outputShape(for: X.shape))            // (N, C, H, W) -> (N, C, Ho, Wo)
        let (Ho, Wo) = (Y.shape[2], Y.shape[3])
        var argmax = [Int](repeating: 0, count: Y.count)
        let x = X.data
        for plane in 0..<(X.shape[0] * X.shape[1]) {               // one (n, c) channel at a time
            for i in 0..<Ho {
                for j in 0..<Wo {
                    var best = plane * H * Wd + (stride * i) * Wd + stride * j
                    for u in 0..<size {
                        for v in 0..<size {
                            let index = plane * H * Wd + (stride * i + u) * Wd + (stride * j + v)
                            if x[index] > x[best] { best = index }
                        }
                    }
                    let o = (plane * Ho + i) * Wo + j
                    Y.data[o] = x[best]
                    argmax[o] = best
                }
            }
        }
        return (Y, argmax)
    }

    /// ∂L/∂X from dY = ∂L/∂Y and the argmax of the forward pass: equation (3.8).
    public func backward(_ dY: Tensor, argmax: [Int], inputShape: [Int]) -> Tensor {
        precondition(argmax.count == dY.count, "argmax has \(argmax.count) entries for \(dY.count) gradients")
        var dX = Tensor(zeros: inputShape)
        for o in 0..<dY.count { dX.data[argmax[o]] += dY.data[o] }  // += : windows may overlap when S < F
        return dX
    }
}
// end listing

/// The receptive field of a stack of windows (convolutions or pooling), each of size F and
/// stride S: how many input pixels across one output of the last layer sees (r), and how many
/// input pixels apart neighbouring outputs are (the jump j). Starting from one pixel, r₀ = j₀ = 1,
///
/// ```
/// r ← r + (F − 1) · j,     j ← j · S                                       equation (3.13)
/// ```
///
/// Padding does not change it. The chapter's conv 3×3 → pool 2×2 gives r = 4; one more 3×3
/// convolution on the pooled maps would give r = 8, the whole 8×8 digit.
public func receptiveField(_ layers: [(filter: Int, stride: Int)]) -> (size: Int, jump: Int) {
    var (r, j) = (1, 1)
    for (F, S) in layers {
        r += (F - 1) * j
        j *= S
    }
    return (r, j)
}
