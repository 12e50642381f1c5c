import CKernels
import Foundation

/// Chapter 7's scaled dot-product attention (7.2) and its backward pass (7.4) for the causal mask
/// (7.5), computing only the entries j ≤ i. Above the diagonal A is exactly 0, and so is every
/// term it contributes to O = A V, ∂L/∂V, ∂L/∂Q and ∂L/∂K (its ∂L/∂S is A ⊙ (…) = 0): skipping
/// that half halves the work and changes nothing but the rounding
/// (`Ch08TransformerTests.causalAttentionMatchesAttention`). Every inner loop runs along a row
/// with independent elements, which is what the AVX2 twins (`ck_causal_attention_avx2` and its
/// backward, bit for bit the same: `Ch08TransformerTests.causalAttentionTwinsAgree`) compute four
/// at a time; that is why Q Kᵀ and ∂L/∂O Vᵀ are taken against the transposed Kᵀ and Vᵀ.
enum CausalAttention {
    /// `attention(Q:K:V:mask:scaled:)` of one head; masks other than `.causal` go to chapter 7's.
    static func forward(Q: Tensor, K: Tensor, V: Tensor, mask: AttentionMask, scaled: Bool,
                        avx2: Bool = Kernels.hasAVX2) -> AttentionCache {
        guard mask == .causal, Q.rows == K.rows else { return attention(Q: Q, K: K, V: V, mask: mask, scaled: scaled) }
        let (T, dk, dv) = (Q.rows, Q.cols, V.cols)
        let scale = scaled ? 1 / Double(dk).squareRoot() : 1
        var A = [Double](repeating: 0, count: T * T), O = [Double](repeating: 0, count: T * dv)
        forwardLoops(Q.data, K, V.data, &A, &O, T, dk, dv, scale, avx2: avx2)
        return AttentionCache(Q: Q, K: K, V: V, A: Tensor(shape: [T, T], data: A),
                              output: Tensor(shape: [T, dv], data: O), scale: scale)
    }

    /// `attentionBackward` of one head from `forward`'s cache, with the same `mask`: the half
    /// j ≤ i when `forward` computed only that half, chapter 7's otherwise.
    static func backward(_ cache: AttentionCache, _ dO: Tensor, mask: AttentionMask,
                         avx2: Bool = Kernels.hasAVX2) -> (dQ: Tensor, dK: Tensor, dV: Tensor) {
        guard mask == .causal, cache.Q.rows == cache.K.rows else { return attentionBackward(cache, dO) }
        let (T, dk, dv) = (cache.Q.rows, cache.Q.cols, cache.V.cols)
        precondition(dO.shape == [T, dv], "CausalAttention: dO \(dO.shape) for \(T) queries of width \(dv)")
        var dQ = [Double](repeating: 0, count: T * dk), dK = dQ, dV = [Double](repeating: 0, count: T * dv)
        backwardLoops(cache, dO.data, &dQ, &dK, &dV, avx2: avx2)
        return (Tensor(shape: [T, dk], data: dQ), Tensor(shape: [T, dk], data: dK), Tensor(shape: [T, dv], data: dV))
    }

    /// A (zero above the diagonal) and O = A V from Q, K and V: the Swift loops, or their AVX2 twin
    /// (which makes its own Kᵀ).
    private static func forwardLoops(_ Q: [Double], _ K: Tensor, _ V: [Double], _ A: inout [Double],
                                     _ O: inout [Double], _ T: Int, _ dk: Int, _ dv: Int, _ scale: Double, avx2: Bool) {
        #if arch(x86_64)
        if avx2 { return ck_causal_attention_avx2(Q, K.data, V, &A, &O, T, dk, dv, scale) }
        #endif
        let Kt = K.transposed.data
        let (q, kt, v) = (Q.span, Kt.span, V.span)
        var a = A.mutableSpan, o = O.mutableSpan
        for i in 0..<T {
            let row = i * T
            for p in 0..<dk {                                       // S_ij = Σ_p Q_ip Kᵀ_pj, j ≤ i
                let qip = q[i * dk + p]
                for j in 0...i { a[row + j] += qip * kt[p * T + j] }
            }
            var m = -Double.infinity
            for j in 0...i {
                a[row + j] *= scale
                m = max(m, a[row + j])
            }
            var sum = 0.0
            for j in 0...i {                                        // softmax over the row's j ≤ i
                a[row + j] = exp(a[row + j] - m)
                sum += a[row + j]
            }
            for j in 0...i { a[row + j] /= sum }
            for j in 0...i {                                        // O_i = Σ_{j ≤ i} A_ij V_j
                let aij = a[row + j]
                for c in 0..<dv { o[i * dv + c] += aij * v[j * dv + c] }
            }
        }
    }

    /// Adds the gradients into dQ, dK and dV, given dO: the Swift loops, or their AVX2 twin (which
    /// makes its own Vᵀ and row of ∂L/∂A).
    private static func backwardLoops(_ cache: AttentionCache, _ dO: [Double], _ dQ: inout [Double],
                                      _ dK: inout [Double], _ dV: inout [Double], avx2: Bool) {
        let (T, dk, dv, scale) = (cache.Q.rows, cache.Q.cols, cache.V.cols, cache.scale)
        #if arch(x86_64)
        if avx2 {
            return ck_causal_attention_backward_avx2(cache.A.data, cache.Q.data, cache.K.data, cache.V.data, dO,
                                                     &dQ, &dK, &dV, T, dk, dv, scale)
        }
        #endif
        let Vt = cache.V.transposed.data
        var dA = [Double](repeating: 0, count: T)                   // one row of ∂L/∂A
        let (A, Q, K, vt, g) = (cache.A.data.span, cache.Q.data.span, cache.K.data.span, Vt.span, dO.span)
        var dq = dQ.mutableSpan, dk_ = dK.mutableSpan, dv_ = dV.mutableSpan, da = dA.mutableSpan
        for i in 0..<T {
            let row = i * T
            for j in 0...i { da[j] = 0 }
            for c in 0..<dv {                                       // ∂L/∂A_ij = Σ_c dO_ic Vᵀ_cj
                let gic = g[i * dv + c]
                for j in 0...i { da[j] += gic * vt[c * T + j] }
            }
            var dot = 0.0                                           // Σ_j A_ij ∂L/∂A_ij
            for j in 0...i { dot += A[row + j] * da[j] }
            for j in 0...i {
                let aij = A[row + j], dS = aij * (da[j] - dot) * scale               // ∂L/∂S_ij / √d_k
                for c in 0..<dv { dv_[j * dv + c] += aij * g[i * dv + c] }        // ∂L/∂V_j += A_ij dO_i
                for c in 0..<dk { dq[i * dk + c] += dS * K[j * dk + c] }         // ∂L/∂Q_i += ∂L/∂S_ij K_j
                for c in 0..<dk { dk_[j * dk + c] += dS * Q[i * dk + c] }        // ∂L/∂K_j += ∂L/∂S_ij Q_i
            }
        }
    }
}
