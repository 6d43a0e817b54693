import SIPCore
import Topology

extension Deployment {
    /// Whether `uri` names this deployment: its host is the domain (any port), or the SIP address of one of its
    /// pools (same host; same port, or no port). A Request-URI that is not local is not ours to route: we are not an
    /// open relay (RFC 3261 §16.4 would forward it; we refuse).
    public func isLocalAddress(_ uri: SIPURI) -> Bool {
        guard uri.isSIP, let host = uri.host?.address.lowercased() else { return false }
        if host == domain.lowercased() { return true }
        return pools.values.contains { pool in
            pool.sipHost.lowercased() == host && (uri.port == nil || Int(uri.port!) == pool.sipPort)
        }
    }

    /// The `Warning` agent of `pool`: its SIP `host:port` (RFC 3261 §20.43 warn-agent = hostport), or its name when
    /// the pool is not configured. The port tells apart pools sharing an address (the demo runs both on 127.0.0.1).
    public func warningAgent(of pool: String) -> String {
        pools[pool]?.sipHostPort ?? pool
    }
}
