/// A media direction attribute: `a=sendrecv`, `a=sendonly`, `a=recvonly` or `a=inactive` (RFC 4566 §6,
/// RFC 3264 §5.1), always from the point of view of the description's author.
///
/// ```swift
/// SDPDirection.sendonly.answer(preferring: .sendrecv)  // .recvonly (RFC 3264 §6.1)
/// SDPDirection.sendrecv.holding                        // .sendonly (RFC 3264 §8.4)
/// ```
public enum SDPDirection: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Send and receive (the default when no direction is given, RFC 3264 §5.1).
    case sendrecv
    /// Send only.
    case sendonly
    /// Receive only.
    case recvonly
    /// Neither send nor receive.
    case inactive

    /// The direction from whether the author sends and whether it receives.
    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    /// Whether the author sends media.
    public var sends: Bool { self == .sendrecv || self == .sendonly }
    /// Whether the author receives media.
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The same stream seen from the other side: `sendonly` ↔ `recvonly`.
    public var reversed: SDPDirection { SDPDirection(sends: receives, receives: sends) }

    /// The direction to answer this offered direction with, given what the answerer would like (RFC 3264 §6.1).
    ///
    /// The answerer sends only if it wants to and the offerer receives, and receives only if it wants to and the
    /// offerer sends: offer `sendonly` → `recvonly` (or `inactive`), offer `recvonly` → `sendonly` (or `inactive`),
    /// offer `inactive` → `inactive`, offer `sendrecv` → whatever the answerer prefers.
    public func answer(preferring local: SDPDirection = .sendrecv) -> SDPDirection {
        SDPDirection(sends: local.sends && receives, receives: local.receives && sends)
    }

    /// The direction a re-offer puts a stream on hold with (RFC 3264 §8.4): `sendrecv` → `sendonly`,
    /// `recvonly` → `inactive`; `sendonly` and `inactive` are already on hold.
    public var holding: SDPDirection { SDPDirection(sends: sends, receives: false) }

    /// The direction a re-offer takes a held stream off hold with: `sendonly` → `sendrecv`, `inactive` → `recvonly`.
    public var resuming: SDPDirection { SDPDirection(sends: sends, receives: true) }

    /// The attribute name.
    public var description: String { rawValue }
}
