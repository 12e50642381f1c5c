import Foundation

// listing: temperature
/// The softmax of scores divided by a temperature τ > 0:
///
/// ```
/// p_i = exp(y_i / τ) / Σ_j exp(y_j / τ)                      equation (4.10)
/// ```
///
/// τ = 1 is the model's own distribution; τ < 1 sharpens it towards the most likely character
/// (τ → 0 always picks it); τ > 1 flattens it towards uniform.
public func softmax(_ y: Tensor, temperature τ: Double) -> Tensor {
    precondition(τ > 0, "the temperature must be positive, got \(τ)")
    return softmaxRows((1 / τ) * y.reshaped([1, y.count])).reshaped([y.count])
}

extension CharacterModel {
    /// Generates text: reads `prime` from the initial state, then draws `count` characters, each
    /// from softmax(y / τ) and fed back in as the next input.
    public func sample(prime: [Int], count: Int, temperature τ: Double, rng: inout SeededRNG) -> [Int] {
        precondition(!prime.isEmpty, "sampling needs at least one character to start from")
        var state = layer.initialState(batch: 1)
        var logits = Tensor(zeros: [vocabularySize])
        for x in prime { (logits, state) = next(x, state) }
        var out: [Int] = []
        for _ in 0..<count {
            let x = rng.categorical(softmax(logits, temperature: τ).data)
            out.append(x)
            (logits, state) = next(x, state)
        }
        return out
    }
}
// end listing
