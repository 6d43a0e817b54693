import Logging
import SIPCore
import SIPDialog
import SIPTransaction
import SIPTransport

extension PoolServer {
    /// Forwards `incoming` to `targets` in parallel (RFC 3261 §16.6) and relays the responses (§16.7): provisional
    /// ones as they come, the first 2xx at once (cancelling the other INVITE branches), otherwise the best final one.
    func forward(_ incoming: SIPServerRequest, to targets: [ProxyTarget]) {
        guard let key = incoming.transaction, !targets.isEmpty else { return }
        var base = incoming.request
        // §16.6 step 3: Max-Forwards decremented (the router has refused 0 already).
        let hops = (try? base.headerFields.maxForwards) ?? 70
        base.headerFields.removeAll(.maxForwards)
        base.headerFields.append(.maxForwards, "\(max(0, hops - 1))")
        // §16.6 step 4: Record-Route only when configured (SPEC §1: off, so calls do not depend on a pool).
        if deployment.service.recordRoute, base.method == .invite || base.method == .subscribe {
            base.headerFields.prepend(.recordRoute, recordRouteValue())
        }
        let branches = targets.map { _ in SIPIdentifiers.branch() }
        forks[key] = ProxyResponseContext(branches: branches, isInvite: base.method == .invite)
        counters.forwarded += 1
        let endpoint = self.endpoint
        for (target, branch) in zip(targets, branches) {
            var request = base
            request.uri = target.requestURI  // §16.6 step 2
            let destination = target.destination
            Task {
                let final = await endpoint.request(
                    request, to: destination, branch: branch,
                    provisional: { response in
                        // Runs on the endpoint's loop, which is this actor's executor too.
                        self.assumeIsolated { $0.branchResponded(response, branch: branch, key: key, incoming: incoming) }
                    },
                    lateSuccess: { response in
                        self.assumeIsolated { $0.branchResponded(response, branch: branch, key: key, incoming: incoming) }
                    })
                self.branchResponded(final, branch: branch, key: key, incoming: incoming)
            }
        }
    }

    /// A response on one branch: strip our Via (§16.7 step 3) and let the response context decide.
    func branchResponded(_ response: SIPResponse, branch: String, key: SIPTransactionKey, incoming: SIPServerRequest) {
        var upstream = response
        upstream.headerFields.removeFirstElement(.via)
        guard var context = forks[key] else {
            // Every branch is done; a late 2xx to an INVITE still goes upstream (RFC 6026 §7.2).
            if response.status.isSuccess, incoming.request.method == .invite {
                endpoint.assumeIsolated { $0.forwardStateless(upstream, connection: incoming.inbound.connection) }
            }
            return
        }
        let actions = context.received(upstream, on: branch)
        forks[key] = context.isComplete && context.finalSent ? nil : context
        perform(actions, incoming: incoming)
    }

    /// The upstream INVITE was cancelled (the endpoint already answered 200 and 487): cancel every branch (§16.10).
    func upstreamCancelled(_ key: SIPTransactionKey, incoming: SIPServerRequest) {
        guard var context = forks[key] else { return }
        let actions = context.upstreamCancelled()
        forks[key] = context
        perform(actions, incoming: incoming)
    }

    private func perform(_ actions: [ProxyResponseContext.Action], incoming: SIPServerRequest) {
        for action in actions {
            switch action {
            case .relay(let response):
                let isInvite = incoming.request.method == .invite
                endpoint.assumeIsolated { $0.respond(response, to: incoming, retransmitUntilACK: !isInvite) }
                if response.status.isFinal {
                    logger.debug(
                        "proxied",
                        metadata: [
                            "sip.call_id": "\((try? incoming.request.headerFields.callID) ?? "")",
                            "sip.method": "\(incoming.request.method)", "sip.status": "\(response.status.code)",
                        ])
                }
            case .relayStateless(let response):
                endpoint.assumeIsolated { $0.forwardStateless(response, connection: incoming.inbound.connection) }
            case .cancel(let branch):
                endpoint.assumeIsolated { $0.cancelINVITE(branch: branch) }
            }
        }
    }

    /// This pool's Record-Route value (loose routing, RFC 3261 §16.6 step 4).
    func recordRouteValue() -> String {
        "<sip:\(pool.sipHostPort);lr>"
    }
}
