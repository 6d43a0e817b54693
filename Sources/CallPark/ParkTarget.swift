import SIPCore
import Topology

/// What the Request-URI of an INVITE to the park service names.
public enum ParkTarget: Hashable, Sendable {
    /// The park number, `sip:park@<domain>`.
    case parkNumber
    /// An orbit, `sip:*3042@<domain>`.
    case orbit(Orbit)

    /// Reads the user part of `requestURI` (decoded: `%23` is `#`); `nil` when it is neither the park number nor an
    /// orbit number (SPEC §2 format).
    public init?(requestURI: SIPURI, parkUser: String = "park") {
        guard requestURI.isSIP, let user = requestURI.decodedUser else { return nil }
        if user == parkUser {
            self = .parkNumber
        } else if let orbit = try? Orbit(parsing: user) {
            self = .orbit(orbit)
        } else {
            return nil
        }
    }
}
