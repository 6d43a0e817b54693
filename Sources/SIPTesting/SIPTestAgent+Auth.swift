import Foundation
import SIPCore
import SIPDialog
import SIPTransport

extension SIPTestAgent {
    /// Makes the agent challenge every new INVITE and REGISTER (RFC 3261 §22.2) with Digest (RFC 8760: SHA-256 and
    /// MD5 offered, in that order, by default) for `users` (user name → password) in `realm`.
    public func requireAuthentication(realm: String, users: [String: String], algorithms: [SIPDigestAlgorithm] = [.sha256, .md5]) {
        var secret = SystemRandomNumberGenerator()
        let server = SIPDigestServer(
            realm: realm, secret: (0..<32).map { _ in UInt8.random(in: 0...255, using: &secret) }, algorithms: algorithms)
        var table: [String: String] = [:]
        for (user, password) in users { table[user] = password }
        authentication = (server, table)
    }

    /// The user name and password this agent answers challenges with (RFC 3261 §22.2, §22.3).
    public func setCredentials(username: String, password: String) {
        credentials = (username, password)
    }

    /// Seconds since the epoch, for nonces.
    private var now: UInt64 { UInt64(Date().timeIntervalSince1970) }

    /// When authentication is required and `incoming` does not carry valid credentials, answers 401 (with a stale
    /// challenge for an expired nonce, RFC 7616 §3.3) and returns false.
    func authorize(_ incoming: SIPServerRequest) async -> Bool {
        guard let (server, users) = authentication, incoming.kind == .new,
            incoming.request.method == .invite || incoming.request.method == .register
        else { return true }
        let request = incoming.request
        if let dialogID = SIPDialogID.forReceived(request), calls[dialogID.callID] != nil { return true }  // re-INVITE
        let verdict = server.verify(request: request, now: now) { user, realm, algorithm in
            users[user].map { SIPDigest.ha1(username: user, realm: realm, password: $0, algorithm: algorithm) }
        }
        switch verdict {
        case .authorized(let user):
            record(.authenticated(user: user))
            return true
        case .stale, .rejected:
            var challenge = request.makeResponse(.unauthorized, toTag: SIPIdentifiers.tag())
            let stale: Bool
            if case .stale = verdict { stale = true } else { stale = false }
            for c in server.challenges(now: now, stale: stale) { challenge.headerFields.append(.wwwAuthenticate, c.header.description) }
            await endpoint.respond(challenge, to: incoming)
            if case .rejected(let why) = verdict, why != .noCredentials { record(.authenticationFailed("\(why)")) }
            return false
        }
    }

    /// Sends `request`; when it is challenged (401 or 407) and credentials are set, sends it once more with them and a
    /// CSeq one higher (RFC 3261 §22.2, §8.1.3.5). Returns the final response and the request it answers.
    func requestAuthenticated(_ request: SIPRequest, to destination: SIPDestination) async -> (SIPResponse, SIPRequest) {
        let response = await endpoint.request(request, to: destination)
        guard response.status.code == 401 || response.status.code == 407, let (username, password) = credentials else {
            return (response, request)
        }
        let proxy = response.status.code == 407
        let offered = (try? proxy ? response.headerFields.proxyAuthenticate : response.headerFields.wwwAuthenticate) ?? []
        guard let challenge = SIPDigestClient.preferredChallenge(offered),
            let answer = try? SIPDigestClient.credentials(
                answering: challenge, method: request.method, uri: request.uri.description, username: username, password: password,
                cnonce: SIPIdentifiers.random(16), nonceCount: 1)
        else { return (response, request) }
        var retry = request
        retry.headerFields.removeAll(.via)
        if let cseq = try? request.headerFields.cSeq {
            retry.headerFields[.cSeq] = SIPCSeq(cseq.sequence + 1, cseq.method).description
        }
        retry.headerFields.append(proxy ? .proxyAuthorization : .authorization, answer.header.description)
        return (await endpoint.request(retry, to: destination), retry)
    }
}
