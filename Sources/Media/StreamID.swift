/// Identifies one music-on-hold stream of a ``MusicOnHoldPacer`` (one parked call).
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
    /// The number, unique within one pacer; the top 8 bits name the pacer's shard (its event loop).
    public let rawValue: UInt64

    /// Creates an identifier.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The shard (event loop) of the pacer the stream plays on.
    public var shard: Int { Int(rawValue >> 56) }

    public var description: String { "stream-\(shard)-\(rawValue & 0x00FF_FFFF_FFFF_FFFF)" }
}
