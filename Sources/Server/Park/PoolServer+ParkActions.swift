import CallPark
import Logging
import NIOCore
import SIPCore
import SIPDialog
import SIPTransport
import Topology

/// Carrying out the parked-call machine's actions with SIP, RTP and timers (CallPark/DRIVER.md).
extension PoolServer {
    func perform(_ action: ParkedCallStateMachine.Action, for id: String) {
        guard let entry = parked[id] else { return }
        switch action {
        case .acceptParkee: acceptParkee(id)
        case .inviteParkee(let contact, let replaces): inviteParkee(id, contact: contact, replaces: replaces)
        case .cancelParkeeInvite:
            if let branch = entry.parkeeInviteBranch { endpoint.assumeIsolated { $0.cancelINVITE(branch: branch) } }
        case .answerParker(let response): answerParker(id, response)
        case .refuseParker(let refusal):
            if let invite = entry.controlInvite { refusePark(refusal, to: invite) }
        case .messageParker(let to, let text): sendToUser(to, method: .message, for: id, body: Array(text.utf8), contentType: "text/plain")
        case .startMusic(let source): startMusic(id, source)
        case .stopMusic:
            if let stream = entry.music { music?.stop(stream) }
            parked[id]?.music = nil
        case .schedule(let timer, let after):
            parked[id]?.timers[timer]?.cancel()
            parked[id]?.timers[timer] = endpoint.loop.scheduleTask(in: .nanoseconds(Int64(after * 1e9))) { [self] in
                self.assumeIsolated { $0.parkTimerFired(id, timer) }
            }
        case .cancel(let timer):
            parked[id]?.timers[timer]?.cancel()
            parked[id]?.timers[timer] = nil
        case .ringBack(let parker, let attempt): ringBack(id, parker: parker, attempt: attempt)
        case .cancelRingBack:
            if let branch = entry.ringBackBranch { endpoint.assumeIsolated { $0.cancelINVITE(branch: branch) } }
            parked[id]?.ringBackBranch = nil
        case .acceptRetriever(let retriever): acceptRetriever(id, retriever)
        case .refuseRetriever(let retriever, let refusal):
            if let leg = entry.retrievers[retriever.dialog.callID], let invite = leg.invite {
                refusePark(refusal, to: invite)
                parked[id]?.retrievers[retriever.dialog.callID] = nil
            }
        case .referParkee(let to, _): referParkee(id, to: to)
        case .bridge(let retriever):
            // Relaying media between P and R is not built yet: both legs stay up without media, and the log says so.
            logger.warning(
                "parkee cannot be transferred; bridging without media relay",
                metadata: ["park.orbit": "\(entry.machine.orbit)", "park.retriever": "\(retriever.identity)"])
        case .hangUpParkee:
            if entry.parkeeInvite != nil, !entry.parkeeConfirmed, entry.parkee != nil {
                parked[id]?.byeAfterACK = true  // RFC 3261 §15: a BYE waits for the ACK of our 2xx
            } else {
                sendBYE(to: .parkee, of: id)
            }
        case .hangUpRetriever(let retriever): sendBYE(to: .retriever(callID: retriever.dialog.callID), of: id)
        case .releaseOrbit(let orbit, let resting):
            orbits.release(orbit, now: now, resting: resting)
            if callOnOrbit[orbit] == id { callOnOrbit[orbit] = nil }
        case .notifyParker(let notification):
            sendInDialog(.control, of: id, method: .info, body: notification.body, contentType: UnparkNotification.mediaType.description)
        case .endControlDialog: sendBYE(to: .control, of: id)
        case .record(let kind, let retriever, let detail):
            let event = entry.machine.event(kind, retriever: retriever, detail: detail, at: wallClock)
            parkEvents.append(event)
            parkWrites.yield(.event(event))
            if parkEvents.count > 10_000 { parkEvents.removeFirst(parkEvents.count - 10_000) }
            logger.info(
                "park event",
                metadata: [
                    "park.event": "\(kind.rawValue)", "park.orbit": "\(event.orbit)", "park.parker": "\(event.parker)",
                    "park.parkee": "\(event.parkee)", "park.retriever": "\(event.retriever ?? "")", "park.detail": "\(detail)",
                ])
        }
    }

    // MARK: The parkee

