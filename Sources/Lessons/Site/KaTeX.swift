import Foundation

/// KaTeX, run by Node.js once per build, turns every TeX formula into static HTML with its
/// `\tag` number; readers' browsers then need KaTeX's CSS and fonts (copied into the site) and no
/// script or network. Debian's `libjs-katex` and `fonts-katex` provide it. (pandoc renders MathML
/// too, but silently drops `\tag`, and the equation numbers are what the text refers to.)
struct KaTeX {
    /// The `node` executable.
    var node: URL
    /// A folder with `katex.js` (or `katex.min.js`), `katex.min.css` and `fonts/`.
    var directory: URL

    static let install = "sudo apt-get install nodejs libjs-katex fonts-katex   (Debian, Ubuntu; "
        + "elsewhere set KATEX_DIR to a folder holding katex.js, katex.min.css and fonts/)"

    /// Finds node on the PATH and KaTeX in `KATEX_DIR` or Debian's folder, or says what to install.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KaTeX {
        let fm = FileManager.default
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let node = path.flatMap { folder in ["node", "nodejs"].map { URL(fileURLWithPath: String(folder)).appendingPathComponent($0) } }
            .first { fm.isExecutableFile(atPath: $0.path) }
        guard let node else {
            throw SiteError.missingTool(what: "Node.js (node, only to build the site)", install: install)
        }
        let candidates = [environment["KATEX_DIR"], "/usr/share/javascript/katex"].compactMap { $0 }
        guard let directory = candidates.map({ URL(fileURLWithPath: $0) }).first(where: {
            fm.fileExists(atPath: $0.appendingPathComponent("katex.min.css").path)
        }), case let katex = KaTeX(node: node, directory: directory), fm.fileExists(atPath: katex.script.path) else {
            throw SiteError.missingTool(what: "KaTeX (libjs-katex)", install: install)
        }
        guard fm.fileExists(atPath: directory.appendingPathComponent("fonts/KaTeX_Main-Regular.woff2").path) else {
            throw SiteError.missingTool(what: "KaTeX's fonts (fonts-katex)", install: install)
        }
        return katex
    }

    /// katex.js, or katex.min.js where only that one is shipped.
    var script: URL {
        let full = directory.appendingPathComponent("katex.js")
        return FileManager.default.fileExists(atPath: full.path) ? full : directory.appendingPathComponent("katex.min.js")
    }

    /// Every formula as HTML, in order, from one node process; a formula KaTeX rejects is
    /// `.failure` with KaTeX's message.
    func render(_ formulas: [(tex: String, display: Bool)]) throws -> [Result<String, SiteRenderFailure>] {
        guard !formulas.isEmpty else { return [] }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("katex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in.json"), output = scratch.appendingPathComponent("out.json")
        let errors = scratch.appendingPathComponent("stderr.txt")
        try JSONEncoder().encode(formulas.map { Formula(tex: $0.tex, display: $0.display) }).write(to: input)
        try Data().write(to: errors)

        let process = Process()
        process.executableURL = node
        process.arguments = ["-e", Self.renderer, script.path, input.path, output.path]
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SiteError.rendererFailed("cannot start \(node.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let data = try? Data(contentsOf: output),
              let results = try? JSONDecoder().decode([Rendered].self, from: data), results.count == formulas.count
        else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw SiteError.rendererFailed("node exited with status \(process.terminationStatus): "
                                           + (message.split(separator: "\n").first.map(String.init) ?? "no message"))
        }
        return results.map { $0.html.map { .success($0) } ?? .failure(SiteRenderFailure(message: $0.error ?? "unknown error")) }
    }

    /// Copies KaTeX's stylesheet and fonts into `folder` (the stylesheet finds them in `fonts/`).
    func copyAssets(to folder: URL) throws {
        let fm = FileManager.default
        let fonts = folder.appendingPathComponent("fonts")
        try fm.createDirectory(at: fonts, withIntermediateDirectories: true)
        try fm.copyItem(at: directory.appendingPathComponent("katex.min.css"), to: folder.appendingPathComponent("katex.min.css"))
        let sourceFonts = directory.appendingPathComponent("fonts").resolvingSymlinksInPath()
        for name in try fm.contentsOfDirectory(atPath: sourceFonts.path) where name.hasPrefix("KaTeX_") {
            try fm.copyItem(at: sourceFonts.appendingPathComponent(name), to: fonts.appendingPathComponent(name))
        }
    }

    private struct Formula: Codable { var tex: String, display: Bool }
    private struct Rendered: Codable { var html: String?, error: String? }

    /// The node side: read the formulas, render each, write the results. Arguments: katex.js,
    /// input JSON, output JSON.
    private static let renderer = """
        const [katexPath, input, output] = process.argv.slice(1);
        const katex = require(katexPath);
        const fs = require("fs");
        const formulas = JSON.parse(fs.readFileSync(input, "utf8"));
        const results = formulas.map(({ tex, display }) => {
          try {
            return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "ignore" }) };
          } catch (e) {
            return { error: String(e.message || e) };
          }
        });
        fs.writeFileSync(output, JSON.stringify(results));
        """
}

/// KaTeX's message for a formula it cannot render.
struct SiteRenderFailure: Error { var message: String }
