import Foundation

/// How learner code is graded in a child process, so that a crash or an endless loop in it ends
/// only that child: the child grades under a time limit and prints one verdict line; the parent
/// turns what the child left behind — the line, a crash report, or nothing — into a `Verdict`.
///
/// Both `swift test` (an exit test, `Tests/ExercisesTests/LearnerGrading.swift`) and
/// `lesson-runner exercises` / `watch` (a `lesson-runner grade NAME` child) use it.
public enum GradingChild {
    /// Seconds a grader may run on learner code. Every grader finishes in well under a second on a
    /// correct answer, even in a debug build on a busy machine; ten times that is a loop that will
    /// not end. A watchdog thread in the child ends the child when the limit passes.
    public static let timeLimit = 10

    /// `SWIFT_BACKTRACE` for the child: the runtime's backtracer on, writing a short plain-text
    /// report of the crashed thread (with source lines) to standard error.
    public static let backtraceSetting =
        "enable=yes,interactive=no,color=no,output-to=stderr,threads=crashed,registers=none,images=none,sanitize=no"

    /// The exit code of a child that printed its verdict. Not 0: Swift Testing hands an exit
    /// test's output back only when its exit condition holds, and `.failure` — any non-zero exit
    /// or a signal — covers both this and a crash.
    public static let reportedExitCode: Int32 = 3

    /// Runs in the child: grades the named exercise with a watchdog, prints the verdict line and exits.
    public static func gradeAndExit(_ name: String) -> Never {
        runAndExit(timeLimit: timeLimit) {
            ExerciseCatalog.exercise(named: name)?.gradeLearner() ?? .failed("no exercise called '\(name)'")
        }
    }

    /// Runs `grade` under a watchdog that, after `timeLimit` seconds, prints a "did not finish"
    /// verdict and ends the process (and with it every thread the learner's code started).
    public static func runAndExit(timeLimit: Int, _ grade: () -> Verdict) -> Never {
        let watchdog = Thread {
            Thread.sleep(forTimeInterval: TimeInterval(timeLimit))
            // write(2) rather than print: the main thread may hold stdout's lock in a printing loop.
            let line = "\n" + Verdict.failed(timeLimitMessage(timeLimit)).encoded + "\n"
            _ = line.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
            _exit(reportedExitCode)
        }
        watchdog.start()
        print(grade().encoded)
        exit(reportedExitCode)
    }

    /// What a learner reads when their code runs past the limit.
    public static func timeLimitMessage(_ seconds: Int) -> String {
        "did not finish in \(seconds) s — an endless loop? Look for a loop whose condition never becomes false "
            + "(a counter that is never increased, a stride that never reaches its end)"
    }

    /// Turns on crash reports in children this process starts from now on (`swift test`'s exit
    /// tests inherit the environment; Swift Testing otherwise switches the backtracer off).
    public static func enableCrashReportsInChildren() {
        setenv("SWIFT_BACKTRACE", backtraceSetting, 1)
    }

    /// The environment for a grading child started with `runChild`.
    public static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = backtraceSetting
        return environment
    }

    /// The verdict from what a grading child left behind. A crash is placed by its innermost frame
    /// in `learnerFolder`.
    public static func verdict(exit: ChildExit, standardOutput: String, standardError: String,
                               learnerFolder: String = "Sources/Exercises/") -> Verdict {
        switch exit {
        case .killedAfterTimeLimit:
            return .failed(timeLimitMessage(timeLimit))
        case let .signal(signal):
            return .failed(CrashReport(standardError: standardError, learnerFolder: learnerFolder).message(signal: signal))
        case let .code(code):
            if let verdict = Verdict(decoding: standardOutput) { return verdict }
            let crash = CrashReport(standardError: standardError, learnerFolder: learnerFolder)
            if crash.reason != nil { return .failed(crash.message(signal: nil)) }
            return .failed("the grader printed no verdict (exit code \(code)); did your code call exit()?")
        }
    }
}
