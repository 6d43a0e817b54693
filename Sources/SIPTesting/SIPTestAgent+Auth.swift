import Foundation
import SIPCore
import SIPDialog
import SIPTransport

/// Digest authentication (RFC 3261 §22, RFC 8760): challenging requests, and answering challenges to requests this
/// agent sends.
extension SIPTestAgent {
    /// Which requests an agent challenges, and how.
    struct Authentication {
        var server: SIPDigestServer
        var users: [String: String]
        /// The methods challenged in and out of dialogs; `nil` for new INVITEs and REGISTERs only.
        var methods: Set<SIPMethod>?
        /// Challenge as a proxy does: 407 with Proxy-Authenticate, answered with Proxy-Authorization (§22.3).
        var proxy: Bool
    }

    /// Makes the agent challenge requests (RFC 3261 §22.2) with Digest (RFC 8760: SHA-256 and MD5 offered, in that
    /// order, by default) for `users` (user name → password) in `realm`. Without `methods`, new INVITEs and REGISTERs
    /// are challenged; with them, every request of those methods, re-INVITEs and other in-dialog requests included.
    /// `proxy` challenges with 407 and Proxy-Authenticate, as a proxy does (§22.3).
    public func requireAuthentication(
        realm: String, users: [String: String], algorithms: [SIPDigestAlgorithm] = [.sha256, .md5], methods: Set<SIPMethod>? = nil,
        proxy: Bool = false
    ) {
        var secret = SystemRandomNumberGenerator()
        let server = SIPDigestServer(
            realm: realm, secret: (0..<32).map { _ in UInt8.random(in: 0...255, using: &secret) }, algorithms: algorithms)
        authentication = Authentication(server: server, users: users, methods: methods, proxy: proxy)
    }

    /// The user name and password this agent answers challenges with (RFC 3261 §22.2, §22.3).
    public func setCredentials(username: String, password: String) {
        digest = SIPDigestSession(username: username, password: password)
    }

    /// Seconds since the epoch, for nonces.
    private var now: UInt64 { UInt64(Date().timeIntervalSince1970) }

    /// Whether `incoming` is one this agent challenges.
    private func challenges(_ incoming: SIPServerRequest, _ auth: Authentication) -> Bool {
        let request = incoming.request
        guard incoming.kind == .new, request.method != .cancel else { return false }
        if let methods = auth.methods { return methods.contains(request.method) }
        guard request.method == .invite || request.method == .register else { return false }
        if let dialogID = SIPDialogID.forReceived(request), calls[dialogID.callID] != nil { return false }  // a re-INVITE
        return true
    }

    /// When authentication is required and `incoming` does not carry valid credentials, answers 401 or 407 (with a
    /// stale challenge for an expired nonce, RFC 7616 §3.3) and returns false.
    func authorize(_ incoming: SIPServerRequest) async -> Bool {
        guard let auth = authentication, challenges(incoming, auth) else { return true }
        let request = incoming.request
        let verdict = auth.server.verify(request: request, proxy: auth.proxy, now: now) { user, realm, algorithm in
            auth.users[user].map { SIPDigest.ha1(username: user, realm: realm, password: $0, algorithm: algorithm) }
        }
        switch verdict {
        case .authorized(let user):
            record(.authenticated(user: user))
            return true
        case .stale, .rejected:
            // §8.2.6.2: a To tag only outside a dialog (inside one, the To already has the dialog's tag).
            var challenge = request.makeResponse(auth.proxy ? .proxyAuthenticationRequired : .unauthorized, toTag: SIPIdentifiers.tag())
            let stale: Bool
            if case .stale = verdict { stale = true } else { stale = false }
            for c in auth.server.challenges(now: now, stale: stale) {
                challenge.headerFields.append(auth.proxy ? .proxyAuthenticate : .wwwAuthenticate, c.header.description)
            }
            await endpoint.respond(challenge, to: incoming)
            if case .rejected(let why) = verdict, why != .noCredentials { record(.authenticationFailed("\(why)")) }
            return false
        }
    }

    /// Sends `request`, and when a 401 or 407 challenges it and credentials are set, sends it once more with them and a
    /// CSeq one higher, keeping the Call-ID (RFC 3261 §22.2, §8.1.3.5). A challenge that only says the nonce was
    /// stale (RFC 7616 §3.3) is answered again without counting. For an INVITE the transaction layer has already
    /// ACKed the 401/407 (§17.1.1.3). Returns the final response and the request it answers (whose CSeq an
    /// in-dialog caller carries on from).
    public func sendAuthenticated(_ request: SIPRequest, to destination: SIPDestination) async -> (response: SIPResponse, request: SIPRequest) {
        let exchange = await exchange(request, to: destination)
        return (exchange.response, exchange.request)
    }

    /// What ``sendAuthenticated(_:to:)`` did, with the protection spaces it answered.
    struct Exchange {
        var response: SIPResponse
        var request: SIPRequest
        var realms: [SIPDigestSession.Realm] = []
    }

    /// ``sendAuthenticated(_:to:)``, calling `beforeRetry` with each retry before it goes out.
    func exchange(
        _ request: SIPRequest, to destination: SIPDestination, beforeRetry: (SIPRequest) -> Void = { _ in }
    ) async -> Exchange {
        var current = Exchange(response: await endpoint.request(request, to: destination), request: request)
        var answeredFresh = false
        // At most four rounds: stale nonces do not count, but a server that says stale forever must not loop.
        for _ in 0..<4 {
            guard current.response.status.code == 401 || current.response.status.code == 407, var session = digest,
                let retry = session.retry(current.request, challengedBy: current.response)
            else { break }
            if !retry.stale {
                if answeredFresh { break }  // the credentials were refused: one retry only
                answeredFresh = true
            }
            digest = session
            beforeRetry(retry.request)
            current = Exchange(response: await endpoint.request(retry.request, to: destination), request: retry.request, realms: retry.realms)
        }
        return current
    }

    /// Carries an in-dialog call's CSeq on to that of `sent` (a request retried with credentials used a higher one).
    func advanceSequence(of callID: String, past sent: SIPRequest) {
        guard let sequence = (try? sent.headerFields.cSeq)?.sequence, var call = calls[callID] else { return }
        call.dialog.localSequence = max(call.dialog.localSequence, sequence)
        calls[callID] = call
    }
}
