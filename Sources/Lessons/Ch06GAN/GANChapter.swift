import Foundation

extension Chapter {
    /// Chapter 6: generative adversarial networks.
    public static let gan = Chapter(
        number: 6, slug: "gan", title: "Generative adversarial networks",
        figures: ["samples", "discriminator", "losses", "mode-collapse", "bilinear-game", "optimal-discriminator"],
        run: runGANChapter)
}

/// What one GAN training run on the ring leaves behind for the report and the figures.
struct RingRun: Sendable {
    var gan: GAN
    /// The losses of every step.
    var lossD: [Double] = [], lossG: [Double] = []
    /// G's output on the same fixed noise at a few steps.
    var snapshots: [(step: Int, points: Tensor)] = []
    /// D(x) on the figure grid at a few steps.
    var surfaces: [(step: Int, values: [[Double]])] = []
    /// Modes covered and the high-quality fraction (within 3σ), and each mode's share of the
    /// samples within `collapseRadius` of it, measured every few steps on the same noise.
    var coverage: [(step: Int, modes: Int, quality: Double, near: ModeCoverage)] = []
}

/// The square the ring's figures show.
let ringView = -3.0...3.0

func runGANChapter(_ context: RunContext) throws {
    let ring = RingOfGaussians()
    let steps = context.steps(2500, fast: 30)
    let seeds = context.steps(5, fast: 2)
    // The chapter's run, the collapsing run and the same run from other seeds: independent, so
    // they train two at a time.
    let runs = try context.twoAtATime(2 + seeds, label: "GAN on the ring: \(2 + seeds) runs of \(steps) steps") { context, i -> RingRun in
        if i == 0 { return try trainOnRing(ring, config: GANConfig(), steps: steps, label: "GAN on the ring", context) }
        if i == 1 { return try trainOnRing(ring, config: .collapsing, steps: steps, label: "β₁ = 0.9, 5 G steps per D step", context) }
        return try trainOnRing(ring, config: GANConfig(), steps: steps, label: "seed \(i - 1) of \(seeds)",
                               stream: " \(i - 1)", keepFigures: false, context)
    }
    let (good, collapsed) = (runs[0], runs[1])
    guard let final = good.coverage.last else { return }
    context.report("modes covered (of 8)", Double(final.modes))
    context.report("high-quality samples", final.quality)
    context.report("D loss, mean of the last 100 steps (log 4 = 1.386)", good.lossD.suffix(100).reduce(0, +) / Double(min(100, good.lossD.count)))
    context.report("G loss, mean of the last 100 steps (log 2 = 0.693)", good.lossG.suffix(100).reduce(0, +) / Double(min(100, good.lossG.count)))
    recordLossLandmarks(good, context)
    reportSeedSpread(runs.dropFirst(2), context)
    reportModeHopping(balanced: good, collapsing: collapsed, context)
    reportBilinearGame(context)

    var rng = context.rng("1-D discriminator")
    let data = Normal1D(mean: 1, standardDeviation: 0.5), generator = Normal1D(mean: -0.5, standardDeviation: 1)
    let D = trainDiscriminator(data: data, generator: generator, steps: context.steps(1500, fast: 30), rng: &rng)
    let xs = stride(from: -4.0, through: 4.0, by: 0.02).map { $0 }
    let trained = D.forward(Tensor(shape: [xs.count, 1], data: xs)).output.data.map(sigmoid)
    let optimal = xs.map { optimalDiscriminator(pData: data.density($0), pG: generator.density($0)) }
    // Compare only where there is data: elsewhere nothing in the loss constrains D.
    let compared = xs.indices.filter { data.density(xs[$0]) + generator.density(xs[$0]) >= 0.05 }
    let gap = compared.map { abs(trained[$0] - optimal[$0]) }.max() ?? .nan
    context.report("1-D: largest gap between D and D* where p_data + p_g ≥ 0.05", gap)

    // As many real points as generated ones in each scatter plot.
    var figureRNG = context.rng("figure samples")
    let real = ring.sample(good.snapshots.first?.points.rows ?? 0, rng: &figureRNG)
    try context.save(snapshotFigure(good, real: real), as: "samples")
    try context.save(discriminatorFigure(good, real: real), as: "discriminator")
    try context.save(lossFigure(good), as: "losses")
    try context.save(collapseFigure(collapsed, good, real: real), as: "mode-collapse")
    try context.save(bilinearGameFigure(), as: "bilinear-game")
    try context.save(optimalDiscriminatorFigure(xs, data: data, generator: generator, optimal: optimal,
                                                trained: trained, compared: compared), as: "optimal-discriminator")
}

