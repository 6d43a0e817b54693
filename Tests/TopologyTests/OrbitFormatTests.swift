import Testing

@testable import Topology

@Suite("Orbit number format (SPEC §2)")
struct OrbitFormatTests {
    @Test("accepted orbits keep their text", arguments: ["*3042", "#101", "3042", "123456789", "*12345678", "#99999999", "1", "*101"])
    func accepted(text: String) throws {
        let orbit = try Orbit(parsing: text)
        #expect(orbit.description == text)
    }

    @Test(
        "refused orbits",
        arguments: [
            ("*100", "greater than 100"), ("*0123", "must not start with 0"), ("0123", "must not start with 0"),
            ("*123456789", "more than 8 digits"), ("1234567890", "more than 9 digits"), ("**12", "must be digits"),
            ("*", "has no digits"), ("12a", "must be digits"), ("", "has no digits"), ("#", "has no digits"), ("*1", "greater than 100"),
            ("+3042", "must be digits"), (" 3042", "must be digits"), ("３０４２", "must be digits"),
        ])
    func refused(text: String, why: String) {
        expectRefused(.invalidOrbit, why) { () throws(TopologyError) in _ = try Orbit(parsing: text) }
    }

    @Test("prefix and no prefix are different orbits (never normalised)")
    func neverNormalised() throws {
        #expect(try Orbit(parsing: "*3042") != Orbit(parsing: "3042"))
        #expect(try Orbit(parsing: "*3042") != Orbit(parsing: "#3042"))
    }

    @Test(
        "a range end built from parts is held to the format",
        arguments: [
            Orbit(prefix: nil, digits: "*3000"), Orbit(prefix: "*", digits: "0300"), Orbit(prefix: "x", digits: "3000"),
            Orbit(prefix: "*", digits: "100"),
        ])
    func rangeEndFromParts(start: Orbit) {
        let range = OrbitRange(name: "odd", start: start, end: start, pool: "pool-a")
        let deployment = Fixtures.demo { $0.orbitRanges["odd"] = range }
        expectRefused(deployment, .invalidOrbit, "orbit range \"odd\", start")
    }
}
