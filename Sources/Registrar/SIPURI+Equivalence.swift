import SIPCore

extension SIPURI {
    /// The URI parameters that make two SIP URIs differ when only one of them has it (RFC 3261 §19.1.4).
    private static let significantParameters = ["user", "ttl", "method", "maddr", "transport"]

    /// Whether two SIP URIs are equivalent under RFC 3261 §19.1.4, as a registrar compares Contact URIs
    /// (§10.3 step 7): same scheme; user and password equal after decoding, case-sensitively; host equal ignoring
    /// case; the same port (an absent port differs from 5060); `user`, `ttl`, `method`, `maddr` and `transport`
    /// equal when either has them; other parameters equal when both have them. URI headers are not compared: a
    /// Contact to register has none worth telling apart.
    func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme, decodedUser == other.decodedUser,
            password.map(SIPURI.percentDecoded) == other.password.map(SIPURI.percentDecoded),
            host?.address.lowercased() == other.host?.address.lowercased(), port == other.port
        else { return false }
        if let opaque { return opaque == other.opaque }
        for parameter in parameters {
            let name = parameter.name.lowercased()
            guard let theirs = other.parameters[name] else {
                if Self.significantParameters.contains(name) { return false }
                continue
            }
            guard (parameter.value ?? "").lowercased() == (theirs ?? "").lowercased() else { return false }
        }
        return !other.parameters.contains { p in
            Self.significantParameters.contains(p.name.lowercased()) && !parameters.contains(p.name)
        }
    }
}