/// Records the landmarks of the losses figure that the text quotes: the lowest point of D's moving
/// average and where it is, G's moving average a tenth of the way in, the high-quality share a
/// fifth of the way in, and the first measured step at which all 8 modes are covered.
private func recordLossLandmarks(_ run: RingRun, _ context: RunContext) {
    let averageD = movingAverage(run.lossD, window: 50), averageG = movingAverage(run.lossG, window: 50)
    if let lowest = averageD.indices.min(by: { averageD[$0] < averageD[$1] }) {
        context.record("D loss, lowest moving average", averageD[lowest])
        context.record("D loss, step of the lowest moving average", Double(lowest + 1))
    }
    let tenth = averageG.count / 10
    if tenth > 0 { context.record("G loss, moving average at a tenth of the run", averageG[tenth - 1]) }
    let fifth = run.coverage.first { $0.step >= run.lossD.count / 5 }
    context.record("high-quality samples at a fifth of the run", fifth?.quality ?? .nan)
    context.record("first measured step covering all 8 modes", Double(run.coverage.first { $0.modes == 8 }?.step ?? -1))
}

/// GANs depend on the seed: the same run from other initialisations and noise streams, reporting
/// the mean and range of the modes covered and of the high-quality share at the end.
private func reportSeedSpread(_ runs: ArraySlice<RingRun>, _ context: RunContext) {
    let seeds = runs.count
    let modes = runs.map { Double($0.coverage.last?.modes ?? 0) }
    let quality = runs.map { $0.coverage.last?.quality ?? 0 }
    let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
    context.report("\(seeds) other seeds: modes covered, mean", mean(modes))
    context.report("\(seeds) other seeds: modes covered, lowest", modes.min() ?? .nan)
    context.report("\(seeds) other seeds: runs covering all 8 modes", Double(modes.filter { $0 == 8 }.count))
    context.report("\(seeds) other seeds: high-quality samples, mean", mean(quality))
    context.report("\(seeds) other seeds: high-quality samples, lowest", quality.min() ?? .nan)
    context.report("\(seeds) other seeds: high-quality samples, highest", quality.max() ?? .nan)
}

// listing: ring-training
/// Trains a GAN on the ring for `steps` rounds of batch 128, keeping what the figures need.
/// `stream` names other random streams (another seed) than the chapter's default run.
func trainOnRing(_ ring: RingOfGaussians, config: GANConfig, steps: Int, label: String, stream: String = "",
                 keepFigures: Bool = true, _ context: RunContext) throws -> RingRun {
    var initRNG = context.rng("init" + stream), dataRNG = context.rng("data" + stream)
    var noiseRNG = context.rng("noise" + stream)
    var run = RingRun(gan: GAN(config: config, rng: &initRNG))
    var fixedRNG = context.rng("fixed noise")
    let fixedNoise = run.gan.noise(context.steps(1000, fast: 200), rng: &fixedRNG)             // the same z at every snapshot
    let snapshotSteps = Set([0.1, 0.2, 0.4, 0.6, 1].map { Int($0 * Double(steps)) } + [0])
    let surfaceSteps = Set([Int(0.2 * Double(steps)), steps])
    let measureEvery = max(1, steps / context.steps(50, fast: 5))
    let measured = context.steps(2000, fast: 200)

    let loop = context.loop(label, total: steps)
    for step in 0...steps {
        if step > 0 {
            let (lossD, lossG) = run.gan.trainStep(real: ring.sample(128, rng: &dataRNG), rng: &noiseRNG)
            run.lossD.append(lossD)
            run.lossG.append(lossG)
            try loop.step(step, loss: lossD, ("G loss", lossG))
        }
        if keepFigures && snapshotSteps.contains(step) { run.snapshots.append((step, run.gan.generate(fixedNoise))) }
        if keepFigures && surfaceSteps.contains(step) { run.surfaces.append((step, discriminatorSurface(run.gan, size: context.steps(121, fast: 31)))) }
        if step % measureEvery == 0 || step == steps {
            var evalRNG = context.rng("evaluation" + stream)
            let samples = run.gan.generate(run.gan.noise(measured, rng: &evalRNG))
            let c = ModeCoverage(of: samples, ring: ring)
            let near = ModeCoverage(of: samples, ring: ring, within: collapseRadius)
            run.coverage.append((step, c.modesCovered, c.highQualityFraction, near))
        }
    }
    loop.end()
    return run
}
// end listing

/// D(x) on an n × n grid over ringView², row 0 at the bottom.
func discriminatorSurface(_ gan: GAN, size n: Int) -> [[Double]] {
    let at = { (i: Int) in ringView.lowerBound + (ringView.upperBound - ringView.lowerBound) * Double(i) / Double(n - 1) }
    let grid = Tensor(shape: [n * n, 2], data: (0..<(n * n)).flatMap { [at($0 % n), at($0 / n)] })  // (x₁, x₂) row by row
    let D = gan.discriminate(grid).data
    return (0..<n).map { r in Array(D[(r * n)..<((r + 1) * n)]) }
}

// MARK: - Figures

let realColor = Color.gray.withAlpha(0.5)
let fakeColor = Color.series(1)

