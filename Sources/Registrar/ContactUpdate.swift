import SIPCore

/// One Contact of a REGISTER with the expiry the registrar granted: what ``LocationService`` applies
/// (RFC 3261 §10.3 step 7).
public struct ContactUpdate: Hashable, Sendable {
    /// The contact URI.
    public var uri: SIPURI
    /// The contact URI as text (what a ``Binding`` keeps).
    public var contact: String
    /// Seconds granted; 0 removes the binding.
    public var expires: Int
    /// The `q` preference, 0…1.
    public var q: Double?
    /// The `+sip.instance` (RFC 5626 §4.1), unquoted.
    public var instanceID: String?

    /// An update for `uri`.
    public init(uri: SIPURI, expires: Int, q: Double? = nil, instanceID: String? = nil) {
        self.uri = uri
        self.contact = uri.description
        self.expires = expires
        self.q = q
        self.instanceID = instanceID
    }
}
