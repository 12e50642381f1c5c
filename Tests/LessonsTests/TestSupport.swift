import Foundation
import Testing
@testable import Lessons

/// The project root, found from this file's location.
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Checks an analytic gradient against central differences in `Double` and records a failure that
/// names the worst index and both values when the relative error reaches `tolerance`.
func expectGradient(_ name: String, analytic: Tensor, at x: Tensor, tolerance: Double = 1e-6,
                    sourceLocation: SourceLocation = #_sourceLocation, of f: (Tensor) -> Double) {
    let check = checkGradient(name, analytic: analytic, at: x, of: f)
    #expect(check.passes(tolerance: tolerance), "\(check)", sourceLocation: sourceLocation)
}

/// One folder for every fast run of this test process, removed when the process exits.
private let fastRunRoot: URL = {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("lessons-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit {
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory
            .appendingPathComponent("lessons-tests-\(ProcessInfo.processInfo.processIdentifier)"))
    }
    return root
}()

/// Runs a chapter's demo with `--fast` into a fresh temporary folder and returns the context,
/// whose `metrics` and `figures` the caller can check.
func runFast(_ chapter: Chapter, seed: UInt64 = 42) throws -> RunContext {
    let folder = fastRunRoot.appendingPathComponent("\(chapter.id)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let context = RunContext(seed: seed, fast: true, figureDirectory: folder, root: projectRoot)
    try chapter.run(context)
    return context
}

/// Checks that a fast run wrote every figure the chapter declares, as non-trivial PNG files.
func expectFiguresWritten(_ context: RunContext, for chapter: Chapter,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let names = context.figures.map { $0.deletingPathExtension().lastPathComponent }
    #expect(names == chapter.figures, sourceLocation: sourceLocation)
    for url in context.figures {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        #expect(size > 2_000, "\(url.lastPathComponent) is only \(size) bytes", sourceLocation: sourceLocation)
    }
}

/// Central differences for every weight of a character model's batched loss (the layer's weights,
/// then W_hyᵀ and b_y), named `names` in that order.
func expectWeightGradients<Layer: RecurrentLayer>(_ model: CharacterModel<Layer>, names: [String],
                                                  inputs x: SymbolBatch, targets y: SymbolBatch, from start: Layer.State,
                                                  sourceLocation: SourceLocation = #_sourceLocation) {
    let g = model.loss(x, targets: y, from: start).gradients.all
    let θ = model.parameters
    for (k, name) in names.enumerated() {
        expectGradient("∂L/∂\(name)", analytic: g[k], at: θ[k], sourceLocation: sourceLocation) { v in
            var changed = model
            changed.parameters[k] = v
            return changed.loss(x, targets: y, from: start).loss
        }
    }
}
