import Foundation
import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

extension InteropSuites {
    /// Call transfer among callpark test agents over real sockets on 127.0.0.1: blind and attended REFER (RFC 3515),
    /// Referred-By (RFC 3892), INVITE with Replaces (RFC 3891), and sipp playing the transferor.
    @Suite struct TransferTests {
        /// Starts one agent per user; `body` gets them in order and they are stopped afterwards.
        private func withAgents(_ users: [String], _ body: ([SIPTestAgent]) async throws -> Void) async throws {
            var agents: [SIPTestAgent] = []
            for user in users { agents.append(try await SIPTestAgent.start(user: user)) }
            do {
                try await body(agents)
            } catch {
                for agent in agents { await agent.stop() }
                throw error
            }
            for agent in agents { await agent.stop() }
        }

        /// Alice calls `peer` and both sides see the call confirmed; returns the callee's and the caller's view of it.
        private func connect(_ alice: SIPTestAgent, to peer: SIPTestAgent) async throws -> (caller: SIPTestAgent.Call, callee: SIPTestAgent.Call) {
            let call = try await alice.call(peer.uri, at: peer.destination())
            let callID = call.id.callID
            try await peer.waitFor { $0 == .confirmed(callID: callID) }
            let callee = try #require(await peer.calls[callID])
            return (call, callee)
        }

        /// The statuses of the transfer NOTIFYs `agent` received for `callID`, in order.
        private func notified(_ agent: SIPTestAgent, _ callID: String) async -> [Int] {
            await agent.events.compactMap { event in
                guard case .transferNotified(callID, let status) = event else { return nil }
                return status
            }
        }

        @Test func blindTransfer() async throws {
            try await withAgents(["alice", "bob", "carol"]) { agents in
                let (alice, bob, carol) = (agents[0], agents[1], agents[2])
                let (_, bobsCall) = try await connect(alice, to: bob)
                let callID = bobsCall.id.callID
                try await bob.blindTransfer(bobsCall, to: await carol.uri)
                #expect(await notified(bob, callID) == [100, 200])
                try await alice.waitFor { $0 == .ended(callID: callID, byRemote: true) }
                #expect(await bob.calls[callID] == nil)
                try await alice.waitFor { $0 == .transferResult(callID: callID, status: 200) }
                #expect(await alice.events.contains { if case .referred(callID, _) = $0 { true } else { false } })
                // Alice called carol with bob's Referred-By, and that call is up.
                let referred = try await carol.waitFor { if case .referredBy = $0 { true } else { false } }
                guard case .referredBy(let newCallID, let referrer) = referred else { return }
                #expect(referrer.description == (await bob.uri).description)
                try await carol.waitFor { $0 == .confirmed(callID: newCallID) }
                #expect(await alice.calls[newCallID] != nil)
                #expect(await carol.calls[newCallID] != nil)
            }
        }

        @Test func attendedTransfer() async throws {
            try await withAgents(["alice", "bob", "carol"]) { agents in
                let (alice, bob, carol) = (agents[0], agents[1], agents[2])
                let (toBob, _) = try await connect(alice, to: bob)
                let (consultation, _) = try await connect(alice, to: carol)
                try await alice.attendedTransfer(toBob, replacing: consultation)
                #expect(await notified(alice, toBob.id.callID) == [100, 200])
                // Bob called carol with Replaces naming the consultation; carol took the call and ended alice's.
                let replaced = try await carol.waitFor { if case .replaced = $0 { true } else { false } }
                guard case .replaced(let old, let newCallID) = replaced else { return }
                #expect(old == consultation.id.callID)
                try await alice.waitFor { $0 == .ended(callID: consultation.id.callID, byRemote: true) }
                try await bob.waitFor { $0 == .ended(callID: toBob.id.callID, byRemote: true) }
                try await carol.waitFor { $0 == .confirmed(callID: newCallID) }
                try await bob.waitFor { $0 == .transferResult(callID: toBob.id.callID, status: 200) }
                #expect(await carol.events.contains(.referredBy(callID: newCallID, referrer: await alice.uri)))
                #expect(await bob.calls[newCallID] != nil)
                #expect(await carol.calls[newCallID] != nil)
                #expect(await alice.calls.isEmpty)
            }
        }

