import SIPCore
import Topology

/// Why a parked call left its orbit, as told to the parker (SPEC §5 A step 4).
public enum UnparkReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// Someone dialled the orbit and took the call (or it was bridged to them).
    case retrieved
    /// The parkee hung up.
    case hangUp = "hang-up"
    /// The parker answered a ring-back and took the call back.
    case ringback
    /// After the last ring-back the call went to `onTimeoutURI`.
    case fallback
    /// The call was ended: no answer and no fallback, a failed fallback, or the pool drained or stopped.
    case drop
}

/// The body of the INFO sent on the control dialog when a parked call leaves its orbit,
/// `application/unpark-notification+xml` (SPEC §5 A step 4):
/// ```xml
/// <unpark-notification orbit="*3042" reason="retrieved" by="sip:dave@callpark.test"/>
/// ```
public struct UnparkNotification: Hashable, Sendable {
    /// `application/unpark-notification+xml`.
    public static let mediaType = SIPMediaType(type: "application", subtype: "unpark-notification+xml")

    /// The orbit the call was parked on.
    public var orbit: Orbit
    /// What happened.
    public var reason: UnparkReason
    /// Who took the call (retrieved, ringback) or where it went (fallback); nothing otherwise.
    public var by: SIPURI?

    /// A notification.
    public init(orbit: Orbit, reason: UnparkReason, by: SIPURI? = nil) {
        self.orbit = orbit
        self.reason = reason
        self.by = by
    }

    /// Reads a notification body (for smart clients and tests). `version`, when present, must be 1.x.
    public init(parsing body: [UInt8]) throws(ParkBodyError) {
        let root = try ParkXML.root(body, named: "unpark-notification", versionRequired: false)
        let orbitText = try root.required("orbit")
        do {
            orbit = try Orbit(parsing: orbitText)
        } catch {
            throw ParkBodyError("orbit \"\(orbitText)\" is not an orbit: \(error)")
        }
        let reasonText = try root.required("reason")
        guard let reason = UnparkReason(rawValue: reasonText) else {
            let known = UnparkReason.allCases.map(\.rawValue).joined(separator: ", ")
            throw ParkBodyError("unknown reason \"\(reasonText)\" (expected one of \(known))")
        }
        self.reason = reason
        if let byText = root.attribute("by") {
            do {
                by = try SIPURI(byText)
            } catch {
                throw ParkBodyError("by \"\(byText)\" is not a URI: \(error)")
            }
        }
    }

    /// ``init(parsing:)-([UInt8])`` from text.
    public init(parsing text: String) throws(ParkBodyError) { try self.init(parsing: Array(text.utf8)) }

    /// The body as XML text.
    public var xml: String {
        "<unpark-notification" + ParkXML.attributes(["orbit": orbit.description, "reason": reason.rawValue, "by": by?.description]) + "/>"
    }

    /// The body as bytes.
    public var body: [UInt8] { Array(xml.utf8) }
}
