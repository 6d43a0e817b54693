import SIPCore
import SIPDialog
import SIPTransport

extension SIPTestAgent {
    /// Puts a call on hold: a re-INVITE offering `a=sendonly` (RFC 3264 §8.4). Returns the direction the peer answered.
    @discardableResult
    public func hold(_ call: Call) async throws -> SDPDirection? {
        try await reinvite(call, direction: .sendonly)
    }

    /// Takes a call off hold: a re-INVITE offering `a=sendrecv`. Returns the direction the peer answered.
    @discardableResult
    public func resume(_ call: Call) async throws -> SDPDirection? {
        try await reinvite(call, direction: .sendrecv)
    }

    private func reinvite(_ call: Call, direction: SDPDirection) async throws -> SDPDirection? {
        guard var current = calls[call.id.callID] else { throw SIPTestAgentError.malformed("no such call") }
        mediaVersion += 1
        let address = SDPAddress(ip: uri.host?.address ?? "127.0.0.1")
        let offer = SDPSession.offer(
            origin: SDPOrigin(username: user, sessionID: "1", sessionVersion: mediaVersion, address: address), port: 40_000,
            direction: direction)
        let invite = current.dialog.makeRequest(.invite, body: offer.bytes, contentType: "application/sdp")
        calls[call.id.callID] = current
        let (response, sent) = await sendAuthenticated(invite, to: current.destination)
        advanceSequence(of: call.id.callID, past: sent)  // the ACK below takes the CSeq of the INVITE answered
        guard response.status.isSuccess else { throw SIPTestAgentError.rejected(response.status.code, response.status.reasonPhrase) }
        current = calls[call.id.callID] ?? current
        current.dialog.receivedResponse(response, to: .invite)
        calls[call.id.callID] = current
        await endpoint.sendACK(current.dialog.makeRequest(.ack, sequence: current.dialog.localSequence), to: current.destination)
        return (try? SDPSession(bytes: response.body))?.audioEndpoint?.direction
    }

    /// Answers a re-INVITE's offer per RFC 3264 §6.1 (offered sendonly → recvonly) and records hold or resume.
    func answerReinvite(_ incoming: SIPServerRequest, callID: String) async {
        let request = incoming.request
        var ok = request.makeResponse(.ok)
        ok.headerFields.append(.contact, SIPNameAddress(uri: contactURI(for: incoming.inbound.transport)).description)
        mediaVersion += 1
        let address = SDPAddress(ip: uri.host?.address ?? "127.0.0.1")
        let origin = SDPOrigin(username: user, sessionID: "2", sessionVersion: mediaVersion, address: address)
        if let offer = try? SDPSession(bytes: request.body), let answer = try? offer.answer(origin: origin, port: 40_002) {
            ok.headerFields.append(.contentType, "application/sdp")
            ok.body = answer.bytes
            switch offer.audioEndpoint?.direction {
            case .sendonly?, .inactive?: record(.held(callID: callID))
            case .sendrecv?: record(.resumed(callID: callID))
            default: break
            }
        }
        await endpoint.respond(ok, to: incoming)
    }

    /// Sends an out-of-dialog MESSAGE (RFC 3428) with a `text/plain` body; returns the final status code.
    @discardableResult
    public func sendMessage(_ text: String, to target: SIPURI, at destination: SIPDestination) async -> Int {
        var fields = SIPHeaderFields()
        fields.append(.from, SIPNameAddress(uri: identity).description + ";tag=" + SIPIdentifiers.tag())
        fields.append(.to, SIPNameAddress(uri: target).description)
        fields.append(.callID, SIPIdentifiers.callID(host: uri.host?.address))
        fields.append(.cSeq, SIPCSeq(1, .message).description)
        fields.append(.contentType, "text/plain;charset=UTF-8")
        let message = SIPRequest(method: .message, uri: target, headerFields: fields, body: Array(text.utf8))
        return await sendAuthenticated(message, to: destination).response.status.code
    }

    /// Sends an out-of-dialog OPTIONS to `target` (RFC 3261 §11) and returns the final response.
    public func sendOptions(to target: SIPURI, at destination: SIPDestination) async -> SIPResponse {
        var fields = SIPHeaderFields()
        fields.append(.from, SIPNameAddress(uri: identity).description + ";tag=" + SIPIdentifiers.tag())
        fields.append(.to, SIPNameAddress(uri: target).description)
        fields.append(.callID, SIPIdentifiers.callID(host: uri.host?.address))
        fields.append(.cSeq, SIPCSeq(1, .options).description)
        fields.append(.accept, "application/sdp")
        return await sendAuthenticated(SIPRequest(method: .options, uri: target, headerFields: fields), to: destination).response
    }

    /// Sends INFO in a call (RFC 6086) with `body` of `contentType`; returns the final status code.
    @discardableResult
    public func sendInfo(_ call: Call, body: String, contentType: String) async -> Int {
        guard var current = calls[call.id.callID] else { return 481 }
        let info = current.dialog.makeRequest(.info, body: Array(body.utf8), contentType: contentType)
        calls[call.id.callID] = current
        let (response, sent) = await sendAuthenticated(info, to: current.destination)
        advanceSequence(of: call.id.callID, past: sent)
        return response.status.code
    }

    /// Answers MESSAGE and INFO with 200 (INFO only inside a known call, else 481) and records them.
    func receivedMessageOrInfo(_ incoming: SIPServerRequest) async {
        let request = incoming.request
        let text = String(decoding: request.body, as: UTF8.self)
        let callID = (try? request.headerFields.callID) ?? "?"
        if request.method == .info, calls[callID] == nil {
            await endpoint.respond(request.makeResponse(.callDoesNotExist), to: incoming)
            return
        }
        await endpoint.respond(request.makeResponse(.ok), to: incoming)
        if request.method == .message {
            record(.message(from: (try? request.headerFields.from)?.uri.description ?? "?", text: text))
        } else {
            record(.info(callID: callID, contentType: request.headerFields[.contentType] ?? "", body: text))
        }
    }
}
