import SIPCore
import Topology

/// Why a park or a retrieve is refused, with the SIP status and the `Warning` text a person reads (SPEC §5 Refusals).
///
/// ```swift
/// let refusal = ParkRefusal(.orbitOccupied(orbit))
/// refusal.status            // 486 Busy Here
/// refusal.warningText       // "orbit occupied: *3042"
/// endpoint.respond(refusal.response(to: invite, agent: "127.0.0.1:5060"))
/// ```
public struct ParkRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reasons SPEC §5 lists, and the few more this service needs.
    public enum Reason: Hashable, Sendable {
        /// The parker's voice policy does not allow call park (`403`).
        case callParkDisabled(user: String)
        /// The parker is registered in resiliency mode (`480`, SPEC §3 and FLOWS 7).
        case resiliencyMode
        /// Every orbit of the pool holds a call (`486`).
        case noFreeOrbit
        /// The orbit is in none of the pool's ranges, or holds no call to retrieve (`404`); `nil` for an orbit that
        /// could not even be read.
        case orbitNotFound(Orbit?)
        /// A directed park to an orbit that holds a call (`486`: never bridge two strangers, SPEC §5 B).
        case orbitOccupied(Orbit)
        /// The call on the orbit is being handed over already (`486`): a second retrieve loses the race.
        case orbitBusy(Orbit)
        /// The dialog named by the park request is parked, or being parked, already (`409`).
        case doublePark
        /// The pool refuses new parks while it drains (`503` with `Retry-After`, SPEC §6).
        case poolDraining(retryAfter: Int)
        /// An INVITE to the park number with neither a park-request body nor `Referred-By` (`400`).
        case nothingToPark
        /// A park-request body that cannot be read (`400`); the text says what is wrong.
        case malformedParkRequest(String)
        /// The parkee refused the INVITE with Replaces (SPEC §5: the parker gets the parkee's failure); the status is
        /// the parkee's, except those that would mislead the parker (see ``status``).
        case parkeeRefused(SIPResponseStatus)
    }

    /// The reason.
    public var reason: Reason

    /// A refusal for `reason`.
    public init(_ reason: Reason) { self.reason = reason }

    /// The status of the final response.
    public var status: SIPResponseStatus {
        switch reason {
        case .callParkDisabled: return .forbidden
        case .resiliencyMode: return .temporarilyUnavailable
        case .noFreeOrbit, .orbitOccupied, .orbitBusy: return .busyHere
        case .orbitNotFound: return .notFound
        case .doublePark: return .conflict
        case .poolDraining: return .serviceUnavailable
        case .nothingToPark, .malformedParkRequest: return .badRequest
        case .parkeeRefused(let status):
            // A challenge (401/407) would ask the parker for credentials it has no use for, and a 1xx–3xx is no
            // failure: those become 480. Everything else is passed on as it came (SPEC §5).
            if status.code < 400 || status.code > 699 || status.code == 401 || status.code == 407 { return .temporarilyUnavailable }
            return status
        }
    }

    /// The `warn-text` of the `Warning: 399` header: the reason in words (SPEC §5).
    public var warningText: String {
        switch reason {
        case .callParkDisabled(let user): return "call park disabled for user \(user)"
        case .resiliencyMode: return "call park unavailable in resiliency mode"
        case .noFreeOrbit: return "no free orbit"
        case .orbitNotFound(let orbit): return orbit.map { "orbit not found: \($0)" } ?? "orbit not found"
        case .orbitOccupied(let orbit): return "orbit occupied: \(orbit)"
        case .orbitBusy(let orbit): return "orbit occupied: the call on \(orbit) is being picked up"
        case .doublePark: return "double park: this call is already parked"
        case .poolDraining: return "pool draining"
        case .nothingToPark: return "nothing to park: no park-request body and no Referred-By"
        case .malformedParkRequest(let why): return "malformed park request: \(why)"
        case .parkeeRefused(let status): return "the parked party refused the call: \(status)"
        }
    }

    /// Seconds for `Retry-After` (RFC 3261 §20.33), for a draining pool only.
    public var retryAfter: Int? {
        if case .poolDraining(let seconds) = reason { return seconds }
        return nil
    }

    /// The whole `Warning` header value: `399 <agent> "<reason>"` (RFC 3261 §20.43).
    public func warning(agent: String) -> String { SIPWarning(code: 399, agent: agent, text: warningText).description }

    /// The final response to `request` (RFC 3261 §8.2.6): the status, a To tag, `Warning: 399 <agent> "<reason>"`
    /// and, for a draining pool, `Retry-After`. `agent` is the pool's `host:port`.
    public func response(to request: SIPRequest, agent: String, toTag: String = SIPIdentifiers.tag()) -> SIPResponse {
        var response = request.makeResponse(status, toTag: toTag)
        response.addWarning(agent: agent, warningText)
        if let retryAfter { response.headerFields.append(.retryAfter, String(retryAfter)) }
        return response
    }

    /// `<status>: <warning text>`.
    public var description: String { "\(status): \(warningText)" }
}
