/// A SIP request method (RFC 3261 §7.1, §27.4). Methods are case-sensitive tokens.
public struct SIPMethod: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The method name as written.
    public let rawValue: String

    /// A method from a token (not validated here; the parser validates what it reads).
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// RFC 3261
    public static let invite: SIPMethod = "INVITE"
    /// RFC 3261
    public static let ack: SIPMethod = "ACK"
    /// RFC 3261
    public static let bye: SIPMethod = "BYE"
    /// RFC 3261
    public static let cancel: SIPMethod = "CANCEL"
    /// RFC 3261
    public static let options: SIPMethod = "OPTIONS"
    /// RFC 3261
    public static let register: SIPMethod = "REGISTER"
    /// RFC 3262
    public static let prack: SIPMethod = "PRACK"
    /// RFC 6665
    public static let subscribe: SIPMethod = "SUBSCRIBE"
    /// RFC 6665
    public static let notify: SIPMethod = "NOTIFY"
    /// RFC 3903
    public static let publish: SIPMethod = "PUBLISH"
    /// RFC 6086
    public static let info: SIPMethod = "INFO"
    /// RFC 3515
    public static let refer: SIPMethod = "REFER"
    /// RFC 3428
    public static let message: SIPMethod = "MESSAGE"
    /// RFC 3311
    public static let update: SIPMethod = "UPDATE"

    /// The method named by `bytes`, reusing the static instance for known methods (methods are case-sensitive).
    static func from(_ bytes: UnsafeRawBufferPointer) -> SIPMethod {
        func equals(_ name: StaticString) -> Bool {
            guard bytes.count == name.utf8CodeUnitCount else { return false }
            let p = name.utf8Start
            for k in 0..<bytes.count where bytes[k] != p[k] { return false }
            return true
        }
        switch bytes.first {
        case UInt8(ascii: "I"):
            if equals("INVITE") { return .invite }
            if equals("INFO") { return .info }
        case UInt8(ascii: "A"): if equals("ACK") { return .ack }
        case UInt8(ascii: "B"): if equals("BYE") { return .bye }
        case UInt8(ascii: "C"): if equals("CANCEL") { return .cancel }
        case UInt8(ascii: "O"): if equals("OPTIONS") { return .options }
        case UInt8(ascii: "R"):
            if equals("REGISTER") { return .register }
            if equals("REFER") { return .refer }
        case UInt8(ascii: "P"):
            if equals("PRACK") { return .prack }
            if equals("PUBLISH") { return .publish }
        case UInt8(ascii: "S"): if equals("SUBSCRIBE") { return .subscribe }
        case UInt8(ascii: "N"): if equals("NOTIFY") { return .notify }
        case UInt8(ascii: "M"): if equals("MESSAGE") { return .message }
        case UInt8(ascii: "U"): if equals("UPDATE") { return .update }
        default: break
        }
        return SIPMethod(String(decoding: bytes, as: UTF8.self))
    }
}
