import ExerciseGrading
import Foundation

/// The terminal side of `watch`. On a terminal: single keys, and the screen redrawn after each
/// grade. Otherwise (output to a file or a pipe, as in scripts and CI): one line per grade, and
/// commands read as lines from standard input.
final class WatchTerminal {
    let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    private var pending = ""
    private var inputClosed = false
    private var lastLine = ""
    private var lastGraded = ""

    /// Key presses without Enter and without echo; the terminal is restored by `stop`, on Ctrl-C
    /// and on `kill`.
    func start() {
        if !interactive {
            say("watching Sources/Exercises; commands, one per line: hint, list, next, go NAME, reset, check, quit")
            return
        }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        savedTerminalSettings = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        setControlCharacter(&settings, VMIN, 0)
        setControlCharacter(&settings, VTIME, 0)
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal) { number in
                restoreTerminal()
                _exit(128 + number)
            }
        }
    }

    func stop() {
        restoreTerminal()
        if interactive { Swift.print("") }
    }

    /// A line of its own, at once.
    func say(_ text: String) {
        Swift.print(text)
        fflush(nil)
    }

    func showBusy(_ text: String) {
        if interactive { say("\u{1B}[2m⟳ \(text)\u{1B}[0m") }
    }

    /// Waits up to `seconds` for a command; nil when none came.
    func nextCommand(waiting seconds: Double) -> WatchSession.Command? {
        if !interactive, let line = nextPendingLine() { return command(from: line) }
        if inputClosed {
            usleep(UInt32(seconds * 1_000_000))
            return nil
        }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        if count <= 0 {
            // End of input: keep watching the files; a last line without a newline still counts.
            inputClosed = true
            if !pending.isEmpty { pending += "\n" }
            return nil
        }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        if interactive {
            guard let key = text.first else { return nil }
            if key == "g" { return askForExercise() }
            return WatchSession.Command(parsing: String(key))
        }
        pending += text
        return nextPendingLine().flatMap(command(from:))
    }

    private func nextPendingLine() -> String? {
        guard let newline = pending.firstIndex(of: "\n") else { return nil }
        let line = String(pending[..<newline]).trimmingCharacters(in: .whitespaces)
        pending.removeSubrange(...newline)
        return line
    }

    private func command(from line: String) -> WatchSession.Command? {
        if line.isEmpty { return nil }
        guard let command = WatchSession.Command(parsing: line) else {
            say("unknown command '\(line)': hint, list, next, go NAME, reset, check, quit")
            return nil
        }
        return command
    }

    /// "g": reads a name with the terminal back in line mode.
    private func askForExercise() -> WatchSession.Command? {
        restoreTerminal()
        Swift.print("go to exercise (Enter to cancel): ", terminator: "")
        fflush(nil)
        let name = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
        start()
        return name.isEmpty ? nil : .goTo(name)
    }

    func show(_ screen: WatchSession.Screen) {
        interactive ? draw(screen) : printLines(screen)
    }

    private func draw(_ screen: WatchSession.Screen) {
        let e = screen.exercise
        var out = "\u{1B}[2J\u{1B}[H"
        out += "Deep Learning, Line by Line — exercises    \(progressBar(screen.done, screen.total))\n\n"
        out += "ch\(String(format: "%02d", e.chapter))  \(e.name) — \(e.title)\n"
        if screen.graded { lastGraded = clock() }
        out += "edit \(e.file); it is graded again every time you save   (last graded \(lastGraded))\n\n"
        out += statusText(screen.status, e) + "\n"
        for note in screen.notes { out += "\n" + note + "\n" }
        out += "\n\u{1B}[2mh hint · l list · n next · g go to · r reset · c check again · q quit\u{1B}[0m\n"
        Swift.print(out, terminator: "")
        fflush(nil)
    }

    /// Notes, then the status line when it changed (or after a grade that brought notes).
    private func printLines(_ screen: WatchSession.Screen) {
        for note in screen.notes { say(note) }
        let e = screen.exercise
        let line = "[\(screen.done) of \(screen.total) done] ch\(String(format: "%02d", e.chapter)) \(e.name): "
            + statusText(screen.status, e).replacingOccurrences(of: "\n", with: " | ")
        if line != lastLine || screen.graded { say(line) }
        lastLine = line
    }

    private func statusText(_ status: WatchSession.Status, _ e: Exercise) -> String {
        switch status {
        case .graded(.passed):
            return "✓ passed"
        case .graded(.notAttempted):
            return "· not attempted yet — replace the 'throw ExerciseError.notAttempted' in \(e.file). Hint: \(e.hint)"
        case let .graded(.failed(message)):
            return "✗ not yet right: \(message)"
        case let .doesNotCompile(errors):
            return "✗ does not compile:\n\(errors)"
        }
    }

    private func progressBar(_ done: Int, _ total: Int) -> String {
        let width = 24
        let filled = total > 0 ? done * width / total : 0
        return String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            + "  \(done) of \(total) done"
    }

    private func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// The terminal's settings before `watch` changed them (a global: the signal handler needs it).
nonisolated(unsafe) private var savedTerminalSettings: termios?

private func restoreTerminal() {
    if var settings = savedTerminalSettings {
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }
}

/// termios.c_cc is a C array, imported as a tuple.
private func setControlCharacter(_ settings: inout termios, _ index: Int32, _ value: UInt8) {
    withUnsafeMutableBytes(of: &settings.c_cc) { $0[Int(index)] = value }
}
