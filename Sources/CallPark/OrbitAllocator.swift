import Topology

/// The orbits of one pool: which are free, which are occupied, and which rest after being freed (SPEC §5 "Orbit
/// choice"). A pure value: time is a parameter (`now`, seconds on a monotonic clock), randomness is injectable.
///
/// Free orbits are kept in two places, so that every operation is O(1) amortised whatever the pool size
/// (up to 50,000 orbits, SPEC §2):
/// - `ready`: free orbits that have rested long enough (or never been used), an array with swap-remove, from which
///   ``allocate(now:using:)`` picks uniformly at random;
/// - `resting`: orbits freed less than ``reuseDelay`` seconds ago, a FIFO in order of release. They move to `ready`
///   when their rest is over, and are used before that only when no rested orbit is free, longest-rested first.
///
/// ```swift
/// var orbits = OrbitAllocator(ranges: deployment.ranges(of: "pool-a"), reuseDelay: 60)
/// let orbit = orbits.allocate(now: clock.now)      // random, never one freed in the last 60 s while others are free
/// try orbits.claim(try Orbit(parsing: "*3042"), now: clock.now)   // directed park
/// orbits.release(orbit!, now: clock.now)           // rests for 60 s
/// ```
public struct OrbitAllocator: Sendable {
    /// Why a directed park cannot take an orbit.
    public enum ClaimError: Error, Hashable, Sendable {
        /// The orbit is in none of this pool's ranges.
        case notInPool(Orbit)
        /// The orbit holds a call already.
        case occupied(Orbit)
    }

    /// The pool's ranges.
    public private(set) var ranges: [OrbitRange]
    /// Seconds a freed orbit rests while others are free (``CallParkSettings/orbitReuseDelay``).
    public var reuseDelay: Double

    /// Free orbits that may be chosen now, in no order (swap-remove).
    private var ready: [Orbit] = []
    /// Position of each orbit of `ready`.
    private var readyIndex: [Orbit: Int] = [:]
    /// Free orbits still resting, with the time they were freed: the truth; `restQueue` is its FIFO order.
    private var restingSince: [Orbit: Double] = [:]
    /// Resting orbits in order of release; entries whose time no longer matches `restingSince` are stale
    /// (the orbit was claimed, or removed with its range) and skipped.
    private var restQueue: [(orbit: Orbit, freedAt: Double)] = []
    /// Index of the head of `restQueue`.
    private var restHead = 0
    /// Orbits holding a call, including those of a range removed since (they vanish when released).
    private var occupied: Set<Orbit> = []

    /// An allocator with every orbit of `ranges` free and rested.
    public init(ranges: [OrbitRange], reuseDelay: Double) {
        self.ranges = ranges
        self.reuseDelay = reuseDelay
        for range in ranges {
            for orbit in range.orbits where readyIndex[orbit] == nil { appendReady(orbit) }
        }
    }

    // MARK: Queries

    /// Whether `orbit` is in one of this pool's ranges.
    public func contains(_ orbit: Orbit) -> Bool { ranges.contains { $0.contains(orbit) } }

    /// Whether `orbit` holds a call.
    public func isOccupied(_ orbit: Orbit) -> Bool { occupied.contains(orbit) }

    /// Whether `orbit` is free but was freed less than ``reuseDelay`` seconds before `now`.
    public func isResting(_ orbit: Orbit, now: Double) -> Bool {
        guard let freedAt = restingSince[orbit] else { return false }
        return now - freedAt < reuseDelay
    }

    /// How many orbits are free (rested or resting): an allocation succeeds when this is not zero.
    public var freeCount: Int { ready.count + restingSince.count }

    /// How many orbits hold a call.
    public var occupiedCount: Int { occupied.count }

    /// Every occupied orbit, sorted.
    public var occupiedOrbits: [Orbit] { occupied.sorted() }

    // MARK: Changes

    /// Takes a free orbit for a park: uniformly at random among the rested ones; when every free orbit is still
    /// resting, the one that has rested longest. `nil` when no orbit is free (SPEC §5: the park fails with 486).
    public mutating func allocate<G: RandomNumberGenerator>(now: Double, using generator: inout G) -> Orbit? {
        promoteRested(now: now)
        if !ready.isEmpty {
            let orbit = ready[Int.random(in: 0..<ready.count, using: &generator)]
            removeReady(orbit)
            occupied.insert(orbit)
            return orbit
        }
        // Only resting orbits are free: SPEC §5 forbids a quick reuse only "while another is free", so take the
        // one freed longest ago, which is the head of the FIFO.
        while restHead < restQueue.count {
            let entry = restQueue[restHead]
            restHead += 1
            guard restingSince[entry.orbit] == entry.freedAt else { continue }
            restingSince[entry.orbit] = nil
            compactRestQueue()
            occupied.insert(entry.orbit)
            return entry.orbit
        }
        return nil
    }

