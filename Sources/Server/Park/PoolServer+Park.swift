import CallPark
import Logging
import NIOCore
import SIPCore
import SIPDialog
import SIPTransaction
import SIPTransport
import Topology

/// The park service of a pool (SPEC §5): INVITEs to the park number and to the pool's orbits, and the in-dialog
/// requests of the service's dialogs. The decisions are the pure `CallPark` core's; this is its driver.
extension PoolServer {
    /// An INVITE routed to the park service: admission (`ParkAdmission`), then park or retrieve.
    func parkServiceInvite(_ incoming: SIPServerRequest) {
        let request = incoming.request
        guard request.method == .invite else {
            return refusedWith(405, "Method Not Allowed", "the park service takes INVITE only", to: incoming)
        }
        var parkRequest: ParkRequest?
        if let type = try? request.headerFields.contentType, type.type.lowercased() == ParkRequest.mediaType.type,
            type.subtype.lowercased() == ParkRequest.mediaType.subtype
        {
            do {
                parkRequest = try ParkRequest(parsing: request.body)
            } catch {
                return refusePark(ParkRefusal(.malformedParkRequest(error.description)), to: incoming)
            }
        }
        let caller = (try? request.headerFields.from).map { parker(for: $0.uri) }
        let referredBy = request.headerFields[.referredBy].flatMap { try? SIPNameAddress($0) }.map { parker(for: $0.uri) }
        let admission = ParkAdmission(draining: parkDraining)
        let decision = admission.classify(
            requestURI: request.uri, parkRequest: parkRequest, caller: caller, referredBy: referredBy, orbits: orbits,
            isParked: { self.parkedDialogs[$0] != nil })
        switch decision {
        case .refuse(let refusal):
            refusePark(refusal, to: incoming)
        case .parkDirected(let orbit, let parker):
            do {
                try orbits.claim(orbit, now: now)
            } catch {
                return refusePark(ParkRefusal(.orbitOccupied(orbit)), to: incoming)
            }
            startPark(incoming, orbit: orbit, method: .directed, parker: parker)
        case .parkAnyOrbit(let parker):
            guard let orbit = orbits.allocate(now: now) else { return refusePark(ParkRefusal(.noFreeOrbit), to: incoming) }
            startPark(incoming, orbit: orbit, method: .parkNumber, parker: parker)
        case .parkWithControlDialog(let park, let parker):
            guard let orbit = orbits.allocate(now: now) else { return refusePark(ParkRefusal(.noFreeOrbit), to: incoming) }
            startPark(incoming, orbit: orbit, method: .controlDialog(park), parker: parker)
        case .retrieve(let orbit):
            retrieve(incoming, orbit: orbit)
        }
    }

    /// Who parks: the user of `uri` in this deployment, and whether its registration here is in resiliency mode.
    func parker(for uri: SIPURI) -> Parker {
        guard deployment.isLocalAddress(uri), let name = uri.decodedUser, let user = deployment.users[name] else {
            return Parker(uri: uri, user: nil)
        }
        let resiliency = registrar.location.bindings(of: name, now: now).contains { $0.resiliency }
        return Parker(uri: SIPURI(user: name, host: .name(deployment.domain)), user: user, inResiliencyMode: resiliency)
    }

    func refusePark(_ refusal: ParkRefusal, to incoming: SIPServerRequest) {
        refused(refusal.response(to: incoming.request, agent: pool.sipHostPort), to: incoming, reason: refusal.warningText)
    }

    /// A new parked call: the machine, its entry, then its first actions.
    private func startPark(_ incoming: SIPServerRequest, orbit: Orbit, method: ParkMethod, parker: Parker) {
        let request = incoming.request
        let id = SIPIdentifiers.tag()
        var entry: ParkedCallEntry
        switch method {
        case .controlDialog(let park):
            let machine = ParkedCallStateMachine(
                id: id, pool: poolName, orbit: orbit, method: method, parker: parker.uri, parkee: Parkee(contact: park.parkee),
                settings: deployment.settings(of: poolName))
            entry = ParkedCallEntry(machine: machine)
            entry.controlInvite = incoming
            parkedDialogs[ParkedDialogKey(park.replaces)] = id
        case .directed, .parkNumber:
            let from = try? request.headerFields.from
            var contact = from?.uri ?? request.uri
            if case .addresses(let list)? = try? request.headerFields.contacts, let first = list.first { contact = first.uri }
            let machine = ParkedCallStateMachine(
                id: id, pool: poolName, orbit: orbit, method: method, parker: parker.uri,
                parkee: Parkee(contact: contact, identity: from?.uri, displayName: from?.displayName),
                settings: deployment.settings(of: poolName))
            entry = ParkedCallEntry(machine: machine)
            entry.parkeeInvite = incoming
            entry.parkeeSDP = request.body.isEmpty ? nil : try? SDPSession(bytes: request.body)
        }
        parked[id] = entry
        callOnOrbit[orbit] = id
        logger.info("park admitted", metadata: ["park.orbit": "\(orbit)", "park.parker": "\(parker.uri)", "park.id": "\(id)"])
        step(id) { $0.start(now: $1) }
    }

