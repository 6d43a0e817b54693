import CallPark
import SIPCore
import Testing
import Topology

/// Hang-up, drain and shutdown, the control dialog, and the ended state (SPEC §5 Hang-up, §6; FLOWS 6).
@Suite("Parked call: hang-up, drop, ended")
struct ParkedCallEndingTests {
    let f = Fixtures.self

    @Test("The parkee hangs up while parked: orbit freed at once, parker told hang-up (FLOWS 6)")
    func hangUpWhileParked() {
        var machine = f.parked(f.controlDialog)
        #expect(
            machine.parkeeHungUp(now: 30) == [
                .cancel(.pickup), .stopMusic, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .hangUp)), .endControlDialog,
                .record(.hangUp, retriever: nil, detail: "the parked party hung up"),
            ])
        #expect(machine.state == .ended(.hungUp))
    }

    @Test("The parkee hangs up during a ring-back: the ring-back is cancelled too")
    func hangUpWhileRingingBack() {
        var machine = f.ringingBack()
        #expect(
            machine.parkeeHungUp(now: 100) == [
                .cancel(.ringback), .cancelRingBack, .stopMusic, .releaseOrbit(f.orbit3042, resting: true),
                .record(.hangUp, retriever: nil, detail: "the parked party hung up"),
            ])
    }

    @Test("Drain or shutdown while parked: BYE, orbit freed, parker told drop (SPEC §6)", arguments: [Machine.DropReason.drain, .shutdown])
    func dropWhileParked(reason: Machine.DropReason) {
        var machine = f.parked(f.controlDialog)
        #expect(
            machine.drop(reason, now: 40) == [
                .cancel(.pickup), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .drop)), .endControlDialog,
                .record(.dropped, retriever: nil, detail: reason == .drain ? "pool pool-a draining" : "pool pool-a stopping"),
            ])
        #expect(machine.state == .ended(.dropped(reason)))
    }

    @Test("Drop during a ring-back cancels it")
    func dropWhileRingingBack() {
        var machine = f.ringingBack()
        #expect(machine.drop(.drain, now: 100).prefix(4) == [.cancel(.ringback), .cancelRingBack, .stopMusic, .hangUpParkee])
    }

    @Test("Drain leaves a handover or fallback transfer to finish; shutdown ends every leg")
    func dropDuringTransfers() {
        var handover = f.handingOver(f.controlDialog)
        #expect(handover.drop(.drain, now: 21) == [])
        #expect(
            handover.drop(.shutdown, now: 22) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .hangUpRetriever(f.dave), .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .drop)), .endControlDialog,
                .record(.dropped, retriever: f.dave.identity, detail: "pool pool-a stopping during a transfer"),
            ])
        var fallback = f.transferringToFallback()
        #expect(fallback.drop(.drain, now: 121) == [])
        #expect(
            fallback.drop(.shutdown, now: 122) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .record(.dropped, retriever: nil, detail: "pool pool-a stopping during the transfer to sip:operator@callpark.test"),
            ])
    }

    @Test("Shutdown during a handover after R ended does not hang R up again")
    func shutdownAfterRetrieverLeft() {
        var machine = f.handingOver()
        _ = machine.retrieverHungUp(now: 21)
        #expect(!machine.drop(.shutdown, now: 22).contains(.hangUpRetriever(f.dave)))
    }

    @Test("The control dialog ends while parked: the call stays parked, later outcomes are not notified")
    func controlDialogEnds() {
        var machine = f.parked(f.controlDialog)
        #expect(machine.parkerControlDialogEnded(now: 10) == [])
        #expect(!machine.hasControlDialog)
        #expect(machine.state == .parked)
        let actions = machine.parkeeHungUp(now: 30)
        #expect(!actions.contains(.endControlDialog))
        #expect(actions.contains(.releaseOrbit(f.orbit3042, resting: true)))
    }

    @Test("Only one notification and one release per call")
    func notifiedOnce() {
        var machine = f.parked(f.controlDialog)
        let all = machine.parkeeHungUp(now: 30) + machine.drop(.shutdown, now: 31) + machine.parkeeHungUp(now: 32)
        #expect(all.filter { if case .notifyParker = $0 { true } else { false } }.count == 1)
        #expect(all.filter { if case .releaseOrbit = $0 { true } else { false } }.count == 1)
    }

    /// Every event, fed to a machine in `ended`.
    static var everyEvent: [(String, (inout Machine) -> [Action])] {
        [
            ("start", { $0.start(now: 500) }),
            ("parkeeConfirmed", { $0.parkeeConfirmed(now: 500) }),
            ("parkeeRejected", { $0.parkeeRejected(.busyHere, now: 500) }),
            ("timerFired(pickup)", { $0.timerFired(.pickup, now: 500) }),
            ("timerFired(ringback)", { $0.timerFired(.ringback, now: 500) }),
            ("timerFired(transfer)", { $0.timerFired(.transfer, now: 500) }),
            ("ringBackFailed", { $0.ringBackFailed(.busyHere, now: 500) }),
            ("retrieverConfirmed", { $0.retrieverConfirmed(now: 500) }),
            ("referAccepted", { $0.referAccepted(now: 500) }),
            ("referRejected", { $0.referRejected(.notImplemented, now: 500) }),
            ("transferSucceeded", { $0.transferSucceeded(now: 500) }),
            ("transferFailed", { $0.transferFailed(.busyHere, now: 500) }),
            ("parkeeHungUp", { $0.parkeeHungUp(now: 500) }),
            ("retrieverHungUp", { $0.retrieverHungUp(now: 500) }),
            ("drop(drain)", { $0.drop(.drain, now: 500) }),
            ("drop(shutdown)", { $0.drop(.shutdown, now: 500) }),
            ("parkerControlDialogEnded", { $0.parkerControlDialogEnded(now: 500) }),
        ]
    }

    @Test("Ended: every event returns no actions and changes nothing (retrieves and ring-back answers get their answer)")
    func endedIgnoresEverything() {
        for (name, event) in Self.everyEvent {
            var machine = f.parked(f.controlDialog)
            _ = machine.parkeeHungUp(now: 30)
            let before = machine.state
            #expect(event(&machine) == [], "\(name)")
            #expect(machine.state == before, "\(name)")
        }
        var machine = f.parked()
        _ = machine.parkeeHungUp(now: 30)
        #expect(machine.retrieveRequested(by: f.dave, now: 40) == [.refuseRetriever(f.dave, ParkRefusal(.orbitNotFound(f.orbit3042)))])
        #expect(machine.ringBackAnswered(by: f.bobRingBack, now: 40) == [.hangUpRetriever(f.bobRingBack)])
        #expect(machine.parkeeAnswered(now: 40) == [])  // B: not an event of this method
    }

    @Test("Parked: events that do not apply change nothing")
    func invalidWhileParked() {
        var machine = f.parked()
        #expect(machine.start(now: 1) == [])
        #expect(machine.parkeeConfirmed(now: 1) == [])
        #expect(machine.parkeeRejected(.busyHere, now: 1) == [])
        #expect(machine.ringBackFailed(.busyHere, now: 1) == [])
        #expect(machine.retrieverConfirmed(now: 1) == [])
        #expect(machine.referAccepted(now: 1) == [])
        #expect(machine.referRejected(.notImplemented, now: 1) == [])
        #expect(machine.transferSucceeded(now: 1) == [])
        #expect(machine.transferFailed(.busyHere, now: 1) == [])
        #expect(machine.retrieverHungUp(now: 1) == [])
        #expect(machine.parkerControlDialogEnded(now: 1) == [])
        #expect(machine.state == .parked)
    }

    @Test("Ringing back: events that do not apply change nothing")
    func invalidWhileRingingBack() {
        var machine = f.ringingBack()
        #expect(machine.timerFired(.pickup, now: 200) == [])
        #expect(machine.retrieverConfirmed(now: 95) == [])
        #expect(machine.referAccepted(now: 95) == [])
        #expect(machine.transferSucceeded(now: 95) == [])
        #expect(machine.retrieverHungUp(now: 95) == [])
        #expect(machine.state == .ringingBack(attempt: 1))
    }
}
