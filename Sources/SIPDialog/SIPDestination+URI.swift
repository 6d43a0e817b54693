import NIOCore
import SIPCore
import SIPTransport

extension SIPDestination {
    /// Where a request for `uri` goes when the URI names an IP address (RFC 3263 §4 without DNS): its host and port
    /// (default 5060), over TCP when `transport=tcp`, else UDP. `nil` for host names (the caller resolves those).
    public static func forURI(_ uri: SIPURI) -> SIPDestination? {
        guard let host = uri.host else { return nil }
        let port = Int(uri.port ?? 5060)
        let address: SocketAddress?
        switch host {
        case .ipv4(let a), .ipv6(let a): address = try? SocketAddress(ipAddress: a, port: port)
        case .name: address = nil
        }
        guard let address else { return nil }
        let tcp = uri.parameters.value("transport")?.caseInsensitiveCompare("tcp") ?? false
        return SIPDestination(transport: tcp ? .tcp : .udp, address: address)
    }
}

extension String {
    /// ASCII case-insensitive equality.
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
