import SIPCore
import Topology

/// Digest authentication of the requests users send to a pool (RFC 3261 §22; RFC 8760: SHA-256 and MD5), over
/// ``SIPDigestServer`` with the deployment's domain as realm. Pure: time comes in as `now`.
///
/// ```swift
/// let authenticator = Authenticator(secret: poolSecret, warningAgent: "127.0.0.1:5060")
/// switch authenticator.check(request, asProxy: request.method != .register, deployment: deployment, now: clock.now) {
/// case .authorized(let user): …             // REGISTER: registrar.register(request, user: user, …)
/// case .challenge(let response), .refused(let response): send(response)
/// }
/// ```
///
/// Nonces carry their issue time in whole seconds of `now` and an HMAC keyed by `secret`; they stay fresh for
/// ``nonceLifetime`` seconds. Only servers sharing the secret and the clock accept each other's nonces: with a
/// per-process monotonic clock, an agent that moves to another pool is simply challenged again (a nonce that is not
/// ours gets a fresh challenge, not a refusal).
///
/// The driver does not call this for ACK and CANCEL (RFC 3261 §22.1: they cannot be challenged) nor for requests
/// forwarded by another pool of the deployment (already authenticated there).
public struct Authenticator: Sendable {
    /// The HMAC key of the nonces.
    private let secret: [UInt8]
    /// The warn-agent of refusals: this pool's SIP `host:port`.
    public var warningAgent: String
    /// Seconds a nonce stays fresh; an older one with otherwise right credentials gets `stale=true`.
    public var nonceLifetime: UInt64
    /// The algorithms offered, one challenge each, in this order (RFC 8760 §2.4: most preferred first).
    public var algorithms: [SIPDigestAlgorithm]

    /// An authenticator; `secret` keys the nonce HMAC (32 random bytes are plenty).
    public init(
        secret: [UInt8], warningAgent: String, nonceLifetime: UInt64 = 300, algorithms: [SIPDigestAlgorithm] = [.sha256, .md5]
    ) {
        self.secret = secret
        self.warningAgent = warningAgent
        self.nonceLifetime = nonceLifetime
        self.algorithms = algorithms
    }

    /// Checks the credentials of `request` (RFC 3261 §22.4).
    ///
    /// `asProxy` reads `Proxy-Authorization` and challenges with `407` + `Proxy-Authenticate` (a proxy, §22.3: every
    /// request but REGISTER); otherwise `Authorization` and `401` + `WWW-Authenticate` (a registrar or UAS, §22.2).
    /// Once the credentials are valid, the identity is checked: a REGISTER's To must be the authenticated user (the
    /// user may register only its own address-of-record, §10.3 step 3), another request's From must be the
    /// authenticated user (or `anonymous@anonymous.invalid`, RFC 3323 §4.1.1.3).
    public func check(_ request: SIPRequest, asProxy: Bool, deployment: Deployment, now: Double) -> AuthenticationResult {
        let server = SIPDigestServer(
            realm: deployment.domain, secret: secret, nonceLifetime: nonceLifetime, algorithms: algorithms)
        let seconds = now.isFinite && now > 0 ? UInt64(now) : 0
        let verdict = server.verify(request: request, proxy: asProxy, now: seconds) { name, _, algorithm in
            guard let user = deployment.users[name] else { return nil }
            let ha1 = algorithm.base == .sha256 ? user.ha1SHA256 : user.ha1MD5
            return ha1.isEmpty ? nil : ha1
        }
        switch verdict {
        case .authorized(let name):
            guard let user = deployment.users[name] else { return refuse(request, Refusal(403, "unknown user")) }
            if let refusal = identityRefusal(request, user: user, deployment: deployment) { return refuse(request, refusal) }
            return .authorized(user: user)
        case .stale:
            return .challenge(challenge(request, server: server, asProxy: asProxy, now: seconds, stale: true))
        case .rejected(let why):
            switch why {
            // No usable credentials for us (none, another realm, a nonce we did not issue, an algorithm we do not
            // take): ask for them.
            case .noCredentials, .wrongRealm, .badNonce, .unsupportedAlgorithm:
                return .challenge(challenge(request, server: server, asProxy: asProxy, now: seconds, stale: false))
            case .unknownUser:
                let name = username(in: request, asProxy: asProxy, realm: deployment.domain) ?? ""
                return refuse(request, Refusal(403, "unknown user", warning: "no user named \(name) in \(deployment.domain)"))
            case .wrongResponse:
                let name = username(in: request, asProxy: asProxy, realm: deployment.domain) ?? ""
                return refuse(request, Refusal(403, "wrong credentials", warning: "wrong credentials for \(name)"))
            // RFC 2617 §3.2.2.5: a digest-uri that does not match is a bad request; so are broken credentials.
            case .malformed, .missingParameter, .unsupportedQop, .uriMismatch:
                return refuse(request, Refusal(400, "malformed credentials", warning: why.description))
            }
        }
    }

    /// A 401 or 407 with one challenge header per algorithm, sharing one fresh nonce.
    private func challenge(
        _ request: SIPRequest, server: SIPDigestServer, asProxy: Bool, now: UInt64, stale: Bool
    ) -> SIPResponse {
        var response = request.makeResponse(asProxy ? .proxyAuthenticationRequired : .unauthorized, toTag: SIPIdentifiers.tag())
        for challenge in server.challenges(now: now, stale: stale) {
            response.headerFields.append(asProxy ? .proxyAuthenticate : .wwwAuthenticate, challenge.header.description)
        }
        return response
    }

    /// Why an authenticated `user` may not send `request` as it is, if it may not.
    private func identityRefusal(_ request: SIPRequest, user: User, deployment: Deployment) -> Refusal? {
        let address: SIPNameAddress?
        do {
            address = try request.method == .register ? request.headerFields.to : request.headerFields.from
        } catch {
            return Refusal(400, "malformed header: \(error.description)")
        }
        let field = request.method == .register ? "To" : "From"
        guard let uri = address?.uri else { return Refusal(400, "no \(field)") }
        if request.method == .register {
            // RFC 3261 §10.3 step 3: the authenticated user must be allowed to modify this address-of-record's bindings.
            guard uri.decodedUser == user.name, deployment.isLocalAddress(uri) else {
                return Refusal(403, "\(user.name) may not register \(uri)")
            }
            return nil
        }
        let anonymous = uri.host?.address.lowercased() == "anonymous.invalid"
        guard anonymous || (uri.decodedUser == user.name && deployment.isLocalAddress(uri)) else {
            return Refusal(403, "From is not the authenticated user", warning: "From \(uri) is not \(user.name), whose credentials these are")
        }
        return nil
    }

    /// The username of the credentials for `realm`, for the Warning text.
    private func username(in request: SIPRequest, asProxy: Bool, realm: String) -> String? {
        let headers = (try? asProxy ? request.headerFields.proxyAuthorization : request.headerFields.authorization) ?? []
        return headers.first { $0.value("realm") == realm }?.value("username")
    }

    private func refuse(_ request: SIPRequest, _ refusal: Refusal) -> AuthenticationResult {
        .refused(refusal.response(to: request, agent: warningAgent))
    }
}
