/// The client side of Digest: choosing a challenge and answering it (RFC 3261 §22.2–§22.3, RFC 8760 §2.4).
///
/// ```swift
/// let challenges = SIPDigestClient.preferredChallenges(try response.headerFields.wwwAuthenticate)
/// for challenge in challenges {
///     let credentials = try SIPDigestClient.credentials(
///         answering: challenge, method: .register, uri: request.uri.description,
///         username: "alice", password: "secret", cnonce: cnonce, nonceCount: 1)
///     request.headerFields.append(.authorization, credentials.header.description)
/// }
/// ```
public enum SIPDigestClient {
    /// The algorithms this client computes, strongest first.
    public static let supportedAlgorithms: [SIPDigestAlgorithm] = [.sha256, .sha256Session, .md5, .md5Session]

    /// Picks one challenge per realm, in the order the realms first appear.
    ///
    /// RFC 8760 §2.4: a server offering several algorithms adds one header per algorithm, most preferred first; the
    /// client answers one of them. Within a realm this picks the challenge whose algorithm comes earliest in
    /// `supported` (by default the strongest), and among equals the topmost. Headers that are not Digest, lack a realm
    /// or nonce, name an unsupported algorithm or offer no usable qop are skipped. Several realms (e.g. proxies on the
    /// path each challenging, RFC 3261 §22.3) each get their own entry.
    public static func preferredChallenges(
        _ headers: [SIPAuthHeader], supporting supported: [SIPDigestAlgorithm] = supportedAlgorithms
    ) -> [SIPDigestChallenge] {
        var chosen: [SIPDigestChallenge] = []
        for header in headers {
            guard let challenge = try? SIPDigestChallenge(header), let rank = supported.firstIndex(of: challenge.algorithm),
                challenge.qopOptions.isEmpty || SIPDigest.listContains(challenge.qopOptions, "auth")
            else { continue }
            if let k = chosen.firstIndex(where: { $0.realm == challenge.realm }) {
                if let current = supported.firstIndex(of: chosen[k].algorithm), rank < current { chosen[k] = challenge }
            } else {
                chosen.append(challenge)
            }
        }
        return chosen
    }

    /// The best challenge of a single-realm response, or `nil` when none can be answered.
    public static func preferredChallenge(
        _ headers: [SIPAuthHeader], supporting supported: [SIPDigestAlgorithm] = supportedAlgorithms
    ) -> SIPDigestChallenge? {
        preferredChallenges(headers, supporting: supported).first
    }

    /// Answers `challenge` with a password.
    ///
    /// Uses `qop=auth` with `cnonce` and `nonceCount` when offered; without qop options it answers in the RFC 2069
    /// form, omitting cnonce and nc (RFC 3261 §22.4). Throws ``SIPDigestError/Code/unsupportedQop`` when the only
    /// options are ones other than `auth` (e.g. `auth-int`).
    public static func credentials(
        answering challenge: SIPDigestChallenge, method: SIPMethod, uri: String, username: String, password: String,
        cnonce: String, nonceCount: UInt32
    ) throws(SIPDigestError) -> SIPDigestCredentials {
        let ha1 = SIPDigest.ha1(username: username, realm: challenge.realm, password: password, algorithm: challenge.algorithm)
        return try credentials(
            answering: challenge, method: method, uri: uri, username: username, ha1: ha1, cnonce: cnonce,
            nonceCount: nonceCount)
    }

    /// Answers `challenge` with a precomputed `H(username:realm:password)` hashed with the challenge's (base)
    /// algorithm, as a credential store keeps it.
    public static func credentials(
        answering challenge: SIPDigestChallenge, method: SIPMethod, uri: String, username: String, ha1: String,
        cnonce: String, nonceCount: UInt32
    ) throws(SIPDigestError) -> SIPDigestCredentials {
        var qop: String?
        if !challenge.qopOptions.isEmpty {
            guard SIPDigest.listContains(challenge.qopOptions, "auth") else {
                let offered = challenge.qopOptions.joined(separator: ",")
                throw SIPDigestError(.unsupportedQop, "challenge offers qop '\(offered)' but only 'auth' is supported")
            }
            qop = "auth"
        }
        // RFC 2617 §3.2.2: cnonce and nc go with qop; `-sess` needs a cnonce for HA1 even without qop.
        let sentCnonce = qop != nil || challenge.algorithm.isSession ? cnonce : nil
        let sentCount = qop == nil ? nil : nonceCount
        let response = SIPDigest.response(
            ha1: ha1, algorithm: challenge.algorithm, nonce: challenge.nonce, method: method, uri: uri, qop: qop,
            nonceCount: sentCount, cnonce: sentCnonce)
        return SIPDigestCredentials(
            username: username, realm: challenge.realm, nonce: challenge.nonce, uri: uri, response: response,
            algorithm: challenge.algorithm, cnonce: sentCnonce, qop: qop, nonceCount: sentCount, opaque: challenge.opaque)
    }
}
