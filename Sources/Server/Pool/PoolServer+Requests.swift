import Logging
import NIOCore
import Registrar
import SIPCore
import SIPDialog
import SIPTransaction
import SIPTransport
import Topology

extension PoolServer {
    /// One event from the endpoint.
    func handle(_ incoming: SIPServerRequest) {
        switch incoming.kind {
        case .new: handleNew(incoming)
        case .cancelled:
            if parkServiceCancelled(incoming) { return }
            if let key = incoming.transaction { upstreamCancelled(key, incoming: incoming) }
        case .ack:
            if parkServiceACK(incoming.request) { return }
            forwardACK(incoming.request)
        case .ackTimeout: break  // a proxy does not retransmit 2xx (it relays them with retransmitUntilACK: false)
        }
    }

    private func handleNew(_ incoming: SIPServerRequest) {
        counters.requests += 1
        let request = incoming.request
        // RFC 3261 §16.3 step 3: Max-Forwards 0 ends here (OPTIONS addressed to us is still answered, step 3).
        if let hops = try? request.headerFields.maxForwards, hops <= 0, !(request.method == .options && isPoolAddress(request.uri)) {
            return refusedWith(483, "Too Many Hops", "Max-Forwards reached 0 at \(poolName)", to: incoming)
        }
        if request.method == .register { return register(incoming) }
        if request.method == .options, isPoolAddress(request.uri) { return answerOptions(incoming) }
        if let to = try? request.headerFields.to, to.tag != nil {
            if parkServiceInDialog(incoming) { return }
            return forwardInDialog(incoming)
        }
        let fromPool = trustedPool(incoming)
        if fromPool == nil {
            // Requests a user originates are authenticated at the user's pool (SPEC §3), as a proxy: 407.
            switch authenticator.check(request, asProxy: true, deployment: deployment, now: now) {
            case .authorized: break
            case .challenge(let response):
                counters.challenges += 1
                endpoint.assumeIsolated { $0.respond(response, to: incoming) }
                return
            case .refused(let response):
                return refused(response, to: incoming, reason: response.status.reasonPhrase)
            }
        }
        if !isLocalURI(request.uri) {
            // An authenticated user's request to a contact (an INVITE with Replaces to the retriever's phone, FLOWS 4):
            // the pool is the phone's outbound proxy and forwards it (RFC 3261 §16.4–§16.6). Not an open relay: only
            // users of the deployment, authenticated above, and other pools get here.
            var outbound = incoming
            popOwnRoute(&outbound.request)
            guard let destination = nextHop(outbound.request) else {
                return refusedWith(404, "Not Found", "no route to \(outbound.request.uri)", to: incoming)
            }
            return forward(outbound, to: [ProxyTarget(requestURI: outbound.request.uri, destination: destination)])
        }
        route(incoming, cameFromPool: fromPool?.name)
    }

    /// Routes an initial request (or an in-dialog one addressed to a user of ours) by the router's decision.
    func route(_ incoming: SIPServerRequest, cameFromPool: String?) {
        let decision = registrar.route(incoming.request, cameFromPool: cameFromPool, now: now)
        switch decision {
        case .localUser(_, let contacts):
            let targets = contacts.compactMap { binding -> ProxyTarget? in
                guard let uri = try? SIPURI(binding.contact), let destination = destination(for: uri, source: binding.source) else {
                    return nil
                }
                return ProxyTarget(requestURI: uri, destination: destination)
            }
            if targets.isEmpty {
                return refusedWith(480, "Temporarily Unavailable", "no reachable contact", to: incoming)
            }
            forward(incoming, to: targets)
        case .pool(let other, _):
            guard let address = try? SocketAddress.makeAddressResolvingHost(other.sipHost, port: other.sipPort) else {
                return refusedWith(503, "Service Unavailable", "cannot resolve pool \(other.name)", to: incoming)
            }
            let transport: SIPTransportKind = incoming.inbound.transport == .tcp ? .tcp : .udp
            forward(
                incoming, to: [ProxyTarget(requestURI: incoming.request.uri, destination: SIPDestination(transport: transport, address: address))])
        case .thisPool:
            if incoming.request.method == .options { return answerOptions(incoming) }
            refusedWith(404, "Not Found", "no user in \(incoming.request.uri)", to: incoming)
        case .parkService, .orbit:
            parkServiceInvite(incoming)
        case .reject(let response):
            refused(response, to: incoming, reason: response.status.reasonPhrase)
        }
    }

