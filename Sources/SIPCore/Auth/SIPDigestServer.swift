/// The server side of Digest: stateless nonces, challenges and verification (RFC 3261 §22.1, §22.4; RFC 8760).
///
/// Nonces carry their issue time and an HMAC, so any server of a pool sharing the secret verifies them without
/// shared state. The clock is passed in as Unix seconds, so the type is pure and testable.
///
/// ```swift
/// let server = SIPDigestServer(realm: "callpark.test", secret: secretBytes)
/// // 401: one WWW-Authenticate per algorithm, SHA-256 first (RFC 8760 §2.4).
/// for challenge in server.challenges(now: now) {
///     response.headerFields.append(.wwwAuthenticate, challenge.header.description)
/// }
/// // Next request:
/// switch server.verify(request: request, now: now, ha1: { user, realm, algorithm in store.ha1(user, realm, algorithm) }) {
/// case .authorized(let user): …
/// case .stale: …  // challenges(now: now, stale: true)
/// case .rejected(let reason): …
/// }
/// ```
public struct SIPDigestServer: Sendable {
    /// The realm challenged for and accepted.
    public var realm: String
    /// How long a nonce stays fresh, in seconds; older ones give ``SIPDigestVerification/stale``.
    public var nonceLifetime: UInt64
    /// The algorithms offered (in this order) and accepted.
    public var algorithms: [SIPDigestAlgorithm]
    /// Whether responses without qop (RFC 2069) are accepted; RFC 3261 §22.4 keeps them for old clients.
    public var acceptsResponsesWithoutQop: Bool
    /// How far in the future a nonce's issue time may lie, in seconds, to allow for clock differences in a pool.
    public var allowedClockSkew: UInt64
    /// The HMAC key bytes (kept as bytes: `SymmetricKey` is not `Sendable` in swift-crypto 3 on Linux).
    let secret: [UInt8]

    /// Creates a server. `secret` keys the nonce HMAC and must be shared by every server that verifies the nonces.
    public init(
        realm: String, secret: [UInt8], nonceLifetime: UInt64 = 300, algorithms: [SIPDigestAlgorithm] = [.sha256, .md5],
        acceptsResponsesWithoutQop: Bool = true, allowedClockSkew: UInt64 = 30
    ) {
        self.realm = realm
        self.secret = secret
        self.nonceLifetime = nonceLifetime
        self.algorithms = algorithms
        self.acceptsResponsesWithoutQop = acceptsResponsesWithoutQop
        self.allowedClockSkew = allowedClockSkew
    }

    // MARK: - Challenges

    /// One challenge per algorithm, in ``algorithms`` order (SHA-256 first by default, RFC 8760 §2.4), sharing one
    /// fresh nonce and offering `qop="auth"`. Set `stale` when answering ``SIPDigestVerification/stale``.
    public func challenges(now: UInt64, stale: Bool = false, salt: UInt64 = .random(in: .min ... .max)) -> [SIPDigestChallenge] {
        let nonce = nonce(issuedAt: now, salt: salt)
        return algorithms.map { SIPDigestChallenge(realm: realm, nonce: nonce, algorithm: $0, qopOptions: ["auth"], stale: stale) }
    }

    // MARK: - Verification

    /// Verifies the request's Authorization (or, with `proxy`, Proxy-Authorization) credentials for this realm.
    ///
    /// RFC 3261 §22.4: credentials for other realms are ignored; without any for this realm the result is
    /// ``SIPDigestVerification/Rejection/noCredentials``. `ha1` is asked for `H(username:realm:password)` hashed
    /// with the credentials' base algorithm, only once the nonce and fields have checked out.
    public func verify(
        request: SIPRequest, proxy: Bool = false, checkURI: Bool = true, now: UInt64,
        ha1: (_ username: String, _ realm: String, _ algorithm: SIPDigestAlgorithm) -> String?
    ) -> SIPDigestVerification {
        let headers: [SIPAuthHeader]
        do {
            headers = try proxy ? request.headerFields.proxyAuthorization : request.headerFields.authorization
        } catch {
            return .rejected(.malformed(SIPDigestError(.malformedParameter, error.description)))
        }
        guard let mine = headers.first(where: { $0.scheme.caseInsensitiveEquals("Digest") && $0.value("realm") == realm })
        else { return .rejected(.noCredentials) }
        return verify(header: mine, method: request.method, requestURI: checkURI ? request.uri : nil, now: now, ha1: ha1)
    }