/// Real samples in grey and G's samples in colour on one square panel.
func ringPanel(title: String, real: Tensor, fake: Tensor) -> Panel {
    var panel = Panel(title: title, xLabel: "x₁", yLabel: "x₂")
    panel.layers = [
        .scatter(x: column(real, 0), y: column(real, 1), label: "real", color: realColor, radius: 2),
        .scatter(x: column(fake, 0), y: column(fake, 1), label: "generated", color: fakeColor.withAlpha(0.6), radius: 2),
    ]
    panel.xRange = ringView
    panel.yRange = ringView
    panel.equalAspect = true
    return panel
}

private func column(_ x: Tensor, _ j: Int) -> [Double] { (0..<x.rows).map { x[$0, j] } }

private func snapshotFigure(_ run: RingRun, real: Tensor) -> Figure {
    let panels = run.snapshots.map { snap in
        var panel = ringPanel(title: "step \(snap.step)", real: real, fake: snap.points)
        panel.legend = snap.step == 0 ? .topRight : .none
        return panel
    }
    return Figure(title: "G's samples (orange) spread out from the centre and settle on the 8 modes (grey)",
                  width: 1200, height: 820, columns: 3, panels: panels)
}

private func discriminatorFigure(_ run: RingRun, real: Tensor) -> Figure {
    let half = real.rows / 2                                   // fewer, so D's surface shows through
    let real = Tensor(shape: [half, 2], data: Array(real.data[..<(2 * half)]))
    let panels = run.surfaces.map { surface -> Panel in
        let fake = run.snapshots.first { $0.step == surface.step }?.points ?? Tensor(zeros: [0, 2])
        var panel = ringPanel(title: "D(x) at step \(surface.step)", real: real, fake: fake)
        panel.layers.insert(.field(values: surface.values, x: ringView, y: ringView, colormap: .blueWhiteRed,
                                   range: 0...1), at: 0)
        panel.layers[1] = .scatter(x: column(real, 0), y: column(real, 1), label: "real", color: .black, radius: 2)
        panel.colorBar = "D(x): 0 = generated, 1 = real"
        return panel
    }
    return Figure(title: "The discriminator's surface: red where it says real, blue where it says generated",
                  width: 1200, height: 560, columns: 2, panels: panels)
}

private func movingAverage(_ x: [Double], window: Int) -> [Double] {
    var out: [Double] = [], sum = 0.0
    for i in x.indices {
        sum += x[i]
        if i >= window { sum -= x[i - window] }
        out.append(sum / Double(min(i + 1, window)))
    }
    return out
}

private func lossFigure(_ run: RingRun) -> Figure {
    let steps = (1...max(1, run.lossD.count)).map(Double.init)
    var losses = Panel(title: "Losses (moving average over 50 steps)", xLabel: "step", yLabel: "loss (nats)")
    losses.layers = [
        .line(x: steps, y: movingAverage(run.lossD, window: 50), label: "D loss, eq. (6.3)", color: .series(0)),
        .line(x: steps, y: movingAverage(run.lossG, window: 50), label: "G loss, eq. (6.5)", color: .series(1)),
        .hline(y: log(4), label: "log 4: D loss if D = ½ everywhere", color: .series(0)),
        .hline(y: log(2), label: "log 2: G loss if D = ½ everywhere", color: .series(1)),
    ]
    var quality = Panel(title: "What the losses do not show", xLabel: "step",
                        yLabel: "share of samples within 3σ of a mode")
    quality.layers = [
        .line(x: run.coverage.map { Double($0.step) }, y: run.coverage.map(\.quality),
              label: "high-quality samples", color: .series(2), markers: true),
    ]
    quality.yRange = 0...1
    quality.legend = .topLeft
    return Figure(title: "G's loss rises while its samples get better: a GAN's losses are not a score",
                  width: 1200, height: 520, columns: 2, panels: [losses, quality])
}

private func optimalDiscriminatorFigure(_ xs: [Double], data: Normal1D, generator: Normal1D,
                                        optimal: [Double], trained: [Double], compared: [Int]) -> Figure {
    var panel = Panel(title: "p_data = N(1, 0.5²), p_g = N(−0.5, 1²)", xLabel: "x", yLabel: "density or probability")
    panel.layers = [
        .line(x: xs, y: xs.map(data.density), label: "p_data(x)", color: .gray),
        .line(x: xs, y: xs.map(generator.density), label: "p_g(x)", color: .series(1)),
        .line(x: xs, y: optimal, label: "D*(x) = p_data / (p_data + p_g), eq. (6.7)", color: .series(0), width: 4),
        .line(x: xs, y: trained, label: "trained D(x)", color: .black, dashed: true),
    ]
    if let lo = compared.first, let hi = compared.last {
        panel.layers.append(.vline(x: xs[lo], label: "compared where p_data + p_g ≥ 0.05", color: .gray))
        panel.layers.append(.vline(x: xs[hi], color: .gray))
    }
    panel.legend = .topLeft
    return Figure(title: "Where there is data, a discriminator trained against a fixed p_g lands on D*", width: 900, height: 560, panels: [panel])
}
