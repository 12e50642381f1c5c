import Foundation

/// Where a block normalises: before each sub-layer (GPT-2's pre-LN) or after each residual sum
/// (the original Transformer's post-LN).
public enum NormPlacement: String, Sendable, Equatable {
    case pre, post
}

/// What `TransformerBlock.forward` keeps for the backward pass.
public struct TransformerBlockCache: Sendable {
    public var ln1: LayerNormCache, attention: FastMultiHeadCache
    public var ln2: LayerNormCache, mlp: FeedForwardCache
}

/// One Transformer block: chapter 7's causal multi-head self-attention and a feed-forward network,
/// each wrapped in a layer norm and a residual connection (every weight product through
/// `Kernels.gemm`: `fastForward`, `fastBackward`). Pre-LN (the default):
///
/// ```
/// x′ = x + MHA(LN₁(x))
/// y  = x′ + MLP(LN₂(x′))                                                            (8.5)
/// ```
///
/// Post-LN (Vaswani et al., 2017) normalises the sums instead: x′ = LN₁(x + MHA(x)),
/// y = LN₂(x′ + MLP(x′)). Without residuals, x′ = MHA(LN₁(x)) and y = MLP(LN₂(x′)).
public struct TransformerBlock: Sendable {
    public var ln1: LayerNorm, attention: MultiHeadAttention
    public var ln2: LayerNorm, mlp: FeedForward
    public let norm: NormPlacement
    /// False only for the ablation that removes both skip connections.
    public let residual: Bool

    public init(dimension d: Int, heads: Int, mask: AttentionMask = .causal, norm: NormPlacement = .pre,
                residual: Bool = true, rng: inout SeededRNG) {
        ln1 = LayerNorm(dimension: d)
        attention = MultiHeadAttention(modelDimension: d, heads: heads, mask: mask, rng: &rng)
        ln2 = LayerNorm(dimension: d)
        mlp = FeedForward(dimension: d, hidden: 4 * d, rng: &rng)
        self.norm = norm
        self.residual = residual
    }

    // listing: block-forward
    /// The block on B·T rows, T per sequence.   // (B·T, d) -> (B·T, d)
    public func forward(_ x: Tensor, sequenceLength T: Int) -> (y: Tensor, cache: TransformerBlockCache) {
        switch norm {
        case .pre:
            let (h1, c1) = ln1.forward(x)
            let a = attention.fastForward(h1, sequenceLength: T)
            let x1 = residual ? x + a.output : a.output                  // x′ = x + MHA(LN₁(x))
            let (h2, c2) = ln2.forward(x1)
            let (m, cm) = mlp.forward(h2)
            return (residual ? x1 + m : m,                                // y = x′ + MLP(LN₂(x′))
                    TransformerBlockCache(ln1: c1, attention: a, ln2: c2, mlp: cm))
        case .post:
            let a = attention.fastForward(x, sequenceLength: T)
            let (x1, c1) = ln1.forward(residual ? x + a.output : a.output)  // x′ = LN₁(x + MHA(x))
            let (m, cm) = mlp.forward(x1)
            let (y, c2) = ln2.forward(residual ? x1 + m : m)                // y = LN₂(x′ + MLP(x′))
            return (y, TransformerBlockCache(ln1: c1, attention: a, ln2: c2, mlp: cm))
        }
    }

    /// ∂L/∂x and the gradients of the block's parameters (in the order of `parameters`), given
    /// dy = ∂L/∂y. Each residual sum passes its gradient to both of its terms unchanged (8.6).
    public func backward(_ cache: TransformerBlockCache, _ dy: Tensor) -> (dx: Tensor, gradients: [Tensor]) {
        switch norm {
        case .pre:
            let (dh2, dm) = mlp.backward(cache.mlp, dy)
            let (dx1FromMLP, dγ2, dβ2) = ln2.backward(cache.ln2, dh2)
            let dx1 = residual ? dy + dx1FromMLP : dx1FromMLP
            let a = attention.fastBackward(cache.attention, dx1)
            let (dxFromAttention, dγ1, dβ1) = ln1.backward(cache.ln1, a.dX)
            let dx = residual ? dx1 + dxFromAttention : dxFromAttention
            return (dx, Self.gradients(dγ1, dβ1, a, dγ2, dβ2, dm))
        case .post:
            let (ds2, dγ2, dβ2) = ln2.backward(cache.ln2, dy)
            let (dx1FromMLP, dm) = mlp.backward(cache.mlp, ds2)
            let dx1 = residual ? ds2 + dx1FromMLP : dx1FromMLP
            let (ds1, dγ1, dβ1) = ln1.backward(cache.ln1, dx1)
            let a = attention.fastBackward(cache.attention, ds1)
            let dx = residual ? ds1 + a.dX : a.dX
            return (dx, Self.gradients(dγ1, dβ1, a, dγ2, dβ2, dm))
        }
    }
    // end listing

    private static func gradients(_ dγ1: Tensor, _ dβ1: Tensor, _ a: MultiHeadGradients, _ dγ2: Tensor,
                                  _ dβ2: Tensor, _ dm: [Tensor]) -> [Tensor] {
        [dγ1, dβ1] + a.projections.flatMap { [$0.dW, $0.db] } + [dγ2, dβ2] + dm
    }

    /// γ₁, β₁, the attention's W_Q, b_Q, W_K, b_K, W_V, b_V, W_O, b_O, then γ₂, β₂, W₁, b₁, W₂, b₂.
    public var parameters: [Tensor] {
        get {
            [ln1.γ, ln1.β] + MultiHeadAttention.projections.flatMap { [attention[keyPath: $0].W, attention[keyPath: $0].b] }
                + [ln2.γ, ln2.β] + mlp.parameters
        }
        set {
            (ln1.γ, ln1.β) = (newValue[0], newValue[1])
            for (p, layer) in MultiHeadAttention.projections.enumerated() {
                attention[keyPath: layer] = Dense(W: newValue[2 + 2 * p], b: newValue[3 + 2 * p])
            }
            (ln2.γ, ln2.β) = (newValue[10], newValue[11])
            mlp.parameters = Array(newValue[12...])
        }
    }

    /// Which parameters weight decay applies to: the matrices, not the gains and biases.
    public var decays: [Bool] { parameters.map { $0.shape.count == 2 } }
}
