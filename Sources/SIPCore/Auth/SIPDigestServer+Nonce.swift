import Crypto

// MARK: - Stateless nonces

extension SIPDigestServer {
    /// The byte length of the issue time and the salt.
    static let nonceFieldsLength = 16
    /// The byte length of the truncated HMAC (RFC 2104 §5: at least half the hash output).
    static let nonceMACLength = 16

    /// A nonce: 64 lowercase hex digits of `time ‖ salt ‖ HMAC-SHA256(secret, time ‖ salt ‖ realm)[0..<16]`,
    /// with the issue time and salt as big-endian 64-bit integers.
    ///
    /// The HMAC binds the nonce to the realm and makes it unforgeable without the secret (RFC 7616 §3.3 and §5.4
    /// suggest a timestamp and a private key in the nonce); the salt makes nonces issued in the same second differ.
    public func nonce(issuedAt now: UInt64, salt: UInt64) -> String {
        var fields: [UInt8] = []
        fields.reserveCapacity(Self.nonceFieldsLength)
        for shift in stride(from: 56, through: 0, by: -8) { fields.append(UInt8(truncatingIfNeeded: now >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { fields.append(UInt8(truncatingIfNeeded: salt >> UInt64(shift))) }
        return SIPDigest.hex(fields + mac(fields))
    }

    /// The issue time of a nonce this server (or one sharing its secret and realm) issued, or `nil` when the nonce
    /// is malformed or its HMAC does not match.
    public func issueTime(ofNonce nonce: String) -> UInt64? {
        guard nonce.utf8.count == 2 * (Self.nonceFieldsLength + Self.nonceMACLength),
            let bytes = SIPDigest.bytes(hex: nonce)
        else { return nil }
        let fields = Array(bytes[..<Self.nonceFieldsLength])
        guard SIPDigest.constantTimeEquals(bytes[Self.nonceFieldsLength...], mac(fields)) else { return nil }
        return fields[..<8].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The truncated HMAC over the fields and the realm.
    private func mac(_ fields: [UInt8]) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: secret))
        hmac.update(data: fields)
        hmac.update(data: Array(realm.utf8))
        return Array(Array(hmac.finalize()).prefix(Self.nonceMACLength))
    }
}
