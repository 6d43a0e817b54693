import NIOCore
import SIPCore
import SIPDialog
import SIPTransport

extension SIPTestAgent {
    /// A G.711 offer or answer at this agent's address (the tests here check signalling, not media).
    func sdp(port: UInt16 = 40_000) -> [UInt8] {
        let address = SDPAddress(ip: uri.host?.address ?? "127.0.0.1")
        let session = SDPSession.offer(
            origin: SDPOrigin(username: user, sessionID: "1", sessionVersion: 1, address: address), port: port)
        return session.bytes
    }

    /// Calls `target`: INVITE with an SDP offer, then ACK on the 2xx (RFC 3261 §13.2.2.4). Throws on a non-2xx.
    /// `headers` go into the INVITE as they are (e.g. Referred-By, Replaces); `body` with its `contentType` replaces
    /// the SDP offer (e.g. a park request, SPEC §5 A, which carries no SDP).
    public func call(
        _ target: SIPURI, at destination: SIPDestination, headers: [(SIPHeaderName, String)] = [], body: [UInt8]? = nil,
        contentType: String = "application/sdp"
    ) async throws -> Call {
        var fields = SIPHeaderFields()
        let from = SIPNameAddress(displayName: user, uri: identity, form: .quotedName)
        fields.append(.from, from.description + ";tag=" + SIPIdentifiers.tag())
        fields.append(.to, SIPNameAddress(uri: target).description)
        fields.append(.callID, SIPIdentifiers.callID(host: uri.host?.address))
        fields.append(.cSeq, SIPCSeq(1, .invite).description)
        fields.append(.contact, SIPNameAddress(uri: contactURI(for: destination.transport)).description)
        for (name, value) in headers { fields.append(name, value) }
        fields.append(.contentType, contentType)
        let firstInvite = SIPRequest(method: .invite, uri: target, headerFields: fields, body: body ?? sdp())
        let (response, invite) = await sendAuthenticated(firstInvite, to: destination)
        guard response.status.isSuccess else { throw SIPTestAgentError.rejected(response.status.code, response.status.reasonPhrase) }
        var dialog: SIPDialog
        do {
            dialog = try SIPDialog(uacRequest: invite, response: response, localContact: contactURI(for: destination.transport))
        } catch {
            throw SIPTestAgentError.malformed("\(error)")
        }
        let inDialog =
            SIPDestination.forURI(dialog.remoteTarget).map {
                SIPDestination(transport: destination.transport, address: $0.address, connection: destination.connection)
            } ?? destination
        let ack = dialog.makeRequest(.ack, sequence: dialog.localSequence)
        await endpoint.sendACK(ack, to: inDialog)
        let call = Call(dialog: dialog, destination: inDialog)
        calls[dialog.id.callID] = call
        record(.established(callID: dialog.id.callID))
        if let type = response.headerFields[.contentType], type.lowercased() != "application/sdp" {
            record(.answeredWith(callID: dialog.id.callID, contentType: type, body: String(decoding: response.body, as: UTF8.self)))
        }
        return call
    }

    /// Ends a call with BYE and waits for its answer.
    public func hangUp(_ call: Call) async throws {
        guard var current = calls[call.id.callID] else { return }
        let bye = current.dialog.makeRequest(.bye)
        calls[call.id.callID] = nil
        let (response, _) = await sendAuthenticated(bye, to: current.destination)
        record(.ended(callID: call.id.callID, byRemote: false))
        guard response.status.isSuccess else { throw SIPTestAgentError.rejected(response.status.code, response.status.reasonPhrase) }
    }

    /// Answers `incoming` with a final status and records that answer.
    func refuse(_ incoming: SIPServerRequest, _ status: SIPResponseStatus, toTag: String? = nil) async {
        await endpoint.respond(incoming.request.makeResponse(status, toTag: toTag), to: incoming)
        record(.request(method: incoming.request.method.rawValue, answered: status.code))
    }

