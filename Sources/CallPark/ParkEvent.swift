import Topology

/// What happened to a parked call, as the events log and `callpark events` show it.
public enum ParkEventKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The call was parked on its orbit.
    case parked
    /// The call was handed over to a retriever (or to the parker on a ring-back).
    case retrieved
    /// The parkee hung up while parked.
    case hangUp = "hang-up"
    /// A ring-back to the parker started.
    case ringBack = "ring-back"
    /// After the last ring-back the call was transferred to `onTimeoutURI`.
    case fallback
    /// The call was ended by the service: no answer and no fallback, a failed fallback, or the pool draining or stopping.
    case dropped
    /// The parkee could not do REFER and the call was bridged through the pool (it now depends on the pool).
    case bridged
}

/// One event of a parked call's life (issue 5: time, orbit, parker, parkee, retriever), for the store.
public struct ParkEvent: Hashable, Sendable, Codable {
    /// Wall-clock time, seconds since 1970, given by the driver.
    public var time: Double
    /// What happened.
    public var kind: ParkEventKind
    /// The parked call (``ParkedCallRecord/id``).
    public var parkedCallID: String
    /// The pool whose park service holds the call.
    public var pool: String
    /// The orbit.
    public var orbit: Orbit
    /// The parker's address of record.
    public var parker: String
    /// The parkee's identity, or its contact when its identity is unknown.
    public var parkee: String
    /// Who took the call (retrieved, bridged), if anyone.
    public var retriever: String?
    /// The details in words, e.g. `ring-back 2 of 3 to sip:bob@callpark.test`.
    public var detail: String

    /// An event.
    public init(
        time: Double, kind: ParkEventKind, parkedCallID: String, pool: String, orbit: Orbit, parker: String, parkee: String,
        retriever: String? = nil, detail: String = ""
    ) {
        self.time = time
        self.kind = kind
        self.parkedCallID = parkedCallID
        self.pool = pool
        self.orbit = orbit
        self.parker = parker
        self.parkee = parkee
        self.retriever = retriever
        self.detail = detail
    }
}
