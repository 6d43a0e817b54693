import NIOCore
import SIPCore

/// Where a response goes by its top Via (RFC 3261 §18.2.2, RFC 3581 §4).
struct SIPResponseTarget: Hashable, Sendable {
    var transport: SIPTransportKind
    var host: SIPHost
    var port: Int
}

extension SIPVia {
    /// The default port for SIP over UDP and TCP (RFC 3261 §19.1.2).
    static let defaultPort = 5060

    /// The top Via of a request received from `source`, with `received` and `rport` filled in; `nil` when it
    /// needs no change.
    ///
    /// RFC 3261 §18.2.1: add `received` when the sent-by host differs from the packet's source address.
    /// RFC 3581 §4: when `rport` has no value, set it to the source port, and add `received` even if equal.
    func stamped(source: SocketAddress) -> SIPVia? {
        guard let sourceIP = source.canonicalIP, let sourcePort = source.port else { return nil }
        var via = self
        var changed = false
        if case .some(nil) = rport {
            via.parameters["rport"] = .some(String(sourcePort))
            via.parameters["received"] = .some(sourceIP)
            changed = true
        } else if host.canonicalIP != sourceIP, received != sourceIP {
            via.parameters["received"] = .some(sourceIP)
            changed = true
        }
        return changed ? via : nil
    }

    /// Where a response to a request with this top Via goes when no connection is (still) open.
    ///
    /// RFC 3261 §18.2.2: reliable transports open a connection to `received` (else the sent-by host) at the
    /// sent-by port; unreliable ones send to `received` (else sent-by) at the sent-by port, or at `rport`
    /// when it carries a value (RFC 3581 §4). Ports default to 5060. `maddr` (multicast) is not supported.
    func responseTarget() throws(SIPTransportError) -> SIPResponseTarget {
        guard let kind = SIPTransportKind(viaName: transport) else {
            throw SIPTransportError(.unsupportedTransport, "Via transport \(transport) is not carried by this transport layer")
        }
        var targetHost = host
        if let received, let parsed = try? SIPHost(parsing: received, allowBareIPv6: true) { targetHost = parsed }
        var targetPort = port.map(Int.init) ?? SIPVia.defaultPort
        if kind == .udp, case .some(.some(let value)) = rport { targetPort = Int(value) }
        return SIPResponseTarget(transport: kind, host: targetHost, port: targetPort)
    }
}

extension SIPHeaderFields {
    /// Replaces the topmost Via value, keeping the other Via values and the position of the Via lines
    /// (SIPCore has no in-place replace for one element of a list header).
    mutating func replaceTopVia(with via: SIPVia) {
        let lines = values(.via)
        guard let first = lines.first else {
            prepend(.via, via.description)
            return
        }
        let rest = SIPHeaderFields.splitList(first).dropFirst()
        var newLines = [via.description]
        if !rest.isEmpty { newLines.append(rest.joined(separator: ", ")) }
        newLines += lines.dropFirst()
        // Setting the subscript rewrites the first Via line in place and removes the others; prepending in
        // reverse order then puts each line back in front of it.
        self[.via] = newLines.last
        for line in newLines.dropLast().reversed() { prepend(.via, line) }
    }
}
