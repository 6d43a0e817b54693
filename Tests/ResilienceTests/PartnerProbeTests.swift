import Testing

@testable import Resilience

/// Every transition of the partner probe (SPEC §3 failure detection), with explicit times.
struct PartnerProbeTests {
    let settings = PartnerProbe.Settings(interval: 0.5, failureThreshold: 3, recoveryThreshold: 2)

    @Test func startAndEveryTickSendAProbeAndReArm() {
        let probe = PartnerProbe(settings: settings)
        #expect(probe.start(now: 0) == [.sendProbe, .schedule(after: 0.5)])
        #expect(probe.timerFired(now: 0.5) == [.sendProbe, .schedule(after: 0.5)])
        #expect(probe.state == .up)
    }

    @Test func upToSuspectToDownAfterTheThreshold() {
        var probe = PartnerProbe(settings: settings)
        #expect(probe.probeFailed(now: 1) == [.partnerSuspect(failures: 1)])
        #expect(probe.probeFailed(now: 1.5) == [.partnerSuspect(failures: 2)])
        #expect(!probe.isDown)
        #expect(probe.probeFailed(now: 2) == [.partnerDown(since: 2)])
        #expect(probe.isDown)
        #expect(probe.probeFailed(now: 2.5).isEmpty, "down stays down without repeating the event")
    }

    @Test func anAnswerClearsSuspicion() {
        var probe = PartnerProbe(settings: settings)
        _ = probe.probeFailed(now: 1)
        _ = probe.probeFailed(now: 1.5)
        #expect(probe.probeAnswered(now: 2).isEmpty)
        #expect(probe.state == .up)
        #expect(probe.probeFailed(now: 2.5) == [.partnerSuspect(failures: 1)], "failures counted afresh")
    }

    @Test func recoveryNeedsAnswersInARow() {
        var probe = PartnerProbe(settings: settings)
        for t in [1.0, 1.5, 2.0] { _ = probe.probeFailed(now: t) }
        #expect(probe.probeAnswered(now: 10).isEmpty)
        #expect(probe.probeFailed(now: 10.5).isEmpty, "a failure resets the run of answers")
        #expect(probe.probeAnswered(now: 11).isEmpty)
        #expect(probe.probeAnswered(now: 11.5) == [.partnerUp(outage: 9.5)])
        #expect(probe.state == .up)
    }

    @Test func thresholdsOfOneActAtOnce() {
        var probe = PartnerProbe(settings: .init(interval: 1, failureThreshold: 1, recoveryThreshold: 1))
        #expect(probe.probeFailed(now: 3) == [.partnerDown(since: 3)])
        #expect(probe.probeAnswered(now: 4) == [.partnerUp(outage: 1)])
    }
}
