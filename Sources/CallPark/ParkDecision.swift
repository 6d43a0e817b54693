import SIPCore
import Topology

/// What an INVITE to the park service gets (``ParkAdmission/classify(requestURI:parkRequest:caller:referredBy:orbits:isParked:)``).
public enum ParkDecision: Hashable, Sendable {
    /// SPEC §5 A: reserve an orbit, INVITE the parkee with Replaces; the caller's INVITE becomes the control dialog.
    case parkWithControlDialog(ParkRequest, parker: Parker)
    /// SPEC §5 C: reserve any free orbit for the parkee's INVITE and tell the parker by `MESSAGE`.
    case parkAnyOrbit(parker: Parker)
    /// SPEC §5 B: claim this orbit for the parkee's INVITE.
    case parkDirected(Orbit, parker: Parker)
    /// SPEC §5 Retrieve: hand the call parked on this orbit to the caller.
    case retrieve(Orbit)
    /// Answer with this refusal.
    case refuse(ParkRefusal)
}
