import Foundation

/// The outcome of comparing an analytic gradient with central differences.
public struct GradientCheck: Sendable, CustomStringConvertible {
    /// What was checked, e.g. "dW" — used in the failure message.
    public var name: String
    /// The largest relative error over all elements (see ``relativeError(_:_:)``).
    public var maxRelativeError: Double
    /// The flat index where that error occurs.
    public var worstIndex: Int
    /// The analytic and numerical values at `worstIndex`.
    public var analytic: Double, numerical: Double

    /// True when every element agrees to the given relative error.
    public func passes(tolerance: Double = 1e-6) -> Bool { maxRelativeError < tolerance }

    public var description: String {
        "\(name): max relative error \(String(format: "%.3g", maxRelativeError)) at index \(worstIndex) "
            + "(analytic \(String(format: "%.10g", analytic)), numerical \(String(format: "%.10g", numerical)))"
    }
}

/// Denominators below this are raised to it in ``relativeError(_:_:)``.
///
/// Central differences in `Double` carry about 1e-10 of rounding noise for a loss of order 1; on
/// an element whose true gradient is ~0 the plain ratio |a − n| / max(|a|, |n|) would measure only
/// that noise. With the floor, such elements are held to an absolute error of 1e-10 instead.
public let gradientCheckFloor = 1e-4

/// The relative error |a − n| / max(|a|, |n|, 10⁻⁴) between an analytic and a numerical value.
public func relativeError(_ a: Double, _ n: Double) -> Double {
    abs(a - n) / max(abs(a), abs(n), gradientCheckFloor)
}

/// The central-difference estimate of ∂f/∂xᵢ for every element i of x:
///
/// ```
/// ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h
/// ```
///
/// The error of this estimate is O(h²), against O(h) for a one-sided difference; h = 10⁻⁵ balances
/// that against rounding error in `Double`.
public func numericalGradient(at x: Tensor, step h: Double = 1e-5, of f: (Tensor) -> Double) -> Tensor {
    var probe = x
    var gradient = Tensor(zeros: x.shape)
    for i in 0..<x.count {
        let original = probe.data[i]
        probe.data[i] = original + h
        let plus = f(probe)
        probe.data[i] = original - h
        let minus = f(probe)
        probe.data[i] = original
        gradient.data[i] = (plus - minus) / (2 * h)
    }
    return gradient
}

/// Compares an analytic gradient of `f` at `x` with central differences, element by element.
///
/// ```swift
/// let check = checkGradient("dx", analytic: 2 * x, at: x) { $0.dot($0) }
/// #expect(check.passes(), "\(check)")
/// ```
public func checkGradient(_ name: String, analytic: Tensor, at x: Tensor, step h: Double = 1e-5,
                          of f: (Tensor) -> Double) -> GradientCheck {
    precondition(analytic.shape == x.shape,
                 "\(name): analytic gradient has shape \(analytic.shape), parameter has \(x.shape)")
    let numerical = numericalGradient(at: x, step: h, of: f)
    var check = GradientCheck(name: name, maxRelativeError: 0, worstIndex: 0,
                              analytic: analytic.data.first ?? 0, numerical: numerical.data.first ?? 0)
    for i in 0..<x.count {
        let e = relativeError(analytic.data[i], numerical.data[i])
        if e > check.maxRelativeError || e.isNaN {
            check = GradientCheck(name: name, maxRelativeError: e.isNaN ? .infinity : e, worstIndex: i,
                                  analytic: analytic.data[i], numerical: numerical.data[i])
        }
    }
    return check
}
