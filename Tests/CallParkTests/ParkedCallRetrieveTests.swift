import CallPark
import SIPCore
import Testing
import Topology

/// Retrieve and handover (SPEC §5 Retrieve, FLOWS 4), bridging when the parkee cannot do REFER.
@Suite("Parked call: retrieve and handover")
struct ParkedCallRetrieveTests {
    let f = Fixtures.self

    func handover(_ machine: Machine) -> Machine.Handover? {
        if case .handingOver(let handover) = machine.state { return handover }
        return nil
    }

    @Test("A retrieve while parked: pickup timer stopped, retriever answered, waiting for its ACK")
    func retrieveWhileParked() {
        var machine = f.parked()
        #expect(machine.retrieveRequested(by: f.dave, now: 20) == [.cancel(.pickup), .acceptRetriever(f.dave)])
        #expect(handover(machine) == Machine.Handover(retriever: f.dave, isRingBack: false, stage: .awaitingAck))
    }

    @Test("A retrieve during a ring-back cancels the ring-back; the attempt is not counted")
    func retrieveWhileRingingBack() {
        var machine = f.ringingBack()
        #expect(machine.retrieveRequested(by: f.dave, now: 100) == [.cancel(.ringback), .cancelRingBack, .acceptRetriever(f.dave)])
        #expect(machine.attempts == 0)
        #expect(handover(machine)?.stage == .awaitingAck)
    }

