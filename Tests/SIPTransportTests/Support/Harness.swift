import NIOCore
import NIOPosix
import SIPCore
import SIPTransport

/// Runs `body` with its own one-thread event loop group, shut down afterwards whatever happens, so no test
/// leaves a thread or a socket behind.
func withEventLoopGroup<T>(_ body: (MultiThreadedEventLoopGroup) async throws -> T) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
        let result = try await body(group)
        try await group.shutdownGracefully()
        return result
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
}

/// A transport layer under test, listening on loopback with port 0, and an inbox over its inbound stream.
struct TestTransport {
    let layer: SIPTransportLayer
    let inbound: Inbox<SIPInboundMessage>

    init(
        group: any EventLoopGroup, host: String = "127.0.0.1", transports: [SIPTransportKind] = [.udp, .tcp],
        configuration: SIPTransportLayer.Configuration = .init()
    ) async throws {
        layer = SIPTransportLayer(group: group, configuration: configuration)
        inbound = Inbox(layer.inbound)
        try await layer.listen(on: transports.map { SIPListenAddress(transport: $0, host: host, port: 0) })
    }

    func bound(_ transport: SIPTransportKind) -> SIPBoundAddress {
        layer.boundAddresses.first { $0.transport == transport }!
    }

    /// The next inbound message.
    func next(within timeout: Duration = .seconds(10)) async throws -> SIPInboundMessage {
        try await inbound.next(within: timeout, "an inbound SIP message")
    }
}

/// Runs `body` with `count` transports on one group, and shuts them all down afterwards.
func withTransports(
    _ count: Int = 2, host: String = "127.0.0.1", transports: [SIPTransportKind] = [.udp, .tcp],
    configuration: SIPTransportLayer.Configuration = .init(),
    _ body: (MultiThreadedEventLoopGroup, [TestTransport]) async throws -> Void
) async throws {
    try await withEventLoopGroup { group in
        var made: [TestTransport] = []
        do {
            for _ in 0..<count {
                made.append(try await TestTransport(group: group, host: host, transports: transports, configuration: configuration))
            }
            try await body(group, made)
        } catch {
            for t in made { await t.layer.shutdown() }
            throw error
        }
        for t in made { await t.layer.shutdown() }
    }
}

// MARK: - Messages

enum Fixture {
    /// A unique branch with the RFC 3261 magic cookie.
    static func branch() -> String { "z9hG4bK" + String(UInt64.random(in: 1...UInt64.max), radix: 36) }

    /// An OPTIONS (or other) request as text, with the given top Via.
    static func requestText(
        via: String, method: String = "OPTIONS", cseq: Int = 1, callID: String = "call-1@test", body: String = "", extra: [String] = []
    ) -> String {
        var lines = [
            "\(method) sip:park@127.0.0.1 SIP/2.0", "Via: \(via)", "Max-Forwards: 70", "From: <sip:alice@127.0.0.1>;tag=a1",
            "To: <sip:park@127.0.0.1>", "Call-ID: \(callID)", "CSeq: \(cseq) \(method)",
        ]
        lines += extra
        lines.append("Content-Length: \(body.utf8.count)")
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    static func request(
        via: String, method: String = "OPTIONS", cseq: Int = 1, callID: String = "call-1@test", body: String = "", extra: [String] = []
    ) throws -> SIPMessage {
        try SIPMessageParser().parse(requestText(via: via, method: method, cseq: cseq, callID: callID, body: body, extra: extra))
    }

    /// A Via for a transport's own socket.
    static func via(_ bound: SIPBoundAddress, transport: String? = nil, rport: Bool = false) -> String {
        "SIP/2.0/\(transport ?? bound.transport.viaName) \(bound.sentBy);branch=\(branch())" + (rport ? ";rport" : "")
    }

    /// A response to `request` copying Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2).
    static func response(to request: SIPRequest, _ status: SIPResponseStatus = .ok) -> SIPResponse {
        var fields = SIPHeaderFields()
        for via in request.headerFields.values(.via) { fields.append(.via, via) }
        for name in [SIPHeaderName.from, .to, .callID, .cSeq] {
            if let value = request.headerFields[name] { fields.append(name, name == .to ? value + ";tag=b2" : value) }
        }
        return SIPResponse(status: status, headerFields: fields)
    }
}

extension SIPInboundMessage {
    var topVia: SIPVia? { try? message.headerFields.topVia }
    var request: SIPRequest? { message.request }
}
