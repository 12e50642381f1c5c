import Foundation

/// How a child process ended.
public enum ChildExit: Equatable, Sendable {
    case code(Int32)
    case signal(Int32)
    /// Still running at its time limit, so it was killed.
    case killedAfterTimeLimit
}

/// What a child process left behind.
public struct ChildResult: Sendable {
    public var exit: ChildExit
    public var standardOutput: String
    public var standardError: String
}

/// Runs `executable` with `arguments` and waits for it, reading its standard output and error as
/// it writes them (so a chatty child cannot block on a full pipe). A child still running after
/// `timeLimit` seconds is killed (SIGKILL), so nothing it started outlives the call.
public func runChild(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                     currentDirectory: URL? = nil, timeLimit: TimeInterval) throws -> ChildResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()

    let collected = CollectedOutput()
    let readers = DispatchGroup()
    for (pipe, isError) in [(output, false), (errors, true)] {
        DispatchQueue.global().async(group: readers) {
            collected.set(pipe.fileHandleForReading.readDataToEndOfFile(), isError: isError)
        }
    }
    let deadline = Date().addingTimeInterval(timeLimit)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    var timedOut = false
    if process.isRunning {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    // A grandchild that kept the pipes open (none of ours do) must not hold the caller forever.
    _ = readers.wait(timeout: .now() + 5)
    let exit: ChildExit = timedOut ? .killedAfterTimeLimit
        : process.terminationReason == .uncaughtSignal ? .signal(process.terminationStatus) : .code(process.terminationStatus)
    return ChildResult(exit: exit, standardOutput: collected.text(isError: false), standardError: collected.text(isError: true))
}

/// The two streams of a child, filled by two reader threads.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var output = Data(), errors = Data()

    func set(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { errors = data } else { output = data }
    }

    func text(isError: Bool) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: isError ? errors : output, as: UTF8.self)
    }
}