    func contactURI(for transport: SIPTransportKind) -> SIPURI {
        transport == .tcp ? tcpContact : uri
    }

    // MARK: Incoming

    func handle(_ incoming: SIPServerRequest) async {
        guard await authorize(incoming) else { return }
        let request = incoming.request
        let callID = (try? request.headerFields.callID) ?? "?"
        switch (incoming.kind, request.method) {
        case (.ack, _):
            record(.confirmed(callID: callID))
        case (.cancelled, _):
            calls[callID] = nil
            record(.cancelled(callID: callID))
        case (.ackTimeout, _):
            record(.request(method: "ACK-timeout", answered: 0))
        case (.new, .invite) where request.headerFields.contains(.replaces):
            await answerReplacing(incoming)
        case (.new, .invite):
            await answer(incoming)
        case (.new, .refer):
            await acceptRefer(incoming)
        case (.new, .notify):
            await receivedNotify(incoming)
        case (.new, .subscribe):
            await receivedSubscribe(incoming)
        case (.new, .bye):
            let known = calls.removeValue(forKey: callID) != nil
            await endpoint.respond(request.makeResponse(known ? .ok : .callDoesNotExist), to: incoming)
            record(known ? .ended(callID: callID, byRemote: true) : .request(method: "BYE", answered: 481))
        case (.new, .message), (.new, .info):
            await receivedMessageOrInfo(incoming)
        case (.new, .options):
            var ok = request.makeResponse(.ok)
            ok.headerFields.append(.allow, "INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, SUBSCRIBE, NOTIFY, MESSAGE, INFO")
            if !packages.isEmpty { ok.headerFields.append(.allowEvents, packages.keys.sorted().joined(separator: ", ")) }
            await endpoint.respond(ok, to: incoming)
            record(.request(method: "OPTIONS", answered: 200))
        case (.new, _):
            await endpoint.respond(request.makeResponse(.notImplemented), to: incoming)
            record(.request(method: request.method.rawValue, answered: 501))
        }
    }

    func answer(_ incoming: SIPServerRequest) async {
        let request = incoming.request
        let callID = (try? request.headerFields.callID) ?? "?"
        if let dialogID = SIPDialogID.forReceived(request), calls[dialogID.callID] != nil {
            // A re-INVITE (hold, resume, target refresh): accept it with a fresh answer.
            var current = calls[dialogID.callID]!
            try? current.dialog.receivedRequest(request)
            calls[dialogID.callID] = current
            await answerReinvite(incoming, callID: dialogID.callID)
            return
        }
        record(.incomingCall(callID: callID))
        if let referrer = try? request.headerFields.referredBy { record(.referredBy(callID: callID, referrer: referrer.uri)) }
        let tag = SIPIdentifiers.tag()
        switch answerPolicy {
        case .reject(let code):
            await endpoint.respond(request.makeResponse(SIPResponseStatus(code: code), toTag: tag), to: incoming)
        case .ringForever:
            await endpoint.respond(request.makeResponse(.ringing, toTag: tag), to: incoming)
        case .answer:
            await endpoint.respond(request.makeResponse(.ringing, toTag: tag), to: incoming)
            let contact = contactURI(for: incoming.inbound.transport)
            var ok = request.makeResponse(.ok, toTag: tag)
            ok.headerFields.append(.contact, SIPNameAddress(uri: contact).description)
            if !request.body.isEmpty {
                ok.headerFields.append(.contentType, "application/sdp")
                ok.body = sdp(port: 40_002)
            }
            if let dialog = try? SIPDialog(uasRequest: request, localTag: tag, localContact: contact) {
                let target = SIPDestination.forURI(dialog.remoteTarget)
                let destination =
                    incoming.inbound.transport == .tcp
                    ? incoming.source : target.map { SIPDestination(transport: .udp, address: $0.address) } ?? incoming.source
                calls[callID] = Call(dialog: dialog, destination: destination)
            }
            await endpoint.respond(ok, to: incoming)
            record(.answered(callID: callID))
        }
    }
}
