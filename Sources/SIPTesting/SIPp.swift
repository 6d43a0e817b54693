import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs sipp (Debian's `sip-tester`) as a child process for interop tests: bounded in calls and time, on ports
/// the system picked as free, with its statistics kept.
public struct SIPp: Sendable {
    /// The sipp executable, if installed.
    public static let path: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/sipp"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Why sipp tests are skipped when it is absent.
    public static let missingReason = "sipp not found on PATH: install Debian's sip-tester (.ci/run does)"

    /// What a run produced.
    public struct Result: Sendable {
        /// sipp's exit status: 0 when every call succeeded.
        public var exitCode: Int32
        /// What it printed (screen dump and errors).
        public var output: String
        /// Successful and failed call counts from its final statistics, when found.
        public var successfulCalls: Int?
        /// Failed calls.
        public var failedCalls: Int?
    }

    /// A free port for `type` (SOCK_DGRAM or SOCK_STREAM) on 127.0.0.1, found by binding port 0.
    public static func freePort() -> Int {
        // Try until a port is free for both UDP and TCP (sipp listens on both with -t u1/t1).
        for _ in 0..<50 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, len) == 0 && getsockname(udp, $0, &len) == 0 }
            }
            guard bound else { continue }
            let port = Int(UInt16(bigEndian: addr.sin_port))
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            var taddr = addr
            let tcpFree = withUnsafeMutablePointer(to: &taddr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            if tcpFree { return port }
        }
        return 0
    }

    /// Waits until something accepts TCP connections on 127.0.0.1:`port` (sipp opening its socket), or throws after
    /// `deadline`. Each try is a real connect; between refusals it yields for a few milliseconds.
    public static func waitUntilAcceptingTCP(port: Int, within deadline: Duration = .seconds(10)) async throws {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw SIPTestAgentError.timedOut("nothing accepted TCP connections on 127.0.0.1:\(port) within \(deadline)")
    }

    /// Runs sipp with `arguments` (plus free local, media and control ports) and waits at most `timeout`.
    /// sipp itself is also given `-timeout` so that it ends on its own.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        guard let path else { throw SIPTestAgentError.malformed(missingReason) }
        let seconds = Int(timeout.components.seconds)
        let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("sipp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDir) }
        let statsFile = workDir.appendingPathComponent("stats.csv")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            arguments + [
                "-i", "127.0.0.1", "-mp", String(freePort()), "-cp", String(freePort()),
                "-timeout", "\(max(1, seconds - 2))s", "-timeout_error", "-nostdin",
                "-trace_stat", "-stf", statsFile.path, "-fd", "3600", "-trace_err",
            ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        process.currentDirectoryURL = workDir
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
                try? await Task.sleep(for: timeout)  // a deadline for a child process that ignores its own
                if process.isRunning { process.terminate() }
                try? await Task.sleep(for: .seconds(2))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }  // sipp may ignore SIGTERM
                return nil
            }
            let first = await group.next()!
            group.cancelAll()
            return first ?? ""
        }
        process.waitUntilExit()
        var errors = ""
        for file in (try? FileManager.default.contentsOfDirectory(atPath: workDir.path)) ?? [] where file.hasSuffix("_errors.log") {
            errors += (try? String(contentsOf: workDir.appendingPathComponent(file), encoding: .utf8)) ?? ""
        }
        var result = Result(exitCode: process.terminationStatus, output: output + (errors.isEmpty ? "" : "\nsipp errors:\n" + errors))
        if let csv = try? String(contentsOf: statsFile, encoding: .utf8) {
            let lines = csv.split(separator: "\n")
            if lines.count >= 2 {
                let header = lines[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                let last = lines[lines.count - 1].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                func value(_ name: String) -> Int? {
                    header.firstIndex(of: name).flatMap { $0 < last.count ? Int(last[$0]) : nil }
                }
                result.successfulCalls = value("SuccessfulCall(C)")
                result.failedCalls = value("FailedCall(C)")
            }
        }
        return result
    }
}
