import CallPark
import SIPCore
import Testing
import Topology

/// Every call park setting that changes behaviour (SPEC §2), run on a manual clock from park to the end.
@Suite("Parked call: settings")
struct ParkedCallSettingsTests {
    let f = Fixtures.self

    func run(_ settings: CallParkSettings, method: ParkMethod = .directed, until end: Double) -> ManualTimers {
        var clock = ManualTimers(f.machine(method, settings: settings))
        clock.at(0) { machine, now in machine.start(now: now) }
        if case .controlDialog = method {
            clock.at(0) { machine, now in machine.parkeeAnswered(now: now) }
        } else {
            clock.at(0) { machine, now in machine.parkeeConfirmed(now: now) }
        }
        clock.advance(to: end)
        return clock
    }

    @Test("Music on: the default tune, or the pool's file; music off: silence packets")
    func music() {
        #expect(run(CallParkSettings(), until: 0).actions(at: 0).contains(.startMusic(.defaultTune)))
        #expect(run(CallParkSettings(musicOnHoldFile: "/srv/moh.wav"), until: 0).actions(at: 0).contains(.startMusic(.file("/srv/moh.wav"))))
        let silent = run(CallParkSettings(enableMusicOnHold: false, musicOnHoldFile: "/srv/moh.wav"), until: 0)
        #expect(silent.actions(at: 0).contains(.startMusic(.silence)))
    }

    @Test("maxPickupAttempts 1, no fallback: one ring-back at 90 s, the call ends at 120 s")
    func oneAttemptNoFallback() {
        let clock = run(CallParkSettings(), until: 10_000)
        #expect(clock.ringBacks.map(\.time) == [90])
        #expect(clock.actions(at: 120).contains(.hangUpParkee))
        #expect(clock.machine.state == .ended(.timedOut))
    }

    @Test("maxPickupAttempts 3: ring-backs at 90, 210 and 330 s (pickupTimeout after each unanswered one), end at 360 s")
    func threeAttempts() {
        let clock = run(CallParkSettings(maxPickupAttempts: 3), until: 10_000)
        #expect(clock.ringBacks.map(\.time) == [90, 210, 330])
        #expect(clock.ringBacks.map(\.attempt) == [1, 2, 3])
        #expect(clock.machine.attempts == 3)
        #expect(clock.actions(at: 360).contains(.hangUpParkee))
        #expect(clock.machine.state == .ended(.timedOut))
    }

    @Test("Custom pickupTimeout and ringbackDuration: 20 s and 15 s, two attempts")
    func customDurations() {
        let clock = run(CallParkSettings(pickupTimeout: 20, maxPickupAttempts: 2, ringbackDuration: 15), until: 10_000)
        #expect(clock.ringBacks.map(\.time) == [20, 55])
        #expect(clock.actions(at: 20).contains(.schedule(.ringback, after: 15)))
        #expect(clock.actions(at: 35) == [.cancelRingBack, .schedule(.pickup, after: 20)])
        #expect(clock.actions(at: 70).contains(.hangUpParkee))
    }

    @Test("onTimeoutURI set: after the last ring-back, REFER to it; the transfer completes")
    func fallbackSet() {
        var clock = run(CallParkSettings(maxPickupAttempts: 2, onTimeoutURI: "sip:operator@callpark.test"), until: 240)
        #expect(clock.ringBacks.map(\.time) == [90, 210])
        #expect(clock.actions(at: 240) == [.cancelRingBack, .referParkee(to: f.operatorURI, replacing: nil), .schedule(.transfer, after: 32)])
        clock.at(240.1) { machine, now in machine.referAccepted(now: now) }
        clock.at(241) { machine, now in machine.transferSucceeded(now: now) }
        #expect(clock.machine.state == .ended(.fallback(f.operatorURI)))
        #expect(clock.pending.isEmpty)
    }

    @Test("onTimeoutURI nil vs set, with a control dialog: the parker is told drop vs fallback")
    func fallbackNotification() {
        let none = run(CallParkSettings(), method: f.controlDialog, until: 10_000)
        #expect(none.log.map(\.action).contains(.notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .drop))))
        var set = run(CallParkSettings(onTimeoutURI: "sip:operator@callpark.test"), method: f.controlDialog, until: 120)
        set.at(121) { machine, now in machine.transferSucceeded(now: now) }
        #expect(set.actions(at: 121).contains(.notifyParker(UnparkNotification(orbit: f.orbit3042, reason: .fallback, by: f.operatorURI))))
    }

    @Test("An onTimeoutURI that is not a URI counts as none")
    func unreadableFallback() {
        let machine = f.machine(settings: CallParkSettings(onTimeoutURI: "not a uri"))
        #expect(machine.fallbackURI == nil)
    }

    @Test("Ring-back answered on attempt 2 of 3: handed over to the parker, no third ring-back")
    func answeredOnSecondAttempt() {
        var clock = run(CallParkSettings(maxPickupAttempts: 3), until: 215)
        #expect(clock.ringBacks.map(\.attempt) == [1, 2])
        clock.at(215) { machine, now in machine.ringBackAnswered(by: f.bobRingBack, now: now) }
        #expect(clock.actions(at: 215).contains(.referParkee(to: f.bobRingBack.referTo, replacing: f.bobRingBack.dialog)))
        clock.at(215.2) { machine, now in machine.referAccepted(now: now) }
        clock.at(215.3) { machine, now in machine.retrieverHungUp(now: now) }
        clock.at(215.4) { machine, now in machine.transferSucceeded(now: now) }
        clock.advance(to: 10_000)
        #expect(clock.ringBacks.count == 2)
        #expect(clock.machine.attempts == 1)
        #expect(clock.machine.state == .ended(.retrieved(by: f.bob)))
        #expect(clock.pending.isEmpty)
    }

    @Test("A retrieve during ring-back 1 of 2 that fails puts the call back: the interrupted ring-back does not count")
    func retrieveDuringRingBackFails() {
        var clock = run(CallParkSettings(maxPickupAttempts: 2), until: 100)
        clock.at(100) { machine, now in machine.retrieveRequested(by: f.dave, now: now) }
        clock.at(101) { machine, now in machine.retrieverHungUp(now: now) }
        clock.advance(to: 10_000)
        #expect(clock.ringBacks.map(\.time) == [90, 191, 311])
        #expect(clock.ringBacks.map(\.attempt) == [1, 1, 2])
    }

    @Test("transferTimeout and drainRetryAfter come in through the initialiser")
    func timing() {
        var machine = Machine(
            id: "pc-9", pool: "pool-b", orbit: f.orbit("*4001"), method: f.controlDialog, parker: f.bob, parkee: f.parkee,
            settings: .defaults, transferTimeout: 10, drainRetryAfter: 120)
        _ = machine.start(now: 0)
        #expect(machine.drop(.drain, now: 1).contains(.refuseParker(ParkRefusal(.poolDraining(retryAfter: 120)))))
        var handover = Machine(
            id: "pc-9", pool: "pool-b", orbit: f.orbit("*4001"), method: .directed, parker: f.bob, parkee: f.parkee, settings: .defaults,
            transferTimeout: 10)
        _ = handover.start(now: 0)
        _ = handover.parkeeConfirmed(now: 0)
        _ = handover.retrieveRequested(by: f.dave, now: 5)
        #expect(handover.retrieverConfirmed(now: 5).last == .schedule(.transfer, after: 10))
    }
}
