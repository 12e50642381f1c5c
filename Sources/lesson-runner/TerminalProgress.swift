import Foundation
import Lessons

/// Draws training progress on stderr: a redrawn bar on a terminal, a few plain lines otherwise
/// (so logs stay short when output goes to a file or CI).
final class TerminalProgress: ProgressSink {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var label = "", total = 0
    private var start = Date(), lastDraw = Date.distantPast
    private var lastQuarter = -1
    private var lineOpen = false

    func begin(_ label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        start = Date()
        lastDraw = .distantPast
        lastQuarter = -1
    }

    func update(step: Int, metrics: [(String, Double)]) {
        let now = Date()
        let fraction = Double(step) / Double(total)
        if isTerminal {
            guard now.timeIntervalSince(lastDraw) > 0.08 || step == total else { return }
            lastDraw = now
            write("\r\u{1B}[K" + line(step: step, fraction: fraction, metrics: metrics, now: now))
            lineOpen = true
        } else {
            let quarter = Int(fraction * 4)
            guard quarter > lastQuarter else { return }
            lastQuarter = quarter
            write(line(step: step, fraction: fraction, metrics: metrics, now: now) + "\n")
        }
    }

    func end() { finishLine() }

    func print(_ line: String) {
        finishLine()
        Swift.print(line)
    }

    /// Ends a half-drawn bar so the next output starts on a fresh line.
    func finishLine() {
        if lineOpen { write("\n") }
        lineOpen = false
    }

    private func line(step: Int, fraction: Double, metrics: [(String, Double)], now: Date) -> String {
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(step) / elapsed : 0
        let shown = metrics.map { "\($0.0) \(String(format: "%.4g", $0.1))" }.joined(separator: "  ")
        let percent = String(format: "%3d%%", Int(fraction * 100))
        return "\(label) \(bar) \(percent) \(step)/\(total)  \(shown)  \(Int(rate.rounded())) steps/s"
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
