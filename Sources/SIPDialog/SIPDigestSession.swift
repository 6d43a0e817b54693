import SIPCore

/// A UAC's side of Digest across requests (RFC 3261 §22.2, §22.3; RFC 7616 §3.4; RFC 8760 §2.4): its credentials and
/// the challenges it has answered, so that it can answer a 401 or 407 and reuse a nonce later with the next count.
///
/// Pure: the caller sends the requests.
/// ```swift
/// var session = SIPDigestSession(username: "alice", password: "secret")
/// if response.status.code == 401, let retry = session.retry(request, challengedBy: response) {
///     response = await endpoint.request(retry.request, to: destination)  // CSeq + 1, with Authorization
/// }
/// ```
public struct SIPDigestSession: Sendable {
    /// A protection space: a realm, challenged by a UAS (401, WWW-Authenticate) or a proxy (407, Proxy-Authenticate).
    public struct Realm: Hashable, Sendable {
        /// The realm.
        public var name: String
        /// Whether a proxy challenged for it.
        public var proxy: Bool

        /// Creates a protection space.
        public init(name: String, proxy: Bool) {
            self.name = name
            self.proxy = proxy
        }
    }

    /// A request to send again with credentials.
    public struct Retry: Hashable, Sendable {
        /// The request: CSeq one higher, Call-ID and tags kept, no Via, credentials for each realm challenged.
        public var request: SIPRequest
        /// Whether every challenge said `stale=true`: the credentials were right but the nonce had expired, so this
        /// retry does not count as a failure (RFC 7616 §3.3).
        public var stale: Bool
        /// The realms answered.
        public var realms: [Realm]
    }

    /// The user name.
    public var username: String
    /// The password.
    public var password: String
    /// The algorithms this side answers with.
    public var supportedAlgorithms: [SIPDigestAlgorithm]
    /// The challenge last answered per protection space, and the nonce count last used with its nonce.
    private var answered: [Realm: (challenge: SIPDigestChallenge, count: UInt32)] = [:]

    /// Creates a session.
    public init(username: String, password: String, supportedAlgorithms: [SIPDigestAlgorithm] = SIPDigestClient.supportedAlgorithms) {
        self.username = username
        self.password = password
        self.supportedAlgorithms = supportedAlgorithms
    }

    /// The request to send after `response` (401 or 407) challenged `request`, or `nil` when no challenge in it can be
    /// answered. Each realm gets one answer, to its topmost challenge with a supported algorithm (RFC 8760 §2.4);
    /// the CSeq goes up by one and the Call-ID stays (RFC 3261 §22.2, §8.1.3.5).
    public mutating func retry(_ request: SIPRequest, challengedBy response: SIPResponse) -> Retry? {
        let proxy = response.status.code == 407
        guard proxy || response.status.code == 401 else { return nil }
        let headers = (try? proxy ? response.headerFields.proxyAuthenticate : response.headerFields.wwwAuthenticate) ?? []
        var chosen: [SIPDigestChallenge] = []
        for header in headers {
            guard let challenge = SIPDigestClient.preferredChallenge([header], supporting: supportedAlgorithms),
                !chosen.contains(where: { $0.realm == challenge.realm })
            else { continue }
            chosen.append(challenge)
        }
        guard !chosen.isEmpty else { return nil }
        var retry = request
        retry.headerFields.removeAll(.via)
        if let cseq = try? request.headerFields.cSeq {
            retry.headerFields[.cSeq] = SIPCSeq(cseq.sequence &+ 1, cseq.method).description
        }
        var realms: [Realm] = []
        for challenge in chosen {
            let realm = Realm(name: challenge.realm, proxy: proxy)
            answered[realm] = (challenge, 0)
            guard authorize(&retry, realm: realm) else { return nil }
            realms.append(realm)
        }
        return Retry(request: retry, stale: chosen.allSatisfy(\.stale), realms: realms)
    }

    /// Adds credentials to `request` for each of `realms` answered before, reusing its nonce with the next nonce
    /// count (RFC 7616 §3.4: `nc` counts the requests sent with one nonce). A server that finds the nonce too old
    /// answers with `stale=true`, which ``retry(_:challengedBy:)`` handles.
    public mutating func preauthorize(_ request: inout SIPRequest, realms: [Realm]) {
        for realm in realms { _ = authorize(&request, realm: realm) }
    }

    /// The nonce count last sent for `realm`'s nonce (0 when none has been sent).
    public func nonceCount(for realm: Realm) -> UInt32 { answered[realm]?.count ?? 0 }

    /// Replaces `request`'s credentials for `realm` with an answer to its last challenge, counting the nonce's use.
    private mutating func authorize(_ request: inout SIPRequest, realm: Realm) -> Bool {
        guard var entry = answered[realm] else { return false }
        entry.count &+= 1
        guard
            let credentials = try? SIPDigestClient.credentials(
                answering: entry.challenge, method: request.method, uri: request.uri.description, username: username, password: password,
                cnonce: SIPIdentifiers.random(16), nonceCount: entry.count)
        else { return false }
        answered[realm] = entry
        let name: SIPHeaderName = realm.proxy ? .proxyAuthorization : .authorization
        // Credentials for other realms stay (RFC 3261 §22.3: one per proxy on the path); this realm's are replaced.
        let others = request.headerFields.values(name).filter { (try? SIPAuthHeader($0))?.value("realm") != realm.name }
        request.headerFields.removeAll(name)
        for value in others { request.headerFields.append(name, value) }
        request.headerFields.append(name, credentials.header.description)
        return true
    }
}