    /// Flows B and C: answer the parkee's INVITE with the music description (`sendonly`, RFC 3264 §6.1).
    private func acceptParkee(_ id: String) {
        guard var entry = parked[id], let invite = entry.parkeeInvite else { return }
        let localTag = SIPIdentifiers.tag()
        let contact = serviceContact(invite)
        guard let dialog = try? SIPDialog(uasRequest: invite.request, localTag: localTag, localContact: contact) else { return }
        var ok = invite.request.makeResponse(.ok, toTag: localTag)
        ok.headerFields.append(.contact, "<\(contact)>")
        if let offer = entry.parkeeSDP,
            let answer = try? offer.answer(origin: sdpOrigin(), port: UInt16(music?.localPort ?? 9), direction: .sendonly, ptime: 20)
        {
            entry.localSDP = answer
            ok.headerFields.append(.contentType, "application/sdp")
            ok.body = answer.bytes
        }
        entry.parkee = dialog
        entry.parkeeDestination = inDialogDestination(dialog.remoteTarget, like: invite)
        parked[id] = entry
        parkDialogKeys[ParkDialogKey(callID: dialog.id.callID, localTag: localTag)] = (id, .parkee)
        respondTo(invite, ok)
    }

    /// Flow A: INVITE the parkee with Replaces naming its dialog with the parker (RFC 3891) and a music offer.
    private func inviteParkee(_ id: String, contact: SIPURI, replaces: SIPReplaces) {
        guard let entry = parked[id], let destination = SIPDestination.forURI(contact) else {
            return step(id) { $0.parkeeRejected(SIPResponseStatus(code: 404, reasonPhrase: "Not Found"), now: $1) }
        }
        let offer = SDPSession.offer(origin: sdpOrigin(), port: UInt16(music?.localPort ?? 9), direction: .sendonly)
        var fields = SIPHeaderFields()
        fields.append(.from, "<sip:\(entry.machine.orbit)@\(deployment.domain)>;tag=\(SIPIdentifiers.tag())")
        fields.append(.to, "<\(contact)>")
        fields.append(.callID, SIPIdentifiers.callID(host: pool.sipHost))
        fields.append(.cSeq, "1 INVITE")
        fields.append(.contact, "<\(serviceContact(nil))>")
        fields.append(.replaces, replaces.description)
        fields.append(.contentType, "application/sdp")
        let invite = SIPRequest(method: .invite, uri: contact, headerFields: fields, body: offer.bytes)
        let branch = SIPIdentifiers.branch()
        parked[id]?.parkeeInviteBranch = branch
        parked[id]?.localSDP = offer
        let endpoint = self.endpoint
        Task {
            let response = await endpoint.request(invite, to: destination, branch: branch)
            self.parkeeInviteAnswered(id, invite: invite, response: response, destination: destination)
        }
    }

    private func parkeeInviteAnswered(_ id: String, invite: SIPRequest, response: SIPResponse, destination: SIPDestination) {
        guard response.status.isSuccess else {
            return step(id) { $0.parkeeRejected(response.status, now: $1) }
        }
        guard var dialog = try? SIPDialog(uacRequest: invite, response: response, localContact: serviceContact(nil)) else { return }
        let ack = dialog.makeRequest(.ack, sequence: dialog.localSequence)
        let target = SIPDestination.forURI(dialog.remoteTarget) ?? destination
        endpoint.assumeIsolated { $0.sendACK(ack, to: target) }
        guard parked[id] != nil else {
            // The park was abandoned meanwhile: end the new dialog at once.
            let bye = dialog.makeRequest(.bye)
            Task { _ = await self.endpoint.request(bye, to: target) }
            return
        }
        parked[id]?.parkee = dialog
        parked[id]?.parkeeDestination = target
        parked[id]?.parkeeSDP = try? SDPSession(bytes: response.body)
        parkDialogKeys[ParkDialogKey(callID: dialog.id.callID, localTag: dialog.id.localTag)] = (id, .parkee)
        step(id) { $0.parkeeAnswered(now: $1) }
    }

    /// Flow A: answer the parker's INVITE with the orbit; that dialog becomes the control dialog (no SDP).
    private func answerParker(_ id: String, _ response: ParkResponse) {
        guard let invite = parked[id]?.controlInvite else { return }
        let localTag = SIPIdentifiers.tag()
        let contact = serviceContact(invite)
        var ok = invite.request.makeResponse(.ok, toTag: localTag)
        ok.headerFields.append(.contact, "<\(contact)>")
        ok.headerFields.append(.contentType, ParkResponse.mediaType.description)
        ok.body = response.body
        if let dialog = try? SIPDialog(uasRequest: invite.request, localTag: localTag, localContact: contact) {
            parked[id]?.control = dialog
            parked[id]?.controlDestination = inDialogDestination(dialog.remoteTarget, like: invite)
            parkDialogKeys[ParkDialogKey(callID: dialog.id.callID, localTag: localTag)] = (id, .control)
        }
        respondTo(invite, ok)
    }

    // MARK: Music