    @Test("The retriever's ACK: REFER the parkee with Refer-To <contact?Replaces=R> (RFC 3891 §3, RFC 3515)")
    func retrieverConfirmed() {
        var machine = f.parked()
        _ = machine.retrieveRequested(by: f.dave, now: 20)
        #expect(
            machine.retrieverConfirmed(now: 20.1) == [.referParkee(to: f.dave.referTo, replacing: f.dave.dialog), .schedule(.transfer, after: 32)])
        #expect(f.dave.referTo.description == "sip:dave@192.0.2.4:5064?Replaces=r-1%40192.0.2.4%3Bto-tag%3Ddave-tag%3Bfrom-tag%3Dcps-tag")
        #expect(handover(machine)?.stage == .referSent)
        #expect(machine.retrieverConfirmed(now: 20.2) == [])
        #expect(machine.referAccepted(now: 20.2) == [])
        #expect(handover(machine)?.stage == .referAccepted)
    }

    @Test("Refer-To keeps the contact's parameters and drops its own headers")
    func referToURI() {
        var retriever = f.dave
        retriever.contact = Fixtures.uri("sip:dave@192.0.2.4:5064;transport=tcp?Subject=x")
        #expect(retriever.referTo.description.hasPrefix("sip:dave@192.0.2.4:5064;transport=tcp?Replaces=r-1%40"))
        #expect(retriever.referTo.headers.count == 1)
    }

    @Test("FLOWS 4 in order: R replaced (BYE R), then NOTIFY 200: BYE P, orbit freed, parker told retrieved by dave")
    func handoverSucceeds() {
        var machine = f.handingOver(f.controlDialog)
        #expect(machine.retrieverHungUp(now: 20.5) == [])
        #expect(handover(machine)?.retrieverLeft == true)
        #expect(
            machine.transferSucceeded(now: 20.6) == [
                .cancel(.transfer), .stopMusic, .hangUpParkee, .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .retrieved, by: f.dave.identity)), .endControlDialog,
                .record(.retrieved, retriever: f.dave.identity, detail: "retrieved by sip:dave@callpark.test"),
            ])
        #expect(machine.state == .ended(.retrieved(by: f.dave.identity)))
    }

    @Test("NOTIFY 200 before R ends, even before the 202: R is left to the retriever's agent (RFC 3891 §3)")
    func notifyBeforeBye() {
        var machine = f.handingOver(accepted: false)
        let actions = machine.transferSucceeded(now: 20.3)
        #expect(!actions.contains(.hangUpRetriever(f.dave)))
        #expect(actions.contains(.hangUpParkee))
        #expect(machine.retrieverHungUp(now: 20.4) == [])
        #expect(machine.referAccepted(now: 20.4) == [])
    }

    @Test("A second retrieve while handing over is refused 486 (orbit busy): the first retriever wins")
    func secondRetrieve() {
        var waiting = f.parked()
        _ = waiting.retrieveRequested(by: f.dave, now: 20)
        let refusal = ParkRefusal(.orbitBusy(f.orbit3042))
        #expect(waiting.retrieveRequested(by: f.erin, now: 20.05) == [.refuseRetriever(f.erin, refusal)])
        var referring = f.handingOver()
        #expect(referring.retrieveRequested(by: f.erin, now: 21) == [.refuseRetriever(f.erin, refusal)])
        #expect(refusal.status.code == 486)
        #expect(refusal.warningText == "orbit occupied: the call on *3042 is being picked up")
    }

    @Test("The retriever leaves before its ACK: the call stays parked with a fresh pickup timer")
    func retrieverLeavesBeforeAck() {
        var machine = f.parked()
        _ = machine.retrieveRequested(by: f.dave, now: 20)
        #expect(machine.retrieverHungUp(now: 52) == [.schedule(.pickup, after: 90)])
        #expect(machine.state == .parked)
        #expect(machine.holdsOrbit)
    }

    @Test("The parkee refuses the REFER (501): R and P are bridged through the service (FLOWS 4)")
    func referRejectedBridges() {
        var machine = f.handingOver(f.controlDialog, accepted: false)
        #expect(
            machine.referRejected(.notImplemented, now: 20.3) == [
                .cancel(.transfer), .stopMusic, .bridge(f.dave), .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .retrieved, by: f.dave.identity)), .endControlDialog,
                .record(
                    .bridged, retriever: f.dave.identity,
                    detail: "the parked party refused the REFER: 501 Not Implemented; bridged through pool pool-a, the call depends on it"),
            ])
        #expect(machine.state == .bridged(to: f.dave))
    }

    @Test("A REFER answered 481: P is gone; R is hung up, parker told hang-up")
    func referRejected481() {
        var machine = f.handingOver(f.controlDialog, accepted: false)
        #expect(
            machine.referRejected(.callDoesNotExist, now: 20.3) == [
                .cancel(.transfer), .stopMusic, .hangUpRetriever(f.dave), .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .hangUp)), .endControlDialog,
                .record(
                    .hangUp, retriever: nil,
                    detail: "the parked party's dialog no longer exists (REFER: 481 Call/Transaction Does Not Exist)"),
            ])
        #expect(machine.state == .ended(.hungUp))
    }

    @Test("NOTIFY with a failure and both parties still on the service: bridged")
    func transferFailedBridges() {
        var machine = f.handingOver()
        let actions = machine.transferFailed(.busyHere, now: 21)
        #expect(actions.prefix(3) == [.cancel(.transfer), .stopMusic, .bridge(f.dave)])
        #expect(machine.state == .bridged(to: f.dave))
    }

    @Test("NOTIFY with a failure after the retriever left: back on the orbit")
    func transferFailedBackOnOrbit() {
        var machine = f.handingOver()
        _ = machine.retrieverHungUp(now: 20.5)
        #expect(machine.transferFailed(.busyHere, now: 21) == [.cancel(.transfer), .schedule(.pickup, after: 90)])
        #expect(machine.state == .parked)
        #expect(machine.timerFired(.pickup, now: 111).first == .ringBack(parker: f.bob, attempt: 1))
    }

    @Test("The transferee ends P itself (RFC 5589), then R ends: done without a BYE from the service")
    func parkeeThenRetrieverLeave() {
        var machine = f.handingOver(f.controlDialog)
        #expect(machine.parkeeHungUp(now: 20.5) == [.stopMusic])
        #expect(machine.parkeeHungUp(now: 20.5) == [])
        #expect(
            machine.retrieverHungUp(now: 20.6) == [
                .cancel(.transfer), .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .retrieved, by: f.dave.identity)), .endControlDialog,
                .record(.retrieved, retriever: f.dave.identity, detail: "retrieved by sip:dave@callpark.test"),
            ])
        #expect(machine.state == .ended(.retrieved(by: f.dave.identity)))
    }

    @Test("P ended, then the NOTIFY reports a failure: the parkee really hung up; R is hung up")
    func parkeeLeftThenTransferFailed() {
        var machine = f.handingOver()
        _ = machine.parkeeHungUp(now: 20.5)
        #expect(
            machine.transferFailed(.requestTerminated, now: 21) == [
                .cancel(.transfer), .hangUpRetriever(f.dave), .releaseOrbit(f.orbit3042, resting: true),
                .record(.hangUp, retriever: nil, detail: "the parked party hung up during the transfer (487 Request Terminated)"),
            ])
    }

    @Test("The parkee hangs up while the retriever's ACK is awaited: R hung up, parker told hang-up")
    func parkeeLeavesBeforeRefer() {
        var machine = f.parked(f.controlDialog)
        _ = machine.retrieveRequested(by: f.dave, now: 20)
        #expect(
            machine.parkeeHungUp(now: 20.05) == [
                .stopMusic, .hangUpRetriever(f.dave), .releaseOrbit(f.orbit3042, resting: true),
                .notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .hangUp)), .endControlDialog,
                .record(.hangUp, retriever: nil, detail: "the parked party hung up before the transfer"),
            ])
    }

    @Test(
        "No final NOTIFY within transferTimeout: decided from the dialogs left",
        arguments: [(true, false, "retrieved"), (false, true, "hangUp"), (false, false, "bridged")])
    func transferGuard(retrieverLeft: Bool, parkeeLeft: Bool, outcome: String) {
        var machine = f.handingOver()
        if retrieverLeft { _ = machine.retrieverHungUp(now: 21) }
        if parkeeLeft { _ = machine.parkeeHungUp(now: 21) }
        #expect(machine.timerFired(.transfer, now: 40) == [])  // not due: 20.1 + 32
        let actions = machine.timerFired(.transfer, now: 52.1)
        switch outcome {
        case "retrieved": #expect(machine.state == .ended(.retrieved(by: f.dave.identity)))
        case "hangUp": #expect(machine.state == .ended(.hungUp))
        default:
            #expect(machine.state == .bridged(to: f.dave))
            #expect(
                actions.last
                    == .record(
                        .bridged, retriever: f.dave.identity,
                        detail: "no answer to the transfer within 32 s; bridged through pool pool-a, the call depends on it"))
        }
    }

    @Test("Bridged: either party's BYE ends the other leg; retrieves find no call; drain leaves it, shutdown ends it")
    func bridged() {
        var byRetriever = f.handingOver()
        _ = byRetriever.referRejected(.notImplemented, now: 21)
        #expect(byRetriever.retrieveRequested(by: f.erin, now: 30) == [.refuseRetriever(f.erin, ParkRefusal(.orbitNotFound(f.orbit3042)))])
        #expect(byRetriever.timerFired(.pickup, now: 1000) == [])
        #expect(byRetriever.drop(.drain, now: 30) == [])
        #expect(byRetriever.retrieverHungUp(now: 300) == [.hangUpParkee])
        #expect(byRetriever.state == .ended(.bridgeEnded))
        var byParkee = f.handingOver()
        _ = byParkee.referRejected(.notImplemented, now: 21)
        #expect(byParkee.parkeeHungUp(now: 300) == [.hangUpRetriever(f.dave)])
        #expect(byParkee.state == .ended(.bridgeEnded))
        var shutdown = f.handingOver()
        _ = shutdown.referRejected(.notImplemented, now: 21)
        #expect(
            shutdown.drop(.shutdown, now: 30) == [
                .hangUpParkee, .hangUpRetriever(f.dave),
                .record(.dropped, retriever: f.dave.identity, detail: "bridged call ended: pool pool-a stopping"),
            ])
    }

    @Test("A ring-back pick-up the parkee cannot REFER is bridged to the parker, told ringback")
    func ringBackBridged() {
        var machine = f.ringingBack(f.controlDialog)
        _ = machine.ringBackAnswered(by: f.bobRingBack, now: 100)
        let actions = machine.referRejected(.notImplemented, now: 100.2)
        #expect(actions.contains(.bridge(f.bobRingBack)))
        #expect(actions.contains(.notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .ringback, by: f.bob))))
    }
}
