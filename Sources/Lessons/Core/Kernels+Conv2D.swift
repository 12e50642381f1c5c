extension Kernels {
    /// The output positions i in 0..<Ho whose window, shifted by u, lands inside an input of size
    /// H: 0 ≤ S·i + u − P < H. The others would only see padding, which adds nothing.
    static func convRowsInside(offset u: Int, inputSize H: Int, outputSize Ho: Int, stride S: Int, padding P: Int) -> Range<Int> {
        var low = 0, high = Ho
        while low < high && S * low + u - P < 0 { low += 1 }
        while high > low && S * (high - 1) + u - P >= H { high -= 1 }
        return low..<high
    }

    /// The convolution (3.1), Y[n,k,i,j] = b[k] + Σ_c Σ_u Σ_v W[k,c,u,v] · X̃[n,c,S·i+u,S·j+v],
    /// computed weight by weight: each W[k,c,u,v] adds its share to a whole row of outputs at once,
    /// so the innermost loop walks two rows of memory in order (the i-k-j order of a fast matrix
    /// product). Every output still sums b, then the terms in (c, u, v) order, exactly as the plain
    /// loops of `Conv2D.referenceForward` do, so the two agree bit for bit.
    /// Shapes: x (N, C, H, Wd), w (K, C, F, F), b (K); returns (N, K, Ho, Wo).
    static func conv2dForward(_ x: [Double], _ w: [Double], _ b: [Double],
                              N: Int, C: Int, H: Int, Wd: Int, K: Int, F: Int, S: Int, P: Int,
                              Ho: Int, Wo: Int) -> [Double] {
        var out = [Double](repeating: 0, count: N * K * Ho * Wo)
        let (xs, ws) = (x.span, w.span)
        var y = out.mutableSpan
        for n in 0..<N {
            for k in 0..<K {
                let plane = (n * K + k) * Ho * Wo                                   // Y[n,k,·,·]
                for o in 0..<(Ho * Wo) { y[plane + o] = b[k] }
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let weight = ws[((k * C + c) * F + u) * F + v]
                            let columns = convRowsInside(offset: v, inputSize: Wd, outputSize: Wo, stride: S, padding: P)
                            for i in convRowsInside(offset: u, inputSize: H, outputSize: Ho, stride: S, padding: P) {
                                let yRow = plane + i * Wo                                      // Y[n,k,i,0]
                                let xRow = ((n * C + c) * H + S * i + u - P) * Wd + v - P      // X̃[n,c,S·i+u,v]
                                for j in columns { y[yRow + j] += weight * xs[xRow + S * j] }
                            }
                        }
                    }
                }
            }
        }
        _ = consume y
        return out
    }

    /// The gradients (3.4)–(3.6) of the convolution above, with the forward pass's loops: every
    /// product W[k,c,u,v] · X̃[n,c,S·i+u,S·j+v] sends dY[n,k,i,j] back to both factors.
    /// Returns (dX, dW, db) with the shapes of x, w and (K).
    static func conv2dBackward(_ x: [Double], _ w: [Double], _ dy: [Double],
                               N: Int, C: Int, H: Int, Wd: Int, K: Int, F: Int, S: Int, P: Int,
                               Ho: Int, Wo: Int) -> (dX: [Double], dW: [Double], db: [Double]) {
        var dX = [Double](repeating: 0, count: x.count), dW = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: K)
        let (xs, ws, dys) = (x.span, w.span, dy.span)
        var dx = dX.mutableSpan, dw = dW.mutableSpan
        for n in 0..<N {
            for k in 0..<K {
                let plane = (n * K + k) * Ho * Wo
                for o in 0..<(Ho * Wo) { db[k] += dys[plane + o] }                                  // (3.5)
                for c in 0..<C {
                    for u in 0..<F {
                        for v in 0..<F {
                            let wi = ((k * C + c) * F + u) * F + v
                            let weight = ws[wi]
                            var weightGradient = 0.0
                            let columns = convRowsInside(offset: v, inputSize: Wd, outputSize: Wo, stride: S, padding: P)
                            for i in convRowsInside(offset: u, inputSize: H, outputSize: Ho, stride: S, padding: P) {
                                let yRow = plane + i * Wo
                                let xRow = ((n * C + c) * H + S * i + u - P) * Wd + v - P
                                for j in columns {
                                    weightGradient += dys[yRow + j] * xs[xRow + S * j]                 // (3.4)
                                    dx[xRow + S * j] += dys[yRow + j] * weight                         // (3.6)
                                }
                            }
                            dw[wi] += weightGradient
                        }
                    }
                }
            }
        }
        _ = consume dx
        _ = consume dw
        return (dX, dW, db)
    }
}
