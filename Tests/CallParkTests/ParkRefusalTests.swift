import CallPark
import SIPCore
import Testing
import Topology

/// Every refusal of SPEC §5, its status, reason phrase and `Warning: 399` text, and the response built from it.
@Suite("Park refusals")
struct ParkRefusalTests {
    static let orbit = Fixtures.orbit("*3042")

    @Test(
        "Status, reason phrase and warning text",
        arguments: [
            (ParkRefusal.Reason.callParkDisabled(user: "carol"), 403, "Forbidden", "call park disabled for user carol"),
            (.resiliencyMode, 480, "Temporarily Unavailable", "call park unavailable in resiliency mode"),
            (.noFreeOrbit, 486, "Busy Here", "no free orbit"),
            (.orbitNotFound(orbit), 404, "Not Found", "orbit not found: *3042"),
            (.orbitNotFound(nil), 404, "Not Found", "orbit not found"),
            (.orbitOccupied(orbit), 486, "Busy Here", "orbit occupied: *3042"),
            (.orbitBusy(orbit), 486, "Busy Here", "orbit occupied: the call on *3042 is being picked up"),
            (.doublePark, 409, "Conflict", "double park: this call is already parked"),
            (.poolDraining(retryAfter: 30), 503, "Service Unavailable", "pool draining"),
            (.nothingToPark, 400, "Bad Request", "nothing to park: no park-request body and no Referred-By"),
            (
                .malformedParkRequest("<park-request> has no <parkee> element"), 400, "Bad Request",
                "malformed park request: <park-request> has no <parkee> element"
            ),
            (.parkeeRefused(.busyHere), 486, "Busy Here", "the parked party refused the call: 486 Busy Here"),
        ])
    func table(reason: ParkRefusal.Reason, code: Int, phrase: String, text: String) {
        let refusal = ParkRefusal(reason)
        #expect(refusal.status.code == code)
        #expect(refusal.status.reasonPhrase == phrase)
        #expect(refusal.warningText == text)
        #expect(refusal.warning(agent: "127.0.0.1:5060") == "399 127.0.0.1:5060 \"\(text)\"")
        #expect(refusal.retryAfter == (code == 503 ? 30 : nil))
    }

    @Test(
        "The parkee's failure is passed on, except challenges and non-failures, which become 480",
        arguments: [
            (401, 480), (407, 480), (302, 480), (180, 480), (486, 486), (603, 603), (488, 488), (500, 500), (408, 408),
        ])
    func parkeeStatus(parkee: Int, parker: Int) {
        #expect(ParkRefusal(.parkeeRefused(SIPResponseStatus(code: parkee))).status.code == parker)
    }

    static func invite() throws -> SIPRequest {
        let text =
            [
                "INVITE sip:*3042@callpark.test SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.4:5064;branch=z9hG4bK776asdhds", "Max-Forwards: 70",
                "To: <sip:*3042@callpark.test>", "From: Dave <sip:dave@callpark.test>;tag=1928301774", "Call-ID: a84b4c76e66710",
                "CSeq: 314159 INVITE", "Contact: <sip:dave@192.0.2.4:5064>", "Content-Length: 0",
            ].joined(separator: "\r\n") + "\r\n\r\n"
        return try #require(try SIPMessageParser().parse(text).request)
    }

    @Test("The response: status, To tag, Warning: 399 <agent> \"<reason>\" (RFC 3261 §20.43)")
    func response() throws {
        let response = ParkRefusal(.orbitOccupied(Self.orbit)).response(to: try Self.invite(), agent: "127.0.0.1:5060", toTag: "cps1")
        #expect(response.status == .busyHere)
        #expect(response.headerFields[.warning] == "399 127.0.0.1:5060 \"orbit occupied: *3042\"")
        #expect(try response.headerFields.to?.tag == "cps1")
        #expect(response.headerFields[.callID] == "a84b4c76e66710")
        #expect(!response.headerFields.contains(.retryAfter))
        let warnings = try SIPWarning.parseList(try #require(response.headerFields[.warning]))
        #expect(warnings == [SIPWarning(code: 399, agent: "127.0.0.1:5060", text: "orbit occupied: *3042")])
    }

    @Test("A draining pool's response carries Retry-After (RFC 3261 §20.33)")
    func drainingResponse() throws {
        let response = ParkRefusal(.poolDraining(retryAfter: 30)).response(to: try Self.invite(), agent: "pool-a.callpark.test")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headerFields[.retryAfter] == "30")
        #expect(response.headerFields[.warning] == "399 pool-a.callpark.test \"pool draining\"")
        #expect(try response.headerFields.to?.tag?.isEmpty == false)
    }

    @Test("A warning text with quotes and backslashes is escaped in the header")
    func escapedWarning() {
        let refusal = ParkRefusal(.malformedParkRequest("bad \"uri\" \\ here"))
        #expect(refusal.warning(agent: "h") == "399 h \"malformed park request: bad \\\"uri\\\" \\\\ here\"")
    }
}
