import CKernels
import Foundation

/// Every head of a multi-head attention layer at once: chapter 7's scaled dot-product attention
/// (7.2), its backward pass (7.4) and its mask (7.5), head h of sequence b reading its d_k columns
/// of the (B·T × d) Q, K and V where they are, and writing its output into its columns of
/// Concat(head₁, …, head_{n_h}) — no copy of any head's block in or out, and one array for all the
/// heads' weights A. (The AVX2 twins copy a head of more than 64 rows into contiguous scratch
/// first: in place, the rows of a long head lie d numbers apart and evict one another from the
/// caches.)
///
/// Under the causal mask only the entries j ≤ i are computed. Above the diagonal A is exactly 0,
/// and so is every term it contributes to O = A V, ∂L/∂V, ∂L/∂Q and ∂L/∂K (its ∂L/∂S is
/// A ⊙ (…) = 0): skipping that half halves the work and changes nothing but the rounding
/// (`Ch08TransformerTests.attentionHeadsMatchAttention`). Every inner loop runs along a row with
/// independent elements, which is what the AVX2 twins (`ck_attention_heads_avx2` and its backward,
/// bit for bit the same: `Ch08TransformerTests.attentionHeadsTwinsAgree`) compute four at a time.
public struct AttentionHeads: Sendable {
    /// The weights A of head h on sequence b (T × T, row-major) start at (b · n_h + h) · T².
    let A: [Double]
    /// Concat(head₁, …, head_{n_h}) (B·T × d).
    public let output: Tensor
    public let heads: Int, sequenceLength: Int
    /// Whether query i saw only the keys j ≤ i.
    let causal: Bool
    /// 1/√d_k, or 1 in the "no scaling" ablation.
    let scale: Double

    /// Attention(Q_h, K_h, V_h) for every head h of each of the B = rows / T sequences, with
    /// chapter 7's `mask`, scaled by 1/√d_k when `scaled`.
    init(Q: Tensor, K: Tensor, V: Tensor, heads: Int, sequenceLength T: Int, mask: AttentionMask, scaled: Bool,
         avx2: Bool = Kernels.hasAVX2) {
        precondition(Q.shape == K.shape && Q.shape == V.shape && Q.cols % heads == 0 && Q.rows % T == 0,
                     "AttentionHeads: Q \(Q.shape), K \(K.shape), V \(V.shape) for \(heads) heads and sequences of \(T)")
        let dk = Q.cols / heads
        (self.heads, sequenceLength, causal) = (heads, T, mask == .causal)
        scale = scaled ? 1 / Double(dk).squareRoot() : 1
        let layout = HeadLayout(B: Q.rows / T, T: T, heads: heads, dk: dk, causal: causal, scale: scale)
        let (A, O) = avx2 ? layout.forwardAVX2(Q.data, K.data, V.data) : layout.forward(Q.data, K.data, V.data)
        (self.A, output) = (A, Tensor(shape: Q.shape, data: O))
    }

    /// The attention weights A (T × T) of head h on sequence b.
    public func weights(sequence b: Int, head h: Int) -> Tensor {
        let (T, first) = (sequenceLength, (b * heads + h) * sequenceLength * sequenceLength)
        return Tensor(shape: [T, T], data: Array(A[first..<(first + T * T)]))
    }

    /// ∂L/∂Q, ∂L/∂K and ∂L/∂V (B·T × d each) from the Q, K, V this was computed from and
    /// dO = ∂L/∂`output`.
    func backward(Q: Tensor, K: Tensor, V: Tensor, _ dO: Tensor,
                  avx2: Bool = Kernels.hasAVX2) -> (dQ: Tensor, dK: Tensor, dV: Tensor) {
        precondition(dO.shape == output.shape && Q.shape == output.shape && K.shape == Q.shape && V.shape == Q.shape,
                     "AttentionHeads: dO \(dO.shape), Q \(Q.shape), K \(K.shape), V \(V.shape) for an output of \(output.shape)")
        let layout = HeadLayout(B: Q.rows / sequenceLength, T: sequenceLength, heads: heads, dk: Q.cols / heads,
                                causal: causal, scale: scale)
        let (dQ, dK, dV) = avx2 ? layout.backwardAVX2(A, Q.data, K.data, V.data, dO.data)
                                : layout.backward(A, Q.data, K.data, V.data, dO.data)
        return (Tensor(shape: Q.shape, data: dQ), Tensor(shape: Q.shape, data: dK), Tensor(shape: Q.shape, data: dV))
    }
}

/// The loops of `AttentionHeads` for B sequences of T rows, `heads` heads of d_k columns each.
private struct HeadLayout {
    let B: Int, T: Int, heads: Int, dk: Int, causal: Bool, scale: Double
    var d: Int { heads * dk }

    /// Element (i, c) of head h of sequence b is at `first + i · d + c` of Q, K, V and O; its A_ij at
    /// `weights + i · T + j`.
    private func forEachHead(_ body: (_ first: Int, _ weights: Int) -> Void) {
        for b in 0..<B {
            for h in 0..<heads { body(b * T * d + h * dk, (b * heads + h) * T * T) }
        }
    }

