/// The `o=` line: who created the session and which version of the description this is (RFC 4566 §5.2).
public struct SDPOrigin: Hashable, Sendable, CustomStringConvertible {
    /// The creator's login, or `-`.
    public var username: String
    /// A numeric session identifier, as written (it may exceed 64 bits).
    public var sessionID: String
    /// The version, increased by one for every new offer or answer in the session (RFC 3264 §8).
    public var sessionVersion: UInt64
    /// The address of the machine that created the session.
    public var address: SDPAddress

    /// Creates an origin.
    public init(username: String = "-", sessionID: String, sessionVersion: UInt64, address: SDPAddress) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.address = address
    }

    /// `username sess-id sess-version nettype addrtype unicast-address`.
    public var description: String { "\(username) \(sessionID) \(sessionVersion) \(address)" }

    /// Parses the six fields of an `o=` value.
    static func parse(_ value: Substring, line: Int) throws(SDPParseError) -> SDPOrigin {
        let f = value.split(separator: " ")
        guard f.count == 6 else {
            throw SDPParseError(
                line: line, reason: "o= must be '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>', not '\(value)'")
        }
        guard f[1].utf8.allSatisfy(ByteClass.isDigit) else {
            throw SDPParseError(line: line, reason: "o= session id '\(f[1])' is not a number")
        }
        guard f[2].utf8.allSatisfy(ByteClass.isDigit), let version = UInt64(f[2]) else {
            throw SDPParseError(line: line, reason: "o= session version '\(f[2])' is not a number that fits in 64 bits")
        }
        let address = SDPAddress(networkType: String(f[3]), addressType: String(f[4]), address: String(f[5]))
        return SDPOrigin(username: String(f[0]), sessionID: String(f[1]), sessionVersion: version, address: address)
    }
}
