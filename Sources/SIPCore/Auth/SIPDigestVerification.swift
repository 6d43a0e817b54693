/// The outcome of checking Digest credentials (RFC 3261 §22.4, RFC 7616 §3.3).
public enum SIPDigestVerification: Hashable, Sendable, CustomStringConvertible {
    /// The response matches a fresh nonce: the request is authenticated as `username`.
    case authorized(username: String)
    /// The response is right but the nonce has expired: challenge again with `stale=true` so the client retries
    /// without asking its user (RFC 7616 §3.3, RFC 2617 §3.2.1).
    case stale
    /// The credentials are not acceptable: challenge again (401/407), or answer 400 for
    /// ``Rejection/malformed(_:)`` and ``Rejection/uriMismatch`` (RFC 2617 §3.2.2.5).
    case rejected(Rejection)

    /// Why credentials were rejected.
    public enum Rejection: Hashable, Sendable, CustomStringConvertible {
        /// The request carries no credentials for this realm.
        case noCredentials
        /// The header could not be read as Digest credentials.
        case malformed(SIPDigestError)
        /// The credentials are for another realm.
        case wrongRealm
        /// The algorithm is not one this server accepts.
        case unsupportedAlgorithm
        /// The qop is not `auth` (e.g. `auth-int`).
        case unsupportedQop
        /// A parameter the chosen qop or algorithm needs is absent (`cnonce`, `nc`, or `qop` when RFC 2069 responses
        /// are refused).
        case missingParameter(String)
        /// The nonce was not issued by this server for this realm (forged, corrupted or from another realm).
        case badNonce
        /// The digest-uri does not name the Request-URI.
        case uriMismatch
        /// No credentials are stored for the username.
        case unknownUser
        /// The response does not match: a wrong password, or a tampered request.
        case wrongResponse

        public var description: String {
            switch self {
            case .noCredentials: return "no credentials for this realm"
            case .malformed(let error): return "malformed credentials: \(error.reason)"
            case .wrongRealm: return "credentials are for another realm"
            case .unsupportedAlgorithm: return "digest algorithm not accepted"
            case .unsupportedQop: return "qop not supported"
            case .missingParameter(let name): return "credentials have no \(name)"
            case .badNonce: return "nonce was not issued by this server"
            case .uriMismatch: return "digest-uri does not match the Request-URI"
            case .unknownUser: return "unknown user"
            case .wrongResponse: return "wrong digest response"
            }
        }
    }

    public var description: String {
        switch self {
        case .authorized(let username): return "authorized as \(username)"
        case .stale: return "stale nonce"
        case .rejected(let reason): return "rejected: \(reason)"
        }
    }
}