    private func startMusic(_ id: String, _ source: CallPark.MusicSource) {
        guard let music, let sdp = parked[id]?.parkeeSDP, let audio = sdp.activeAudio,
            let address = sdp.connection(of: audio.media)?.address,
            let destination = try? SocketAddress(ipAddress: address, port: Int(audio.media.port))
        else {
            logger.debug("no music: no player or no RTP address in the parkee's description", metadata: ["park.id": "\(id)"])
            return
        }
        // RFC 3551 §6: PCMU is payload type 0, PCMA 8; the answer kept the offerer's order.
        let payloadType: UInt8 = audio.media.formats.first(where: { $0 == "0" || $0 == "8" }) == "8" ? 8 : 0
        parked[id]?.music = music.start(to: destination, payloadType: payloadType, source: source)
    }

    func sdpOrigin() -> SDPOrigin {
        SDPOrigin(username: "callpark", sessionID: "\(UInt32.random(in: 1...UInt32.max))", sessionVersion: 1, address: SDPAddress(ip: pool.sipHost))
    }

    // MARK: Retrievers and ring-back

    private func acceptRetriever(_ id: String, _ retriever: Retriever) {
        guard let leg = parked[id]?.retrievers[retriever.dialog.callID], let invite = leg.invite else { return }
        var ok = invite.request.makeResponse(.ok, toTag: leg.dialog.id.localTag)
        ok.headerFields.append(.contact, "<\(serviceContact(invite))>")
        let port = UInt16(music?.localPort ?? 9)
        let description: SDPSession? =
            invite.request.body.isEmpty
            ? SDPSession.offer(origin: sdpOrigin(), port: port, direction: .inactive)
            : (try? SDPSession(bytes: invite.request.body)).flatMap { try? $0.answer(origin: sdpOrigin(), port: port, direction: .inactive) }
        if let description {
            ok.headerFields.append(.contentType, "application/sdp")
            ok.body = description.bytes
        }
        respondTo(invite, ok)
    }

    /// SPEC §5 Time-out: call the parker (its registered contacts) with "Parked call *3042".
    private func ringBack(_ id: String, parker: SIPURI, attempt: Int) {
        guard let entry = parked[id], let (requestURI, destination) = userTarget(parker) else {
            return step(id) { $0.ringBackFailed(SIPResponseStatus(code: 480, reasonPhrase: "Temporarily Unavailable"), now: $1) }
        }
        let offer = SDPSession.offer(origin: sdpOrigin(), port: UInt16(music?.localPort ?? 9), direction: .inactive)
        var fields = SIPHeaderFields()
        fields.append(.from, "\"Parked call \(entry.machine.orbit)\" <sip:\(entry.machine.orbit)@\(deployment.domain)>;tag=\(SIPIdentifiers.tag())")
        fields.append(.to, "<\(parker)>")
        fields.append(.callID, SIPIdentifiers.callID(host: pool.sipHost))
        fields.append(.cSeq, "1 INVITE")
        fields.append(.contact, "<\(serviceContact(nil))>")
        fields.append(.subject, "Parked call \(entry.machine.orbit) (attempt \(attempt))")
        fields.append(.contentType, "application/sdp")
        let invite = SIPRequest(method: .invite, uri: requestURI, headerFields: fields, body: offer.bytes)
        let branch = SIPIdentifiers.branch()
        parked[id]?.ringBackBranch = branch
        let endpoint = self.endpoint
        Task {
            let response = await endpoint.request(invite, to: destination, branch: branch)
            self.ringBackAnswered(id, invite: invite, response: response, parker: parker, destination: destination)
        }
    }

    private func ringBackAnswered(_ id: String, invite: SIPRequest, response: SIPResponse, parker: SIPURI, destination: SIPDestination) {
        if parked[id]?.ringBackBranch != nil { parked[id]?.ringBackBranch = nil }
        guard response.status.isSuccess else {
            return step(id) { $0.ringBackFailed(response.status, now: $1) }
        }
        guard var dialog = try? SIPDialog(uacRequest: invite, response: response, localContact: serviceContact(nil)) else { return }
        let target = SIPDestination.forURI(dialog.remoteTarget) ?? destination
        let ack = dialog.makeRequest(.ack, sequence: dialog.localSequence)
        endpoint.assumeIsolated { $0.sendACK(ack, to: target) }
        guard parked[id] != nil else { return }
        let retriever = Retriever(identity: parker, contact: dialog.remoteTarget, dialog: dialog.id.replacesForPeer)
        parked[id]?.retrievers[dialog.id.callID] = RetrieverLeg(dialog: dialog, destination: target, invite: nil, retriever: retriever)
        parkDialogKeys[ParkDialogKey(callID: dialog.id.callID, localTag: dialog.id.localTag)] = (id, .retriever(callID: dialog.id.callID))
        step(id) { $0.ringBackAnswered(by: retriever, now: $1) }
    }

