/// A network address as written in `c=` and `o=` lines: `IN IP4 192.0.2.1` (RFC 4566 §5.2, §5.7).
public struct SDPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The network type, `IN` (Internet).
    public var networkType: String
    /// The address type, `IP4` or `IP6`.
    public var addressType: String
    /// The address as written: an IP address or a host name; a multicast `c=` may carry `/ttl/count`.
    public var address: String

    /// Creates an address.
    public init(networkType: String = "IN", addressType: String, address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// An Internet address, `IP6` when `address` contains a colon and `IP4` otherwise.
    public init(ip address: String) {
        self.init(addressType: address.utf8.contains(UInt8(ascii: ":")) ? "IP6" : "IP4", address: address)
    }

    /// The address without a multicast `/ttl` or `/count` suffix.
    public var host: String {
        guard let slash = address.utf8.firstIndex(of: UInt8(ascii: "/")) else { return address }
        return String(address[..<slash])
    }

    /// Whether this is an `IP6` address.
    public var isIPv6: Bool { addressType.caseInsensitiveEquals("IP6") }

    /// `nettype SP addrtype SP address`.
    public var description: String { "\(networkType) \(addressType) \(address)" }

    /// Parses `nettype addrtype address` (exactly three fields).
    static func parse(_ value: Substring, line: Int, _ what: String) throws(SDPParseError) -> SDPAddress {
        let fields = value.split(separator: " ")
        guard fields.count == 3 else {
            throw SDPParseError(line: line, reason: "\(what) must be '<nettype> <addrtype> <address>', not '\(value)'")
        }
        return SDPAddress(networkType: String(fields[0]), addressType: String(fields[1]), address: String(fields[2]))
    }
}
