import CallPark
import SIPCore
import Testing
import Topology

/// Time-out, ring-back and fallback (SPEC §5 Time-out, FLOWS 5), with explicit times.
@Suite("Parked call: time-out, ring-back, fallback")
struct ParkedCallTimeoutTests {
    let f = Fixtures.self

    @Test("pickupTimeout after the park: ring back the parker for ringbackDuration")
    func pickupTimeout() {
        var machine = f.parked()
        #expect(
            machine.timerFired(.pickup, now: 90) == [
                .ringBack(parker: f.bob, attempt: 1), .schedule(.ringback, after: 30),
                .record(.ringBack, retriever: nil, detail: "ring-back 1 of 1 to sip:bob@callpark.test"),
            ])
        #expect(machine.state == .ringingBack(attempt: 1))
    }

    @Test("A timer that is not pending, or fires before its deadline (a stale one), is ignored")
    func staleTimers() {
        var machine = f.parked()
        #expect(machine.timerFired(.pickup, now: 50) == [])
        #expect(machine.timerFired(.ringback, now: 500) == [])
        #expect(machine.timerFired(.transfer, now: 500) == [])
        #expect(machine.state == .parked)
        // 50 ms of slack for clocks read at slightly different moments.
        #expect(machine.timerFired(.pickup, now: 89.97).count == 3)
        // A retrieve that fails puts the call back with a new deadline: the old timer, fired late, is stale.
        var again = f.parked()
        _ = again.retrieveRequested(by: f.dave, now: 80)
        _ = again.retrieverHungUp(now: 81)
        #expect(again.timerFired(.pickup, now: 90) == [])
        #expect(again.timerFired(.pickup, now: 171).first == .ringBack(parker: f.bob, attempt: 1))
    }

    @Test("Last ring-back unanswered, no fallback: BYE, orbit freed (resting), parker told drop")
    func lastAttemptNoFallback() {
        var machine = f.ringingBack(f.controlDialog)
        #expect(
            machine.timerFired(.ringback, now: 120) == [
                .cancelRingBack, .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .drop)), .endControlDialog,
                .record(.dropped, retriever: nil, detail: "ring-back 1 not answered; no answer after 1 ring-back and no fallback set"),
            ])
        #expect(machine.state == .ended(.timedOut))
        #expect(machine.attempts == 1)
        #expect(!machine.holdsOrbit)
    }

    @Test("Last ring-back unanswered, onTimeoutURI set: blind REFER to it (RFC 3515)")
    func lastAttemptFallback() {
        var machine = f.ringingBack(settings: CallParkSettings(onTimeoutURI: "sip:operator@callpark.test"))
        #expect(
            machine.timerFired(.ringback, now: 120) == [
                .cancelRingBack, .referParkee(to: f.operatorURI, replacing: nil), .schedule(.transfer, after: 32),
            ])
        #expect(machine.state == .transferringToFallback(to: f.operatorURI, accepted: false))
    }

    @Test("A failed ring-back (no contact answers) counts as an attempt")
    func ringBackFailed() {
        var machine = f.ringingBack(settings: CallParkSettings(maxPickupAttempts: 2))
        #expect(machine.ringBackFailed(.temporarilyUnavailable, now: 91) == [.cancel(.ringback), .schedule(.pickup, after: 90)])
        #expect(machine.state == .parked)
        #expect(machine.attempts == 1)
        #expect(machine.ringBackFailed(.busyHere, now: 92) == [])
        #expect(machine.timerFired(.pickup, now: 181).first == .ringBack(parker: f.bob, attempt: 2))
    }

    @Test("The parker answers: REFER the parkee to it with Replaces naming the ring-back dialog")
    func ringBackAnswered() {
        var machine = f.ringingBack()
        #expect(
            machine.ringBackAnswered(by: f.bobRingBack, now: 100) == [
                .cancel(.ringback), .cancelRingBack,
                .referParkee(to: f.bobRingBack.referTo, replacing: f.bobRingBack.dialog), .schedule(.transfer, after: 32),
            ])
        guard case .handingOver(let handover) = machine.state else {
            Issue.record("not handing over: \(machine.state)")
            return
        }
        #expect(handover.isRingBack && handover.stage == .referSent && handover.retriever == f.bobRingBack)
    }

    @Test("The parker's pick-up completes: parkee hung up, orbit freed, parker told ringback")
    func ringBackPickupCompletes() {
        var machine = f.ringingBack(f.controlDialog)
        _ = machine.ringBackAnswered(by: f.bobRingBack, now: 100)
        #expect(machine.referAccepted(now: 100.1) == [])
        #expect(machine.retrieverHungUp(now: 100.3) == [])  // bob's phone ends the replaced dialog
        #expect(
            machine.transferSucceeded(now: 100.4) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .ringback, by: f.bob)), .endControlDialog,
                .record(.retrieved, retriever: f.bob, detail: "picked up by the parker on a ring-back"),
            ])
        #expect(machine.state == .ended(.retrieved(by: f.bob)))
    }

    @Test("The parker's pick-up fails after its phone left: the attempt counts")
    func ringBackPickupFails() {
        var machine = f.ringingBack(settings: CallParkSettings(maxPickupAttempts: 2))
        _ = machine.ringBackAnswered(by: f.bobRingBack, now: 100)
        _ = machine.retrieverHungUp(now: 101)
        #expect(machine.transferFailed(.callDoesNotExist, now: 102) == [.cancel(.transfer), .schedule(.pickup, after: 90)])
        #expect(machine.attempts == 1)
        #expect(machine.state == .parked)
    }

    @Test("A ring-back answer that crossed its CANCEL is still taken while parked")
    func lateRingBackAnswerWhileParked() {
        var machine = f.ringingBack(settings: CallParkSettings(maxPickupAttempts: 2))
        _ = machine.timerFired(.ringback, now: 120)
        #expect(
            machine.ringBackAnswered(by: f.bobRingBack, now: 120.2) == [
                .cancel(.pickup), .cancelRingBack,
                .referParkee(to: f.bobRingBack.referTo, replacing: f.bobRingBack.dialog), .schedule(.transfer, after: 32),
            ])
    }

    @Test("A stray ring-back answer after the call left is hung up")
    func strayRingBackAnswer() {
        var machine = f.ringingBack()
        _ = machine.timerFired(.ringback, now: 120)
        #expect(machine.ringBackAnswered(by: f.bobRingBack, now: 120.2) == [.hangUpRetriever(f.bobRingBack)])
        var fallback = f.transferringToFallback()
        #expect(fallback.ringBackAnswered(by: f.bobRingBack, now: 120.2) == [.hangUpRetriever(f.bobRingBack)])
    }

    // MARK: Fallback transfer

    @Test("Fallback: 202 then NOTIFY 200: the service leaves (RFC 5589 §6), parker told fallback")
    func fallbackSucceeds() {
        var machine = f.transferringToFallback()
        #expect(machine.referAccepted(now: 120.1) == [])
        #expect(machine.state == .transferringToFallback(to: f.operatorURI, accepted: true))
        #expect(
            machine.transferSucceeded(now: 121) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .record(.fallback, retriever: nil, detail: "transferred to sip:operator@callpark.test"),
            ])
        #expect(machine.state == .ended(.fallback(f.operatorURI)))
    }

    @Test("Fallback with a control dialog: the parker is told fallback, by the fallback URI")
    func fallbackNotifies() {
        var machine = f.transferringToFallback(f.controlDialog, accepted: true)
        let actions = machine.transferSucceeded(now: 121)
        #expect(actions.contains(.notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .fallback, by: f.operatorURI))))
        #expect(actions.contains(.endControlDialog))
    }

    @Test("Fallback refused (REFER 501) or failed (NOTIFY 486): the call is ended, parker told drop")
    func fallbackFails() {
        var refused = f.transferringToFallback(f.controlDialog)
        #expect(
            refused.referRejected(.notImplemented, now: 121) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .drop)), .endControlDialog,
                .record(
                    .dropped, retriever: nil,
                    detail: "fallback to sip:operator@callpark.test failed: the parked party refused the REFER: 501 Not Implemented"),
            ])
        #expect(refused.state == .ended(.timedOut))
        var failed = f.transferringToFallback(accepted: true)
        #expect(
            failed.transferFailed(.busyHere, now: 125).last
                == .record(.dropped, retriever: nil, detail: "fallback to sip:operator@callpark.test failed: 486 Busy Here"))
        #expect(failed.state == .ended(.timedOut))
    }

    @Test("Fallback guard timer: accepted → done; never answered → ended")
    func fallbackGuard() {
        var accepted = f.transferringToFallback(accepted: true)
        #expect(
            accepted.timerFired(.transfer, now: 152).last
                == .record(.fallback, retriever: nil, detail: "transferred to sip:operator@callpark.test (no final NOTIFY)"))
        #expect(accepted.state == .ended(.fallback(f.operatorURI)))
        var unanswered = f.transferringToFallback()
        #expect(
            unanswered.timerFired(.transfer, now: 152).last
                == .record(.dropped, retriever: nil, detail: "fallback to sip:operator@callpark.test failed: no answer to the REFER"))
        #expect(unanswered.state == .ended(.timedOut))
    }

    @Test("Fallback: the parkee ends P after accepting (transfer done) or before (hang-up); no BYE from the service")
    func fallbackParkeeHangsUp() {
        var accepted = f.transferringToFallback(accepted: true)
        #expect(
            accepted.parkeeHungUp(now: 121) == [
                .cancel(.transfer), .stopMusic, .releaseOrbit(f.orbit3042, resting: true),
                .record(.fallback, retriever: nil, detail: "transferred to sip:operator@callpark.test; the parked party ended its dialog"),
            ])
        var pending = f.transferringToFallback()
        #expect(
            pending.parkeeHungUp(now: 121).last
                == .record(.hangUp, retriever: nil, detail: "the parked party hung up before the transfer to sip:operator@callpark.test"))
        #expect(pending.state == .ended(.hungUp))
    }

    @Test("During the fallback transfer a retrieve is refused 486 and other events change nothing")
    func invalidDuringFallback() {
        var machine = f.transferringToFallback()
        #expect(machine.retrieveRequested(by: f.dave, now: 121) == [.refuseRetriever(f.dave, ParkRefusal(.orbitBusy(f.orbit3042)))])
        #expect(machine.retrieverConfirmed(now: 121) == [])
        #expect(machine.retrieverHungUp(now: 121) == [])
        #expect(machine.ringBackFailed(.busyHere, now: 121) == [])
        #expect(machine.timerFired(.pickup, now: 1000) == [])
        #expect(machine.drop(.drain, now: 121) == [])
        #expect(machine.state == .transferringToFallback(to: f.operatorURI, accepted: false))
    }
}
