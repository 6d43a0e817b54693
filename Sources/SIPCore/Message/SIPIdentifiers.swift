/// Random identifiers for new requests and dialogs: tags (RFC 3261 §19.3), Call-IDs (§8.1.1.4) and branches
/// (§8.1.1.7), each with at least 64 bits of randomness.
public enum SIPIdentifiers {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `count` random characters from [a-z0-9].
    public static func random(_ count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String(decoding: (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }, as: UTF8.self)
    }

    /// A From or To tag.
    public static func tag() -> String { random(12) }

    /// A Call-ID, `random@host` when a host is given.
    public static func callID(host: String? = nil) -> String { host.map { random(20) + "@" + $0 } ?? random(24) }

    /// A Via branch with the RFC 3261 magic cookie.
    public static func branch() -> String { "z9hG4bK" + random(16) }
}
