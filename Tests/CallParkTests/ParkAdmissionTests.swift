import CallPark
import SIPCore
import Testing
import Topology

/// Park admission (SPEC §5 A, B, C, Retrieve and Refusals; FLOWS 7's resiliency refusal).
@Suite("Park admission")
struct ParkAdmissionTests {
    let f = Fixtures.self
    let parkURI = Fixtures.uri("sip:park@callpark.test")
    let orbitURI = Fixtures.uri("sip:*3042@callpark.test")
    let bob = Parker(uri: Fixtures.bob, user: Fixtures.user("bob"))

    /// The demo pool's orbits with *3042 occupied.
    func orbits(occupying occupied: [String] = ["*3042"]) -> OrbitAllocator {
        var orbits = OrbitAllocator(ranges: [f.demoRange], reuseDelay: 60)
        for orbit in occupied { try! orbits.claim(f.orbit(orbit), now: 0) }
        return orbits
    }

    var full: OrbitAllocator {
        var orbits = OrbitAllocator(ranges: [f.range("tiny", "*3000", "*3001")], reuseDelay: 60)
        _ = orbits.allocate(now: 0)
        _ = orbits.allocate(now: 0)
        return orbits
    }

    func refusal(_ decision: ParkDecision) -> ParkRefusal? {
        if case .refuse(let refusal) = decision { return refusal }
        return nil
    }

    // MARK: A — park request with a control dialog

    @Test("A: the caller may park: park with a control dialog")
    func parkRequestAdmitted() {
        let decision = ParkAdmission().classify(requestURI: parkURI, parkRequest: f.parkRequest, caller: bob, referredBy: nil, orbits: orbits())
        #expect(decision == .parkWithControlDialog(f.parkRequest, parker: bob))
    }

    @Test(
        "A: refusals, each with its status and Warning text",
        arguments: [
            (
                Parker(uri: Fixtures.uri("sip:carol@callpark.test"), user: Fixtures.user("carol", enabled: false)), 403,
                "call park disabled for user carol"
            ),
            (
                Parker(uri: Fixtures.uri("sip:bob@callpark.test"), user: Fixtures.user("bob"), inResiliencyMode: true), 480,
                "call park unavailable in resiliency mode"
            ),
            (Parker(uri: Fixtures.uri("sip:mallory@example.com"), user: nil), 403, "call park disabled for user mallory"),
        ])
    func parkRequestRefused(caller: Parker, code: Int, text: String) {
        let decision = ParkAdmission().classify(requestURI: parkURI, parkRequest: f.parkRequest, caller: caller, referredBy: nil, orbits: orbits())
        #expect(refusal(decision)?.status.code == code)
        #expect(refusal(decision)?.warningText == text)
    }

    @Test("A: no caller identity at all: 403")
    func parkRequestWithoutCaller() {
        let decision = ParkAdmission().classify(requestURI: parkURI, parkRequest: f.parkRequest, caller: nil, referredBy: nil, orbits: orbits())
        #expect(refusal(decision) == ParkRefusal(.callParkDisabled(user: "unknown")))
    }

    @Test("A: the same dialog parked twice: 409, whichever party asks (tags in either order)")
    func doublePark() {
        let parked: Set<ParkedDialogKey> = [ParkedDialogKey(f.parkRequest.replaces)]
        let decision = ParkAdmission().classify(
            requestURI: parkURI, parkRequest: f.parkRequest, caller: bob, referredBy: nil, orbits: orbits(), isParked: parked.contains)
        #expect(refusal(decision) == ParkRefusal(.doublePark))
        #expect(refusal(decision)?.status == .conflict)
        #expect(refusal(decision)?.warningText == "double park: this call is already parked")
        let swapped = SIPReplaces(callID: "a84b4c76e66710", toTag: "1928301774", fromTag: "314159")
        #expect(parked.contains(ParkedDialogKey(swapped)))
        #expect(!parked.contains(ParkedDialogKey(SIPReplaces(callID: "other", toTag: "314159", fromTag: "1928301774"))))
    }

