/// A front-end pool (SPEC §2): one SIP service (UDP and TCP on the same address) and one admin HTTP address.
public struct Pool: Hashable, Sendable, Codable {
    /// Unique name, e.g. `pool-a`.
    public var name: String
    /// SIP host (an IP address or a host name), for UDP and TCP.
    public var sipHost: String
    /// SIP port, for UDP and TCP.
    public var sipPort: Int
    /// Admin HTTP host.
    public var adminHost: String
    /// Admin HTTP port.
    public var adminPort: Int
    /// Whether the pool has been failed over to its partner (SPEC §4): its users are homed on the partner until
    /// failback. One flag, so that failover costs one write whatever the number of users.
    public var failedOver: Bool

    /// A pool.
    public init(name: String, sipHost: String, sipPort: Int, adminHost: String, adminPort: Int, failedOver: Bool = false) {
        self.name = name
        self.sipHost = sipHost
        self.sipPort = sipPort
        self.adminHost = adminHost
        self.adminPort = adminPort
        self.failedOver = failedOver
    }

    /// `host:port` of the SIP service (IPv6 in brackets).
    public var sipHostPort: String { (sipHost.contains(":") ? "[\(sipHost)]" : sipHost) + ":\(sipPort)" }
    /// `host:port` of the admin server.
    public var adminHostPort: String { (adminHost.contains(":") ? "[\(adminHost)]" : adminHost) + ":\(adminPort)" }
}

/// Two pools paired 1:1, each the other's backup (SPEC §2).
public struct PoolPair: Hashable, Sendable, Codable {
    /// One pool of the pair.
    public var first: String
    /// The other pool.
    public var second: String

    /// A pair.
    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }

    /// The other pool of the pair, if `pool` is in it.
    public func partner(of pool: String) -> String? {
        pool == first ? second : pool == second ? first : nil
    }
}
