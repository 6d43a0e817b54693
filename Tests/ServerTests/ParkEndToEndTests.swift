import SIPCore
import SIPTesting
import Server
import Testing
import Topology

/// Park and retrieve end to end with callpark test agents as the phones (SPEC §5, FLOWS 2–6), two pools on
/// loopback in this process.
extension ServerInteropSuites {
    @Suite struct ParkEndToEndTests {
        /// FLOWS 2 then 4: bob parks alice on *3042 by blind transfer; dave, on the other pool, retrieves her by
        /// dialling the orbit; alice and dave then talk directly, and the call outlives both pools.
        @Test func directedParkThenRetrieveFromTheOtherPool() async throws {
            let deployment = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-a", "dave": "pool-b"])
            let alice = try await deployment.phone("alice")
            let bob = try await deployment.phone("bob")
            let dave = try await deployment.phone("dave")
            defer {
                Task {
                    await alice.stop(); await bob.stop(); await dave.stop()
                }
            }

            let call = try await alice.call(try deployment.aor("bob"), at: try deployment.address("pool-a"))
            let bobsCall = try await bob.waitFor(within: .seconds(5)) { if case .confirmed = $0 { true } else { false } }
            guard case .confirmed(let callID) = bobsCall, let bobSide = await bob.calls[callID] else {
                Issue.record("bob has no call")
                return
            }
            // bob parks alice on *3042 (RFC 3515 REFER; alice's INVITE carries Referred-By: bob).
            try await bob.blindTransfer(bobSide, to: try SIPURI("sip:*3042@callpark.test"))
            let parked = try await alice.waitFor(within: .seconds(10)) { if case .transferResult = $0 { true } else { false } }
            #expect(parked == .transferResult(callID: call.id.callID, status: 200))
            try await alice.waitFor(within: .seconds(5)) { $0 == .ended(callID: call.id.callID, byRemote: true) }
            let parkCall = await alice.calls.values.first
            #expect(parkCall != nil, "alice is in a call with the park service")
            // The pool's store holds the parked call (SPEC §5 "parked-call records").
            try await deployment.eventually("the parked call is recorded") { store in
                try await store.parkedCalls(pool: "pool-a").map(\.orbit.description) == ["*3042"]
            }

            // The orbit is taken: a second park on it is refused with 486 and a Warning (SPEC §5 B).
            let refused = await carolLikeInvite(from: bob, to: "*3042", deployment: deployment)
            #expect(refused == 486)

            // dave, homed on pool-b, dials the orbit of pool-a's range.
            let retrieve = try await dave.call(try SIPURI("sip:*3042@callpark.test"), at: try deployment.address("pool-b"))
            let replaced = try await dave.waitFor(within: .seconds(10)) { if case .replaced = $0 { true } else { false } }
            guard case .replaced(let old, let new) = replaced else { return }
            #expect(old == retrieve.id.callID)
            if let parkCall { try await alice.waitFor(within: .seconds(10)) { $0 == .ended(callID: parkCall.id.callID, byRemote: true) } }
            try await deployment.eventually("the record is gone and the events say parked, retrieved") { store in
                let kinds = try await store.parkEvents(since: nil, pool: "pool-a", limit: 10).map(\.kind)
                return try await store.parkedCalls(pool: nil).isEmpty && kinds == [.parked, .retrieved]
            }
            let retrieved = try await deployment.store.parkEvents(since: nil, pool: nil, limit: 10).last
            #expect(
                retrieved?.parker == "sip:bob@callpark.test" && retrieved?.retriever?.contains("dave") == true, "\(String(describing: retrieved))")

            // The retrieved call does not depend on any pool (SPEC §1): stop both, then hang up end to end.
            await deployment.stop()
            guard let daveSide = await dave.calls[new] else {
                Issue.record("dave has no call with alice")
                return
            }
            try await dave.hangUp(daveSide)
            try await alice.waitFor(within: .seconds(5)) { $0 == .ended(callID: new, byRemote: true) }
        }

        /// Refusals carry the status and a Warning (SPEC §5): orbit outside every range 404, park by a user with
        /// call park disabled 403.
        @Test func refusalsSayWhy() async throws {
            let deployment = try await TestDeployment(users: ["alice": "pool-a", "carol": "pool-a"], disabled: ["carol"])
            defer { Task { await deployment.stop() } }
            let alice = try await deployment.phone("alice")
            let carol = try await deployment.phone("carol")
            defer {
                Task {
                    await alice.stop(); await carol.stop()
                }
            }
            #expect(await carolLikeInvite(from: alice, to: "*5000", deployment: deployment) == 404)
            #expect(await carolLikeInvite(from: alice, to: "*3001", referredBy: "carol", deployment: deployment) == 403)
            // An INVITE to a free orbit without Referred-By is not a retrieve of anything: 404.
            #expect(await carolLikeInvite(from: alice, to: "*3001", referredBy: nil, deployment: deployment) == 404)
        }
    }
}

/// An INVITE to an orbit as a directed park would send it (with Referred-By), or a plain dial; returns the status.
func carolLikeInvite(from agent: SIPTestAgent, to orbit: String, referredBy: String? = "bob", deployment: TestDeployment) async -> Int {
    do {
        let headers: [(SIPHeaderName, String)] = referredBy.map { [(.referredBy, "<sip:\($0)@callpark.test>")] } ?? []
        let call = try await agent.call(try SIPURI("sip:\(orbit)@callpark.test"), at: try deployment.address("pool-a"), headers: headers)
        try? await agent.hangUp(call)
        return 200
    } catch SIPTestAgentError.rejected(let code, _) {
        return code
    } catch {
        return 0
    }
}
