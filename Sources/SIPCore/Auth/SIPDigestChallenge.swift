/// A Digest challenge from a WWW-Authenticate or Proxy-Authenticate header (RFC 3261 §22.1, §25.1 `digest-cln`;
/// RFC 7616 §3.3; RFC 8760 §2).
///
/// ```swift
/// let challenge = try SIPDigestChallenge(SIPAuthHeader("Digest realm=\"callpark.test\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\""))
/// challenge.header.description  // Digest realm="callpark.test", nonce="abc", algorithm=SHA-256, qop="auth"
/// ```
public struct SIPDigestChallenge: Hashable, Sendable {
    /// The protection space, shown to users and hashed into HA1.
    public var realm: String
    /// The server's nonce, echoed unchanged in the credentials.
    public var nonce: String
    /// An opaque string the client returns unchanged, if the server sent one.
    public var opaque: String?
    /// The hash algorithm; `MD5` when the challenge names none (RFC 2617 §3.2.1).
    public var algorithm: SIPDigestAlgorithm
    /// The `qop` options offered, e.g. `["auth"]`; empty for an RFC 2069 challenge without qop.
    public var qopOptions: [String]
    /// `stale=true`: the previous credentials were right but their nonce expired, so retry without asking the user
    /// (RFC 7616 §3.3).
    public var stale: Bool
    /// The `domain` URIs of the protection space, if listed.
    public var domain: [String]
    /// Parameters this type does not model, as written (quoted values keep their quotes).
    public var otherParameters: SIPParameters

    /// Creates a challenge.
    public init(
        realm: String, nonce: String, opaque: String? = nil, algorithm: SIPDigestAlgorithm = .md5,
        qopOptions: [String] = ["auth"], stale: Bool = false, domain: [String] = [],
        otherParameters: SIPParameters = SIPParameters()
    ) {
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.algorithm = algorithm
        self.qopOptions = qopOptions
        self.stale = stale
        self.domain = domain
        self.otherParameters = otherParameters
    }

    /// Reads a challenge from a parsed header value.
    ///
    /// Throws ``SIPDigestError/Code/notDigest`` for another scheme, ``SIPDigestError/Code/missingParameter`` without
    /// realm or nonce, and ``SIPDigestError/Code/unsupportedAlgorithm`` for an algorithm this type cannot compute
    /// (a client then looks at the next challenge, RFC 8760 §2.4).
    public init(_ header: SIPAuthHeader) throws(SIPDigestError) {
        guard header.scheme.caseInsensitiveEquals("Digest") else {
            throw SIPDigestError(.notDigest, "authentication scheme '\(header.scheme)' is not Digest")
        }
        guard let realm = header.value("realm") else { throw SIPDigestError(.missingParameter, "challenge has no realm") }
        guard let nonce = header.value("nonce") else { throw SIPDigestError(.missingParameter, "challenge has no nonce") }
        var algorithm = SIPDigestAlgorithm.md5
        if let token = header.value("algorithm") {
            guard let known = SIPDigestAlgorithm(token: token) else {
                throw SIPDigestError(.unsupportedAlgorithm, "digest algorithm '\(token)' is not supported")
            }
            algorithm = known
        }
        var other = SIPParameters()
        for p in header.parameters where !Self.modelled.contains(where: { p.name.caseInsensitiveEquals($0) }) {
            other.append(p.name, p.value)
        }
        self.init(
            realm: realm, nonce: nonce, opaque: header.value("opaque"), algorithm: algorithm,
            qopOptions: header.value("qop").map { SIPDigest.splitList($0) } ?? [],
            // RFC 2617 §3.2.1: stale = "true" | "false", case-insensitive; some servers quote it.
            stale: header.value("stale")?.caseInsensitiveEquals("true") ?? false,
            domain: header.value("domain").map { SIPDigest.splitList($0, separator: " ") } ?? [],
            otherParameters: other)
    }

    /// The names read into properties.
    static let modelled = ["realm", "nonce", "opaque", "algorithm", "qop", "stale", "domain"]

    /// The header value: realm, domain, nonce, opaque and qop quoted; stale and algorithm as tokens
    /// (RFC 7616 §3.3, RFC 8760 §2; RFC 3261 §25.1 `digest-cln`).
    public var header: SIPAuthHeader {
        var p = SIPParameters()
        p.append("realm", SIPNameAddress.quoted(realm))
        if !domain.isEmpty { p.append("domain", SIPNameAddress.quoted(domain.joined(separator: " "))) }
        p.append("nonce", SIPNameAddress.quoted(nonce))
        if let opaque { p.append("opaque", SIPNameAddress.quoted(opaque)) }
        if stale { p.append("stale", "true") }
        p.append("algorithm", algorithm.rawValue)
        if !qopOptions.isEmpty { p.append("qop", SIPNameAddress.quoted(qopOptions.joined(separator: ","))) }
        p.elements += otherParameters.elements
        return SIPAuthHeader(scheme: "Digest", parameters: p)
    }
}
