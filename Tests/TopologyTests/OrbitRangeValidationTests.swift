import Testing

@testable import Topology

@Suite("Orbit ranges")
struct OrbitRangeValidationTests {
    /// The two demo pools with the given ranges only.
    private func deployment(_ ranges: OrbitRange...) -> Deployment {
        Fixtures.demo { $0.orbitRanges = Dictionary(uniqueKeysWithValues: ranges.map { ($0.name, $0) }) }
    }

    @Test("the demo ranges are valid and hold 100 orbits each")
    func demoRanges() throws {
        let range = try #require(Fixtures.demo.orbitRanges["pool-a-main"])
        #expect(range.count == 100)
        #expect(range.summary == "\"pool-a-main\" (*3000–*3099)")
        #expect(Fixtures.demo.range(holding: Fixtures.orbit("*3042"))?.name == "pool-a-main")
        #expect(Fixtures.demo.range(holding: Fixtures.orbit("3042")) == nil)
    }

    @Test("start and end need the same number of digits")
    func sameLength() {
        expectRefused(deployment(Fixtures.range("r", "*300", "*4000")), .invalidRange, "the same number of digits (3 and 4)")
    }

    @Test("start and end need the same prefix", arguments: [("*3000", "#3099"), ("*3000", "3099"), ("3000", "#3099")])
    func samePrefix(start: String, end: String) {
        expectRefused(deployment(Fixtures.range("r", start, end)), .invalidRange, "the same prefix")
    }

    @Test("start must not be after end; a single-orbit range is fine")
    func order() {
        expectRefused(deployment(Fixtures.range("r", "*3099", "*3000")), .invalidRange, "orbit range \"r\" (*3099–*3000): the start is after the end")
        expectValid(deployment(Fixtures.range("r", "*3000", "*3000")))
    }

    @Test("a range holds at most 10,000 orbits")
    func rangeSize() {
        expectValid(deployment(Fixtures.range("r", "10000", "19999")))
        expectRefused(
            deployment(Fixtures.range("r", "10000", "20000")), .rangeTooLarge, "holds 10001 orbits; a range holds at most 10000")
    }

    @Test("a pool holds fewer than 50,000 orbits in all its ranges")
    func poolTotal() {
        let full = ["1", "2", "3", "4"].map { Fixtures.range("r\($0)", "\($0)0000", "\($0)9999") }
        let almost = Fixtures.range("r5", "50000", "59998")
        let deployment = Fixtures.demo { d in d.orbitRanges = Dictionary(uniqueKeysWithValues: (full + [almost]).map { ($0.name, $0) }) }
        expectValid(deployment)
        let over = deployment.with { $0.orbitRanges["r5"]!.end = Fixtures.orbit("59999") }
        expectRefused(over, .poolTooManyOrbits, "pool pool-a holds 50000 orbits in its ranges; a pool must hold fewer than 50000")
        // The limit is per pool: the same ranges split over two pools are fine.
        expectValid(over.with { $0.orbitRanges["r5"]!.pool = "pool-b" })
    }

    @Test("overlapping ranges are refused, naming both and the owner")
    func overlap() {
        let deployment = deployment(Fixtures.range("main", "*3000", "*3099"), Fixtures.range("east", "*3050", "*3150", pool: "pool-b"))
        expectRefused(deployment, .rangeOverlap, "orbit range \"east\" (*3050–*3150) overlaps range \"main\" (*3000–*3099) of pool pool-a")
    }

    @Test("an overlap sharing one orbit, a nested range and a range behind a short one are refused")
    func overlapShapes() {
        expectRefused(deployment(Fixtures.range("a", "*3000", "*3099"), Fixtures.range("b", "*3099", "*3199")), .rangeOverlap, "\"b\"")
        expectRefused(deployment(Fixtures.range("a", "*3000", "*3999"), Fixtures.range("b", "*3100", "*3199")), .rangeOverlap, "\"b\"")
        expectRefused(
            deployment(Fixtures.range("a", "*1000", "*5000"), Fixtures.range("b", "*1100", "*1200"), Fixtures.range("c", "*4000", "*4100")),
            .rangeOverlap, "\"b\" (*1100–*1200) overlaps range \"a\"")
        expectRefused(
            deployment(Fixtures.range("a", "*1000", "*5000"), Fixtures.range("b", "*1000", "*1000")), .rangeOverlap,
            "\"b\" (*1000–*1000) overlaps range \"a\"")
    }

    @Test("adjacent ranges are fine")
    func adjacent() {
        expectValid(deployment(Fixtures.range("a", "*3000", "*3099"), Fixtures.range("b", "*3100", "*3199"), Fixtures.range("c", "*2900", "*2999")))
    }

    @Test("the same numbers with another prefix or another length are other orbits")
    func otherShapes() {
        expectValid(
            deployment(
                Fixtures.range("star", "*3000", "*3099"), Fixtures.range("hash", "#3000", "#3099"), Fixtures.range("bare", "3000", "3099"),
                Fixtures.range("short", "*300", "*399"), Fixtures.range("long", "*30000", "*30999")))
    }

    @Test("the owning pool must exist")
    func owner() {
        expectRefused(
            deployment(Fixtures.range("r", "*5000", "*5099", pool: "pool-z")), .notFound,
            "orbit range \"r\" (*5000–*5099) belongs to pool pool-z, but there is no pool named pool-z")
    }

    @Test("many ranges are checked by sorting")
    func manyRanges() {
        var ranges: [OrbitRange] = []
        for index in 0..<2_000 {
            let start = 10_000 + index * 10
            ranges.append(Fixtures.range("r\(index)", "\(start)", "\(start + 9)", pool: index.isMultiple(of: 2) ? "pool-a" : "pool-b"))
        }
        let valid = Fixtures.demo { d in for r in ranges { d.orbitRanges[r.name] = r } }
        expectValid(valid)
        expectRefused(valid.with { $0.orbitRanges["r1999"]!.start = Fixtures.orbit("29989") }, .rangeOverlap, "\"r1999\"")
    }
}
