import ExerciseGrading
import Foundation
import Lessons

/// Plausible wrong answers to chapter 2's exercises; each must fail its grader.
extension WrongAnswer {
    static let ch02: [WrongAnswer] = [
        WrongAnswer("elu", "derivative 1 at x = 0 (the first branch)", mentions: "at x = 0 take the second branch") {
            Ch02Graders.elu { x, α in x >= 0 ? (x, 1) : (α * (exp(x) - 1), α * exp(x)) }
        },
        WrongAnswer("elu", "derivative α(eˣ − 1), the function itself", mentions: "α eˣ") {
            Ch02Graders.elu { x, α in x > 0 ? (x, 1) : (α * (exp(x) - 1), α * (exp(x) - 1)) }
        },
        WrongAnswer("elu", "α forgotten: eˣ − 1", mentions: "α(eˣ − 1)") {
            Ch02Graders.elu { x, _ in x > 0 ? (x, 1) : (exp(x) - 1, exp(x)) }
        },
        WrongAnswer("softmax-jvp", "only diag(p) v", mentions: "− p pᵀ v part") {
            Ch02Graders.softmaxJacobianTimes { p, v in p * v }
        },
        WrongAnswer("softmax-jvp", "the sign flipped", mentions: "sign flipped") {
            Ch02Graders.softmaxJacobianTimes { p, v in p.map { $0 * p.dot(v) } - p * v }
        },
        WrongAnswer("softmax-jvp", "the factor pᵢ left out", mentions: "multiply each element by pᵢ") {
            Ch02Graders.softmaxJacobianTimes { p, v in v.map { $0 - p.dot(v) } }
        },
        WrongAnswer("log-softmax", "the naive log(softmax(z))", mentions: "subtract the row maximum") {
            Ch02Graders.logSoftmax { z in
                var out = z
                for r in 0..<z.rows {
                    let total = (0..<z.cols).reduce(0.0) { $0 + exp(z[r, $1]) }
                    for j in 0..<z.cols { out[r, j] = log(exp(z[r, j]) / total) }
                }
                return out
            }
        },
        WrongAnswer("log-softmax", "z − max(z) without the log Σ exp", mentions: "log Σ exp term is missing") {
            Ch02Graders.logSoftmax { z in
                var out = z
                for r in 0..<z.rows {
                    let m = (0..<z.cols).map { z[r, $0] }.max() ?? 0
                    for j in 0..<z.cols { out[r, j] -= m }
                }
                return out
            }
        },
        WrongAnswer("log-softmax", "normalised over columns instead of rows", mentions: "not each column") {
            Ch02Graders.logSoftmax { z in
                var out = z
                for j in 0..<z.cols {
                    let lse = logSumExp((0..<z.rows).map { z[$0, j] }[...])
                    for r in 0..<z.rows { out[r, j] -= lse }
                }
                return out
            }
        },
        WrongAnswer("gain-for-depth", "He's √2 for every activation", mentions: "shrinks") {
            Ch02Graders.gainKeepingGradientNorm { _ in 2.0.squareRoot() }
        },
        WrongAnswer("gain-for-depth", "g = 1/E[f'(Z)] with E[ReLU'] = ½, so 2 for ReLU", mentions: "grows") {
            Ch02Graders.gainKeepingGradientNorm { f in f == .relu ? 2 : (f == .sigmoid ? 4 : 1) }
        },
        WrongAnswer("gain-for-depth", "g = 1/f'(0): 4 for the sigmoid, as in the linear regime", mentions: "The gain must be larger") {
            Ch02Graders.gainKeepingGradientNorm { f in f == .sigmoid ? 4 : (f == .relu ? 2.0.squareRoot() : 1.1) }
        },
        WrongAnswer("dead-relu", "z < 0 instead of z ≤ 0", mentions: "z ≤ 0, not z < 0") {
            Ch02Graders.deadReLUUnits { layer, X in
                let Z = layer.forward(X)
                return (0..<Z.cols).filter { j in (0..<Z.rows).allSatisfy { Z[$0, j] < 0 } }
            }
        },
        WrongAnswer("dead-relu", "off for the first input only", mentions: "for every input") {
            Ch02Graders.deadReLUUnits { layer, X in
                let Z = layer.forward(X)
                return (0..<Z.cols).filter { Z[0, $0] <= 0 }
            }
        },
        WrongAnswer("dead-relu", "a negative bias taken to mean dead", mentions: "negative bias alone") {
            Ch02Graders.deadReLUUnits { layer, _ in (0..<layer.b.count).filter { layer.b[$0] < 0 } }
        },
    ]
}
