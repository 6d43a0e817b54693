import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

extension InteropSuites {
    /// Every request a test agent sends answers a 401 or 407 once with credentials and the next CSeq (RFC 3261 §22.2,
    /// §22.3), in and out of dialogs, between callpark test agents over real sockets.
    @Suite struct AuthenticatedRequestTests {
        /// Starts one agent per user, runs `body` and stops them; the first has alice's credentials.
        private func withAgents(_ users: [String], _ body: ([SIPTestAgent]) async throws -> Void) async throws {
            var agents: [SIPTestAgent] = []
            for user in users { agents.append(try await SIPTestAgent.start(user: user)) }
            await agents[0].setCredentials(username: "alice", password: "secret")
            do {
                try await body(agents)
            } catch {
                for agent in agents { await agent.stop() }
                throw error
            }
            for agent in agents { await agent.stop() }
        }

        private func authenticated(_ agent: SIPTestAgent, _ user: String = "alice") async -> Int {
            await agent.events.filter { $0 == .authenticated(user: user) }.count
        }

        @Test func inviteAndByeAreChallenged() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                await bob.requireAuthentication(realm: "callpark.test", users: ["alice": "secret"], methods: [.invite, .bye])
                let call = try await alice.call(bob.uri, at: bob.destination())
                #expect(call.dialog.localSequence == 2)  // the INVITE retried with CSeq 2, same Call-ID
                try await bob.waitFor { $0 == .confirmed(callID: call.id.callID) }
                try await alice.hangUp(call)
                try await bob.waitFor { $0 == .ended(callID: call.id.callID, byRemote: true) }
                #expect(await authenticated(bob) == 2)
            }
        }

        @Test func aReinviteIsChallengedAndTheDialogCarriesOn() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                await bob.requireAuthentication(realm: "callpark.test", users: ["alice": "secret"], methods: [.invite])
                let call = try await alice.call(bob.uri, at: bob.destination())
                #expect(try await alice.hold(call) == .recvonly)
                try await bob.waitFor { $0 == .held(callID: call.id.callID) }
                #expect(try await alice.resume(call) == .sendrecv)
                // The BYE must come after the retried re-INVITEs' CSeqs, or bob would refuse it as out of order.
                try await alice.hangUp(call)
                try await bob.waitFor { $0 == .ended(callID: call.id.callID, byRemote: true) }
                #expect(await authenticated(bob) == 3)
            }
        }

        @Test func referAndItsNotifiesAreChallenged() async throws {
            try await withAgents(["alice", "bob", "carol"]) { agents in
                let (alice, bob, carol) = (agents[0], agents[1], agents[2])
                await bob.requireAuthentication(realm: "bob.test", users: ["alice": "secret"], methods: [.refer])
                await alice.requireAuthentication(realm: "alice.test", users: ["bob": "pw"], methods: [.notify])
                await bob.setCredentials(username: "bob", password: "pw")
                let call = try await alice.call(bob.uri, at: bob.destination())
                try await bob.waitFor { $0 == .confirmed(callID: call.id.callID) }
                try await alice.blindTransfer(call, to: await carol.uri)
                #expect(await authenticated(bob) == 1)
                #expect(await authenticated(alice, "bob") == 2)  // the 100 and the final NOTIFY
                try await bob.waitFor { $0 == .transferResult(callID: call.id.callID, status: 200) }
                try await carol.waitFor { if case .confirmed = $0 { true } else { false } }
            }
        }

        @Test func messageIsChallengedOnce() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                await bob.requireAuthentication(realm: "callpark.test", users: ["alice": "secret"], methods: [.message])
                #expect(await alice.sendMessage("parked on 701", to: bob.uri, at: bob.destination()) == 200)
                try await bob.waitFor { if case .message(_, "parked on 701") = $0 { true } else { false } }
                // Wrong credentials: one retry, then the 401 stands.
                await alice.setCredentials(username: "alice", password: "wrong")
                #expect(await alice.sendMessage("again", to: bob.uri, at: bob.destination()) == 401)
                #expect(await bob.events.filter { if case .authenticationFailed = $0 { true } else { false } }.count == 1)
            }
        }

        @Test func proxyChallengesAreAnsweredWithProxyAuthorization() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                await bob.requireAuthentication(
                    realm: "proxy.test", users: ["alice": "secret"], methods: [.invite, .info, .options, .bye], proxy: true)
                let call = try await alice.call(bob.uri, at: bob.destination())
                #expect(await alice.sendInfo(call, body: "Signal=1", contentType: "application/dtmf-relay") == 200)
                #expect(await alice.sendOptions(to: bob.uri, at: bob.destination()).status.code == 200)
                try await alice.hangUp(call)
                try await bob.waitFor { $0 == .ended(callID: call.id.callID, byRemote: true) }
                #expect(await authenticated(bob) == 4)
            }
        }

        @Test func subscribeAndNotifyAreChallenged() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                await bob.acceptSubscriptions(to: "dialog", body: "<idle/>")
                await bob.requireAuthentication(realm: "bob.test", users: ["alice": "secret"], methods: [.subscribe])
                await alice.requireAuthentication(realm: "alice.test", users: ["bob": "pw"], methods: [.notify])
                await bob.setCredentials(username: "bob", password: "pw")
                let subscription = try await alice.subscribe(to: bob.uri, event: "dialog", at: bob.destination(), expires: 600)
                try await alice.waitFor { if case .notified(let n) = $0 { n.state == .active } else { false } }
                await alice.unsubscribe(subscription)  // in-dialog SUBSCRIBE: challenged again
                try await alice.waitFor { if case .subscriptionEnded = $0 { true } else { false } }
                #expect(await authenticated(bob) == 2)
                #expect(await authenticated(alice, "bob") == 2)
            }
        }
    }
}
