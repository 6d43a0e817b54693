import Foundation
import SIPTesting

#if canImport(Glibc)
    import Glibc
#endif

/// The `callpark` executable run as a user runs it: a child process whose output the test reads.
final class CallparkProcess: @unchecked Sendable {
    /// The built `callpark` binary, beside the test bundle (swift test builds every product).
    static let binary: String? = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callpark").path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [besideTests, packageRoot.appendingPathComponent(".build/debug/callpark").path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }()

    /// The repository's sipp scenarios.
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")

    let process = Process()
    private let lines: AsyncStream<String>
    private var output = ""
    private let lock = NSLock()

    /// Starts `callpark ARGS` in `directory`.
    init(_ arguments: [String], in directory: URL) throws {
        guard let binary = Self.binary else { throw CLIFailure("callpark binary not built") }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        lines = stream
        let handle = pipe.fileHandleForReading
        try process.run()
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...nl)
                    lock.withLock { output += line + "\n" }
                    continuation.yield(line)
                }
            }
            continuation.finish()
        }
    }

    /// Everything printed so far.
    var printed: String { lock.withLock { output } }

    /// Waits for a line containing `text`, up to `deadline`.
    func waitForLine(containing text: String, within deadline: Duration = .seconds(60)) async throws -> String {
        let lines = self.lines
        let found = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                for await line in lines where line.contains(text) { return line }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: deadline)  // the deadline, not a wait for the event
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let found else { throw CLIFailure("no line containing \"\(text)\" within \(deadline); output:\n\(printed)") }
        return found
    }

    /// SIGTERM, then waits for the exit.
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `callpark ARGS` to completion and returns its exit status and output.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        guard let binary else { throw CLIFailure("callpark binary not built") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A test harness failure with its reason.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
