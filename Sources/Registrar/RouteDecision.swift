import SIPCore
import Topology

/// Where a request that is not a REGISTER goes (``Registrar/route(_:cameFromPool:now:)``).
public enum RouteDecision: Hashable, Sendable {
    /// Fork to these bindings of a user registered at this pool, highest `q` first (RFC 3261 §16.6; no `q` counts
    /// as 1).
    case localUser(User, contacts: [Binding])
    /// Forward to another pool's SIP address, for the reason given (for logs).
    case pool(Pool, reason: String)
    /// The Request-URI is the park service, `sip:park@<domain>` (SPEC §5A): hand it to this pool's park service.
    case parkService
    /// The Request-URI is an orbit in a range this pool owns (SPEC §5: park by transfer, retrieve): hand it to this
    /// pool's park service.
    case orbit(Orbit, range: OrbitRange)
    /// The Request-URI names this deployment without a user (`OPTIONS sip:127.0.0.1:5060`, a partner's probe):
    /// answer it here.
    case thisPool
    /// Send this refusal; its Warning says why.
    case reject(SIPResponse)
}
