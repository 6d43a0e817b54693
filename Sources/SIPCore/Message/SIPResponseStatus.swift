/// A response status: the code and its reason phrase (RFC 3261 §7.2, §21).
public struct SIPResponseStatus: Hashable, Sendable, CustomStringConvertible {
    /// The three-digit status code, 100…699.
    public var code: Int
    /// The reason phrase (may be empty, may be UTF-8).
    public var reasonPhrase: String

    /// A status with an explicit reason phrase.
    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// A status with the RFC's default reason phrase.
    public init(code: Int) {
        self.init(code: code, reasonPhrase: SIPResponseStatus.defaultReason(code))
    }

    /// 1xx
    public var isProvisional: Bool { code < 200 }
    /// 2xx
    public var isSuccess: Bool { (200..<300).contains(code) }
    /// 3xx–6xx
    public var isFinal: Bool { code >= 200 }

    public var description: String { "\(code) \(reasonPhrase)" }

    /// 100 (RFC 3261 §21.1.1)
    public static let trying = SIPResponseStatus(code: 100)
    /// 180 (RFC 3261 §21.1.2)
    public static let ringing = SIPResponseStatus(code: 180)
    /// 200 (RFC 3261 §21.2.1)
    public static let ok = SIPResponseStatus(code: 200)
    /// 202 (RFC 3515 §2.4.2)
    public static let accepted = SIPResponseStatus(code: 202)
    /// 301 (RFC 3261 §21.3.2)
    public static let movedPermanently = SIPResponseStatus(code: 301)
    /// 400 (RFC 3261 §21.4.1)
    public static let badRequest = SIPResponseStatus(code: 400)
    /// 401 (RFC 3261 §21.4.2)
    public static let unauthorized = SIPResponseStatus(code: 401)
    /// 403 (RFC 3261 §21.4.4)
    public static let forbidden = SIPResponseStatus(code: 403)
    /// 404 (RFC 3261 §21.4.5)
    public static let notFound = SIPResponseStatus(code: 404)
    /// 407 (RFC 3261 §21.4.8)
    public static let proxyAuthenticationRequired = SIPResponseStatus(code: 407)
    /// 408 (RFC 3261 §21.4.9)
    public static let requestTimeout = SIPResponseStatus(code: 408)
    /// 409 (RFC 2543; used for double park)
    public static let conflict = SIPResponseStatus(code: 409)
    /// 423 (RFC 3261 §21.4.17)
    public static let intervalTooBrief = SIPResponseStatus(code: 423)
    /// 480 (RFC 3261 §21.4.18)
    public static let temporarilyUnavailable = SIPResponseStatus(code: 480)
    /// 481 (RFC 3261 §21.4.19)
    public static let callDoesNotExist = SIPResponseStatus(code: 481)
    /// 486 (RFC 3261 §21.4.24)
    public static let busyHere = SIPResponseStatus(code: 486)
    /// 487 (RFC 3261 §21.4.25)
    public static let requestTerminated = SIPResponseStatus(code: 487)
    /// 500 (RFC 3261 §21.5.1)
    public static let serverInternalError = SIPResponseStatus(code: 500)
    /// 501 (RFC 3261 §21.5.2)
    public static let notImplemented = SIPResponseStatus(code: 501)
    /// 503 (RFC 3261 §21.5.4)
    public static let serviceUnavailable = SIPResponseStatus(code: 503)
    /// 505 (RFC 3261 §21.5.6)
    public static let versionNotSupported = SIPResponseStatus(code: 505)
    /// 513 (RFC 3261 §21.5.7)
    public static let messageTooLarge = SIPResponseStatus(code: 513)

    /// The reason phrases of RFC 3261 §21 and its extensions.
    public static func defaultReason(_ code: Int) -> String {
        switch code {
        case 100: return "Trying"
        case 180: return "Ringing"
        case 181: return "Call Is Being Forwarded"
        case 182: return "Queued"
        case 183: return "Session Progress"
        case 200: return "OK"
        case 202: return "Accepted"
        case 300: return "Multiple Choices"
        case 301: return "Moved Permanently"
        case 302: return "Moved Temporarily"
        case 305: return "Use Proxy"
        case 380: return "Alternative Service"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 407: return "Proxy Authentication Required"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 413: return "Request Entity Too Large"
        case 414: return "Request-URI Too Long"
        case 415: return "Unsupported Media Type"
        case 416: return "Unsupported URI Scheme"
        case 420: return "Bad Extension"
        case 421: return "Extension Required"
        case 422: return "Session Interval Too Small"
        case 423: return "Interval Too Brief"
        case 480: return "Temporarily Unavailable"
        case 481: return "Call/Transaction Does Not Exist"
        case 482: return "Loop Detected"
        case 483: return "Too Many Hops"
        case 484: return "Address Incomplete"
        case 485: return "Ambiguous"
        case 486: return "Busy Here"
        case 487: return "Request Terminated"
        case 488: return "Not Acceptable Here"
        case 489: return "Bad Event"
        case 491: return "Request Pending"
        case 493: return "Undecipherable"
        case 500: return "Server Internal Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Server Time-out"
        case 505: return "Version Not Supported"
        case 513: return "Message Too Large"
        case 600: return "Busy Everywhere"
        case 603: return "Decline"
        case 604: return "Does Not Exist Anywhere"
        case 606: return "Not Acceptable"
        default: return ""
        }
    }
}
