// Chapter 6 exercises — generative adversarial networks.
//
// Replace each `throw ExerciseError.notAttempted` with your code, then grade it:
//     swift test --filter Ch06Exercises
// `swift run lesson-runner exercises` shows every exercise, its hint and its status;
// `swift run lesson-runner reset NAME` puts an exercise back as it was.
import Foundation
import Lessons

// exercise: label-smoothing
/// The discriminator's loss (6.3) with one-sided label smoothing (Salimans et al., 2016).
///
/// Real samples get the soft target 1 − s instead of 1; generated samples keep the target 0
/// ("one-sided": smoothing the fake side too would reward D for scoring generated points as
/// partly real). With D(x) = σ(a) on m real logits a and m generated logits b:
///
///     L = −(1/m) Σᵢ [(1 − s) log σ(aᵢ) + s log(1 − σ(aᵢ))] − (1/m) Σᵢ log(1 − σ(bᵢ))
///
/// Return L and its gradients with respect to a and b. It must stay finite for logits of ±1000
/// (`logSigmoid` from the chapter helps), and with s = 0 it must equal `discriminatorLoss`.
public func smoothedDiscriminatorLoss(real a: Tensor, fake b: Tensor, smoothing s: Double) throws
    -> (loss: Double, dReal: Tensor, dFake: Tensor)
{
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: gradient-penalty
/// The critic of a Wasserstein GAN with a gradient penalty (Gulrajani et al., 2017), for the
/// simplest critic: a linear score f(x) = w · x + b on points x ∈ ℝ^d.
///
/// The critic wants real points to score high and generated ones low: it maximises
/// mean f(x) − mean f(x̃). On its own that has no maximum — doubling w doubles the gap — and the
/// Wasserstein distance is the largest gap over critics that are 1-Lipschitz, ‖∇ₓ f‖ ≤ 1.
/// WGAN-GP pulls ‖∇ₓ f‖ towards 1 with a penalty; for a linear critic ∇ₓ f = w everywhere, so with
/// m real rows x and n generated rows x̃ the loss the critic descends is
///
///     L = (1/n) Σⱼ f(x̃ⱼ) − (1/m) Σᵢ f(xᵢ) + λ (‖w‖ − 1)²
///
/// Return L and its gradients ∂L/∂w (d numbers) and ∂L/∂b.
public func gradientPenaltyCriticLoss(real: Tensor, fake: Tensor, w: Tensor, b: Double, λ: Double) throws
    -> (loss: Double, dw: Tensor, db: Double)
{
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: feature-matching
/// The feature-matching loss for the generator (Salimans et al., 2016): instead of fooling D's
/// output, G matches the mean of D's hidden features on real and generated batches.
///
/// `real` holds D's hidden-layer activations for m real points (m × k), `fake` those for n
/// generated points (n × k). With μ and μ̃ the column means of the two:
///
///     L = ‖μ − μ̃‖² = Σⱼ (μⱼ − μ̃ⱼ)²
///
/// Return L and ∂L/∂fake (n × k), the gradient that would flow back into G through D.
public func featureMatchingLoss(real: Tensor, fake: Tensor) throws -> (loss: Double, dFake: Tensor) {
    throw ExerciseError.notAttempted
}
// end exercise

// exercise: smoothing-on-the-ring
/// One step of the discriminator trained with your `smoothedDiscriminatorLoss` (do exercise
/// label-smoothing first), so that a whole GAN can learn the ring with it.
///
/// Do what `GAN.stepD` does, with the smoothed loss in place of (6.3): D's logits a on the real
/// rows x and b on the generated rows x̃, your loss L and its gradients ∂L/∂a and ∂L/∂b, back
/// through D to the gradients of its parameters, and one step of D's own optimizer:
///
///     θ_D ← Adam step of gan.optimizerD on ∂L/∂θ_D,   return L
///
/// Leave G alone: `GAN.stepG` trains it as before. `discriminatorGradients` in GAN.swift shows how
/// D's logits are split between the two batches. Once the grader passes, run the experiment:
///     swift run -c release lesson-runner experiment smoothing-on-the-ring
/// It trains the chapter's GAN with s = 0, 0.1 and 0.2 from five seeds each and prints how many
/// of the 8 modes each run covers.
public func smoothedDiscriminatorStep(_ gan: inout GAN, real x: Tensor, fake x̃: Tensor, smoothing s: Double) throws
    -> Double
{
    throw ExerciseError.notAttempted
}
// end exercise
