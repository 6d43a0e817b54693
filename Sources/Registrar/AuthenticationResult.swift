import SIPCore
import Topology

/// What ``Authenticator/check(_:asProxy:deployment:now:)`` decided about a request.
public enum AuthenticationResult: Hashable, Sendable {
    /// Valid credentials of `user`, who may send this request as itself.
    case authorized(user: User)
    /// Send this 401 or 407 with fresh challenges (RFC 3261 §22.1, §22.3), one per algorithm (RFC 8760 §2.4).
    case challenge(SIPResponse)
    /// Send this refusal: 403 (wrong credentials, unknown user, someone else's identity) or 400 (malformed
    /// credentials), with a Warning that says why.
    case refused(SIPResponse)

    /// The response to send, if the request is not authorized.
    public var response: SIPResponse? {
        switch self {
        case .authorized: return nil
        case .challenge(let response), .refused(let response): return response
        }
    }
}
