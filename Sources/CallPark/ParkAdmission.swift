import SIPCore
import Topology

/// The rules that decide what an INVITE to the park service asks for and whether it may have it (SPEC §5).
/// Pure: the driver passes the pool's orbits, what it knows of the users, and whether the pool drains.
///
/// The checks, in order (the first that fails is the answer):
/// 1. The Request-URI names the park number (`park`) or an orbit; anything else → `404 orbit not found`.
/// 2. An orbit outside every range of this pool → `404 orbit not found` (SPEC §5 B; orbits are routed by range
///    owner, so an orbit of another pool that arrives here is not found here either).
/// 3. An orbit without `Referred-By` is a retrieve: occupied → ``ParkDecision/retrieve(_:)``, free →
///    `404 orbit not found` (SPEC §5 Retrieve). Retrieves are allowed while draining and in resiliency mode: the
///    table of SPEC §1 keeps parked calls retrievable through a failback.
/// 4. Everything else is a park: pool draining → `503` + `Retry-After`; the parker (the caller for a park request,
///    the `Referred-By` user otherwise — RFC 3892) unknown or with call park disabled → `403`; in resiliency mode →
///    `480`; the park request's dialog already parked → `409`; directed park to an occupied orbit → `486`
///    (never bridge two strangers); no free orbit → `486`.
public struct ParkAdmission: Sendable {
    /// Whether the pool drains: new parks are refused (SPEC §6).
    public var draining: Bool
    /// Seconds for `Retry-After` on a refusal while draining.
    public var drainRetryAfter: Int
    /// The user part of the park number (`sip:park@<domain>`, SPEC §5 A and C).
    public var parkUser: String

    /// Admission rules.
    public init(draining: Bool = false, drainRetryAfter: Int = 30, parkUser: String = "park") {
        self.draining = draining
        self.drainRetryAfter = drainRetryAfter
        self.parkUser = parkUser
    }

    /// What an INVITE arriving at the park service should get.
    /// - Parameters:
    ///   - requestURI: the INVITE's Request-URI (`sip:park@…` or `sip:*3042@…`; `#` arrives escaped as `%23`).
    ///   - parkRequest: its `application/park-request+xml` body, parsed (SPEC §5 A), if it has one.
    ///   - caller: the authenticated caller (From), who parks when there is a park request.
    ///   - referredBy: the user of the `Referred-By` header (RFC 3892), who parks in SPEC §5 B and C; `nil` when the
    ///     INVITE has none.
    ///   - orbits: this pool's orbits.
    ///   - isParked: whether a dialog is parked or being parked already (for the `409` of a double park).
    public func classify(
        requestURI: SIPURI, parkRequest: ParkRequest? = nil, caller: Parker?, referredBy: Parker?, orbits: OrbitAllocator,
        isParked: (ParkedDialogKey) -> Bool = { _ in false }
    ) -> ParkDecision {
        guard let target = ParkTarget(requestURI: requestURI, parkUser: parkUser) else { return .refuse(ParkRefusal(.orbitNotFound(nil))) }
        switch target {
        case .parkNumber:
            if let parkRequest {
                // SPEC §5 A: the caller parks the dialog its park request names.
                if let refusal = refusalToPark(by: caller) { return .refuse(refusal) }
                guard let caller else { return .refuse(ParkRefusal(.callParkDisabled(user: "unknown"))) }  // refused above
                if isParked(ParkedDialogKey(parkRequest.replaces)) { return .refuse(ParkRefusal(.doublePark)) }
                guard orbits.freeCount > 0 else { return .refuse(ParkRefusal(.noFreeOrbit)) }
                return .parkWithControlDialog(parkRequest, parker: caller)
            }
            // SPEC §5 C: a blind transfer to the park number; the Referred-By user parks.
            guard let referredBy else { return .refuse(ParkRefusal(.nothingToPark)) }
            if let refusal = refusalToPark(by: referredBy) { return .refuse(refusal) }
            guard orbits.freeCount > 0 else { return .refuse(ParkRefusal(.noFreeOrbit)) }
            return .parkAnyOrbit(parker: referredBy)
        case .orbit(let orbit):
            guard orbits.contains(orbit) else { return .refuse(ParkRefusal(.orbitNotFound(orbit))) }
            guard let referredBy else {
                // SPEC §5 Retrieve: without Referred-By, an INVITE to an orbit picks up its call.
                return orbits.isOccupied(orbit) ? .retrieve(orbit) : .refuse(ParkRefusal(.orbitNotFound(orbit)))
            }
            // SPEC §5 B: directed park by blind transfer; the Referred-By user parks.
            if let refusal = refusalToPark(by: referredBy) { return .refuse(refusal) }
            guard !orbits.isOccupied(orbit) else { return .refuse(ParkRefusal(.orbitOccupied(orbit))) }
            return .parkDirected(orbit, parker: referredBy)
        }
    }

    /// Why `parker` may not park now, or `nil` when it may: pool draining (`503`), unknown or call park disabled
    /// (`403`), resiliency mode (`480`).
    public func refusalToPark(by parker: Parker?) -> ParkRefusal? {
        if draining { return ParkRefusal(.poolDraining(retryAfter: drainRetryAfter)) }
        guard let parker, let user = parker.user else {
            return ParkRefusal(.callParkDisabled(user: parker.map { $0.uri.decodedUser ?? $0.uri.description } ?? "unknown"))
        }
        guard user.callParkEnabled else { return ParkRefusal(.callParkDisabled(user: user.name)) }
        if parker.inResiliencyMode { return ParkRefusal(.resiliencyMode) }
        return nil
    }
}
