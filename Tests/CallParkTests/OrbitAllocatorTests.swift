import CallPark
import Testing
import Topology

/// Orbit choice (SPEC §5): random among the free orbits, never one freed within orbitReuseDelay while another is
/// free, the longest-rested when only resting ones are left; directed claims; configuration changes; scale.
@Suite("Orbit allocator")
struct OrbitAllocatorTests {
    let f = Fixtures.self

    @Test("A new allocator: every orbit of the ranges free")
    func fresh() {
        let orbits = OrbitAllocator(ranges: [f.demoRange], reuseDelay: 60)
        #expect(orbits.freeCount == 100)
        #expect(orbits.occupiedCount == 0)
        #expect(orbits.contains(f.orbit("*3000")) && orbits.contains(f.orbit("*3099")))
        #expect(!orbits.contains(f.orbit("*3100")) && !orbits.contains(f.orbit("3042")))
        #expect(!orbits.isOccupied(f.orbit3042))
    }

    @Test("Allocating every orbit gives each once, then nil (SPEC §5: 486 no free orbit)")
    func exhaust() {
        var orbits = OrbitAllocator(ranges: [f.demoRange], reuseDelay: 60)
        var rng = SplitMix64(seed: 1)
        var seen = Set<Orbit>()
        for _ in 0..<100 {
            let orbit = try! #require(orbits.allocate(now: 0, using: &rng))
            #expect(f.demoRange.contains(orbit))
            #expect(orbits.isOccupied(orbit))
            seen.insert(orbit)
        }
        #expect(seen.count == 100)
        #expect(orbits.freeCount == 0)
        #expect(orbits.allocate(now: 0, using: &rng) == nil)
        #expect(orbits.occupiedOrbits.first == f.orbit("*3000"))
    }

