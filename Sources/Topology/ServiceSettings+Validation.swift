extension ServiceSettings {
    /// Longest registration expiry any setting may name: one day.
    public static let maxExpiresLimit = 86_400
    /// Allowed ``probeInterval`` in seconds.
    public static let probeIntervalBounds = 0.05...60.0
    /// Allowed ``probeFailureThreshold`` and ``probeRecoveryThreshold``.
    public static let thresholdBounds = 1...100
    /// Allowed ``automaticFailoverAfter`` in seconds, when set.
    public static let automaticFailoverBounds = 1...86_400

    /// Checks the settings: 1 ≤ minExpires ≤ defaultExpires ≤ maxExpires ≤ 86400, resiliencyExpires between
    /// minExpires and maxExpires, and the probing bounds.
    public func validate() throws(TopologyError) {
        guard minExpires >= 1 else { throw Self.refuse("minExpires \(minExpires) must be at least 1 second") }
        guard minExpires <= defaultExpires else {
            throw Self.refuse("defaultExpires \(defaultExpires) must not be shorter than minExpires \(minExpires)")
        }
        guard defaultExpires <= maxExpires else {
            throw Self.refuse("defaultExpires \(defaultExpires) must not be longer than maxExpires \(maxExpires)")
        }
        guard maxExpires <= Self.maxExpiresLimit else {
            throw Self.refuse("maxExpires \(maxExpires) must not be longer than \(Self.maxExpiresLimit) seconds (one day)")
        }
        guard (minExpires...maxExpires).contains(resiliencyExpires) else {
            throw Self.refuse("resiliencyExpires \(resiliencyExpires) must be between minExpires \(minExpires) and maxExpires \(maxExpires)")
        }
        guard Self.probeIntervalBounds.contains(probeInterval) else {
            throw Self.refuse("probeInterval \(probeInterval) is outside 0.05…60 seconds")
        }
        for (name, value) in [("probeFailureThreshold", probeFailureThreshold), ("probeRecoveryThreshold", probeRecoveryThreshold)]
        where !Self.thresholdBounds.contains(value) {
            throw Self.refuse("\(name) \(value) is outside 1…100")
        }
        if let automaticFailoverAfter, !Self.automaticFailoverBounds.contains(automaticFailoverAfter) {
            throw Self.refuse(
                "automaticFailoverAfter \(automaticFailoverAfter) is outside 1…86400 seconds (leave it out to never fail over by itself)")
        }
        // RFC 8760: MD5 and SHA-256 (the -sess variants need state callpark does not keep), each at most once.
        guard !digestAlgorithms.isEmpty else { throw Self.refuse("digestAlgorithms must name at least one of SHA-256, MD5") }
        for name in digestAlgorithms where !["SHA-256", "MD5"].contains(name) {
            throw Self.refuse("digestAlgorithms: \(name) is not supported (use SHA-256 and/or MD5, as written)")
        }
        guard Set(digestAlgorithms).count == digestAlgorithms.count else {
            throw Self.refuse("digestAlgorithms lists an algorithm twice")
        }
    }

    private static func refuse(_ text: String) -> TopologyError { TopologyError(.invalidSetting, "service settings: \(text)") }
}
