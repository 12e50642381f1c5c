import Exercises
import Foundation
import Lessons

/// The experiment of exercise smoothing-on-the-ring: does one-sided label smoothing change how
/// many of the ring's modes the chapter's GAN covers?
public enum Ch06Experiments {
    /// The modes one smoothing s covered, one entry per seed.
    public struct SmoothingResult: Sendable {
        public var smoothing: Double
        /// Modes with at least 2 % of the samples within 3σ, the chapter's "modes covered (of 8)".
        public var modes: [Int] = []
        /// The share of samples within 3σ of some mode.
        public var highQuality: [Double] = []
    }

    /// The chapter's GAN (`RingRunSettings()`: 2,500 rounds, batch 128) trained from `seeds` seeds
    /// for every smoothing s, with `step` as D's step. The seeds are the chapter's "other seeds"
    /// (streams " 1", " 2", …), so the s = 0 row repeats the numbers the chapter reports for them.
    public static func smoothingOnTheRing(smoothings: [Double] = [0, 0.1, 0.2], seeds: Int = 5,
                                          settings: RingRunSettings = RingRunSettings(),
                                          step: (inout GAN, Tensor, Tensor, Double) throws -> Double,
                                          progress: (String) -> Void = { _ in }) rethrows -> [SmoothingResult] {
        var results: [SmoothingResult] = []
        for s in smoothings {
            var result = SmoothingResult(smoothing: s)
            for seed in 1...seeds {
                var run = settings
                run.stream = " \(seed)"
                let started = Date()
                let coverage = try ringCoverage(run) { gan, x, x̃ in try step(&gan, x, x̃, s) }
                result.modes.append(coverage.highQuality.modesCovered)
                result.highQuality.append(coverage.highQuality.highQualityFraction)
                progress(String(format: "s = %.2f, seed %d: %d of 8 modes covered, %.1f %% of samples within 3σ of a mode (%.1f s)",
                                s, seed, coverage.highQuality.modesCovered, 100 * coverage.highQuality.highQualityFraction,
                                Date().timeIntervalSince(started)))
            }
            results.append(result)
        }
        return results
    }

    /// The results as a table: per s, the modes covered from each seed, their mean and range, and
    /// the mean high-quality share.
    public static func table(_ results: [SmoothingResult]) -> String {
        var lines = ["   s   modes covered (of 8), seed by seed   mean   min–max   high-quality share, mean"]
        for r in results {
            let mean = Double(r.modes.reduce(0, +)) / Double(max(1, r.modes.count))
            let quality = r.highQuality.reduce(0, +) / Double(max(1, r.highQuality.count))
            let perSeed = r.modes.map(String.init).joined(separator: " ")
            lines.append(String(format: "%4.2f   ", r.smoothing) + perSeed.padding(toLength: 35, withPad: " ", startingAt: 0)
                         + String(format: "%4.1f   %d–%d     %5.1f %%", mean, r.modes.min() ?? 0, r.modes.max() ?? 0, 100 * quality))
        }
        return lines.joined(separator: "\n")
    }

    /// `lesson-runner experiment smoothing-on-the-ring [--setup collapsing]`, on the learner's step.
    static let smoothingExperiment = ExerciseExperiment(
        summary: "The chapter's GAN on the ring (2,500 rounds, batch 128) with your smoothedDiscriminatorStep, "
            + "for s = 0, 0.1 and 0.2 from 5 seeds each: 15 runs, about 30 s in a release build (70 s with "
            + "--setup collapsing).",
        setups: [("balanced", "the chapter's default: β₁ = 0.5, one G step per D step"),
                 ("collapsing", "the mode-collapse section's: β₁ = 0.9, five G steps per D step")],
        run: { setup, seeds, print in
            var settings = RingRunSettings()
            if setup == "collapsing" { settings.config = .collapsing }
            print("set-up: \(setup)")
            let results = try smoothingOnTheRing(seeds: seeds ?? 5, settings: settings,
                                                 step: Exercises.smoothedDiscriminatorStep, progress: print)
            print("")
            print(table(results))
        })
}
