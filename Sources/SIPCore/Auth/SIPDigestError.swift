/// Why an authentication header could not be read as a digest challenge or digest credentials.
///
/// Wraps a private enum (NIO style) so that codes can be added without breaking the API.
public struct SIPDigestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notDigest, missingParameter, malformedParameter, unsupportedAlgorithm, unsupportedQop
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The scheme is not `Digest`.
        public static let notDigest = Code(.notDigest)
        /// A required parameter (realm, nonce, username, uri, response) is absent.
        public static let missingParameter = Code(.missingParameter)
        /// A parameter does not follow its grammar (e.g. `nc` is not 8 hex digits).
        public static let malformedParameter = Code(.malformedParameter)
        /// The `algorithm` is not one this implementation computes (e.g. `SHA-512-256`).
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The challenge offers no `qop` this implementation answers (only `auth` is supported).
        public static let unsupportedQop = Code(.unsupportedQop)
        public var description: String { "\(base)" }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}
