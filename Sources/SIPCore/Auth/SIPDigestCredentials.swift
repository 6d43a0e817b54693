/// Digest credentials from an Authorization or Proxy-Authorization header (RFC 3261 §22.2, §25.1 `digest-response`;
/// RFC 7616 §3.4; RFC 8760 §2).
///
/// ```swift
/// let credentials = try SIPDigestCredentials(request.headerFields.authorization[0])
/// credentials.username  // "alice"
/// ```
public struct SIPDigestCredentials: Hashable, Sendable {
    /// The user name in the realm.
    public var username: String
    /// The realm of the challenge being answered.
    public var realm: String
    /// The nonce of the challenge being answered.
    public var nonce: String
    /// The `digest-uri`: the Request-URI as the client wrote it.
    public var uri: String
    /// The `request-digest`, lowercase hex.
    public var response: String
    /// The hash algorithm; `MD5` when the header names none.
    public var algorithm: SIPDigestAlgorithm
    /// The client nonce; present with qop.
    public var cnonce: String?
    /// The quality of protection chosen (`auth`), or `nil` for the RFC 2069 form.
    public var qop: String?
    /// The nonce count (`nc`); present with qop.
    public var nonceCount: UInt32?
    /// The challenge's opaque value, returned unchanged.
    public var opaque: String?
    /// Parameters this type does not model, as written (quoted values keep their quotes).
    public var otherParameters: SIPParameters

    /// Creates credentials.
    public init(
        username: String, realm: String, nonce: String, uri: String, response: String,
        algorithm: SIPDigestAlgorithm = .md5, cnonce: String? = nil, qop: String? = nil, nonceCount: UInt32? = nil,
        opaque: String? = nil, otherParameters: SIPParameters = SIPParameters()
    ) {
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        self.algorithm = algorithm
        self.cnonce = cnonce
        self.qop = qop
        self.nonceCount = nonceCount
        self.opaque = opaque
        self.otherParameters = otherParameters
    }

    /// Reads credentials from a parsed header value.
    ///
    /// Requires username, realm, nonce, uri and response; `nc` must be 8 hex digits. Whether qop, cnonce and nc
    /// agree with each other is left to the verifier, which reports it as a rejection.
    public init(_ header: SIPAuthHeader) throws(SIPDigestError) {
        guard header.scheme.caseInsensitiveEquals("Digest") else {
            throw SIPDigestError(.notDigest, "authentication scheme '\(header.scheme)' is not Digest")
        }
        func required(_ name: String) throws(SIPDigestError) -> String {
            guard let v = header.value(name) else { throw SIPDigestError(.missingParameter, "credentials have no \(name)") }
            return v
        }
        var algorithm = SIPDigestAlgorithm.md5
        if let token = header.value("algorithm") {
            guard let known = SIPDigestAlgorithm(token: token) else {
                throw SIPDigestError(.unsupportedAlgorithm, "digest algorithm '\(token)' is not supported")
            }
            algorithm = known
        }
        var nonceCount: UInt32?
        if let nc = header.value("nc") {
            // RFC 2617 §3.2.2: nc-value = 8LHEX.
            guard nc.utf8.count == 8, nc.utf8.allSatisfy(ByteClass.isHex), let n = UInt32(nc, radix: 16) else {
                throw SIPDigestError(.malformedParameter, "nc '\(nc)' is not 8 hex digits")
            }
            nonceCount = n
        }
        var other = SIPParameters()
        for p in header.parameters where !Self.modelled.contains(where: { p.name.caseInsensitiveEquals($0) }) {
            other.append(p.name, p.value)
        }
        self.init(
            username: try required("username"), realm: try required("realm"), nonce: try required("nonce"),
            uri: try required("uri"), response: try required("response"), algorithm: algorithm,
            cnonce: header.value("cnonce"), qop: header.value("qop"), nonceCount: nonceCount,
            opaque: header.value("opaque"), otherParameters: other)
    }

    /// The names read into properties.
    static let modelled = ["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "qop", "nc", "opaque"]

    /// The header value: algorithm, qop and nc as tokens, everything else quoted (RFC 3261 §25.1 `dig-resp`,
    /// RFC 7616 §3.4, RFC 8760 §2).
    public var header: SIPAuthHeader {
        var p = SIPParameters()
        p.append("username", SIPNameAddress.quoted(username))
        p.append("realm", SIPNameAddress.quoted(realm))
        p.append("nonce", SIPNameAddress.quoted(nonce))
        p.append("uri", SIPNameAddress.quoted(uri))
        p.append("response", SIPNameAddress.quoted(response))
        p.append("algorithm", algorithm.rawValue)
        if let cnonce { p.append("cnonce", SIPNameAddress.quoted(cnonce)) }
        if let opaque { p.append("opaque", SIPNameAddress.quoted(opaque)) }
        if let qop { p.append("qop", qop) }
        if let nonceCount { p.append("nc", SIPDigest.nonceCountText(nonceCount)) }
        p.elements += otherParameters.elements
        return SIPAuthHeader(scheme: "Digest", parameters: p)
    }
}
