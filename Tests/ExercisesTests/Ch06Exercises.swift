import ExerciseGrading
import Lessons
import Testing

/// Your chapter 6 exercises (Sources/Exercises/Ch06.swift).
@Suite("Chapter 6 exercises") struct Ch06Exercises {
    @Test("one-sided label smoothing for D") func smoothedDiscriminatorLoss() async throws {
        try await gradeLearnerExercise("label-smoothing")
    }

    @Test("a Wasserstein critic with a gradient penalty") func gradientPenaltyCriticLoss() async throws {
        try await gradeLearnerExercise("gradient-penalty")
    }

    @Test("feature matching") func featureMatchingLoss() async throws {
        try await gradeLearnerExercise("feature-matching")
    }

    @Test("D's step with label smoothing, trained on the ring") func smoothedDiscriminatorStep() async throws {
        try await gradeLearnerExercise("smoothing-on-the-ring")
    }
}

/// The reference solutions pass the same graders.
@Suite("Chapter 6 reference solutions") struct Ch06Solutions {
    @Test func smoothedDiscriminatorLoss() {
        #expect(Ch06Graders.smoothedDiscriminatorLoss(Ch06Reference.smoothedDiscriminatorLoss) == .passed)
    }

    @Test func gradientPenaltyCriticLoss() {
        #expect(Ch06Graders.gradientPenaltyCriticLoss(Ch06Reference.gradientPenaltyCriticLoss) == .passed)
    }

    @Test func featureMatchingLoss() {
        #expect(Ch06Graders.featureMatchingLoss(Ch06Reference.featureMatchingLoss) == .passed)
    }

    @Test func smoothedDiscriminatorStep() {
        #expect(Ch06Graders.smoothedDiscriminatorStep(Ch06Reference.smoothedDiscriminatorStep) == .passed)
    }

    @Test("the experiment on the reference: with s = 0 it is the chapter's run, so smoothing is the only difference")
    func smoothingExperimentRuns() throws {
        var settings = RingRunSettings()
        settings.steps = 60
        settings.samples = 200
        let results = try Ch06Experiments.smoothingOnTheRing(smoothings: [0, 0.2], seeds: 2, settings: settings,
                                                             step: Ch06Reference.smoothedDiscriminatorStep)
        #expect(results.map(\.smoothing) == [0, 0.2] && results.allSatisfy { $0.modes.count == 2 })
        for seed in 1...2 {
            settings.stream = " \(seed)"
            let chapter = ringCoverage(settings) { gan, x, x̃ in gan.stepD(real: x, fake: x̃) }
            #expect(results[0].modes[seed - 1] == chapter.highQuality.modesCovered)
            #expect(results[0].highQuality[seed - 1] == chapter.highQuality.highQualityFraction)
        }
        let table = Ch06Experiments.table(results)
        #expect(table.split(separator: "\n").count == 3 && table.contains("0.20"), "\(table)")
    }
}
