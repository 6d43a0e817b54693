/// Deployment-wide SIP service settings: registration bounds, proxy behaviour and partner probing.
public struct ServiceSettings: Hashable, Sendable, Codable {
    /// Smallest registration expiry accepted (seconds); shorter gets `423 Interval Too Brief` (RFC 3261 §10.3).
    public var minExpires: Int
    /// Largest registration expiry granted (seconds); longer is shortened.
    public var maxExpires: Int
    /// Expiry granted when the REGISTER asks for none (seconds).
    public var defaultExpires: Int
    /// Expiry granted to registrations in resiliency mode (seconds), short so users move home quickly.
    public var resiliencyExpires: Int
    /// Whether the proxy adds Record-Route (off by default: SPEC §1, calls must not depend on a pool).
    public var recordRoute: Bool
    /// Seconds between OPTIONS probes of the partner pool.
    public var probeInterval: Double
    /// Failed probes in a row before the partner is down.
    public var probeFailureThreshold: Int
    /// Answered probes in a row before a down partner is up again.
    public var probeRecoveryThreshold: Int
    /// Seconds of partner outage after which a pool fails it over by itself; nothing (the default) never does.
    public var automaticFailoverAfter: Int?
    /// Digest algorithms offered in challenges, most preferred first (RFC 8760 §2.4: one challenge each, in this
    /// order). `SHA-256` first by default; put `MD5` first for phones that only read the first challenge.
    public var digestAlgorithms: [String]

    /// Settings; every argument has a default.
    public init(
        minExpires: Int = 60, maxExpires: Int = 3600, defaultExpires: Int = 3600, resiliencyExpires: Int = 120,
        recordRoute: Bool = false, probeInterval: Double = 0.5, probeFailureThreshold: Int = 3, probeRecoveryThreshold: Int = 2,
        automaticFailoverAfter: Int? = nil, digestAlgorithms: [String] = ["SHA-256", "MD5"]
    ) {
        self.minExpires = minExpires
        self.maxExpires = maxExpires
        self.defaultExpires = defaultExpires
        self.resiliencyExpires = resiliencyExpires
        self.recordRoute = recordRoute
        self.probeInterval = probeInterval
        self.probeFailureThreshold = probeFailureThreshold
        self.probeRecoveryThreshold = probeRecoveryThreshold
        self.automaticFailoverAfter = automaticFailoverAfter
        self.digestAlgorithms = digestAlgorithms
    }
}
