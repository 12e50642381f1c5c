import Foundation

/// Runs the Python peers in benchmarks/peers, installing their packages with pip if missing.
struct Peers {
    let root: URL
    let python: String

    enum PeerError: Error, CustomStringConvertible {
        case failed(String, String)
        var description: String {
            switch self {
            case let .failed(what, output): return "\(what) failed: \(output)"
            }
        }
    }

    /// Makes sure numpy, micrograd and scikit-learn import; installs the missing ones.
    func ensurePackages() throws {
        for (module, package) in [("numpy", "numpy"), ("micrograd", "micrograd"), ("sklearn", "scikit-learn")] {
            if (try? run([python, "-c", "import \(module)"])) == nil {
                print("installing \(package) with pip …")
                _ = try run([python, "-m", "pip", "install", "--quiet", package])
            }
        }
    }

    /// Whether `module` imports (the optional peers, such as JAX, are not installed by
    /// `ensurePackages`; `installOptional` tries).
    func has(_ module: String) -> Bool { (try? run([python, "-c", "import \(module)"])) != nil }

    /// Tries to install an optional peer's package with pip; false if it cannot.
    func installOptional(_ module: String, package: String) -> Bool {
        if has(module) { return true }
        print("installing \(package) with pip …")
        return (try? run([python, "-m", "pip", "install", "--quiet", package])) != nil && has(module)
    }

    /// Runs a peer script and decodes the JSON object it prints on its last line.
    func json(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let path = root.appendingPathComponent("benchmarks/peers/\(script)").path
        let output = try run([python, path] + arguments)
        guard let line = output.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw PeerError.failed(script, output) }
        return object
    }

    @discardableResult
    private func run(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw PeerError.failed(command.joined(separator: " "), text) }
        return text
    }
}