    /// A retrieve (SPEC §5): the retriever's dialog R with the service, then the machine.
    private func retrieve(_ incoming: SIPServerRequest, orbit: Orbit) {
        guard let id = callOnOrbit[orbit], parked[id] != nil else {
            return refusePark(ParkRefusal(.orbitNotFound(orbit)), to: incoming)
        }
        let request = incoming.request
        guard let dialog = try? SIPDialog(uasRequest: request, localTag: SIPIdentifiers.tag(), localContact: serviceContact(incoming))
        else {
            return refusedWith(400, "Bad Request", "the INVITE cannot make a dialog", to: incoming)
        }
        let identity = (try? request.headerFields.from)?.uri ?? dialog.remoteTarget
        let retriever = Retriever(identity: identity, contact: dialog.remoteTarget, dialog: dialog.id.replacesForPeer)
        let destination = inDialogDestination(dialog.remoteTarget, like: incoming)
        parked[id]!.retrievers[dialog.id.callID] = RetrieverLeg(
            dialog: dialog, destination: destination, invite: incoming, retriever: retriever)
        parkDialogKeys[ParkDialogKey(callID: dialog.id.callID, localTag: dialog.id.localTag)] = (id, .retriever(callID: dialog.id.callID))
        step(id) { $0.retrieveRequested(by: retriever, now: $1) }
    }

    // MARK: In-dialog requests and ACKs

    /// An in-dialog request for one of the service's dialogs; `false` when it belongs to none.
    func parkServiceInDialog(_ incoming: SIPServerRequest) -> Bool {
        let request = incoming.request
        guard let callID = try? request.headerFields.callID, let toTag = (try? request.headerFields.to)?.tag else { return false }
        let key = ParkDialogKey(callID: callID, localTag: toTag)
        if let left = lingering[key] {
            // R after a handover: the retriever's phone ends it (RFC 3891 §3).
            respondTo(incoming, request.makeResponse(request.method == .bye || request.method == .ack ? .ok : .callDoesNotExist))
            if request.method == .bye {
                left.reaper?.cancel()
                lingering[key] = nil
            }
            return true
        }
        guard let (id, leg) = parkDialogKeys[key] else { return false }
        guard parked[id] != nil else {
            respondTo(incoming, request.makeResponse(.callDoesNotExist))
            return true
        }
        switch request.method {
        case .bye:
            respondTo(incoming, request.makeResponse(.ok))
            forget(leg, of: id, callID: callID)
            switch leg {
            case .parkee: step(id) { $0.parkeeHungUp(now: $1) }
            case .retriever: step(id) { $0.retrieverHungUp(now: $1) }
            case .control: step(id) { $0.parkerControlDialogEnded(now: $1) }
            }
        case .notify where leg == .parkee:
            respondTo(incoming, request.makeResponse(.ok))
            // RFC 3515 §2.4.5: the sipfrag's status line tells how the parkee's INVITE went.
            guard let code = Self.sipfragStatus(request.body), code >= 200 else { return true }
            if code < 300 {
                step(id) { $0.transferSucceeded(now: $1) }
            } else {
                step(id) { $0.transferFailed(SIPResponseStatus(code: code, reasonPhrase: "transfer failed"), now: $1) }
            }
        case .invite:
            // A re-INVITE (a phone putting the music on hold, a session refresh): answer with our description.
            var ok = request.makeResponse(.ok)
            if leg == .parkee, let sdp = parked[id]?.localSDP {
                ok.headerFields.append(.contentType, "application/sdp")
                ok.body = sdp.bytes
            }
            ok.headerFields.append(.contact, "<\(serviceContact(incoming))>")
            respondTo(incoming, ok)
        case .info, .options, .update:
            respondTo(incoming, request.makeResponse(.ok))
        default:
            respondTo(incoming, request.makeResponse(SIPResponseStatus(code: 501, reasonPhrase: "Not Implemented")))
        }
        return true
    }

    /// The ACK of one of the service's 2xx; `false` when it is for none of them.
    func parkServiceACK(_ ack: SIPRequest) -> Bool {
        guard let callID = try? ack.headerFields.callID, let toTag = (try? ack.headerFields.to)?.tag,
            let (id, leg) = parkDialogKeys[ParkDialogKey(callID: callID, localTag: toTag)]
        else { return false }
        switch leg {
        case .parkee:
            parked[id]?.parkeeConfirmed = true
            if parked[id]?.byeAfterACK == true { sendBYE(to: .parkee, of: id) }
            step(id) { $0.parkeeConfirmed(now: $1) }
        case .retriever:
            parked[id]?.retrievers[callID]?.invite = nil
            step(id) { $0.retrieverConfirmed(now: $1) }
        case .control:
            break
        }
        return true
    }

