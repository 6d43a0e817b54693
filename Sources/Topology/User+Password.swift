import SIPCore

extension User {
    /// A user whose HA1 hashes (MD5 and SHA-256) are computed from `password`; `realm` is the deployment's domain.
    ///
    /// ```swift
    /// let alice = User.withPassword(name: "alice", password: "secret", realm: "callpark.test", homePool: "pool-a")
    /// ```
    public static func withPassword(
        name: String, password: String, realm: String, homePool: String, callParkEnabled: Bool = true, displayName: String? = nil
    ) -> User {
        User(
            name: name, displayName: displayName, homePool: homePool, callParkEnabled: callParkEnabled,
            ha1MD5: SIPDigest.ha1(username: name, realm: realm, password: password, algorithm: .md5),
            ha1SHA256: SIPDigest.ha1(username: name, realm: realm, password: password, algorithm: .sha256))
    }

    /// Whether `password` is this user's password in `realm` (both hashes must match).
    public func hasPassword(_ password: String, realm: String) -> Bool {
        let other = User.withPassword(name: name, password: password, realm: realm, homePool: homePool)
        return other.ha1MD5 == ha1MD5 && other.ha1SHA256 == ha1SHA256
    }
}
