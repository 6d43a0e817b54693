import SIPCore

/// The response context of one proxied request (RFC 3261 §16.7), as a pure state machine: responses from the
/// branches come in, what to send upstream and which branches to cancel come out.
///
/// Responses given to it have had the proxy's own Via removed already (§16.7 step 3).
struct ProxyResponseContext {
    /// What the driver does.
    enum Action: Equatable {
        /// Send upstream in the server transaction.
        case relay(SIPResponse)
        /// Send upstream outside the transaction (a later 2xx to an INVITE, RFC 6026 §7.2).
        case relayStateless(SIPResponse)
        /// Cancel a pending INVITE branch (§16.7 step 10, §16.10).
        case cancel(branch: String)
    }

    let isInvite: Bool
    private(set) var pending: [String]
    private var finals: [SIPResponse] = []
    private(set) var finalSent = false

    /// A context for branches `branches` of a request (INVITE or not).
    init(branches: [String], isInvite: Bool) {
        self.pending = branches
        self.isInvite = isInvite
    }

    /// Whether every branch has completed.
    var isComplete: Bool { pending.isEmpty }

    /// A response arrived on `branch`.
    mutating func received(_ response: SIPResponse, on branch: String) -> [Action] {
        let code = response.status.code
        if response.status.isProvisional {
            // §16.7 step 5: 100 Trying is not forwarded; other provisionals are, until a final one is sent.
            return code == 100 || finalSent ? [] : [.relay(response)]
        }
        let wasPending = pending.contains(branch)
        pending.removeAll { $0 == branch }
        if response.status.isSuccess {
            if finalSent { return isInvite ? [.relayStateless(response)] : [] }
            finalSent = true
            // §16.7 step 10: after a 2xx to an INVITE, cancel every other pending branch.
            return [.relay(response)] + (isInvite ? cancelAll() : [])
        }
        guard wasPending, !finalSent else { return [] }
        finals.append(response)
        var actions: [Action] = []
        // §16.7 step 5: a 6xx ends the search; the other branches are cancelled.
        if code >= 600, isInvite { actions += cancelAll() }
        if pending.isEmpty || code >= 600, let best = bestResponse() {
            finalSent = true
            actions.append(.relay(best))
        }
        return actions
    }

    /// The upstream INVITE was cancelled (§16.10): cancel every pending branch.
    mutating func upstreamCancelled() -> [Action] {
        finalSent = true
        return cancelAll()
    }

    /// A branch failed to send or timed out; the driver passes the response it made (408 or 503).
    mutating func branchFailed(_ response: SIPResponse, on branch: String) -> [Action] {
        received(response, on: branch)
    }

    private mutating func cancelAll() -> [Action] {
        guard isInvite else { return [] }
        let branches = pending
        return branches.map { .cancel(branch: $0) }
    }

    /// §16.7 step 6: a 6xx if any, else the lowest class; 503 becomes 500 (the callee being unavailable is not the
    /// proxy's own overload, §16.7 step 6).
    private func bestResponse() -> SIPResponse? {
        let best =
            finals.first { $0.status.code >= 600 }
            ?? finals.min { a, b in
                let ca = a.status.code / 100, cb = b.status.code / 100
                if ca != cb { return ca < cb }
                return preference(a.status.code) < preference(b.status.code)
            }
        guard var response = best else { return nil }
        if response.status.code == 503 {
            response.status = SIPResponseStatus(code: 500, reasonPhrase: "Server Internal Error (downstream 503)")
        }
        return response
    }

    /// Within a class, prefer answers a user can act on (authentication challenges, busy) over time-outs.
    private func preference(_ code: Int) -> Int {
        switch code {
        case 401, 407: 0
        case 486, 600: 1
        case 408: 9
        default: 5
        }
    }
}