    @Test("Uniform-ish: 100,000 picks among 10 orbits, each within 5% of 10,000")
    func uniform() {
        var orbits = OrbitAllocator(ranges: [f.range("ten", "*3000", "*3009")], reuseDelay: 60)
        var rng = SplitMix64(seed: 42)
        var counts: [Orbit: Int] = [:]
        for step in 0..<100_000 {
            let orbit = orbits.allocate(now: Double(step), using: &rng)!
            counts[orbit, default: 0] += 1
            orbits.release(orbit, now: Double(step), resting: false)
        }
        #expect(counts.count == 10)
        for (orbit, count) in counts { #expect(abs(count - 10_000) < 500, "\(orbit): \(count)") }
    }

    @Test("A freed orbit rests for orbitReuseDelay while others are free", arguments: 0..<20)
    func reuseDelay(seed: UInt64) {
        var orbits = OrbitAllocator(ranges: [f.range("three", "*3000", "*3002")], reuseDelay: 60)
        var rng = SplitMix64(seed: seed)
        let first = orbits.allocate(now: 0, using: &rng)!
        orbits.release(first, now: 1)
        #expect(orbits.isResting(first, now: 2))
        #expect(orbits.freeCount == 3)
        let second = orbits.allocate(now: 2, using: &rng)!, third = orbits.allocate(now: 3, using: &rng)!
        #expect(second != first && third != first && second != third)
        // Only the resting one is left: SPEC §5 allows it then ("while another is free").
        #expect(orbits.allocate(now: 4, using: &rng) == first)
    }

    @Test("Only resting orbits free: the longest-rested first")
    func longestRested() {
        var orbits = OrbitAllocator(ranges: [f.range("three", "*3000", "*3002")], reuseDelay: 60)
        let a = f.orbit("*3000"), b = f.orbit("*3001"), c = f.orbit("*3002")
        for orbit in [a, b, c] { try! orbits.claim(orbit, now: 0) }
        orbits.release(b, now: 10)
        orbits.release(a, now: 20)
        orbits.release(c, now: 30)
        #expect(orbits.allocate(now: 31) == b)
        #expect(orbits.allocate(now: 32) == a)
        #expect(orbits.allocate(now: 33) == c)
        #expect(orbits.allocate(now: 34) == nil)
    }

    @Test("After orbitReuseDelay the orbit is an ordinary free orbit again")
    func restOver() {
        var orbits = OrbitAllocator(ranges: [f.range("two", "*3000", "*3001")], reuseDelay: 60)
        let a = f.orbit("*3000"), b = f.orbit("*3001")
        try! orbits.claim(a, now: 0)
        orbits.release(a, now: 1)
        #expect(orbits.isResting(a, now: 60.9))
        #expect(!orbits.isResting(a, now: 61))
        var picked = Set<Orbit>()
        for seed in 0..<40 {
            var copy = orbits
            var rng = SplitMix64(seed: UInt64(seed))
            picked.insert(copy.allocate(now: 61, using: &rng)!)
        }
        #expect(picked == [a, b])
    }

    @Test("A zero reuse delay, or an unannounced orbit released unrested, is free at once")
    func noRest() {
        var zero = OrbitAllocator(ranges: [f.range("one", "*3000", "*3000")], reuseDelay: 0)
        let orbit = zero.allocate(now: 0)!
        zero.release(orbit, now: 1)
        #expect(!zero.isResting(orbit, now: 1))
        var unrested = OrbitAllocator(ranges: [f.range("two", "*3000", "*3001")], reuseDelay: 60)
        try! unrested.claim(f.orbit("*3000"), now: 0)
        unrested.release(f.orbit("*3000"), now: 1, resting: false)
        #expect(!unrested.isResting(f.orbit("*3000"), now: 1))
    }

    @Test("Directed claims: not in the pool, occupied, and a resting orbit (the parker chose it)")
    func claims() throws {
        var orbits = OrbitAllocator(ranges: [f.demoRange], reuseDelay: 60)
        try orbits.claim(f.orbit3042, now: 0)
        #expect(throws: OrbitAllocator.ClaimError.occupied(f.orbit3042)) { try orbits.claim(f.orbit3042, now: 1) }
        #expect(throws: OrbitAllocator.ClaimError.notInPool(f.orbit("*4000"))) { try orbits.claim(f.orbit("*4000"), now: 1) }
        orbits.release(f.orbit3042, now: 2)
        try orbits.claim(f.orbit3042, now: 3)
        #expect(orbits.isOccupied(f.orbit3042))
        #expect(orbits.freeCount == 99)
        let releasedFree = orbits.release(f.orbit("*3000"), now: 4)
        #expect(!releasedFree)
    }

    @Test("A resting orbit claimed by a directed park is not handed out again by allocate")
    func claimedRestingSkipped() {
        var orbits = OrbitAllocator(ranges: [f.range("two", "*3000", "*3001")], reuseDelay: 60)
        let a = f.orbit("*3000"), b = f.orbit("*3001")
        try! orbits.claim(a, now: 0)
        try! orbits.claim(b, now: 0)
        orbits.release(a, now: 1)
        try! orbits.claim(a, now: 2)
        orbits.release(b, now: 3)
        #expect(orbits.allocate(now: 4) == b)
        #expect(orbits.allocate(now: 5) == nil)
        #expect(orbits.freeCount == 0)
    }

    @Test("Ranges change: new orbits free; removed ones go, occupied ones when released (SPEC §2)")
    func updateRanges() throws {
        let a = f.range("a", "*3000", "*3009"), b = f.range("b", "*3100", "*3104")
        var orbits = OrbitAllocator(ranges: [a], reuseDelay: 60)
        try orbits.claim(f.orbit("*3005"), now: 0)
        try orbits.claim(f.orbit("*3006"), now: 0)
        orbits.release(f.orbit("*3006"), now: 1)
        orbits.update(ranges: [a, b])
        #expect(orbits.freeCount == 14)
        #expect(orbits.contains(f.orbit("*3104")))
        orbits.update(ranges: [b])
        #expect(orbits.freeCount == 5)
        #expect(orbits.isOccupied(f.orbit("*3005")))
        #expect(!orbits.contains(f.orbit("*3005")))
        #expect(throws: OrbitAllocator.ClaimError.notInPool(f.orbit("*3001"))) { try orbits.claim(f.orbit("*3001"), now: 2) }
        let released = orbits.release(f.orbit("*3005"), now: 3)
        #expect(released)
        #expect(!orbits.isOccupied(f.orbit("*3005")))
        #expect(orbits.freeCount == 5)
        for _ in 0..<5 { #expect(b.contains(orbits.allocate(now: 4)!)) }
        #expect(orbits.allocate(now: 4) == nil)
        // Renaming a range keeps its orbits as they are.
        orbits.update(ranges: [f.range("b2", "*3100", "*3104")])
        #expect(orbits.occupiedCount == 5)
        #expect(orbits.freeCount == 0)
    }

    @Test("50,000 orbits (5 ranges of 10,000): 100,000 allocations and releases")
    func scale() {
        let ranges = (0..<5).map { f.range("r\($0)", "*\(10 + $0)0000", "*\(10 + $0)9999") }
        var orbits = OrbitAllocator(ranges: ranges, reuseDelay: 60)
        #expect(orbits.freeCount == 50_000)
        var rng = SplitMix64(seed: 7)
        var held: [Orbit] = []
        var failedReleases = 0
        for step in 0..<100_000 {
            let now = Double(step) * 0.01
            if held.count < 40_000 || step % 2 == 0 {
                if let orbit = orbits.allocate(now: now, using: &rng) { held.append(orbit) }
            } else {
                let index = Int.random(in: 0..<held.count, using: &rng)
                held.swapAt(index, held.count - 1)
                if !orbits.release(held.removeLast(), now: now) { failedReleases += 1 }
            }
        }
        #expect(failedReleases == 0)
        #expect(orbits.occupiedCount == held.count)
        #expect(orbits.freeCount + orbits.occupiedCount == 50_000)
        #expect(Set(held).count == held.count)
    }
}