    /// Where a request for a user of the deployment goes from here: its contacts if registered here, else its
    /// serving pool (which routes it on: pools trust each other's requests).
    func userTarget(_ user: SIPURI) -> (SIPURI, SIPDestination)? {
        guard let name = user.decodedUser, let account = deployment.users[name] else { return SIPDestination.forURI(user).map { (user, $0) } }
        if let binding = registrar.location.bindings(of: name, now: now).first, let contact = try? SIPURI(binding.contact),
            let destination = destination(for: contact, source: binding.source)
        {
            return (contact, destination)
        }
        let serving = deployment.servingPool(of: account)
        guard serving != poolName, let other = deployment.pools[serving],
            let address = try? SocketAddress.makeAddressResolvingHost(other.sipHost, port: other.sipPort)
        else { return nil }
        return (user, SIPDestination(transport: .udp, address: address))
    }

    // MARK: Transfer and hanging up

    /// RFC 3515: REFER the parkee on P to `to`, with `Referred-By: <sip:orbit@domain>` (RFC 3892).
    private func referParkee(_ id: String, to: SIPURI) {
        guard var entry = parked[id], var dialog = entry.parkee, let destination = entry.parkeeDestination else {
            return step(id) { $0.referRejected(SIPResponseStatus(code: 481, reasonPhrase: "Call/Transaction Does Not Exist"), now: $1) }
        }
        var refer = dialog.makeRequest(.refer)
        entry.parkee = dialog
        parked[id] = entry
        refer.headerFields.append(.referTo, "<\(to)>")
        refer.headerFields.append(.referredBy, "<sip:\(entry.machine.orbit)@\(deployment.domain)>")
        let endpoint = self.endpoint
        Task {
            let response = await endpoint.request(refer, to: destination)
            if response.status.isSuccess {
                self.step(id) { $0.referAccepted(now: $1) }
            } else if response.status.isFinal {
                self.step(id) { $0.referRejected(response.status, now: $1) }
            }
        }
    }

    /// BYE on one of the call's dialogs.
    func sendBYE(to leg: ParkLeg, of id: String) {
        sendInDialog(leg, of: id, method: .bye, body: [], contentType: nil)
    }

    /// A request in one of the call's dialogs (BYE, INFO), not awaited beyond its transaction.
    func sendInDialog(_ leg: ParkLeg, of id: String, method: SIPMethod, body: [UInt8], contentType: String?) {
        guard var entry = parked[id] else { return }
        var request: SIPRequest
        let destination: SIPDestination
        switch leg {
        case .parkee:
            guard var dialog = entry.parkee, let d = entry.parkeeDestination else { return }
            request = dialog.makeRequest(method, body: body, contentType: contentType)
            entry.parkee = dialog
            destination = d
        case .control:
            guard var dialog = entry.control, let d = entry.controlDestination else { return }
            request = dialog.makeRequest(method, body: body, contentType: contentType)
            entry.control = dialog
            destination = d
        case .retriever(let callID):
            guard var leg = entry.retrievers[callID] else { return }
            request = leg.dialog.makeRequest(method, body: body, contentType: contentType)
            destination = leg.destination
            if method == .bye { entry.retrievers[callID] = nil } else { entry.retrievers[callID] = leg }
            leg.invite = nil
        }
        if method == .bye, leg == .parkee { entry.parkeeDestination = nil }
        if method == .bye, leg == .control { entry.controlDestination = nil }
        parked[id] = entry
        if !request.headerFields.contains(.contentLength) { request.headerFields.append(.contentLength, "\(body.count)") }
        let endpoint = self.endpoint
        Task { _ = await endpoint.request(request, to: destination) }
    }

    /// An out-of-dialog request to a user (flow C's MESSAGE), routed like a ring-back.
    private func sendToUser(_ user: SIPURI, method: SIPMethod, for id: String, body: [UInt8], contentType: String) {
        guard let entry = parked[id], let (requestURI, destination) = userTarget(user) else { return }
        var fields = SIPHeaderFields()
        fields.append(.from, "<sip:\(entry.machine.orbit)@\(deployment.domain)>;tag=\(SIPIdentifiers.tag())")
        fields.append(.to, "<\(user)>")
        fields.append(.callID, SIPIdentifiers.callID(host: pool.sipHost))
        fields.append(.cSeq, "1 \(method)")
        fields.append(.contentType, contentType)
        let request = SIPRequest(method: method, uri: requestURI, headerFields: fields, body: body)
        let endpoint = self.endpoint
        Task { _ = await endpoint.request(request, to: destination) }
    }
}