    /// An INVITE of the service's was cancelled by its sender; `false` when it is none of them.
    func parkServiceCancelled(_ incoming: SIPServerRequest) -> Bool {
        guard let callID = try? incoming.request.headerFields.callID else { return false }
        for (id, entry) in parked {
            if entry.controlInvite?.request.headerFields[.callID] == callID, entry.control == nil {
                step(id) { $0.parkerControlDialogEnded(now: $1) }
                return true
            }
            if entry.parkeeInvite?.request.headerFields[.callID] == callID, entry.parkee == nil {
                step(id) { $0.parkeeHungUp(now: $1) }
                return true
            }
            if let leg = entry.retrievers[callID], leg.invite != nil {
                parked[id]?.retrievers[callID] = nil
                step(id) { $0.retrieverHungUp(now: $1) }
                return true
            }
        }
        return false
    }

    /// The status code of a `message/sipfrag` body's status line (RFC 3420), e.g. `SIP/2.0 200 OK`.
    static func sipfragStatus(_ body: [UInt8]) -> Int? {
        let line = String(decoding: body.prefix(64), as: UTF8.self).split(whereSeparator: \.isNewline).first ?? ""
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("SIP/") else { return nil }
        return Int(parts[1])
    }

    // MARK: Driving the machine

    /// Feeds one event to a parked call's machine and performs its actions; forgets the call once it has ended.
    func step(_ id: String, _ event: (inout ParkedCallStateMachine, Double) -> [ParkedCallStateMachine.Action]) {
        guard var entry = parked[id] else { return }
        let actions = event(&entry.machine, now)
        parked[id] = entry
        for action in actions { perform(action, for: id) }
        if let entry = parked[id], entry.machine.isEnded {
            finish(id)
        } else {
            storeRecord(of: id)
        }
    }

    /// A machine timer fired.
    func parkTimerFired(_ id: String, _ timer: ParkedCallStateMachine.Timer) {
        parked[id]?.timers[timer] = nil
        step(id) { $0.timerFired(timer, now: $1) }
    }

    /// Drops what is kept for an ended call (late responses find nothing and are ignored).
    private func finish(_ id: String) {
        guard let entry = parked.removeValue(forKey: id) else { return }
        entry.timers.values.forEach { $0.cancel() }
        if entry.stored != nil { parkWrites.yield(.remove(id: id)) }
        for leg in entry.retrievers.values {
            let key = ParkDialogKey(callID: leg.dialog.id.callID, localTag: leg.dialog.id.localTag)
            let reaper = endpoint.loop.scheduleTask(in: .seconds(32)) { [self] in
                self.assumeIsolated { $0.reap(key) }
            }
            lingering[key] = Lingering(dialog: leg.dialog, destination: leg.destination, reaper: reaper)
        }
        if let stream = entry.music { music?.stop(stream) }
        if callOnOrbit[entry.machine.orbit] == id { callOnOrbit[entry.machine.orbit] = nil }
        parkDialogKeys = parkDialogKeys.filter { $0.value.id != id }
        parkedDialogs = parkedDialogs.filter { $0.value != id }
    }

    /// Ends a dialog R its retriever left up (64·T1 after the handover).
    func reap(_ key: ParkDialogKey) {
        guard var left = lingering.removeValue(forKey: key) else { return }
        let bye = left.dialog.makeRequest(.bye)
        let endpoint = self.endpoint
        let destination = left.destination
        Task { _ = await endpoint.request(bye, to: destination) }
    }

    private func forget(_ leg: ParkLeg, of id: String, callID: String) {
        switch leg {
        case .retriever(let cid): parked[id]?.retrievers[cid] = nil
        case .parkee: parked[id]?.parkeeDestination = nil
        case .control: parked[id]?.controlDestination = nil
        }
        parkDialogKeys = parkDialogKeys.filter { !($0.key.callID == callID && $0.value.id == id) }
    }

    /// The service's Contact: this pool's address, without a transport parameter. The request may have come over
    /// TCP from another pool while the phone itself speaks UDP only; the pool listens on both at this address, so the
    /// phone sends its ACK and in-dialog requests over its own transport (RFC 3263 §4.1 default: UDP).
    func serviceContact(_ incoming: SIPServerRequest?) -> SIPURI {
        (try? SIPURI("sip:park@\(pool.sipHostPort)")) ?? SIPURI(host: .ipv4(pool.sipHost))
    }

    /// Where in-dialog requests for a remote target go: the target's address, over the transport the dialog began on.
    func inDialogDestination(_ target: SIPURI, like incoming: SIPServerRequest?) -> SIPDestination {
        // Over TCP straight from the phone: its connection (it may not listen). From another pool: the target.
        if let incoming, incoming.inbound.transport == .tcp, trustedPool(incoming) == nil { return incoming.source }
        return SIPDestination.forURI(target) ?? incoming?.source ?? SIPDestination.forURI(SIPURI(host: .ipv4(pool.sipHost)))!
    }

    func respondTo(_ incoming: SIPServerRequest, _ response: SIPResponse) {
        endpoint.assumeIsolated { $0.respond(response, to: incoming) }
    }
}
