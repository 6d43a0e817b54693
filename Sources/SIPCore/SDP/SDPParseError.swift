/// Why a session description could not be parsed, and on which line (RFC 4566 §5, §9).
///
/// `description` reads like `SDP line 5: m= port 70000 is not a number from 0 to 65535`.
public struct SDPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number where the problem was found.
    public var line: Int
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "SDP line \(line): \(reason)" }
}
