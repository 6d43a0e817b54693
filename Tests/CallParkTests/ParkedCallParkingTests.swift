import CallPark
import SIPCore
import Testing
import Topology

/// Taking the call (SPEC §5 A, B, C; FLOWS 1–3): every transition out of `parking`.
@Suite("Parked call: parking")
struct ParkedCallParkingTests {
    let f = Fixtures.self

    @Test("A: start sends the parkee an INVITE with Replaces naming dialog D as the parkee sees it (RFC 3891 §3)")
    func startControlDialog() {
        var machine = f.machine(f.controlDialog)
        #expect(machine.state == .parking)
        #expect(machine.hasControlDialog)
        #expect(machine.start(now: 0) == [.inviteParkee(contact: f.aliceContact, replaces: f.parkRequest.replaces)])
        #expect(machine.start(now: 1) == [])
    }

    @Test("B and C: start answers the parkee's INVITE", arguments: [ParkMethod.directed, .parkNumber])
    func startByTransfer(method: ParkMethod) {
        var machine = f.machine(method)
        #expect(!machine.hasControlDialog)
        #expect(machine.start(now: 0) == [.acceptParkee])
        #expect(machine.start(now: 0) == [])
    }

    @Test("A: the parkee's 200 OK parks the call: park response, music, pickup timer, event")
    func parkeeAnswered() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        #expect(
            machine.parkeeAnswered(now: 0.5) == [
                .answerParker(ParkResponse(requestID: "r-17", orbit: f.orbit3042, parkedCallID: "pc-1")),
                .startMusic(.defaultTune), .schedule(.pickup, after: 90),
                .record(.parked, retriever: nil, detail: "parked by sip:bob@callpark.test with a control dialog"),
            ])
        #expect(machine.state == .parked)
        #expect(machine.parkedAt == 0.5)
        #expect(machine.parkeeAnswered(now: 1) == [])
        #expect(machine.parkeeConfirmed(now: 1) == [])
    }

    @Test("B: the parkee's ACK parks the call")
    func directedConfirmed() {
        var machine = f.machine(.directed)
        _ = machine.start(now: 0)
        #expect(machine.parkeeAnswered(now: 0) == [])
        #expect(
            machine.parkeeConfirmed(now: 0.02) == [
                .startMusic(.defaultTune), .schedule(.pickup, after: 90),
                .record(.parked, retriever: nil, detail: "directed park by blind transfer from sip:bob@callpark.test"),
            ])
        #expect(machine.state == .parked)
        #expect(machine.parkedAt == 0.02)
    }

    @Test("C: the parkee's ACK parks the call and the parker gets the orbit by MESSAGE")
    func parkNumberConfirmed() {
        var machine = f.machine(.parkNumber)
        _ = machine.start(now: 0)
        #expect(
            machine.parkeeConfirmed(now: 0) == [
                .messageParker(to: f.bob, text: "Call from Alice parked on *3042"), .startMusic(.defaultTune),
                .schedule(.pickup, after: 90),
                .record(.parked, retriever: nil, detail: "park by blind transfer to the park number from sip:bob@callpark.test"),
            ])
    }

    @Test("A: the parkee refuses the INVITE with Replaces: the parker gets its failure, the orbit is freed unrested")
    func parkeeRejected() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        let refusal = ParkRefusal(.parkeeRefused(.busyHere))
        #expect(machine.parkeeRejected(.busyHere, now: 1) == [.refuseParker(refusal), .releaseOrbit(f.orbit3042, resting: false)])
        #expect(machine.state == .ended(.notParked(.busyHere)))
        #expect(refusal.status == .busyHere)
        #expect(refusal.warningText == "the parked party refused the call: 486 Busy Here")
        #expect(machine.parkeeRejected(.busyHere, now: 2) == [])
    }

    @Test("B, C: no ACK from the parkee: BYE (RFC 3261 §13.3.1.4), orbit freed unrested", arguments: [ParkMethod.directed, .parkNumber])
    func noAck(method: ParkMethod) {
        var machine = f.machine(method)
        _ = machine.start(now: 0)
        #expect(machine.parkeeRejected(.requestTimeout, now: 32) == [.hangUpParkee, .releaseOrbit(f.orbit3042, resting: false)])
        #expect(machine.state == .ended(.notParked(.requestTimeout)))
    }

    @Test("A: the parker cancels: the INVITE to the parkee is cancelled; its 487 ends the park quietly")
    func parkerCancels() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        #expect(machine.parkerControlDialogEnded(now: 0.3) == [.cancelParkeeInvite])
        #expect(!machine.hasControlDialog)
        #expect(machine.parkerControlDialogEnded(now: 0.4) == [])
        #expect(machine.parkeeRejected(.requestTerminated, now: 0.5) == [.releaseOrbit(f.orbit3042, resting: false)])
        #expect(machine.state == .ended(.notParked(.requestTerminated)))
    }

    @Test("A: the parker cancels but the parkee's 200 OK crossed the CANCEL: parked, the parker told by MESSAGE")
    func parkerCancelsTooLate() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        _ = machine.parkerControlDialogEnded(now: 0.3)
        #expect(
            machine.parkeeAnswered(now: 0.4) == [
                .messageParker(to: f.bob, text: "Call from Alice parked on *3042"), .startMusic(.defaultTune),
                .schedule(.pickup, after: 90),
                .record(.parked, retriever: nil, detail: "parked by sip:bob@callpark.test with a control dialog"),
            ])
        #expect(machine.state == .parked)
    }

    @Test("B, C: the parkee hangs up before its ACK: orbit freed, nobody told", arguments: [ParkMethod.directed, .parkNumber])
    func parkeeHangsUpWhileParking(method: ParkMethod) {
        var machine = f.machine(method)
        _ = machine.start(now: 0)
        #expect(machine.parkeeHungUp(now: 0.1) == [.releaseOrbit(f.orbit3042, resting: false)])
        #expect(machine.state == .ended(.hungUp))
    }

    @Test("A: a hang-up before the parkee answered means nothing (there is no P yet)")
    func hangUpBeforeAnswer() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        #expect(machine.parkeeHungUp(now: 0.1) == [])
        #expect(machine.state == .parking)
    }

    @Test("A: drop while parking cancels the INVITE and answers the parker 503 pool draining")
    func dropWhileParkingControlDialog() {
        var machine = f.machine(f.controlDialog)
        _ = machine.start(now: 0)
        #expect(
            machine.drop(.drain, now: 1) == [
                .cancelParkeeInvite, .refuseParker(ParkRefusal(.poolDraining(retryAfter: 30))), .releaseOrbit(f.orbit3042, resting: false),
            ])
        #expect(machine.state == .ended(.dropped(.drain)))
        // The parkee's 200 OK crossed the CANCEL: the dialog it made is ended.
        #expect(machine.parkeeAnswered(now: 1.1) == [.hangUpParkee])
        #expect(machine.parkeeRejected(.requestTerminated, now: 1.1) == [])
    }

    @Test("B, C: drop while parking hangs up the parkee", arguments: [Machine.DropReason.drain, .shutdown])
    func dropWhileParkingDirected(reason: Machine.DropReason) {
        var machine = f.machine(.directed)
        _ = machine.start(now: 0)
        #expect(machine.drop(reason, now: 1) == [.hangUpParkee, .releaseOrbit(f.orbit3042, resting: false)])
        #expect(machine.state == .ended(.dropped(reason)))
    }

    @Test("While parking, timers, ring-back and transfer events change nothing; a retrieve finds no call")
    func invalidWhileParking() {
        var machine = f.machine(.directed)
        _ = machine.start(now: 0)
        for timer in Machine.Timer.allCases { #expect(machine.timerFired(timer, now: 500) == []) }
        #expect(machine.ringBackFailed(.busyHere, now: 1) == [])
        #expect(machine.retrieverConfirmed(now: 1) == [])
        #expect(machine.referAccepted(now: 1) == [])
        #expect(machine.referRejected(.notImplemented, now: 1) == [])
        #expect(machine.transferSucceeded(now: 1) == [])
        #expect(machine.transferFailed(.busyHere, now: 1) == [])
        #expect(machine.retrieverHungUp(now: 1) == [])
        #expect(machine.parkerControlDialogEnded(now: 1) == [])
        #expect(machine.retrieveRequested(by: f.dave, now: 1) == [.refuseRetriever(f.dave, ParkRefusal(.orbitNotFound(f.orbit3042)))])
        #expect(machine.ringBackAnswered(by: f.bobRingBack, now: 1) == [.hangUpRetriever(f.bobRingBack)])
        #expect(machine.state == .parking)
    }
}
