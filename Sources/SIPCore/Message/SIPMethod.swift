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

    static let known: [SIPMethod] = [
        .invite, .ack, .bye, .cancel, .options, .register, .prack, .subscribe, .notify, .publish, .info, .refer,
        .message, .update,
    ]

    /// The method named by `bytes`, reusing the static instance for known methods.
    static func from(_ bytes: UnsafeRawBufferPointer) -> SIPMethod {
        for m in known where m.rawValue.utf8.count == bytes.count && m.rawValue.utf8.elementsEqual(bytes) {
            return m
        }
        return SIPMethod(String(decoding: bytes, as: UTF8.self))
    }
}