    /// ``allocate(now:using:)`` with the system's random number generator.
    public mutating func allocate(now: Double) -> Orbit? {
        var generator = SystemRandomNumberGenerator()
        return allocate(now: now, using: &generator)
    }

    /// Takes `orbit` for a directed park (SPEC §5 B). A resting orbit may be claimed: the parker chose it.
    public mutating func claim(_ orbit: Orbit, now: Double) throws(ClaimError) {
        guard !occupied.contains(orbit) else { throw .occupied(orbit) }
        guard contains(orbit) else { throw .notInPool(orbit) }
        if readyIndex[orbit] != nil {
            removeReady(orbit)
        } else {
            // Resting (its FIFO entry becomes stale), or in a range added without `update(ranges:)`: take it anyway.
            restingSince[orbit] = nil
        }
        occupied.insert(orbit)
    }

    /// Frees `orbit` at `now`. With `resting` (the default) it rests for ``reuseDelay`` seconds, so that a caller
    /// who was told this orbit does not pick up another call (SPEC §5); without, it is free for any park at once
    /// (an orbit reserved for a park that never happened, never announced to anyone). An orbit of a range removed
    /// since it was taken vanishes. Returns whether the orbit was occupied.
    @discardableResult
    public mutating func release(_ orbit: Orbit, now: Double, resting: Bool = true) -> Bool {
        guard occupied.remove(orbit) != nil else { return false }
        promoteRested(now: now)  // keeps the FIFO short when parks are all directed (no allocate to drain it)
        guard contains(orbit) else { return true }
        if resting && reuseDelay > 0 {
            restingSince[orbit] = now
            restQueue.append((orbit, now))
        } else {
            appendReady(orbit)
        }
        return true
    }

    /// The pool's ranges changed (SPEC §2: changes take effect without a restart). New orbits are free and rested;
    /// free orbits of removed ranges go; occupied ones stay occupied until released, then vanish.
    public mutating func update(ranges newRanges: [OrbitRange]) {
        let old = ranges
        ranges = newRanges
        for range in old where !newRanges.contains(range) {
            for orbit in range.orbits where !contains(orbit) {
                if readyIndex[orbit] != nil { removeReady(orbit) }
                restingSince[orbit] = nil
            }
        }
        compactRestQueue()
        for range in newRanges where !old.contains(range) {
            for orbit in range.orbits where readyIndex[orbit] == nil && restingSince[orbit] == nil && !occupied.contains(orbit) {
                appendReady(orbit)
            }
        }
    }

    // MARK: Internals

    /// Moves every orbit whose rest is over from the head of the FIFO to `ready`.
    private mutating func promoteRested(now: Double) {
        while restHead < restQueue.count {
            let entry = restQueue[restHead]
            guard restingSince[entry.orbit] == entry.freedAt else {
                restHead += 1
                continue
            }
            // The FIFO is in release order (monotonic `now`), so the first orbit still resting ends the scan.
            guard now - entry.freedAt >= reuseDelay else { break }
            restHead += 1
            restingSince[entry.orbit] = nil
            appendReady(entry.orbit)
        }
        compactRestQueue()
    }

    /// Drops consumed entries from the FIFO once they are half of it (amortised O(1)).
    private mutating func compactRestQueue() {
        if restHead == restQueue.count {
            restQueue.removeAll(keepingCapacity: true)
            restHead = 0
        } else if restHead > 1024 && restHead * 2 > restQueue.count {
            restQueue.removeFirst(restHead)
            restHead = 0
        }
    }

    private mutating func appendReady(_ orbit: Orbit) {
        readyIndex[orbit] = ready.count
        ready.append(orbit)
    }

    private mutating func removeReady(_ orbit: Orbit) {
        guard let index = readyIndex.removeValue(forKey: orbit) else { return }
        let last = ready.removeLast()
        if index < ready.count {
            ready[index] = last
            readyIndex[last] = index
        }
    }
}
