import SIPCore
import SIPTransaction
import SIPTransport

extension SIPEndpoint {
    /// Cancels the pending INVITE client transaction that was sent with `branch` (RFC 3261 §9.1): the CANCEL has the
    /// INVITE's Request-URI, Call-ID, From, To, CSeq number and top Via. If no provisional response has arrived yet
    /// the CANCEL waits for one, as §9.1 requires. Does nothing when the transaction already has a final response.
    public func cancelINVITE(branch: String) {
        guard let key = clients.keys.first(where: { $0.method == .invite && $0.branch == branch }),
            let entry = clients[key], entry.completion != nil
        else { return }
        if entry.proceeding {
            sendCANCEL(for: key)
        } else {
            clients[key]?.cancelPending = true
        }
    }

    func sendCANCEL(for key: SIPTransactionKey) {
        guard let entry = clients[key] else { return }
        let cancel = entry.request.makeCANCEL()
        let destination = entry.destination
        Task { _ = await self.startClient(cancel, to: destination) }
    }

    /// Sends a response outside any server transaction, routed by its top Via (RFC 3261 §18.2.2): how a proxy
    /// forwards 2xx retransmissions upstream (RFC 6026 §7.2).
    public func forwardStateless(_ response: SIPResponse, connection: SIPConnectionID? = nil) {
        enqueue(.response(response, connection, server: nil))
    }

    /// Sends a request outside any transaction (an ACK forwarded by a proxy, RFC 3261 §16.11 for stateless forwarding).
    public func forwardStateless(_ request: SIPRequest, to destination: SIPDestination) {
        sendDetached(.request(request), to: destination)
    }

    /// The Via header value this endpoint would put on a request to `destination` with `branch` (for loop checks).
    public func viaValue(for destination: SIPDestination, branch: String) -> String? {
        via(for: destination, branch: branch)
    }
}
