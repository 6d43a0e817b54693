/// Call park settings of one pool (SPEC §2), with the reference product's defaults.
public struct CallParkSettings: Hashable, Sendable, Codable {
    /// Seconds from park to ring-back (10…600, default 90).
    public var pickupTimeout: Int
    /// Ring-backs before the fallback (1…10, default 1).
    public var maxPickupAttempts: Int
    /// Where a call goes after the last ring-back (a `sip:` URI), or nothing: the call is ended.
    public var onTimeoutURI: String?
    /// Whether parked callers hear music (otherwise silence packets).
    public var enableMusicOnHold: Bool
    /// The pool's music file (WAV), or nothing for the tune that ships with callpark.
    public var musicOnHoldFile: String?
    /// Seconds each ring-back rings (default 30).
    public var ringbackDuration: Int
    /// Seconds a freed orbit rests while others are free (default 60).
    public var orbitReuseDelay: Int

    /// Settings; every argument defaults to the reference value.
    public init(
        pickupTimeout: Int = 90, maxPickupAttempts: Int = 1, onTimeoutURI: String? = nil, enableMusicOnHold: Bool = true,
        musicOnHoldFile: String? = nil, ringbackDuration: Int = 30, orbitReuseDelay: Int = 60
    ) {
        self.pickupTimeout = pickupTimeout
        self.maxPickupAttempts = maxPickupAttempts
        self.onTimeoutURI = onTimeoutURI
        self.enableMusicOnHold = enableMusicOnHold
        self.musicOnHoldFile = musicOnHoldFile
        self.ringbackDuration = ringbackDuration
        self.orbitReuseDelay = orbitReuseDelay
    }

    /// The reference product's defaults.
    public static let defaults = CallParkSettings()
}
