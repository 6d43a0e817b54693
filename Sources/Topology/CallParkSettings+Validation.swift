import SIPCore

extension CallParkSettings {
    /// Allowed ``pickupTimeout`` in seconds (the reference product's bounds).
    public static let pickupTimeoutBounds = 10...600
    /// Allowed ``maxPickupAttempts`` (the reference product's bounds).
    public static let maxPickupAttemptsBounds = 1...10
    /// Allowed ``ringbackDuration`` in seconds.
    public static let ringbackDurationBounds = 10...300
    /// Allowed ``orbitReuseDelay`` in seconds.
    public static let orbitReuseDelayBounds = 0...3600

    /// Checks every setting against its bounds; ``onTimeoutURI`` must be a `sip:` or `sips:` URI.
    public func validate() throws(TopologyError) {
        try Self.check("pickupTimeout", pickupTimeout, Self.pickupTimeoutBounds, unit: " seconds")
        try Self.check("maxPickupAttempts", maxPickupAttempts, Self.maxPickupAttemptsBounds, unit: "")
        try Self.check("ringbackDuration", ringbackDuration, Self.ringbackDurationBounds, unit: " seconds")
        try Self.check("orbitReuseDelay", orbitReuseDelay, Self.orbitReuseDelayBounds, unit: " seconds")
        if let onTimeoutURI {
            let uri: SIPURI
            do {
                uri = try SIPURI(onTimeoutURI)
            } catch {
                throw TopologyError(.invalidSetting, "onTimeoutURI \"\(onTimeoutURI)\" is not a valid URI: \(error)")
            }
            guard uri.scheme == .sip || uri.scheme == .sips, uri.host != nil else {
                throw TopologyError(.invalidSetting, "onTimeoutURI \"\(onTimeoutURI)\" must be a sip: or sips: URI")
            }
        }
        if let musicOnHoldFile, musicOnHoldFile.allSatisfy(\.isWhitespace) {
            throw TopologyError(
                .invalidSetting, "musicOnHoldFile must be a file path, or left out for the tune that ships with callpark")
        }
    }

    private static func check(_ name: String, _ value: Int, _ bounds: ClosedRange<Int>, unit: String) throws(TopologyError) {
        guard !bounds.contains(value) else { return }
        throw TopologyError(.invalidSetting, "\(name) \(value) is outside \(bounds.lowerBound)…\(bounds.upperBound)\(unit)")
    }
}
