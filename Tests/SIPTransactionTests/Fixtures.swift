import SIPCore
import SIPTransaction
import Testing

/// Messages for the transaction tests, parsed from text as they would arrive from the network.
enum Fixtures {
    static let callID = "a84b4c76e66710@pc33.atlanta.example.com"
    static let branch = "z9hG4bKnashds8"
    static let toTag = "a6c85cf"

    /// A request: `Via: SIP/2.0/UDP <sentBy>;branch=<branch>` (no branch parameter when `branch` is `nil`).
    static func request(
        _ method: String, uri: String = "sip:bob@biloxi.example.com", branch: String? = Fixtures.branch,
        sentBy: String = "pc33.atlanta.example.com", toTag: String? = nil, fromTag: String = "1928301774", callID: String = Fixtures.callID,
        cSeq: UInt32 = 314159, extra: [String] = []
    ) throws -> SIPRequest {
        let lines =
            [
                "\(method) \(uri) SIP/2.0",
                "Via: SIP/2.0/UDP \(sentBy)" + (branch.map { ";branch=\($0)" } ?? ""),
                "Max-Forwards: 70",
                "To: Bob <sip:bob@biloxi.example.com>" + (toTag.map { ";tag=\($0)" } ?? ""),
                "From: Alice <sip:alice@atlanta.example.com>;tag=\(fromTag)",
                "Call-ID: \(callID)",
                "CSeq: \(cSeq) \(method)",
            ] + extra + ["Content-Length: 0"]
        let message = try SIPMessageParser().parse(lines.joined(separator: "\r\n") + "\r\n\r\n")
        return try #require(message.request)
    }

    static func invite(branch: String? = Fixtures.branch, sentBy: String = "pc33.atlanta.example.com", extra: [String] = []) throws -> SIPRequest {
        try request("INVITE", branch: branch, sentBy: sentBy, extra: ["Contact: <sip:alice@pc33.atlanta.example.com>"] + extra)
    }

    /// The ACK a UAC sends for a non-2xx final response carrying `toTag` (§17.1.1.3).
    static func ack(branch: String? = Fixtures.branch, sentBy: String = "pc33.atlanta.example.com", toTag: String? = Fixtures.toTag) throws
        -> SIPRequest
    {
        try request("ACK", branch: branch, sentBy: sentBy, toTag: toTag)
    }

    static func options() throws -> SIPRequest { try request("OPTIONS", branch: "z9hG4bK776asdhds") }

    /// A response to `request` as a UAS builds it (§8.2.6.2): Via, From, Call-ID and CSeq copied, a To tag added.
    static func response(_ code: Int, to request: SIPRequest, toTag: String? = Fixtures.toTag) -> SIPResponse {
        var fields = SIPHeaderFields()
        for via in request.headerFields.values(.via) { fields.append(.via, via) }
        fields.append(.to, (request.headerFields[.to] ?? "") + (toTag.map { ";tag=\($0)" } ?? ""))
        for name in [SIPHeaderName.from, .callID, .cSeq] {
            if let value = request.headerFields[name] { fields.append(name, value) }
        }
        fields.append(.contentLength, "0")
        return SIPResponse(status: SIPResponseStatus(code: code), headerFields: fields)
    }
}

/// RFC 3261 default timer values, spelled out for the expectations.
enum Timers {
    static let t1 = Duration.milliseconds(500)
    static let t2 = Duration.seconds(4)
    static let t4 = Duration.seconds(5)
    /// 64·T1: B, F, H, J (unreliable), L, M.
    static let timeout = Duration.seconds(32)
    static let timerD = Duration.seconds(32)
    static let trying = Duration.milliseconds(200)
}
