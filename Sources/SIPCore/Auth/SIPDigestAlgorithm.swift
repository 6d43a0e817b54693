import Crypto

/// A digest hash algorithm (RFC 3261 §22.4, RFC 7616 §3.2, RFC 8760 §2.2–§2.3).
///
/// ```swift
/// SIPDigestAlgorithm.sha256.hash("Mufasa:http-auth@example.org:Circle of Life")  // 64 lowercase hex digits
/// SIPDigestAlgorithm(token: "md5")  // .md5 (tokens compare case-insensitively)
/// ```
public enum SIPDigestAlgorithm: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// `MD5`, the RFC 2617 default when a challenge names no algorithm.
    case md5 = "MD5"
    /// `MD5-sess`: HA1 is rehashed with the nonce and cnonce (RFC 2617 §3.2.2.2).
    case md5Session = "MD5-sess"
    /// `SHA-256` (RFC 7616 §3.2, RFC 8760 §2.2).
    case sha256 = "SHA-256"
    /// `SHA-256-sess` (RFC 7616 §3.4.2).
    case sha256Session = "SHA-256-sess"

    /// The algorithm named by an `algorithm` parameter value, compared case-insensitively; `nil` when unsupported
    /// (e.g. `SHA-512-256`).
    public init?(token: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.caseInsensitiveEquals(token) }) else { return nil }
        self = match
    }

    /// The token written in `algorithm=` parameters.
    public var description: String { rawValue }

    /// Whether this is a `-sess` variant, whose HA1 also covers the nonce and cnonce.
    public var isSession: Bool { self == .md5Session || self == .sha256Session }

    /// The variant without `-sess`: the algorithm a stored HA1 (`H(username:realm:password)`) is hashed with.
    public var base: SIPDigestAlgorithm {
        switch self {
        case .md5, .md5Session: return .md5
        case .sha256, .sha256Session: return .sha256
        }
    }

    /// Relative strength, higher is stronger; `-sess` variants rank with their hash (RFC 8760 §3: MD5 is weak).
    public var strength: Int { base == .sha256 ? 2 : 1 }

    /// Hashes the UTF-8 bytes of `text` and returns lowercase hex (RFC 7616 §3.4: `H(data)`).
    public func hash(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            switch base {
            case .sha256:
                var hasher = SHA256()
                hasher.update(bufferPointer: bytes)
                return SIPDigest.hex(hasher.finalize())
            default:
                var hasher = Insecure.MD5()
                hasher.update(bufferPointer: bytes)
                return SIPDigest.hex(hasher.finalize())
            }
        }
    }
}
