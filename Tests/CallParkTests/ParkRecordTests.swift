import CallPark
import Foundation
import SIPCore
import Testing
import Topology

/// Park events and parked-call records: what the store keeps (issue 5).
@Suite("Park records")
struct ParkRecordTests {
    let f = Fixtures.self

    @Test("A record action becomes an event with the call's orbit, pool, parker, parkee and the driver's wall-clock time")
    func eventFromAction() throws {
        var machine = f.parked()
        let actions =
            machine.retrieveRequested(by: f.dave, now: 20) + machine.retrieverConfirmed(now: 20.1)
            + machine.transferSucceeded(now: 21)
        let record = try #require(actions.last)
        let event = try #require(machine.event(for: record, at: 1_790_000_000.5))
        #expect(
            event
                == ParkEvent(
                    time: 1_790_000_000.5, kind: .retrieved, parkedCallID: "pc-1", pool: "pool-a", orbit: f.orbit3042,
                    parker: "sip:bob@callpark.test", parkee: "sip:alice@callpark.test", retriever: "sip:dave@callpark.test",
                    detail: "retrieved by sip:dave@callpark.test"))
        #expect(machine.event(for: .stopMusic, at: 0) == nil)
    }

    @Test("The parkee's contact stands in for its identity when that is unknown")
    func eventWithoutIdentity() {
        var machine = Machine(
            id: "pc-2", pool: "pool-a", orbit: f.orbit3042, method: f.controlDialog, parker: f.bob, parkee: Parkee(contact: f.aliceContact),
            settings: .defaults)
        #expect(machine.event(.parked, retriever: nil, detail: "", at: 0).parkee == "sip:alice@192.0.2.1:5062")
        #expect(machine.parkedMessage == "Call from alice parked on *3042")
        machine.parkee.identity = f.aliceIdentity
        #expect(machine.event(.parked, retriever: nil, detail: "", at: 0).parkee == "sip:alice@callpark.test")
    }

    @Test("Event JSON: kinds as words, the orbit as dialled")
    func eventJSON() throws {
        let event = ParkEvent(
            time: 10, kind: .hangUp, parkedCallID: "pc-1", pool: "pool-a", orbit: f.orbit("#4005"), parker: "sip:bob@callpark.test",
            parkee: "sip:alice@callpark.test")
        let data = try JSONEncoder().encode(event)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""kind":"hang-up""#))
        #expect(text.contains(##""orbit":"#4005""##))
        #expect(try JSONDecoder().decode(ParkEvent.self, from: data) == event)
        #expect(ParkEventKind.allCases.map(\.rawValue) == ["parked", "retrieved", "hang-up", "ring-back", "fallback", "dropped", "bridged"])
    }

    @Test("The parked-call record follows the machine, and round-trips through JSON")
    func record() throws {
        var machine = f.ringingBack(f.controlDialog, settings: CallParkSettings(maxPickupAttempts: 3))
        _ = machine.ringBackFailed(.busyHere, now: 95)
        let dialog = ParkedCallRecord.DialogIdentifiers(callID: "p-1", localTag: "cps", remoteTag: "alice")
        let record = machine.record(parkeeDialog: dialog, parkedAt: 1_790_000_000)
        #expect(
            record
                == ParkedCallRecord(
                    id: "pc-1", pool: "pool-a", orbit: f.orbit3042, method: .controlDialog, parker: "sip:bob@callpark.test",
                    parkeeContact: "sip:alice@192.0.2.1:5062", parkeeIdentity: "sip:alice@callpark.test", parkeeDialog: dialog,
                    parkedAt: 1_790_000_000, attempts: 1, phase: .parked))
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(ParkedCallRecord.self, from: data) == record)
        #expect(String(decoding: data, as: UTF8.self).contains(#""method":"control-dialog""#))
    }

    @Test("Phases of every state")
    func phases() {
        #expect(f.machine().state.phase == .parking)
        #expect(f.parked().state.phase == .parked)
        #expect(f.ringingBack().state.phase == .ringingBack)
        #expect(f.handingOver().state.phase == .handingOver)
        #expect(f.transferringToFallback().state.phase == .transferringToFallback)
        var bridged = f.handingOver()
        _ = bridged.referRejected(.notImplemented, now: 21)
        #expect(bridged.state.phase == .bridged)
        _ = bridged.parkeeHungUp(now: 22)
        #expect(bridged.state.phase == .ended)
        #expect(bridged.isEnded)
        #expect(f.machine(.parkNumber).record(parkeeDialog: .init(callID: "c", localTag: "l", remoteTag: "r"), parkedAt: 0).method == .parkNumber)
    }
}