    /// REGISTER (SPEC §3): authenticate as a registrar (401), then the registrar's rule.
    private func register(_ incoming: SIPServerRequest) {
        let request = incoming.request
        switch authenticator.check(request, asProxy: false, deployment: deployment, now: now) {
        case .authorized(let user):
            let outcome = registrar.register(request, user: user, source: sourceText(incoming), now: now, wallClock: wallClock)
            if outcome.response.status.isSuccess {
                counters.registrations += 1
                rememberSource(incoming)
            }
            logger.debug(
                "register",
                metadata: ["sip.user": "\(user.name)", "sip.status": "\(outcome.response.status.code)", "registrar.mode": "\(outcome.mode)"])
            endpoint.assumeIsolated { $0.respond(outcome.response, to: incoming) }
        case .challenge(let response):
            counters.challenges += 1
            endpoint.assumeIsolated { $0.respond(response, to: incoming) }
        case .refused(let response):
            refused(response, to: incoming, reason: response.status.reasonPhrase)
        }
    }

    /// OPTIONS to the pool itself: how partners and `callpark status` see that it is up (RFC 3261 §11.2).
    private func answerOptions(_ incoming: SIPServerRequest) {
        var ok = incoming.request.makeResponse(.ok, toTag: SIPIdentifiers.tag())
        ok.headerFields.append(.allow, "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER, NOTIFY, SUBSCRIBE, MESSAGE, INFO")
        ok.headerFields.append(.server, "callpark \(poolName)")
        endpoint.assumeIsolated { $0.respond(ok, to: incoming) }
    }

    /// An in-dialog request that reached the pool: a UA using it as outbound proxy, or Record-Route. Loose routing
    /// (RFC 3261 §16.4): our own Route entry is removed and the request goes to the next Route or the Request-URI.
    private func forwardInDialog(_ incoming: SIPServerRequest) {
        var request = incoming.request
        popOwnRoute(&request)
        if let target = poolAddressed(by: request.uri) {
            // A dialog of a pool's own service (the park service's Contact): that pool holds it.
            guard target.name != poolName, let address = try? SocketAddress.makeAddressResolvingHost(target.sipHost, port: target.sipPort)
            else {
                return refusedWith(481, "Call/Transaction Does Not Exist", "no such dialog at \(poolName)", to: incoming)
            }
            var forwarded = incoming
            forwarded.request = request
            let transport: SIPTransportKind = incoming.inbound.transport == .tcp ? .tcp : .udp
            return forward(forwarded, to: [ProxyTarget(requestURI: request.uri, destination: SIPDestination(transport: transport, address: address))])
        }
        if isLocalURI(request.uri) {
            return route(incoming, cameFromPool: trustedPool(incoming)?.name)
        }
        guard let destination = nextHop(request) else {
            return refusedWith(404, "Not Found", "no route to \(request.uri)", to: incoming)
        }
        var forwarded = incoming
        forwarded.request = request
        forward(forwarded, to: [ProxyTarget(requestURI: request.uri, destination: destination)])
    }

    /// An ACK for a 2xx that came through the pool: forwarded statelessly (RFC 3261 §16.11, RFC 6026 §7.3).
    private func forwardACK(_ ack: SIPRequest) {
        var request = ack
        popOwnRoute(&request)
        var destinations: [(SIPURI, SIPDestination)] = []
        if let target = poolAddressed(by: request.uri) {
            guard target.name != poolName, let address = try? SocketAddress.makeAddressResolvingHost(target.sipHost, port: target.sipPort)
            else { return }
            destinations.append((request.uri, SIPDestination(transport: .udp, address: address)))
        } else if isLocalURI(request.uri) {
            // Addressed to a user of ours (the UA sent it to its outbound proxy without the contact): its bindings.
            if case .localUser(_, let contacts) = registrar.route(request, cameFromPool: nil, now: now) {
                for binding in contacts {
                    if let uri = try? SIPURI(binding.contact), let d = destination(for: uri, source: binding.source) { destinations.append((uri, d)) }
                }
            } else if case .pool(let other, _) = registrar.route(request, cameFromPool: nil, now: now),
                let address = try? SocketAddress.makeAddressResolvingHost(other.sipHost, port: other.sipPort)
            {
                destinations.append((request.uri, SIPDestination(transport: .udp, address: address)))
            }
        } else if let d = nextHop(request) {
            destinations.append((request.uri, d))
        }
        let hops = (try? request.headerFields.maxForwards) ?? 70
        request.headerFields.removeAll(.maxForwards)
        request.headerFields.append(.maxForwards, "\(max(0, hops - 1))")
        for (uri, destination) in destinations {
            var copy = request
            copy.uri = uri
            let endpoint = self.endpoint
            endpoint.assumeIsolated { e in
                if let via = e.viaValue(for: destination, branch: SIPIdentifiers.branch()) { copy.headerFields.prepend(.via, via) }
                e.forwardStateless(copy, to: destination)
            }
        }
    }

