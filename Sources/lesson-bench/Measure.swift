import Foundation

/// Wall-clock seconds of each of `runs` calls of `body`, after one untimed warm-up call.
func timings(runs: Int, warmUp: Bool = true, _ body: () throws -> Void) rethrows -> [Double] {
    if warmUp { try body() }
    return try (0..<runs).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The median of a non-empty list.
func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// "12.3 ms", "4.56 s", "812 µs".
func formatSeconds(_ t: Double) -> String {
    if t >= 1 { return String(format: "%.2f s", t) }
    if t >= 1e-3 { return String(format: "%.1f ms", t * 1e3) }
    return String(format: "%.0f µs", t * 1e6)
}

/// The processor's model name, from /proc/cpuinfo.
func cpuName() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let modelLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
    return modelLine.flatMap { $0.split(separator: ":", maxSplits: 1).last }
        .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
}

/// The machine the numbers were measured on.
func machineDescription() -> String {
    let model = cpuName()
    let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, "
        + String(format: "%.0f GiB", memory) + ", \(ProcessInfo.processInfo.operatingSystemVersionString)"
}
