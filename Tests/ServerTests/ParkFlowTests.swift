import CallPark
import Foundation
import SIPCore
import SIPDialog
import SIPTesting
import Server
import Testing
import Topology

/// The other park flows end to end (SPEC §5 A and C, hang-up, time-out): callpark test agents as phones.
extension ServerInteropSuites {
    @Suite struct ParkFlowTests {
        /// Sets up alice calling bob through pool-a and returns alice's and bob's sides of that call.
        func aliceCallsBob(_ d: TestDeployment, alice: SIPTestAgent, bob: SIPTestAgent) async throws -> (
            SIPTestAgent.Call, SIPTestAgent.Call
        ) {
            let call = try await alice.call(try d.aor("bob"), at: try d.address("pool-a"))
            try await bob.waitFor(within: .seconds(5)) { $0 == .confirmed(callID: call.id.callID) }
            guard let bobSide = await bob.calls[call.id.callID] else { throw CLIFailure("bob has no call") }
            return (call, bobSide)
        }

        /// FLOWS 3: a blind transfer to park@domain; the service picks the orbit and tells the parker by MESSAGE;
        /// the orbit in the text retrieves the call.
        @Test func parkNumberTellsTheOrbitByMessage() async throws {
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a", "dave": "pool-b"])
            defer { Task { await d.stop() } }
            let (alice, bob, dave) = (try await d.phone("alice"), try await d.phone("bob"), try await d.phone("dave"))
            defer {
                Task {
                    await alice.stop(); await bob.stop(); await dave.stop()
                }
            }
            let (_, bobSide) = try await aliceCallsBob(d, alice: alice, bob: bob)
            try await bob.blindTransfer(bobSide, to: try SIPURI("sip:park@callpark.test"))
            let message = try await bob.waitFor(within: .seconds(10)) { if case .message = $0 { true } else { false } }
            guard case .message(_, let text) = message, let orbit = text.split(separator: " ").last.map(String.init) else {
                Issue.record("no MESSAGE")
                return
            }
            #expect(text.hasPrefix("Call from") && orbit.hasPrefix("*30"), "\(text)")
            let retrieve = try await dave.call(try SIPURI("sip:\(orbit)@callpark.test"), at: try d.address("pool-b"))
            let replaced = try await dave.waitFor(within: .seconds(10)) { if case .replaced = $0 { true } else { false } }
            #expect(replaced.isReplaced(of: retrieve.id.callID))
        }

        /// FLOWS 1: the control dialog. bob asks the service to park his call with alice; alice's phone accepts the
        /// INVITE with Replaces and ends the call with bob; bob gets the orbit in the park response, and an
        /// unpark notification (INFO, reason retrieved) then BYE when dave picks the call up.
        @Test func controlDialogParkAndNotification() async throws {
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a", "dave": "pool-b"])
            defer { Task { await d.stop() } }
            let (alice, bob, dave) = (try await d.phone("alice"), try await d.phone("bob"), try await d.phone("dave"))
            defer {
                Task {
                    await alice.stop(); await bob.stop(); await dave.stop()
                }
            }
            let (aliceSide, _) = try await aliceCallsBob(d, alice: alice, bob: bob)
            // Dialog D as alice sees it: to-tag = her local tag (RFC 3891 §3).
            let request = ParkRequest(
                requestID: "r-17", parkee: aliceSide.dialog.localContact,
                replaces: SIPReplaces(callID: aliceSide.id.callID, toTag: aliceSide.id.localTag, fromTag: aliceSide.id.remoteTag))
            let control = try await bob.call(
                try SIPURI("sip:park@callpark.test"), at: try d.address("pool-a"), body: request.body,
                contentType: ParkRequest.mediaType.description)
            let answered = try await bob.waitFor(within: .seconds(5)) { if case .answeredWith = $0 { true } else { false } }
            guard case .answeredWith(_, _, let xml) = answered, let response = try? ParkResponse(parsing: xml) else {
                Issue.record("no park response")
                return
            }
            #expect(response.requestID == "r-17" && response.orbit.description.hasPrefix("*30"))
            try await alice.waitFor(within: .seconds(5)) { $0 == .ended(callID: aliceSide.id.callID, byRemote: false) }
            _ = try await dave.call(try SIPURI("sip:\(response.orbit)@callpark.test"), at: try d.address("pool-b"))
            let info = try await bob.waitFor(within: .seconds(10)) { if case .info = $0 { true } else { false } }
            guard case .info(_, _, let body) = info else { return }
            let notification = try UnparkNotification(parsing: body)
            #expect(notification.reason == .retrieved && notification.orbit == response.orbit)
            try await bob.waitFor(within: .seconds(5)) { $0 == .ended(callID: control.id.callID, byRemote: true) }
        }

