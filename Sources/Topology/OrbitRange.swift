/// A named range of orbits owned by one pool (SPEC §2). Every orbit in it is routed to that pool's park service.
public struct OrbitRange: Hashable, Sendable, Codable {
    /// Unique name.
    public var name: String
    /// First orbit.
    public var start: Orbit
    /// Last orbit (same prefix and length as ``start``).
    public var end: Orbit
    /// The owning pool.
    public var pool: String

    /// A range.
    public init(name: String, start: Orbit, end: Orbit, pool: String) {
        self.name = name
        self.start = start
        self.end = end
        self.pool = pool
    }

    /// How many orbits the range holds.
    public var count: Int { max(0, end.number - start.number + 1) }

    /// Whether `orbit` is in this range: same prefix, same length, number between start and end.
    public func contains(_ orbit: Orbit) -> Bool {
        orbit.prefix == start.prefix && orbit.digits.count == start.digits.count && orbit.number >= start.number
            && orbit.number <= end.number
    }

    /// Every orbit of the range, in order.
    public var orbits: [Orbit] { (0..<count).map { start.advanced(by: $0) } }
}
