/// Why a SIP message, header or URI could not be parsed, and where.
///
/// `description` is a readable sentence that fits a `400 Bad Request` reason phrase, e.g.
/// `CSeq: sequence number 36893488147419103232 does not fit in 32 bits (byte 105)`.
public struct SIPParseError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is (stable across releases; new codes may be added).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated, startLine, version, header, missingHeader, mismatch, uri, body, limit, value
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The input ended before the message did.
        public static let truncated = Code(.truncated)
        /// The request line or status line is malformed.
        public static let startLine = Code(.startLine)
        /// The SIP version is not SIP/2.0 (answer `505`).
        public static let unsupportedVersion = Code(.version)
        /// A header line is malformed (no colon, bad name, bad folding).
        public static let malformedHeader = Code(.header)
        /// A header every message must carry is missing.
        public static let missingHeader = Code(.missingHeader)
        /// Two parts of the message disagree (e.g. the method of the request line and of CSeq).
        public static let mismatch = Code(.mismatch)
        /// A URI is malformed.
        public static let malformedURI = Code(.uri)
        /// The body does not match its Content-Length.
        public static let body = Code(.body)
        /// A size limit was exceeded (answer `513` when it is the message size).
        public static let limitExceeded = Code(.limit)
        /// A header value does not follow its grammar.
        public static let malformedValue = Code(.value)
        public var description: String { "\(base)" }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, in words.
    public var reason: String
    /// The header concerned, by its canonical name, if any.
    public var header: String?
    /// Byte offset in the message where the problem was found, if known.
    public var offset: Int?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, header: String? = nil, offset: Int? = nil) {
        self.code = code
        self.reason = reason
        self.header = header
        self.offset = offset
    }

    /// The response status a UAS or proxy should answer a request with this error (RFC 3261 §8.2, §21.4.25, §21.5.6).
    public var suggestedStatusCode: Int {
        switch code {
        case .unsupportedVersion: return 505
        case .limitExceeded: return 513
        default: return 400
        }
    }

    public var description: String {
        var s = ""
        if let header { s += "\(header): " }
        s += reason
        if let offset { s += " (byte \(offset))" }
        return s
    }

    /// The same error, attributed to `header` when it was not attributed yet.
    func named(_ header: String) -> SIPParseError {
        var copy = self
        if copy.header == nil { copy.header = header }
        return copy
    }
}
