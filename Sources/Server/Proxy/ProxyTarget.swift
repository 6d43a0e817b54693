import SIPCore
import SIPTransport

/// Where one branch of a proxied request goes (RFC 3261 §16.5): the Request-URI it carries and the next hop.
struct ProxyTarget: Sendable {
    /// The Request-URI of the forwarded request (a contact, or unchanged when forwarding to another pool).
    var requestURI: SIPURI
    /// The next hop.
    var destination: SIPDestination
}