    @Test("A and C: no free orbit: 486 no free orbit")
    func noFreeOrbit() {
        let a = ParkAdmission().classify(requestURI: parkURI, parkRequest: f.parkRequest, caller: bob, referredBy: nil, orbits: full)
        #expect(refusal(a) == ParkRefusal(.noFreeOrbit))
        #expect(refusal(a)?.status == .busyHere)
        #expect(refusal(a)?.warningText == "no free orbit")
        let c = ParkAdmission().classify(requestURI: parkURI, caller: nil, referredBy: bob, orbits: full)
        #expect(refusal(c) == ParkRefusal(.noFreeOrbit))
    }

    @Test("Draining: every kind of park gets 503 pool draining with Retry-After; retrieves still work")
    func draining() {
        let admission = ParkAdmission(draining: true, drainRetryAfter: 45)
        let expected = ParkRefusal(.poolDraining(retryAfter: 45))
        #expect(
            refusal(admission.classify(requestURI: parkURI, parkRequest: f.parkRequest, caller: bob, referredBy: nil, orbits: orbits())) == expected)
        #expect(refusal(admission.classify(requestURI: parkURI, caller: nil, referredBy: bob, orbits: orbits())) == expected)
        let directed = admission.classify(requestURI: f.uri("sip:*3043@callpark.test"), caller: nil, referredBy: bob, orbits: orbits())
        #expect(refusal(directed) == expected)
        #expect(expected.status == .serviceUnavailable && expected.retryAfter == 45 && expected.warningText == "pool draining")
        #expect(admission.classify(requestURI: orbitURI, caller: nil, referredBy: nil, orbits: orbits()) == .retrieve(f.orbit3042))
    }

    // MARK: C — blind transfer to the park number

    @Test("C: Referred-By user parks on any orbit")
    func parkNumber() {
        #expect(ParkAdmission().classify(requestURI: parkURI, caller: nil, referredBy: bob, orbits: orbits()) == .parkAnyOrbit(parker: bob))
    }

    @Test("C: the park number with neither a body nor Referred-By: 400 nothing to park")
    func nothingToPark() {
        let decision = ParkAdmission().classify(requestURI: parkURI, caller: bob, referredBy: nil, orbits: orbits())
        #expect(refusal(decision)?.status == .badRequest)
        #expect(refusal(decision)?.warningText == "nothing to park: no park-request body and no Referred-By")
    }

    @Test("C: the Referred-By user in resiliency mode: 480 (FLOWS 7)")
    func parkNumberResiliency() {
        let resilient = Parker(uri: f.bob, user: f.user("bob"), inResiliencyMode: true)
        let decision = ParkAdmission().classify(requestURI: parkURI, caller: nil, referredBy: resilient, orbits: orbits())
        #expect(refusal(decision) == ParkRefusal(.resiliencyMode))
        #expect(refusal(decision)?.status == .temporarilyUnavailable)
    }

    // MARK: B — directed park, and retrieve

    @Test("B: INVITE to a free orbit with Referred-By: directed park by the Referred-By user")
    func directedPark() {
        let decision = ParkAdmission().classify(requestURI: f.uri("sip:*3043@callpark.test"), caller: nil, referredBy: bob, orbits: orbits())
        #expect(decision == .parkDirected(f.orbit("*3043"), parker: bob))
    }

    @Test("B: an occupied orbit gets 486 orbit occupied (never bridge two strangers)")
    func directedParkOccupied() {
        let decision = ParkAdmission().classify(requestURI: orbitURI, caller: nil, referredBy: bob, orbits: orbits())
        #expect(refusal(decision) == ParkRefusal(.orbitOccupied(f.orbit3042)))
        #expect(refusal(decision)?.status == .busyHere)
        #expect(refusal(decision)?.warningText == "orbit occupied: *3042")
    }

    @Test("B: the Referred-By user may not park: disabled 403, resiliency 480")
    func directedParkRefused() {
        let carol = Parker(uri: f.uri("sip:carol@callpark.test"), user: f.user("carol", enabled: false))
        let decision = ParkAdmission().classify(requestURI: f.uri("sip:*3043@callpark.test"), caller: nil, referredBy: carol, orbits: orbits())
        #expect(refusal(decision)?.status == .forbidden)
        let resilient = Parker(uri: f.bob, user: f.user("bob"), inResiliencyMode: true)
        let second = ParkAdmission().classify(requestURI: f.uri("sip:*3043@callpark.test"), caller: nil, referredBy: resilient, orbits: orbits())
        #expect(refusal(second)?.warningText == "call park unavailable in resiliency mode")
    }

    @Test("An orbit outside every range of the pool: 404 orbit not found, with or without Referred-By")
    func outsideRanges() {
        for referredBy in [bob, nil] {
            let decision = ParkAdmission().classify(
                requestURI: f.uri("sip:*5000@callpark.test"), caller: nil, referredBy: referredBy, orbits: orbits())
            #expect(refusal(decision) == ParkRefusal(.orbitNotFound(f.orbit("*5000"))))
            #expect(refusal(decision)?.status == .notFound)
            #expect(refusal(decision)?.warningText == "orbit not found: *5000")
        }
    }

    @Test("Retrieve: an occupied orbit without Referred-By is a retrieve; a free one 404 orbit not found")
    func retrieve() {
        #expect(ParkAdmission().classify(requestURI: orbitURI, caller: nil, referredBy: nil, orbits: orbits()) == .retrieve(f.orbit3042))
        let free = ParkAdmission().classify(requestURI: f.uri("sip:*3043@callpark.test"), caller: nil, referredBy: nil, orbits: orbits())
        #expect(refusal(free) == ParkRefusal(.orbitNotFound(f.orbit("*3043"))))
    }

    @Test("Retrieve needs no park rights: a user in resiliency mode, or not a user, retrieves")
    func retrieveByAnyone() {
        let stranger = Parker(uri: f.uri("sip:x@example.com"), user: nil, inResiliencyMode: true)
        #expect(ParkAdmission().classify(requestURI: orbitURI, caller: stranger, referredBy: nil, orbits: orbits()) == .retrieve(f.orbit3042))
    }

    @Test("Request-URIs: escaped * and #, unknown users, other schemes")
    func targets() {
        #expect(ParkTarget(requestURI: f.uri("sip:%2A3042@callpark.test")) == .orbit(f.orbit3042))
        #expect(ParkTarget(requestURI: f.uri("sip:%234005@callpark.test")) == .orbit(f.orbit("#4005")))
        #expect(ParkTarget(requestURI: f.uri("sip:3042@callpark.test")) == .orbit(f.orbit("3042")))
        #expect(ParkTarget(requestURI: f.uri("sip:park@callpark.test")) == .parkNumber)
        #expect(ParkTarget(requestURI: f.uri("sip:parking@callpark.test"), parkUser: "parking") == .parkNumber)
        #expect(ParkTarget(requestURI: f.uri("sip:alice@callpark.test")) == nil)
        #expect(ParkTarget(requestURI: f.uri("sip:*0042@callpark.test")) == nil)
        #expect(ParkTarget(requestURI: f.uri("tel:+3042")) == nil)
        let decision = ParkAdmission().classify(requestURI: f.uri("sip:alice@callpark.test"), caller: nil, referredBy: nil, orbits: orbits())
        #expect(refusal(decision) == ParkRefusal(.orbitNotFound(nil)))
        #expect(refusal(decision)?.warningText == "orbit not found")
    }

    @Test("Orbits are never normalised: 3042 is not *3042")
    func notNormalised() {
        let decision = ParkAdmission().classify(requestURI: f.uri("sip:3042@callpark.test"), caller: nil, referredBy: nil, orbits: orbits())
        #expect(refusal(decision) == ParkRefusal(.orbitNotFound(f.orbit("3042"))))
    }
}
