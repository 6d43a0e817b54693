import SIPCore
import SIPTesting
import Server
import Testing

/// The proxy forks to every registered contact of a user (RFC 3261 §16.6): the first 2xx wins and the other
/// branches are cancelled (§16.7 step 10), on real sockets with two phones registered as the same user.
extension ServerInteropSuites {
    @Suite struct ForkingTests {
        @Test func firstAnswerWinsAndTheOtherPhoneIsCancelled() async throws {
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-b"])
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            let desk = try await d.phone("bob")
            let mobile = try await d.phone("bob")  // a second contact for bob
            defer {
                Task {
                    await alice.stop(); await desk.stop(); await mobile.stop()
                }
            }
            await desk.setAnswerPolicy(.ringForever)
            // alice (pool-a) calls bob (pool-b): pool-a forwards to pool-b, which forks to both phones.
            let call = try await alice.call(try d.aor("bob"), at: try d.address("pool-a"))
            try await mobile.waitFor(within: .seconds(5)) { $0 == .confirmed(callID: call.id.callID) }
            try await desk.waitFor(within: .seconds(5)) { $0 == .cancelled(callID: call.id.callID) }
            try await alice.hangUp(call)
            try await mobile.waitFor(within: .seconds(5)) { $0 == .ended(callID: call.id.callID, byRemote: true) }
        }

        /// Nobody registered: 480 with a reason; unknown user: 404 (SPEC, issue 4 "readable reasons").
        @Test func unreachableAndUnknownUsersAreRefusedWithReasons() async throws {
            let d = try await TestDeployment(users: ["alice": "pool-a", "bob": "pool-b"])
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            defer { Task { await alice.stop() } }
            for (user, expected) in [("bob", 480), ("nobody", 404)] {
                do {
                    _ = try await alice.call(try SIPURI("sip:\(user)@callpark.test"), at: try d.address("pool-a"))
                    Issue.record("calling \(user) should fail")
                } catch SIPTestAgentError.rejected(let code, let reason) {
                    #expect(code == expected, "\(user): \(code) \(reason)")
                    #expect(reason.contains("("), "a readable reason in the status line: \(reason)")
                }
            }
        }
    }
}
