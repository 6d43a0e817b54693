import SIPCore
import Topology

/// The user who parks: the caller of a park request (SPEC §5 A) or the `Referred-By` user (SPEC §5 B, C).
public struct Parker: Hashable, Sendable {
    /// Its address of record, e.g. `sip:bob@callpark.test`: where ring-backs go and what events record.
    public var uri: SIPURI
    /// The deployment's user, or `nil` when the identity is no user of the deployment (it may not park).
    public var user: User?
    /// Whether its current registration is in resiliency mode (SPEC §3): it may not park.
    public var inResiliencyMode: Bool

    /// A parker.
    public init(uri: SIPURI, user: User?, inResiliencyMode: Bool = false) {
        self.uri = uri
        self.user = user
        self.inResiliencyMode = inResiliencyMode
    }
}
