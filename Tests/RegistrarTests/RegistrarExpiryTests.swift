import SIPCore
import Testing
import Topology

@testable import Registrar

/// RFC 3261 §10.3 step 7 expiry rules, with min 60, max 3600, default 1800, resiliency 120 (``Fixture/settings``).
@Suite struct RegistrarExpiryTests {
    static let phone = "<sip:alice@192.0.2.1:5062>"

    func register(_ contacts: [String], expires: UInt32? = nil, pool: String = "pool-a", partnerDown: Bool = false)
        -> (RegistrationOutcome, Registrar)
    {
        var registrar = Fixture.registrar(pool, partnerDown: partnerDown)
        let outcome = registrar.register(
            Fixture.register("alice", contacts: contacts, expires: expires), user: Fixture.alice, source: "udp:x", now: 500)
        return (outcome, registrar)
    }

    @Test func tooBriefExpiresHeaderGets423WithMinExpires() {
        let (outcome, registrar) = register([Self.phone], expires: 30)
        #expect(outcome.response.status.code == 423)
        #expect(outcome.response.status.reasonPhrase == "Interval Too Brief (30 s is below the minimum of 60 s)")
        #expect(outcome.response.headerFields[.minExpires] == "60")
        #expect(outcome.response.warningList.first?.agent == "127.0.0.1:5060")
        #expect(registrar.location.userCount == 0)
    }

    @Test func tooBriefContactParameterGets423AndNothingIsApplied() {
        // One good contact and one too brief: the whole request fails (§10.3 step 7, all or nothing).
        let (outcome, registrar) = register([Self.phone, "<sip:alice@192.0.2.2>;expires=59"], expires: 600)
        #expect(outcome.response.status.code == 423)
        #expect(registrar.location.userCount == 0)
    }

    @Test func minimumItselfIsAccepted() {
        let (outcome, _) = register([Self.phone], expires: 60)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 60)
    }

    @Test func contactParameterWinsOverHeader() {
        // §10.2.1.1: a parameter of 100 beats a header of 30 (which alone would be too brief).
        let (outcome, _) = register([Self.phone + ";expires=100"], expires: 30)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 100)
    }

    @Test func aboveMaximumIsShortened() throws {
        let (outcome, registrar) = register([Self.phone], expires: 86_400)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 3600)
        #expect(try #require(registrar.location.bindings(of: "alice", now: 500).first).expiresAt == 4100)
    }

    @Test func hugeExpiresIsClampedNotOverflowed() {
        let (outcome, _) = register([Self.phone + ";expires=99999999999999"])
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 3600)
    }

    @Test func defaultWhenNoneIsAsked() {
        let (outcome, _) = register([Self.phone])
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 1800)
    }

    @Test func resiliencyCapsEvenTheDefault() {
        let (outcome, registrar) = register([Self.phone], pool: "pool-b", partnerDown: true)
        #expect(outcome.mode == .resiliency)
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 120)
        #expect(registrar.location.bindings(of: "alice", now: 619).count == 1)
        #expect(registrar.location.bindings(of: "alice", now: 620).isEmpty)
    }

    @Test func resiliencyKeepsShorterRequests() {
        let (outcome, _) = register([Self.phone], expires: 90, pool: "pool-b", partnerDown: true)
        #expect(outcome.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 90)
    }

    @Test func tooBriefIsRefusedInResiliencyModeToo() {
        let (outcome, _) = register([Self.phone], expires: 10, pool: "pool-b", partnerDown: true)
        #expect(outcome.response.status.code == 423)
        #expect(outcome.mode == .resiliency)
    }

    @Test func expiresZeroIsNotTooBrief() {
        let (outcome, _) = register([Self.phone], expires: 0)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.headerFields.values(.contact).isEmpty)
    }

    @Test func bindingsExpireOverTime() {
        var registrar = Fixture.registrar("pool-a")
        _ = registrar.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 100, callID: "a", cSeq: 1), user: Fixture.alice,
            source: "udp:x", now: 0)
        _ = registrar.register(
            Fixture.register("alice", contacts: ["<sip:alice@192.0.2.2>"], expires: 300, callID: "b", cSeq: 1),
            user: Fixture.alice, source: "udp:y", now: 0)
        _ = registrar.register(
            Fixture.register("bob", contacts: ["<sip:bob@192.0.2.3>"], expires: 200, callID: "c", cSeq: 1), user: Fixture.bob,
            source: "udp:z", now: 0)
        #expect(registrar.expire(now: 50).isEmpty)
        #expect(registrar.location.bindingCount == 3)
        // alice loses one of two bindings: she is still registered.
        #expect(registrar.expire(now: 100).isEmpty)
        #expect(registrar.location.bindings(of: "alice", now: 100).map(\.contact) == ["sip:alice@192.0.2.2"])
        #expect(registrar.expire(now: 250) == ["bob"])
        #expect(registrar.expire(now: 300) == ["alice"])
        #expect(registrar.location.userCount == 0)
        // A fetch at 150 would have shown alice's remaining binding with 150 s left.
    }

    @Test func fetchShowsRemainingTime() {
        var registrar = Fixture.registrar("pool-a")
        _ = registrar.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 600, cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        let fetch = registrar.register(
            Fixture.register("alice", contacts: [], cSeq: 2), user: Fixture.alice, source: "udp:x", now: 250.4)
        #expect(fetch.response.status.code == 200)
        #expect(fetch.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 350])
        #expect(fetch.changes.isEmpty)
        let late = registrar.register(
            Fixture.register("alice", contacts: [], cSeq: 3), user: Fixture.alice, source: "udp:x", now: 600)
        #expect(late.response.headerFields.values(.contact).isEmpty)
    }

    @Test func dateHeaderFromTheWallClock() throws {
        var registrar = Fixture.registrar("pool-a")
        let outcome = registrar.register(
            Fixture.register("alice", contacts: [Self.phone]), user: Fixture.alice, source: "udp:x", now: 5,
            wallClock: 1_289_690_940)
        let date = try #require(outcome.response.headerFields[.date])
        #expect(date == "Sat, 13 Nov 2010 23:29:00 GMT")
        let without = registrar.register(
            Fixture.register("alice", contacts: [], cSeq: 2), user: Fixture.alice, source: "udp:x", now: 6)
        #expect(without.response.headerFields[.date] == nil)
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_251_199.9, "Thu, 29 Feb 2024 23:59:59 GMT"),
        (4_102_444_800.0, "Fri, 01 Jan 2100 00:00:00 GMT"),
        (-86_400.0, "Wed, 31 Dec 1969 00:00:00 GMT"),
    ])
    func dateFormatting(unixTime: Double, expected: String) throws {
        let text = SIPDate.string(unixTime: unixTime)
        #expect(text == expected)
        try SIPDate.validate(text)
    }
}
