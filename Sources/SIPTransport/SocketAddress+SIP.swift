import NIOCore
import SIPCore

extension SocketAddress {
    /// The IP address in canonical text form, with an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, seen on a
    /// dual-stack socket) written as the IPv4 address it stands for.
    var canonicalIP: String? {
        guard let ip = ipAddress else { return nil }
        if self.protocol == .inet6, ip.hasPrefix("::ffff:"), ip.contains(".") { return String(ip.dropFirst(7)) }
        return ip
    }

    /// The address as a SIP host (`.ipv4` or `.ipv6`).
    var sipHost: SIPHost? {
        guard let ip = canonicalIP else { return nil }
        return ip.contains(":") ? .ipv6(ip) : .ipv4(ip)
    }

    /// `host:port` as written in a Via sent-by or a Warning agent (IPv6 in brackets).
    var sentBy: String {
        guard let host = sipHost else { return description }
        return "\(host):\(port ?? 0)"
    }

    /// Whether this is a wildcard address (`0.0.0.0`, `::`).
    var isWildcard: Bool {
        guard let ip = ipAddress else { return false }
        return ip == "0.0.0.0" || ip == "::"
    }
}

extension SIPHost {
    /// The IP address in canonical text form, or `nil` for a host name (RFC 5118 §4: IPv6 texts compare as addresses).
    var canonicalIP: String? {
        switch self {
        case .name: return nil
        case .ipv4(let s), .ipv6(let s):
            return (try? SocketAddress(ipAddress: s, port: 0))?.canonicalIP ?? s.lowercased()
        }
    }

    /// A socket address for this host, if it is an IP address.
    func socketAddress(port: Int) -> SocketAddress? {
        switch self {
        case .name: return nil
        case .ipv4(let s), .ipv6(let s): return try? SocketAddress(ipAddress: s, port: port)
        }
    }
}
