/// Why bytes are not an RTP packet (RFC 3550 §5.1).
///
/// A public struct around a private enum (as NIO does), so codes can be added without breaking callers.
public struct RTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated, unsupportedVersion, invalidPadding
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// Fewer bytes than the fixed header, the CSRC list or the header extension need.
        public static let truncated = Code(.truncated)
        /// The version field is not 2 (RFC 3550 §5.1).
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The padding count is zero or larger than what follows the header (RFC 3550 §5.1, P bit).
        public static let invalidPadding = Code(.invalidPadding)
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, in words.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