    /// Verifies one credentials header.
    public func verify(
        header: SIPAuthHeader, method: SIPMethod, requestURI: SIPURI? = nil, now: UInt64,
        ha1: (_ username: String, _ realm: String, _ algorithm: SIPDigestAlgorithm) -> String?
    ) -> SIPDigestVerification {
        let credentials: SIPDigestCredentials
        do {
            credentials = try SIPDigestCredentials(header)
        } catch {
            return .rejected(error.code == .unsupportedAlgorithm ? .unsupportedAlgorithm : .malformed(error))
        }
        return verify(credentials, method: method, requestURI: requestURI, now: now, ha1: ha1)
    }

    /// Verifies credentials against an HA1 already looked up (`nil` when the user is unknown), for callers that fetch
    /// it asynchronously.
    public func verify(
        _ credentials: SIPDigestCredentials, method: SIPMethod, requestURI: SIPURI? = nil, now: UInt64, ha1: String?
    ) -> SIPDigestVerification {
        verify(credentials, method: method, requestURI: requestURI, now: now) { _, _, _ in ha1 }
    }

    /// Verifies credentials, asking `ha1` for the stored hash once everything else has checked out.
    ///
    /// The checks, in order: realm; algorithm; qop (`auth` only, with cnonce and nc) or the RFC 2069 form; digest-uri
    /// against `requestURI` when given; the nonce's HMAC and issue time; the user; the response (constant-time);
    /// and last the nonce's age, so that ``SIPDigestVerification/stale`` is only reported for correct credentials
    /// (RFC 7616 §3.3).
    public func verify(
        _ credentials: SIPDigestCredentials, method: SIPMethod, requestURI: SIPURI? = nil, now: UInt64,
        ha1: (_ username: String, _ realm: String, _ algorithm: SIPDigestAlgorithm) -> String?
    ) -> SIPDigestVerification {
        guard credentials.realm == realm else { return .rejected(.wrongRealm) }
        guard algorithms.contains(credentials.algorithm) else { return .rejected(.unsupportedAlgorithm) }
        if let qop = credentials.qop {
            guard qop.caseInsensitiveEquals("auth") else { return .rejected(.unsupportedQop) }
            // RFC 2617 §3.2.2: with qop, cnonce and nc MUST be present.
            guard credentials.cnonce?.isEmpty == false else { return .rejected(.missingParameter("cnonce")) }
            guard credentials.nonceCount != nil else { return .rejected(.missingParameter("nc")) }
        } else {
            guard acceptsResponsesWithoutQop else { return .rejected(.missingParameter("qop")) }
            if credentials.algorithm.isSession, credentials.cnonce?.isEmpty != false {
                return .rejected(.missingParameter("cnonce"))
            }
        }
        if let requestURI, !Self.uri(credentials.uri, names: requestURI) { return .rejected(.uriMismatch) }
        guard let issued = issueTime(ofNonce: credentials.nonce), issued <= now &+ allowedClockSkew else {
            return .rejected(.badNonce)
        }
        guard let storedHA1 = ha1(credentials.username, credentials.realm, credentials.algorithm.base) else {
            return .rejected(.unknownUser)
        }
        let expected = SIPDigest.response(
            ha1: storedHA1, algorithm: credentials.algorithm, nonce: credentials.nonce, method: method,
            uri: credentials.uri, qop: credentials.qop, nonceCount: credentials.nonceCount, cnonce: credentials.cnonce)
        guard SIPDigest.constantTimeEquals(Array(expected.utf8), Array(credentials.response.lowercased().utf8)) else {
            return .rejected(.wrongResponse)
        }
        // RFC 3261 §22.4, RFC 7616 §3.3: a correct response to an expired nonce asks for a retry, not a password.
        if now > issued, now - issued > nonceLifetime { return .stale }
        return .authorized(username: credentials.username)
    }

    /// Whether a digest-uri names the Request-URI: the same text, or the same parsed URI (RFC 2617 §3.2.2.5).
    static func uri(_ digestURI: String, names requestURI: SIPURI) -> Bool {
        if digestURI == requestURI.description { return true }
        guard let parsed = try? SIPURI(digestURI) else { return false }
        return parsed == requestURI
    }
}
