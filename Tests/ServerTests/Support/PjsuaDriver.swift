import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The pjsua2 drill (`Tests/pjsua/park_drill.py`) run as a child process, and the Python that can run it.
enum PjsuaDriver {
    /// The driver script.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pjsua/park_drill.py")

    /// The package's root folder.
    static let packageRoot = script.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A Python that imports pjsua2, or why there is none.
    static let interpreter: (path: String?, whyNot: String) = {
        // An explicit choice is the only one tried: silently using another Python would hide a broken setup.
        if let chosen = ProcessInfo.processInfo.environment["CALLPARK_PJSUA_PYTHON"], !chosen.isEmpty {
            if let error = importError(chosen) { return (nil, "CALLPARK_PJSUA_PYTHON=\(chosen) cannot import pjsua2: \(error)") }
            return (chosen, "")
        }
        // .ci/run installs pjsua2 into this venv; a developer may have it in the system's python3 instead.
        var tried: [String] = []
        for candidate in [packageRoot.appendingPathComponent(".build/pyenv/bin/python3").path, "python3"] {
            guard let error = importError(candidate) else { return (candidate, "") }
            tried.append("\(candidate): \(error)")
        }
        return (
            nil,
            "no Python with pjsua2 (\(tried.joined(separator: "; "))): run .ci/run's pjsua2 step, "
                + "`pip install pjsua2-python`, or set CALLPARK_PJSUA_PYTHON"
        )
    }()

    /// Why `python -c "import pjsua2"` fails, or nil when it works.
    static func importError(_ python: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import pjsua2"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "\(error)"
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        let lastLine = output.split(separator: "\n").last.map(String.init)
        return lastLine ?? "exit status \(process.terminationStatus)"
    }

    /// Runs the driver with `arguments`; kills it after `timeout` (it bounds its own steps well within that).
    static func run(_ arguments: [String], timeout: Duration) async throws -> (status: Int32, output: String) {
        guard let python = interpreter.path else { throw CLIFailure(interpreter.whyNot) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Unbuffered, so whatever the driver printed before a pjsip assertion aborted it is still read.
        process.arguments = [python, "-u", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                // Read on a Dispatch thread: a blocking read must not hold one of the few cooperative threads.
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        let data = pipe.fileHandleForReading.readDataToEndOfFile()
                        continuation.resume(returning: String(decoding: data, as: UTF8.self))
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)  // the deadline, not a wait for the event
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                return nil
            }
            let first = await group.next()!
            group.cancelAll()
            return first ?? ""
        }
        process.waitUntilExit()
        // A pjsip assertion ends the driver with SIGABRT: say so, the status alone reads like an exit code.
        if process.terminationReason == .uncaughtSignal {
            return (128 + process.terminationStatus, output + "\n(the driver was killed by signal \(process.terminationStatus))")
        }
        return (process.terminationStatus, output)
    }

    /// The SIP messages of a trace the driver wrote, without the registrations (noise for a park failure).
    static func callMessages(inTrace url: URL) -> String {
        guard let trace = try? String(contentsOf: url, encoding: .utf8) else { return "(no SIP trace written)" }
        let marker = "--end msg--"
        let messages = trace.components(separatedBy: marker).filter { !$0.contains("REGISTER") && !$0.allSatisfy(\.isWhitespace) }
        return messages.isEmpty ? "(no call messages)" : messages.map { $0 + marker }.joined()
    }
}
