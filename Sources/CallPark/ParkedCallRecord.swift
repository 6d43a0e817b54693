import Topology

/// A parked call as the pool's store keeps it (the dynamic park table, issue 5), so that a pool coming back after a
/// crash can end every stale one with BYE and free its orbit (SPEC §6).
public struct ParkedCallRecord: Hashable, Sendable, Codable {
    /// Dialog P between the service and the parkee, from the service's side (RFC 3261 §12): enough, with the
    /// parkee's contact, to send it a BYE.
    public struct DialogIdentifiers: Hashable, Sendable, Codable {
        /// The Call-ID.
        public var callID: String
        /// The service's tag.
        public var localTag: String
        /// The parkee's tag.
        public var remoteTag: String

        /// Identifiers.
        public init(callID: String, localTag: String, remoteTag: String) {
            self.callID = callID
            self.localTag = localTag
            self.remoteTag = remoteTag
        }
    }

    /// How the call was parked (SPEC §5 A, B, C).
    public enum Method: String, Hashable, Sendable, Codable {
        /// A: park request with a control dialog.
        case controlDialog = "control-dialog"
        /// B: directed park by blind transfer to an orbit.
        case directed
        /// C: blind transfer to the park number.
        case parkNumber = "park-number"
    }

    /// Where the call is in its life (``ParkedCallStateMachine/State`` without its details).
    public enum Phase: String, Hashable, Sendable, Codable {
        case parking, parked
        case ringingBack = "ringing-back"
        case handingOver = "handing-over"
        case bridged
        case transferringToFallback = "transferring-to-fallback"
        case ended
    }

    /// The parked call's identifier.
    public var id: String
    /// The pool whose park service holds it.
    public var pool: String
    /// The orbit.
    public var orbit: Orbit
    /// How it was parked.
    public var method: Method
    /// The parker's address of record.
    public var parker: String
    /// The parkee's contact (where a BYE goes).
    public var parkeeContact: String
    /// The parkee's identity, when known.
    public var parkeeIdentity: String?
    /// Dialog P.
    public var parkeeDialog: DialogIdentifiers
    /// When the call was parked: wall-clock seconds since 1970, given by the driver.
    public var parkedAt: Double
    /// Ring-backs that ended without the call being taken.
    public var attempts: Int
    /// Where the call is.
    public var phase: Phase

    /// A record.
    public init(
        id: String, pool: String, orbit: Orbit, method: Method, parker: String, parkeeContact: String, parkeeIdentity: String?,
        parkeeDialog: DialogIdentifiers, parkedAt: Double, attempts: Int, phase: Phase
    ) {
        self.id = id
        self.pool = pool
        self.orbit = orbit
        self.method = method
        self.parker = parker
        self.parkeeContact = parkeeContact
        self.parkeeIdentity = parkeeIdentity
        self.parkeeDialog = parkeeDialog
        self.parkedAt = parkedAt
        self.attempts = attempts
        self.phase = phase
    }
}