        @Test func blindTransferToABusyTarget() async throws {
            try await withAgents(["alice", "bob", "carol"]) { agents in
                let (alice, bob, carol) = (agents[0], agents[1], agents[2])
                await carol.setAnswerPolicy(.reject(486))
                let (_, bobsCall) = try await connect(alice, to: bob)
                let callID = bobsCall.id.callID
                await #expect(throws: SIPTestAgentError.rejected(486, "transfer failed: Busy Here")) {
                    try await bob.blindTransfer(bobsCall, to: await carol.uri)
                }
                #expect(await notified(bob, callID) == [100, 486])
                try await alice.waitFor { $0 == .transferResult(callID: callID, status: 486) }
                // The original call stays up and still works.
                #expect(await alice.calls[callID] != nil)
                #expect(await bob.calls[callID] != nil)
                try await bob.hangUp(bobsCall)
                try await alice.waitFor { $0 == .ended(callID: callID, byRemote: true) }
            }
        }

        @Test func inviteReplacingAnUnknownDialogGets481() async throws {
            try await withAgents(["alice", "bob"]) { agents in
                let (alice, bob) = (agents[0], agents[1])
                let (call, _) = try await connect(alice, to: bob)
                let unknown = SIPReplaces(callID: SIPIdentifiers.callID(), toTag: "1", fromTag: "2")
                // RFC 3891 §3: the tags of an existing call as alice sees it do not name it for bob.
                let wrongSide = SIPReplaces(callID: call.id.callID, toTag: call.id.localTag, fromTag: call.id.remoteTag)
                for replaces in [unknown, wrongSide] {
                    await #expect(throws: SIPTestAgentError.rejected(481, "Call/Transaction Does Not Exist")) {
                        _ = try await alice.call(bob.uri, at: bob.destination(), headers: [(.replaces, replaces.description)])
                    }
                }
                #expect(await bob.events.filter { $0 == .request(method: "INVITE", answered: 481) }.count == 2)
                #expect(await bob.calls.count == 1)
            }
        }

        /// sipp as the transferor, from `Tests/Scenarios/refer-transferor.xml`.
        private static let transferorScenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/refer-transferor.xml")

        /// Runs the transferor scenario against `agent`, REFERring it to `target`.
        private func runTransferor(against agent: SIPTestAgent, target: SIPURI) async throws -> SIPp.Result {
            let port = try #require((await agent.destination()).address.port)
            return try await SIPp.run(
                [
                    "-sf", Self.transferorScenario.path, "127.0.0.1:\(port)", "-t", "u1", "-p", String(SIPp.freePort()), "-m", "1",
                    "-s", await agent.user, "-key", "target", target.description,
                ], timeout: .seconds(30))
        }

        /// sipp calls alice and REFERs her to carol; alice calls carol with sipp's Referred-By and reports 100 and 200 in
        /// NOTIFYs that sipp checks.
        @Test(.enabled(if: SIPp.path != nil, Comment(rawValue: SIPp.missingReason)))
        func sippTransfersTheAgent() async throws {
            try await withAgents(["alice", "carol"]) { agents in
                let (alice, carol) = (agents[0], agents[1])
                let result = try await runTransferor(against: alice, target: await carol.uri)
                #expect(result.exitCode == 0, "sipp failed:\n\(result.output.suffix(3000))")
                #expect(result.successfulCalls == 1)
                let referred = try await carol.waitFor { if case .referredBy = $0 { true } else { false } }
                guard case .referredBy(let newCallID, let referrer) = referred else { return }
                #expect(referrer.user == "sipp")
                try await carol.waitFor { $0 == .confirmed(callID: newCallID) }
                try await alice.waitFor { if case .transferResult(_, 200) = $0 { true } else { false } }
                try await alice.waitFor { if case .ended(_, true) = $0 { true } else { false } }
                #expect(await alice.calls[newCallID] != nil)
            }
        }

        /// The scenario's checks bite: when carol is busy the final NOTIFY carries 486 and sipp fails the call.
        @Test(.enabled(if: SIPp.path != nil, Comment(rawValue: SIPp.missingReason)))
        func sippSeesAFailedTransfer() async throws {
            try await withAgents(["alice", "carol"]) { agents in
                let (alice, carol) = (agents[0], agents[1])
                await carol.setAnswerPolicy(.reject(486))
                let result = try await runTransferor(against: alice, target: await carol.uri)
                #expect(result.exitCode != 0)
                #expect(result.failedCalls == 1)
                try await alice.waitFor { if case .transferResult(_, 486) = $0 { true } else { false } }
            }
        }
    }
}
