import SIPCore
import SIPDialog
import SIPTransport

/// The transferor's side of call transfer: REFER (RFC 3515) with Referred-By (RFC 3892), blind or attended with
/// Replaces (RFC 3891), and the NOTIFYs of the implicit subscription (a ``SIPSubscriber``).
extension SIPTestAgent {
    /// Blind transfer: REFERs the peer of `call` to `target`, answers its NOTIFYs and, once the final one reports a
    /// 2xx, hangs up `call` with BYE (FLOWS.md flow 2). Throws ``SIPTestAgentError/rejected(_:_:)`` when the REFER is
    /// refused or the final NOTIFY reports a failure; the call then stays up.
    public func blindTransfer(_ call: Call, to target: SIPURI, within timeout: Duration = .seconds(10)) async throws {
        var target = target
        target.headers = []
        try await transfer(call, referTo: target, within: timeout)
    }

    /// Attended transfer: REFERs the peer of `call` to the peer of `consultation`, with `?Replaces=` naming the
    /// consultation dialog as that peer sees it (RFC 3891 §3), then hangs up `call` once the final NOTIFY reports
    /// a 2xx. The consultation dialog is ended by its peer when the replacing INVITE arrives there.
    public func attendedTransfer(_ call: Call, replacing consultation: Call, within timeout: Duration = .seconds(10)) async throws {
        guard let current = calls[consultation.id.callID] else {
            throw SIPTestAgentError.malformed("the consultation call \(consultation.id.callID) is not in progress")
        }
        var target = current.dialog.remoteTarget
        target.headers = [SIPURI.Header(name: "Replaces", value: Self.uriHeaderEscaped(current.id.replacesForPeer.description))]
        try await transfer(call, referTo: target, within: timeout)
    }

    private func transfer(_ call: Call, referTo target: SIPURI, within timeout: Duration) async throws {
        let callID = call.id.callID
        guard var current = calls[callID] else { throw SIPTestAgentError.malformed("the call \(callID) is not in progress") }
        var refer = current.dialog.makeRequest(.refer)
        calls[callID] = current  // keep the CSeq just used
        refer.headerFields.append(.referTo, SIPNameAddress(uri: target).description)
        refer.headerFields.append(.referredBy, SIPNameAddress(uri: identity).description)
        let start = events.count  // NOTIFYs of earlier transfers of this call do not count
        // RFC 3515 §2.4.4: the REFER creates a subscription in the call's dialog; it is in place before the REFER goes
        // out, since its first NOTIFY may overtake the 202.
        let sequence = (try? refer.headerFields.cSeq)?.sequence ?? 0
        let number = addSubscriber(
            OutgoingSubscription(
                machine: SIPSubscriber(referIn: current.id, sequence: sequence), destination: current.destination, sharesCallDialog: true))
        let exchange = await self.exchange(refer, to: current.destination) { retry in
            // A REFER retried with credentials has the next CSeq, which its NOTIFYs may carry as id (§2.4.6).
            if let sequence = (try? retry.headerFields.cSeq)?.sequence { subscribers[number]?.machine.resent(sequence: sequence) }
        }
        advanceSequence(of: callID, past: exchange.request)
        let response = exchange.response
        guard response.status.isSuccess else {
            subscribers.removeValue(forKey: number)?.timer?.cancel()
            throw SIPTestAgentError.rejected(response.status.code, response.status.reasonPhrase)
        }
        // RFC 3515 §2.4.5: the subscription ends with a NOTIFY carrying the final status of the referred request.
        let final = try await waitFor(within: timeout, since: start) { event in
            guard case .transferNotified(callID, let status) = event else { return false }
            return status >= 200
        }
        guard case .transferNotified(_, let status) = final, (200..<300).contains(status) else {
            let code = if case .transferNotified(_, let status) = final { status } else { 0 }
            throw SIPTestAgentError.rejected(code, "transfer failed: " + SIPResponseStatus(code: code).reasonPhrase)
        }
        try await hangUp(calls[callID] ?? current)
    }

    /// Answers a NOTIFY: one of this agent's subscriptions (REFER's among them) takes it, or it gets 481 (RFC 6665
    /// §4.1.3: it matches no subscription).
    func receivedNotify(_ incoming: SIPServerRequest) async {
        if await receivedSubscriptionNotify(incoming) { return }
        await refuse(incoming, .callDoesNotExist)
    }

    /// The status code of a `message/sipfrag` body whose first line is a status line (RFC 3420), e.g. `SIP/2.0 200 OK`.
    static func sipfragStatus(_ body: [UInt8]) -> Int? {
        let text = String(decoding: body, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first else { return nil }
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "SIP/2.0", let code = Int(parts[1]), (100..<700).contains(code) else { return nil }
        return code
    }

    /// `text` escaped for a URI header value (RFC 3261 §19.1.1, §25.1: hvalue): everything but unreserved
    /// characters becomes `%HH`, so `;`, `=` and `@` of a Replaces value survive inside Refer-To.
    static func uriHeaderEscaped(_ text: String) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()".utf8)
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