    /// All of A and O, by the Swift loops.
    func forward(_ Q: [Double], _ K: [Double], _ V: [Double]) -> (A: [Double], O: [Double]) {
        var A = [Double](repeating: 0, count: B * heads * T * T), O = [Double](repeating: 0, count: B * T * d)
        forEachHead { forwardLoops(Q, K, V, &A, &O, first: $0, weights: $1) }
        return (A, O)
    }

    /// The same by `ck_attention_heads_avx2`, which writes every element.
    func forwardAVX2(_ Q: [Double], _ K: [Double], _ V: [Double]) -> (A: [Double], O: [Double]) {
        #if arch(x86_64)
        var A: [Double] = []
        let O = Kernels.written(B * T * d) { o in
            A = Kernels.written(B * heads * T * T) {
                ck_attention_heads_avx2(Q, K, V, $0, o, B, T, heads, dk, causal ? 1 : 0, scale)
            }
        }
        return (A, O)
        #else
        preconditionFailure("AttentionHeads: no AVX2 on this processor")
        #endif
    }

    /// dQ, dK, dV, by the Swift loops.
    func backward(_ A: [Double], _ Q: [Double], _ K: [Double], _ V: [Double],
                  _ dO: [Double]) -> (dQ: [Double], dK: [Double], dV: [Double]) {
        var dQ = [Double](repeating: 0, count: B * T * d), dK = dQ, dV = dQ
        forEachHead { backwardLoops(A, Q, K, V, dO, &dQ, &dK, &dV, first: $0, weights: $1) }
        return (dQ, dK, dV)
    }

    /// The same by `ck_attention_heads_backward_avx2`, which writes every element.
    func backwardAVX2(_ A: [Double], _ Q: [Double], _ K: [Double], _ V: [Double],
                      _ dO: [Double]) -> (dQ: [Double], dK: [Double], dV: [Double]) {
        #if arch(x86_64)
        var dK: [Double] = [], dV: [Double] = []
        let dQ = Kernels.written(B * T * d) { q in
            dK = Kernels.written(B * T * d) { k in
                dV = Kernels.written(B * T * d) {
                    ck_attention_heads_backward_avx2(A, Q, K, V, dO, q, k, $0, B, T, heads, dk, causal ? 1 : 0, scale)
                }
            }
        }
        return (dQ, dK, dV)
        #else
        preconditionFailure("AttentionHeads: no AVX2 on this processor")
        #endif
    }

    /// The forward pass of one head: A and its block of O (both zero before).
    private func forwardLoops(_ Q: [Double], _ K: [Double], _ V: [Double], _ A: inout [Double], _ O: inout [Double],
                              first: Int, weights: Int) {
        let (q, k, v) = (Q.span, K.span, V.span)
        var a = A.mutableSpan, o = O.mutableSpan
        for i in 0..<T {
            let row = weights + i * T, last = causal ? i : T - 1, qi = first + i * d
            for p in 0..<dk {                                       // S_ij = Σ_p Q_ip K_jp, j ≤ last
                let qip = q[qi + p]
                for j in 0...last { a[row + j] += qip * k[first + j * d + p] }
            }
            var m = -Double.infinity
            for j in 0...last {
                a[row + j] *= scale
                m = max(m, a[row + j])
            }
            var sum = 0.0
            for j in 0...last {                                     // softmax over the row's j ≤ last
                a[row + j] = exp(a[row + j] - m)
                sum += a[row + j]
            }
            for j in 0...last { a[row + j] /= sum }
            for j in 0...last {                                     // O_i = Σ_j A_ij V_j
                let aij = a[row + j], vj = first + j * d
                for c in 0..<dk { o[qi + c] += aij * v[vj + c] }
            }
        }
    }

    /// The backward pass of one head: adds its gradients into its blocks of dQ, dK and dV.
    private func backwardLoops(_ A: [Double], _ Q: [Double], _ K: [Double], _ V: [Double], _ dO: [Double],
                               _ dQ: inout [Double], _ dK: inout [Double], _ dV: inout [Double], first: Int, weights: Int) {
        var dA = [Double](repeating: 0, count: T)                   // one row of ∂L/∂A
        let (a, q, k, v, g) = (A.span, Q.span, K.span, V.span, dO.span)
        var dq = dQ.mutableSpan, dk_ = dK.mutableSpan, dv = dV.mutableSpan, da = dA.mutableSpan
        for i in 0..<T {
            let row = weights + i * T, last = causal ? i : T - 1, gi = first + i * d
            for j in 0...last { da[j] = 0 }
            for c in 0..<dk {                                       // ∂L/∂A_ij = Σ_c dO_ic V_jc
                let gic = g[gi + c]
                for j in 0...last { da[j] += gic * v[first + j * d + c] }
            }
            var dot = 0.0                                           // Σ_j A_ij ∂L/∂A_ij
            for j in 0...last { dot += a[row + j] * da[j] }
            for j in 0...last {
                let aij = a[row + j], dS = aij * (da[j] - dot) * scale            // ∂L/∂S_ij / √d_k
                let xj = first + j * d
                for c in 0..<dk { dv[xj + c] += aij * g[gi + c] }               // ∂L/∂V_j += A_ij dO_i
                for c in 0..<dk { dq[gi + c] += dS * k[xj + c] }                // ∂L/∂Q_i += ∂L/∂S_ij K_j
                for c in 0..<dk { dk_[xj + c] += dS * q[gi + c] }               // ∂L/∂K_j += ∂L/∂S_ij Q_i
            }
        }
    }
}
