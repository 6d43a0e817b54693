import Logging
import NIOConcurrencyHelpers
import NIOCore
import SIPCore
import SIPDialog
import SIPTransport
import Topology

/// Asks a pool whether it is up with a SIP OPTIONS (RFC 3261 §11), from a short-lived endpoint of its own:
/// what `callpark status` shows, whether or not this process runs the pool.
public actor PoolProbe {
    /// The outcome of one probe.
    public struct Result: Sendable, Equatable {
        /// Whether the pool answered.
        public var answering: Bool
        /// The answer, or why there was none.
        public var detail: String
        /// Round trip in milliseconds, when answered.
        public var rtt: Double?
    }

    let timeout: Double
    var endpoint: SIPEndpoint?

    /// A probe that waits `timeout` seconds per pool.
    public init(timeout: Double) {
        self.timeout = timeout
    }

    /// Probes `pool` over UDP.
    public func probe(_ pool: Pool) async -> Result {
        guard let address = try? SocketAddress.makeAddressResolvingHost(pool.sipHost, port: pool.sipPort) else {
            return Result(answering: false, detail: "cannot resolve \(pool.sipHost)")
        }
        let endpoint: SIPEndpoint
        if let existing = self.endpoint {
            endpoint = existing
        } else {
            let local = address.protocol == .inet6 ? "::1" : "127.0.0.1"
            var logger = Logger(label: "callpark.status")
            logger.logLevel = .warning
            endpoint = SIPEndpoint(configuration: .init(listen: [.udp(local, port: 0)]), logger: logger)
            do { try await endpoint.start() } catch { return Result(answering: false, detail: "cannot open a local socket: \(error)") }
            Task { try? await endpoint.run() }  // receives the answers
            self.endpoint = endpoint
        }
        let request = Self.options(to: pool, from: await endpoint.boundAddresses.first?.sentBy ?? "127.0.0.1")
        let start = ContinuousClock.now
        let timeout = self.timeout
        let response = await Self.first(within: timeout) {
            await endpoint.request(request, to: SIPDestination(transport: .udp, address: address))
        }
        guard let response else { return Result(answering: false, detail: "no answer within \(timeout) s") }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        if Self.madeLocally(response) {
            return Result(answering: false, detail: "no answer (\(response.status.code) \(response.status.reasonPhrase))")
        }
        return Result(
            answering: true, detail: "\(response.status.code) \(response.status.reasonPhrase) in \(String(format: "%.1f", ms)) ms", rtt: ms)
    }

    /// Closes the probe's socket.
    public func close() async {
        await endpoint?.shutdown()
        endpoint = nil
    }

    /// The result of `work`, or `nil` if it takes longer than `seconds` (the work goes on, unwaited: a client
    /// transaction cannot be abandoned, it ends by its own Timer F or when the endpoint shuts down).
    static func first<T: Sendable>(within seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
        let done = NIOLockedValueBox(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            func finish(_ value: T?) {
                let first = done.withLockedValue { wasDone in
                    defer { wasDone = true }
                    return !wasDone
                }
                if first { continuation.resume(returning: value) }
            }
            Task { finish(await work()) }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                finish(nil)
            }
        }
    }

    /// Whether `response` is the endpoint's own answer when nothing came back (RFC 3261 §8.1.3.1: 408 or 503).
    static func madeLocally(_ response: SIPResponse) -> Bool {
        let phrase = response.status.reasonPhrase
        return phrase.hasSuffix("(no response)") || phrase.hasSuffix("(transport error)") || phrase == "Endpoint shut down"
    }

    static func options(to pool: Pool, from local: String) -> SIPRequest {
        var fields = SIPHeaderFields()
        fields.append(.to, "<sip:\(pool.sipHostPort)>")
        fields.append(.from, "<sip:status@\(local)>;tag=\(SIPIdentifiers.tag())")
        fields.append(.callID, SIPIdentifiers.callID())
        fields.append(.cSeq, "1 OPTIONS")
        fields.append(.userAgent, "callpark-status")
        fields.append(.contentLength, "0")
        return SIPRequest(method: .options, uri: (try? SIPURI("sip:\(pool.sipHostPort)")) ?? (try! SIPURI("sip:127.0.0.1")), headerFields: fields)
    }
}
