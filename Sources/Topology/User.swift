/// A user (SPEC §2): a SIP address of the deployment's domain, digest credentials kept as HA1 hashes only,
/// a home pool, and whether call park is enabled for it (the voice-policy switch).
public struct User: Hashable, Sendable, Codable {
    /// The user part of the SIP URI (`alice` for `sip:alice@callpark.test`), also the digest username.
    public var name: String
    /// A name to show, optional.
    public var displayName: String?
    /// The pool the user is homed on.
    public var homePool: String
    /// Whether the user may park calls.
    public var callParkEnabled: Bool
    /// `H(name:realm:password)` with MD5 (RFC 2617), lowercase hex.
    public var ha1MD5: String
    /// `H(name:realm:password)` with SHA-256 (RFC 8760), lowercase hex.
    public var ha1SHA256: String

    /// A user with credentials already hashed.
    public init(
        name: String, displayName: String? = nil, homePool: String, callParkEnabled: Bool = true, ha1MD5: String,
        ha1SHA256: String
    ) {
        self.name = name
        self.displayName = displayName
        self.homePool = homePool
        self.callParkEnabled = callParkEnabled
        self.ha1MD5 = ha1MD5
        self.ha1SHA256 = ha1SHA256
    }
}
