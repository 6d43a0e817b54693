import SIPCore
import Testing
import Topology

@testable import Registrar

/// SPEC §3: every row of the registration table, and how failover and failback move the rows.
@Suite struct RegistrarModeTests {
    static let phone = "<sip:alice@192.0.2.1:5062>"

    @Test func homePoolAnswers200InNormalMode() {
        var registrar = Fixture.registrar("pool-a")
        let outcome = registrar.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 600), user: Fixture.alice, source: "udp:192.0.2.1:5062",
            now: 1000)
        #expect(outcome.mode == .normal)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.warningList.isEmpty)
        #expect(outcome.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 600])
        #expect(outcome.changes.added.map(\.contact) == ["sip:alice@192.0.2.1:5062"])
        #expect(outcome.bindings.first?.resiliency == false)
        #expect(outcome.bindings.first?.source == "udp:192.0.2.1:5062")
        #expect(registrar.location.isRegistered("alice", now: 1500))
    }

    @Test func backupWithHomeDownAnswers200InResiliencyMode() throws {
        var registrar = Fixture.registrar("pool-b", partnerDown: true)
        let outcome = registrar.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 600), user: Fixture.alice, source: "udp:192.0.2.1:5062",
            now: 1000)
        #expect(outcome.mode == .resiliency)
        #expect(outcome.response.status.code == 200)
        #expect(
            outcome.response.warningList
                == [SIPWarning(code: 399, agent: "127.0.0.1:5070", text: "resiliency mode: call park unavailable")])
        #expect(outcome.response.headerFields.values(.warning) == ["399 127.0.0.1:5070 \"resiliency mode: call park unavailable\""])
        // Capped at resiliencyExpires (120), not the 600 asked.
        #expect(outcome.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 120])
        let binding = try #require(outcome.bindings.first)
        #expect(binding.resiliency)
        #expect(binding.expiresAt == 1120)
    }

    @Test func backupWithHomeUpAnswers301ToHome() throws {
        var registrar = Fixture.registrar("pool-b", partnerDown: false)
        let outcome = registrar.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 600), user: Fixture.alice, source: "udp:192.0.2.1:5062",
            now: 1000)
        #expect(outcome.mode == .moved(toPool: Fixture.poolA))
        #expect(outcome.response.status.code == 301)
        #expect(outcome.response.status.reasonPhrase == "Moved Permanently (alice is served by pool-a)")
        #expect(outcome.response.headerFields.values(.contact) == ["<sip:alice@127.0.0.1:5060>"])
        let warning = try #require(outcome.response.warningList.first)
        #expect(warning.agent == "127.0.0.1:5070")
        #expect(warning.text.contains("alice is served by pool-a at 127.0.0.1:5060"))
        #expect(outcome.changes.isEmpty)
        #expect(registrar.location.userCount == 0)
    }

    @Test func aPoolOutsideThePairAnswers301() {
        var registrar = Fixture.registrar("pool-c", partnerDown: true)
        let outcome = registrar.register(
            Fixture.register("alice", contacts: [Self.phone]), user: Fixture.alice, source: "udp:192.0.2.1:5062", now: 0)
        #expect(outcome.mode == .moved(toPool: Fixture.poolA))
        #expect(outcome.response.status.code == 301)
    }

    @Test func modeRule() {
        let a = Fixture.registrar("pool-a"), b = Fixture.registrar("pool-b"), bDown = Fixture.registrar("pool-b", partnerDown: true)
        #expect(a.mode(for: Fixture.alice) == .normal)
        #expect(a.mode(for: Fixture.dave) == .moved(toPool: Fixture.poolB))
        #expect(b.mode(for: Fixture.alice) == .moved(toPool: Fixture.poolA))
        #expect(bDown.mode(for: Fixture.alice) == .resiliency)
        #expect(bDown.mode(for: Fixture.dave) == .normal)
        // pool-c is nobody's partner: never resiliency for pool-a's users.
        #expect(Fixture.registrar("pool-c", partnerDown: true).mode(for: Fixture.alice) == .moved(toPool: Fixture.poolA))
    }

    @Test func failoverMakesThePartnerServeNormally() {
        let deployment = Fixture.failedOver("pool-a")
        var b = Fixture.registrar("pool-b", deployment: deployment)
        let atB = b.register(Fixture.register("alice", contacts: [Self.phone]), user: Fixture.alice, source: "udp:x", now: 0)
        #expect(atB.mode == .normal)
        #expect(atB.response.warningList.isEmpty)
        #expect(atB.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 1800])  // default, not the resiliency cap
        // The failed-over pool, when it answers at all, sends its users to the partner...
        var a = Fixture.registrar("pool-a", deployment: deployment)
        let atA = a.register(Fixture.register("alice", contacts: [Self.phone]), user: Fixture.alice, source: "udp:x", now: 0)
        #expect(atA.mode == .moved(toPool: Fixture.poolB))
        #expect(atA.response.headerFields.values(.contact) == ["<sip:alice@127.0.0.1:5070>"])
        // ... or takes them in resiliency mode if it sees the partner down.
        a.partnerDown = true
        #expect(a.mode(for: Fixture.alice) == .resiliency)
    }

    @Test func failbackSendsRefreshesAtTheBackupHome() {
        // During the outage: alice registered on pool-b in resiliency mode.
        var b = Fixture.registrar("pool-b", partnerDown: true)
        let first = b.register(
            Fixture.register("alice", contacts: [Self.phone], cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        #expect(first.mode == .resiliency)
        #expect(b.movedUsers(now: 10).isEmpty)
        // pool-a is back: the refresh at pool-b gets 301, and alice is listed for a `deactivated` notification.
        b.partnerDown = false
        #expect(b.movedUsers(now: 10) == ["alice"])
        let refresh = b.register(
            Fixture.register("alice", contacts: [Self.phone], cSeq: 2), user: Fixture.alice, source: "udp:x", now: 60)
        #expect(refresh.response.status.code == 301)
        #expect(refresh.changes.isEmpty)
        // The resiliency binding stays until it expires, so calls keep reaching alice meanwhile.
        #expect(b.location.bindings(of: "alice", now: 60).count == 1)
        #expect(b.expire(now: 120) == ["alice"])
    }

    @Test func unregisterWhileMovedIsAllowed() {
        var b = Fixture.registrar("pool-b", partnerDown: true)
        _ = b.register(Fixture.register("alice", contacts: [Self.phone], cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        b.partnerDown = false
        let bye = b.register(
            Fixture.register("alice", contacts: [Self.phone], expires: 0, cSeq: 2), user: Fixture.alice, source: "udp:x", now: 5)
        #expect(bye.mode == .moved(toPool: Fixture.poolA))
        #expect(bye.response.status.code == 200)
        #expect(bye.changes.removed.map(\.contact) == ["sip:alice@192.0.2.1:5062"])
        #expect(bye.response.headerFields.values(.contact).isEmpty)
        #expect(!b.location.isRegistered("alice", now: 5))
    }

    @Test func starUnregisterAndFetchWhileMovedAreServed() {
        var b = Fixture.registrar("pool-b", partnerDown: true)
        _ = b.register(Fixture.register("alice", contacts: [Self.phone], cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        b.partnerDown = false
        let fetch = b.register(Fixture.register("alice", contacts: [], cSeq: 2), user: Fixture.alice, source: "udp:x", now: 5)
        #expect(fetch.response.status.code == 200)
        #expect(fetch.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 115])
        let star = b.register(
            Fixture.register("alice", contacts: ["*"], expires: 0, cSeq: 3), user: Fixture.alice, source: "udp:x", now: 6)
        #expect(star.response.status.code == 200)
        #expect(star.changes.removed.count == 1)
    }

    @Test func aMixOfAddAndRemoveWhileMovedIsRedirectedWhole() {
        var b = Fixture.registrar("pool-b", partnerDown: true)
        _ = b.register(Fixture.register("alice", contacts: [Self.phone], cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        b.partnerDown = false
        let mixed = b.register(
            Fixture.register("alice", contacts: [Self.phone + ";expires=0", "<sip:alice@192.0.2.9>"], cSeq: 2),
            user: Fixture.alice, source: "udp:x", now: 5)
        #expect(mixed.response.status.code == 301)
        #expect(b.location.bindings(of: "alice", now: 5).map(\.contact) == ["sip:alice@192.0.2.1:5062"])
    }

    @Test func movedToAPoolMissingFromTheDeploymentNamesTheDomain() {
        var deployment = Fixture.deployment
        deployment.users["zoe"] = Fixture.user("zoe", home: "pool-z")
        let registrar = Fixture.registrar("pool-a", deployment: deployment)
        guard case .moved(let target) = registrar.mode(for: deployment.users["zoe"]!) else {
            Issue.record("expected moved")
            return
        }
        #expect(target.name == "pool-z")
        #expect(target.sipHostPort == "callpark.test:5060")
    }
}
