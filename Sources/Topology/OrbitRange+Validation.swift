extension OrbitRange {
    /// Most orbits one range may hold (the reference product's limit).
    public static let maxOrbits = 10_000
    /// A pool must hold fewer orbits than this in all its ranges (the reference product's limit).
    public static let poolOrbitLimit = 50_000

    /// The range as an administrator reads it: `"pool-a-main" (*3000–*3099)`.
    public var summary: String { "\"\(name)\" (\(start)–\(end))" }

    /// Checks the range on its own: its name, the orbit format of both ends, same prefix, same length,
    /// start ≤ end and its size. The owning pool and overlaps are checked by ``Deployment/validate()``.
    public func validate() throws(TopologyError) {
        if let problem = TopologySyntax.nameProblem(name) {
            throw TopologyError(.invalidName, "orbit range name \"\(name)\" \(problem)")
        }
        try Self.checkFormat(start, end: "start", range: name)
        try Self.checkFormat(end, end: "end", range: name)
        guard start.prefix == end.prefix else {
            throw TopologyError(
                .invalidRange,
                "orbit range \(summary): start and end must have the same prefix (\(Self.name(start.prefix)) and \(Self.name(end.prefix)))")
        }
        guard start.digits.count == end.digits.count else {
            throw TopologyError(
                .invalidRange,
                "orbit range \(summary): start and end must have the same number of digits (\(start.digits.count) and \(end.digits.count))")
        }
        guard start.number <= end.number else {
            throw TopologyError(.invalidRange, "orbit range \(summary): the start is after the end")
        }
        guard count <= Self.maxOrbits else {
            throw TopologyError(
                .rangeTooLarge, "orbit range \(summary) holds \(count) orbits; a range holds at most \(Self.maxOrbits)")
        }
    }

    /// Re-parses an end from its text, so an ``Orbit`` built from parts is held to the same format as one parsed.
    private static func checkFormat(_ orbit: Orbit, end: String, range: String) throws(TopologyError) {
        let parsed: Orbit
        do {
            parsed = try Orbit(parsing: orbit.description)
        } catch {
            throw error.prefixed("orbit range \"\(range)\", \(end)")
        }
        guard parsed == orbit else {
            throw TopologyError(.invalidOrbit, "orbit range \"\(range)\", \(end): orbit \"\(orbit)\" is not written in its canonical form")
        }
    }

    private static func name(_ prefix: Character?) -> String { prefix.map { "'\($0)'" } ?? "none" }

    /// Checks ranges against each other: fewer than ``poolOrbitLimit`` orbits per pool and no two ranges sharing an
    /// orbit. Each range must already have passed ``validate()``. Sorts, so it costs O(n log n) in the ranges.
    static func checkTogether(_ ranges: [OrbitRange]) throws(TopologyError) {
        var perPool: [String: Int] = [:]
        for range in ranges { perPool[range.pool, default: 0] += range.count }
        if let (pool, total) = perPool.filter({ $0.value >= poolOrbitLimit }).min(by: { $0.key < $1.key }) {
            throw TopologyError(
                .poolTooManyOrbits,
                "pool \(pool) holds \(total) orbits in its ranges; a pool must hold fewer than \(poolOrbitLimit)")
        }
        // Ranges can only share orbits when they have the same prefix and length; sort each such group by start and
        // compare every range with the one reaching furthest before it.
        struct Shape: Hashable {
            var prefix: Character?
            var length: Int
        }
        let groups = Dictionary(grouping: ranges) { Shape(prefix: $0.start.prefix, length: $0.start.digits.count) }
        var overlaps: [TopologyError] = []
        for group in groups.values {
            let sorted = group.sorted { ($0.start.number, $0.name) < ($1.start.number, $1.name) }
            var furthest = sorted[0]
            for range in sorted.dropFirst() {
                if range.start.number <= furthest.end.number {
                    overlaps.append(
                        TopologyError(
                            .rangeOverlap, "orbit range \(range.summary) overlaps range \(furthest.summary) of pool \(furthest.pool)"))
                    break
                }
                if range.end.number > furthest.end.number { furthest = range }
            }
        }
        if let first = overlaps.min(by: { $0.description < $1.description }) { throw first }
    }
}
