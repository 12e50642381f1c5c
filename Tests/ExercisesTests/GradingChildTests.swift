import ExerciseGrading
import Foundation
import Testing

/// Learner code that crashes or never ends, for the tests below. The lines are part of the test:
/// the crash messages must name them.
enum Misbehaving {
    static let indexLine = #line + 3
    static func indexOutOfRange(_ i: Int) -> Double {
        let values = [1.0, 2.0]
        return values[i]
    }

    static let overflowLine = #line + 2
    static func overflow(_ n: Int) -> Int {
        Int.max - 1 + n
    }

    static func forever() -> Verdict {
        while Date() > .distantPast {}
        return .passed
    }
}

@Suite("Grading learner code in a child process") struct GradingChildTests {
    static let thisFile = "Tests/ExercisesTests/GradingChildTests.swift"

    @Test("an endless loop fails with 'did not finish in N s — an endless loop?' and the child ends")
    func endlessLoopIsStopped() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardOutputContent, \.standardErrorContent]) {
            GradingChild.runAndExit(timeLimit: 1) { Misbehaving.forever() }
        }
        guard let result else { return }
        #expect(verdict(of: result) == .failed(GradingChild.timeLimitMessage(1)))
        #expect(GradingChild.timeLimitMessage(1).hasPrefix("did not finish in 1 s — an endless loop?"))
    }

    @Test("an index out of range names the reason and the line that crashed")
    func indexOutOfRangeIsPlaced() async {
        GradingChild.enableCrashReportsInChildren()
        let result = await #expect(processExitsWith: .failure, observing: [\.standardOutputContent, \.standardErrorContent]) {
            GradingChild.runAndExit(timeLimit: 10) { Misbehaving.indexOutOfRange(5) > 0 ? .passed : .notAttempted }
        }
        guard let result else { return }
        guard case let .failed(message) = verdict(of: result, learnerFolder: "Tests/ExercisesTests/") else {
            Issue.record("a crash should fail the grade")
            return
        }
        #expect(message.contains("your code crashed: Index out of range"), "\(message)")
        #expect(message.contains("\(Self.thisFile):\(Misbehaving.indexLine) in static Misbehaving.indexOutOfRange(_:)"), "\(message)")
    }

    @Test("an integer overflow, which prints no 'Fatal error', is named and placed too")
    func overflowIsPlaced() async {
        GradingChild.enableCrashReportsInChildren()
        let result = await #expect(processExitsWith: .failure, observing: [\.standardOutputContent, \.standardErrorContent]) {
            GradingChild.runAndExit(timeLimit: 10) { Misbehaving.overflow(5) > 0 ? .passed : .notAttempted }
        }
        guard let result else { return }
        guard case let .failed(message) = verdict(of: result, learnerFolder: "Tests/ExercisesTests/") else {
            Issue.record("a crash should fail the grade")
            return
        }
        #expect(message.contains("arithmetic overflow"), "\(message)")
        #expect(message.contains("\(Self.thisFile):\(Misbehaving.overflowLine)"), "\(message)")
    }

    @Test("a crash report is read for the learner's own file, not the runtime's")
    func crashReportPlacesLearnerFrame() {
        let report = """
            Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range

            *** Signal 4: Backtracing from 0x7f1dded6df7f... done ***

            *** Program crashed: Illegal instruction at 0x00007f1dded6df7f ***

            Thread 0 crashed:

              0      0x00007f1dded6df7f closure #1 in closure #1 in _assertionFailure(_:_:file:line:flags:) + 623 in libswiftCore.so
              2 [ra] 0x00007f1ddf4a9f65 specialized Array.subscript.getter + 84 in libswiftSwiftOnoneSupport.so
              3 [ra] 0x00005578331697bd huberLoss(prediction:target:delta:) + 108 in lesson-runner at /home/me/course/Sources/Exercises/Ch01.swift:41:13
              4 [ra] 0x000055783316a92d static Ch01Graders.huberLoss(_:) + 652 in lesson-runner at /home/me/course/Sources/ExerciseGrading/Ch01Graders.swift:80:20
            """
        let crash = CrashReport(standardError: report)
        #expect(crash == CrashReport(reason: "Index out of range", location: "Sources/Exercises/Ch01.swift:41",
                                     function: "huberLoss(prediction:target:delta:)"))
        let unwrap = CrashReport(standardError: "Exercises/Ch04.swift:17: Fatal error: Unexpectedly found nil while unwrapping an Optional value\n")
        #expect(unwrap.location == "Sources/Exercises/Ch04.swift:17")
        #expect(unwrap.message(signal: 4).contains("force-unwrapped"))
    }

    @Test("a child that prints no verdict, or is killed at the limit, still gets a verdict that says so")
    func missingVerdict() {
        #expect(GradingChild.verdict(exit: .killedAfterTimeLimit, standardOutput: "", standardError: "")
                == .failed(GradingChild.timeLimitMessage(GradingChild.timeLimit)))
        guard case let .failed(message) = GradingChild.verdict(exit: .code(0), standardOutput: "hello", standardError: "") else {
            Issue.record("no verdict should fail the grade")
            return
        }
        #expect(message.contains("printed no verdict"))
    }
}
