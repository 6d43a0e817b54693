import SIPCore
import SIPDialog

/// SUBSCRIBE, NOTIFY and their responses for the subscription state machine tests (RFC 6665 §4).
enum SubscriptionFixtures {
    static let t0 = ContinuousClock.now

    static func parse(_ lines: [String]) -> SIPMessage {
        // The fixtures are fixed text: a parse failure is a bug in the test itself.
        try! SIPMessageParser().parse(lines.joined(separator: "\r\n") + "\r\n\r\n")
    }

    /// A SUBSCRIBE from alice (tag a1) to bob; `toTag` makes it a refresh inside the dialog.
    static func subscribe(expires: UInt32?, event: String = "dialog", toTag: String? = nil, cseq: UInt32 = 1) -> SIPRequest {
        var lines = [
            "SUBSCRIBE sip:bob@127.0.0.1:5064 SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK\(cseq)",
            "From: <sip:alice@callpark.test>;tag=a1", "To: <sip:bob@callpark.test>" + (toTag.map { ";tag=\($0)" } ?? ""),
            "Call-ID: s1@127.0.0.1", "CSeq: \(cseq) SUBSCRIBE", "Contact: <sip:alice@127.0.0.1:5062>", "Event: \(event)",
        ]
        if let expires { lines.append("Expires: \(expires)") }
        return parse(lines + ["Content-Length: 0"]).request!
    }

    /// A final response to `request` from bob (tag b1).
    static func response(_ code: Int, to request: SIPRequest, headers: [(SIPHeaderName, String)] = []) -> SIPResponse {
        var r = request.makeResponse(SIPResponseStatus(code: code), toTag: "b1")
        r.headerFields.append(.contact, "<sip:bob@127.0.0.1:5064>")
        for (name, value) in headers { r.headerFields.append(name, value) }
        return r
    }

    /// A NOTIFY from bob (tag `fromTag`) to alice (tag a1).
    static func notify(_ state: String?, event: String = "dialog", fromTag: String = "b1", cseq: UInt32 = 1) -> SIPRequest {
        var lines = [
            "NOTIFY sip:alice@127.0.0.1:5062 SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKn\(cseq)",
            "From: <sip:bob@callpark.test>;tag=\(fromTag)", "To: <sip:alice@callpark.test>;tag=a1", "Call-ID: s1@127.0.0.1",
            "CSeq: \(cseq) NOTIFY", "Contact: <sip:bob@127.0.0.1:5064>", "Event: \(event)",
        ]
        if let state { lines.append("Subscription-State: \(state)") }
        return parse(lines + ["Content-Length: 0"]).request!
    }

    /// Bob's key for alice's `dialog` subscription.
    static let notifierKey = SIPSubscriptionKey(dialog: SIPDialogID(callID: "s1@127.0.0.1", localTag: "b1", remoteTag: "a1"), package: "dialog")
}