    // MARK: Addresses

    /// Whether `uri` is this pool's own address (no user part, or the pool's host:port).
    func isPoolAddress(_ uri: SIPURI) -> Bool {
        guard uri.user == nil || uri.user?.isEmpty == true else { return false }
        guard let host = uri.host?.address.lowercased() else { return false }
        return host == deployment.domain.lowercased() || (host == pool.sipHost.lowercased() && (uri.port.map { Int($0) } ?? 5060) == pool.sipPort)
    }

    /// The pool whose own SIP address `uri` names (host and port), if any: the Contact of a pool's service.
    func poolAddressed(by uri: SIPURI) -> Pool? {
        guard let host = uri.host?.address.lowercased(), let port = uri.port else { return nil }
        return deployment.pools.values.first { $0.sipHost.lowercased() == host && $0.sipPort == Int(port) }
    }

    /// Whether `uri` names the deployment (its domain or a pool's address).
    func isLocalURI(_ uri: SIPURI) -> Bool { deployment.isLocalAddress(uri) }

    /// The pool a request came from, when its source is a pool's SIP address: pools trust each other's forwarded
    /// requests (they authenticated the user already). UDP is sent from the listening socket, so the source port is
    /// the pool's; over TCP the top Via's sent-by must name the pool and the source address must be the pool's host.
    func trustedPool(_ incoming: SIPServerRequest) -> Pool? {
        let sourceIP = incoming.inbound.source.ipAddress ?? ""
        let sourcePort = incoming.inbound.source.port ?? 0
        let via = try? incoming.request.headerFields.topVia
        return deployment.pools.values.first { p in
            guard p.name != poolName, p.sipHost == sourceIP else { return false }
            if incoming.inbound.transport == .udp { return p.sipPort == sourcePort }
            return via.map { $0.host.address.lowercased() == p.sipHost.lowercased() && Int($0.port ?? 5060) == p.sipPort } ?? false
        }
    }

    /// Where to send a request for a registered contact: over TCP, the connection the registration came on (the UA
    /// may not listen for new connections); otherwise the contact's address.
    func destination(for contact: SIPURI, source: String) -> SIPDestination? {
        if let remembered = connections[source], remembered.transport == .tcp { return remembered }
        return SIPDestination.forURI(contact)
    }

    /// The next hop of an in-dialog request: the top Route if any (loose routing), else the Request-URI.
    func nextHop(_ request: SIPRequest) -> SIPDestination? {
        if let route = try? request.headerFields.route.first?.uri { return SIPDestination.forURI(route) }
        return SIPDestination.forURI(request.uri)
    }

    /// Removes the top Route if it names this pool (RFC 3261 §16.4).
    func popOwnRoute(_ request: inout SIPRequest) {
        guard let top = try? request.headerFields.route.first,
            isPoolAddress(top.uri)
                || (top.uri.host?.address == pool.sipHost
                    && Int(top.uri.port ?? 5060) == pool.sipPort)
        else { return }
        request.headerFields.removeFirstElement(.route)
    }

    /// The text the registrar keeps as a binding's source: transport, address and (TCP) connection.
    func sourceText(_ incoming: SIPServerRequest) -> String {
        let s = incoming.inbound.source
        return "\(incoming.inbound.transport):\(s.ipAddress ?? "?"):\(s.port ?? 0)"
    }

    /// Remembers the connection a TCP registration came on.
    func rememberSource(_ incoming: SIPServerRequest) {
        guard incoming.inbound.transport == .tcp else { return }
        connections[sourceText(incoming)] = incoming.source
    }

    /// Refuses with a readable reason and a Warning (STYLE: every refusal says why).
    func refusedWith(_ code: Int, _ phrase: String, _ reason: String, to incoming: SIPServerRequest) {
        var response = incoming.request.makeResponse(
            SIPResponseStatus(code: code, reasonPhrase: "\(phrase) (\(reason))"), toTag: SIPIdentifiers.tag())
        response.addWarning(agent: pool.sipHostPort, reason)
        refused(response, to: incoming, reason: reason)
    }
}