        /// FLOWS 6: the parkee hangs up; the orbit is free again at once (a directed park may take it straight away).
        @Test func parkeeHangUpFreesTheOrbit() async throws {
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a"])
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            defer { Task { await alice.stop() } }
            let parked = try await alice.call(
                try SIPURI("sip:*3010@callpark.test"), at: try d.address("pool-a"), headers: [(.referredBy, "<sip:bob@callpark.test>")])
            #expect(await carolLikeInvite(from: alice, to: "*3010", deployment: d) == 486)
            try await alice.hangUp(parked)
            #expect(await carolLikeInvite(from: alice, to: "*3010", deployment: d) == 200)
        }

        /// FLOWS 5: nobody retrieves; after pickupTimeout the parker's phone rings, bob answers and gets alice back.
        @Test func timeOutRingsTheParkerBack() async throws {
            let settings = CallParkSettings(pickupTimeout: 10, maxPickupAttempts: 1, ringbackDuration: 10)
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a"], settings: ["pool-a": settings])
            defer { Task { await d.stop() } }
            let (alice, bob) = (try await d.phone("alice"), try await d.phone("bob"))
            defer {
                Task {
                    await alice.stop(); await bob.stop()
                }
            }
            let (first, bobSide) = try await aliceCallsBob(d, alice: alice, bob: bob)
            try await bob.blindTransfer(bobSide, to: try SIPURI("sip:*3020@callpark.test"))
            let ringBack = try await bob.waitFor(within: .seconds(20)) {
                if case .incomingCall(let id) = $0 { id != first.id.callID } else { false }
            }
            guard case .incomingCall(let ringBackCall) = ringBack else { return }
            let replaced = try await bob.waitFor(within: .seconds(10)) { if case .replaced = $0 { true } else { false } }
            #expect(replaced.isReplaced(of: ringBackCall))
        }

        /// FLOWS 5, last attempt: bob does not answer; with onTimeoutURI set the parkee is transferred there.
        @Test func lastAttemptFallsBackToTheOperator() async throws {
            let settings = CallParkSettings(
                pickupTimeout: 10, maxPickupAttempts: 1, onTimeoutURI: "sip:operator@callpark.test", ringbackDuration: 10)
            let d = try await TestDeployment(
                users: ["alice": "pool-a", "bob": "pool-a", "operator": "pool-a"], settings: ["pool-a": settings])
            defer { Task { await d.stop() } }
            let (alice, bob, desk) = (try await d.phone("alice"), try await d.phone("bob"), try await d.phone("operator"))
            defer {
                Task {
                    await alice.stop(); await bob.stop(); await desk.stop()
                }
            }
            let (_, bobSide) = try await aliceCallsBob(d, alice: alice, bob: bob)
            try await bob.blindTransfer(bobSide, to: try SIPURI("sip:*3030@callpark.test"))
            try await bob.waitFor(within: .seconds(5)) { if case .ended = $0 { true } else { false } }
            await bob.setAnswerPolicy(.reject(486))
            let referredBy = try await desk.waitFor(within: .seconds(30)) { if case .referredBy = $0 { true } else { false } }
            guard case .referredBy(_, let referrer) = referredBy else { return }
            #expect(referrer.user == "*3030")
        }
    }
}

extension SIPTestAgent.Event {
    /// Whether this is `.replaced` of call `callID`.
    func isReplaced(of callID: String) -> Bool {
        if case .replaced(let old, _) = self { return old == callID }
        return false
    }
}

extension ServerInteropSuites.ParkFlowTests {
    /// SPEC §6: a pool that starts and finds parked calls in its store (its previous process died with them) ends
    /// each with BYE to the parkee, removes the record and records a `dropped` event.
    @Test func staleParkedCallsAreEndedOnStartUp() async throws {
        let parkee = try await SIPTestAgent.start(user: "alice")
        defer { Task { await parkee.stop() } }
        let record = ParkedCallRecord(
            id: "stale-1", pool: "pool-a", orbit: try Orbit(parsing: "*3077"), method: .directed, parker: "sip:bob@callpark.test",
            parkeeContact: await parkee.uri.description, parkeeIdentity: "sip:alice@callpark.test",
            parkeeDialog: .init(callID: "lost-call@127.0.0.1", localTag: "svc-tag", remoteTag: "alice-tag"), parkedAt: 1_000,
            attempts: 0, phase: .parked)
        let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a"]) { store in
            try await store.saveParkedCall(record)
        }
        defer { Task { await d.stop() } }
        // The BYE reaches the phone (which no longer knows the call: 481 is fine).
        try await parkee.waitFor(within: .seconds(5)) { if case .request("BYE", _) = $0 { true } else { false } }
        try await d.eventually("the stale record is gone and a dropped event says why") { store in
            let events = try await store.parkEvents(since: nil, pool: "pool-a", limit: 5)
            return try await store.parkedCalls(pool: "pool-a").isEmpty && events.map(\.kind) == [.dropped]
        }
    }
}
