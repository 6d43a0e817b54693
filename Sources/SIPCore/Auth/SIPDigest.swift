/// Digest computations shared by clients and servers (RFC 2617 §3.2.2, RFC 7616 §3.4, RFC 3261 §22.4).
///
/// ```swift
/// let ha1 = SIPDigest.ha1(username: "alice", realm: "callpark.test", password: "secret", algorithm: .sha256)
/// let response = SIPDigest.response(
///     ha1: ha1, algorithm: .sha256, nonce: nonce, method: .register, uri: "sip:callpark.test",
///     qop: "auth", nonceCount: 1, cnonce: "0a4f113b")
/// ```
public enum SIPDigest {
    /// `H(username ":" realm ":" password)`, the value a credential store keeps (RFC 7616 §3.4.2).
    ///
    /// For `-sess` algorithms this is still the hash of the base algorithm; ``response(ha1:algorithm:nonce:method:uri:qop:nonceCount:cnonce:)``
    /// applies the session step itself.
    public static func ha1(username: String, realm: String, password: String, algorithm: SIPDigestAlgorithm) -> String {
        algorithm.hash("\(username):\(realm):\(password)")
    }

    /// The `response` parameter for `qop=auth` or, when `qop` is `nil`, the RFC 2069 form.
    ///
    /// - With qop (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1): `H(HA1:nonce:nc:cnonce:qop:HA2)`.
    /// - Without qop (RFC 2069 §2.1.2, kept by RFC 3261 §22.4 for backwards compatibility): `H(HA1:nonce:HA2)`.
    /// - `HA2 = H(method:uri)` (RFC 2617 §3.2.2.3); for `-sess`, `HA1' = H(HA1:nonce:cnonce)` (RFC 2617 §3.2.2.2).
    public static func response(
        ha1: String, algorithm: SIPDigestAlgorithm, nonce: String, method: SIPMethod, uri: String,
        qop: String?, nonceCount: UInt32?, cnonce: String?
    ) -> String {
        var sessionHA1 = ha1.lowercased()
        if algorithm.isSession {
            sessionHA1 = algorithm.hash("\(sessionHA1):\(nonce):\(cnonce ?? "")")
        }
        let ha2 = algorithm.hash("\(method.rawValue):\(uri)")
        guard let qop else { return algorithm.hash("\(sessionHA1):\(nonce):\(ha2)") }
        let nc = nonceCountText(nonceCount ?? 0)
        return algorithm.hash("\(sessionHA1):\(nonce):\(nc):\(cnonce ?? ""):\(qop):\(ha2)")
    }

    /// A nonce count as the 8 lowercase hex digits of `nc` (RFC 2617 §3.2.2: `nc-value = 8LHEX`).
    public static func nonceCountText(_ count: UInt32) -> String {
        let digits = String(count, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    // MARK: - Helpers

    /// Lowercase hex of a byte sequence.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even-length hex string (either case), or `nil`.
    static func bytes(hex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count.isMultiple(of: 2) else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var k = 0
        while k < chars.count {
            guard let hi = nibble(chars[k]), let lo = nibble(chars[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
            k += 2
        }
        return out
    }

    /// Compares without an early exit, so the time taken does not reveal how much of a response matched.
    static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }

    /// Whether a comma-separated token list (a `qop` option list) holds `token`, compared case-insensitively.
    static func listContains(_ list: [String], _ token: String) -> Bool {
        list.contains { $0.caseInsensitiveEquals(token) }
    }

    /// Splits `auth,auth-int` or `auth, auth-int` into tokens.
    static func splitList(_ text: String, separator: Character = ",") -> [String] {
        text.split(separator: separator).map { String($0.trimmingWSP()) }.filter { !$0.isEmpty }
    }
}
