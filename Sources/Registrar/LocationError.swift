/// Why ``LocationService`` refused a change; nothing was changed.
public enum LocationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// RFC 3261 §10.3 steps 6–7: the binding was written by the same Call-ID with a CSeq at least as high, so this
    /// REGISTER is older (out of order) and the whole update is aborted.
    case outOfOrder(contact: String, storedCSeq: UInt32, receivedCSeq: UInt32)
    /// The user would hold more bindings than allowed.
    case tooManyBindings(limit: Int)

    public var description: String {
        switch self {
        case .outOfOrder(let contact, let stored, let received):
            return "out-of-order REGISTER: CSeq \(received) is not above \(stored), which last wrote \(contact)"
        case .tooManyBindings(let limit):
            return "at most \(limit) contacts may be registered per user"
        }
    }
}
