extension User {
    /// Length of ``ha1MD5``: 32 lowercase hex digits.
    public static let md5HexLength = 32
    /// Length of ``ha1SHA256``: 64 lowercase hex digits.
    public static let sha256HexLength = 64

    /// Checks the user on its own: name, display name and HA1 hashes. The home pool is checked by
    /// ``Deployment/validate()``.
    public func validate() throws(TopologyError) {
        if let problem = TopologySyntax.userPartProblem(name) {
            throw TopologyError(.invalidName, "user name \"\(name)\" \(problem)")
        }
        if let displayName, TopologySyntax.hasControlCharacter(displayName) {
            throw TopologyError(.invalidUser, "user \(name): the display name must not contain control characters (line breaks, tabs…)")
        }
        try Self.check(ha1MD5, algorithm: "MD5", length: Self.md5HexLength, user: name)
        try Self.check(ha1SHA256, algorithm: "SHA-256", length: Self.sha256HexLength, user: name)
    }

    private static func check(_ hash: String, algorithm: String, length: Int, user: String) throws(TopologyError) {
        guard !TopologySyntax.isLowercaseHex(hash, length: length) else { return }
        let found = hash.isEmpty ? "it is empty" : "found \"\(hash.count > 80 ? hash.prefix(77) + "…" : hash)\" (\(hash.count) characters)"
        throw TopologyError(
            .invalidCredentials, "user \(user): the \(algorithm) HA1 must be \(length) lowercase hex digits, \(found)")
    }
}
