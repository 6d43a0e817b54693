/// Why an offer cannot be answered: the UAS should reply `488 Not Acceptable Here` (RFC 3261 §13.3.1.1,
/// §21.4.26; RFC 3264 §6).
public struct SDPNegotiationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case noAudio, noCommonCodec }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The offer has no active `RTP/AVP` audio stream.
        public static let noAudio = Code(.noAudio)
        /// No voice codec of the offered audio streams is supported.
        public static let noCommonCodec = Code(.noCommonCodec)
        public var description: String { "\(base)" }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, in words (fits a Warning header's text, RFC 3261 §20.43 code 305).
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The status to answer the INVITE (or UPDATE, re-INVITE) with.
    public var suggestedStatusCode: Int { 488 }

    public var description: String { reason }
}
