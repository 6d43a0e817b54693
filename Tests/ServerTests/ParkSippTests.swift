import Foundation
import SIPCore
import SIPTesting
import Server
import Testing
import Topology

/// Another SIP implementation's view of the park service: sipp as the parker with a control dialog (SPEC §5 A) and
/// as the retriever (its two phones: the dialog to the orbit and the one the parkee's INVITE with Replaces reaches).
extension ServerInteropSuites {
    @Suite(.enabled(if: SIPp.path != nil, "needs sipp (Debian's sip-tester)"))
    struct ParkSippTests {
        func scenario(_ name: String) -> String { CallparkProcess.scenarios.appendingPathComponent(name).path }

        @Test func sippParksWithAControlDialogAndRetrieves() async throws {
            // One orbit in pool-a's range, so the test knows where the call will be parked.
            let d = try await TestDeployment(
                users: ["alice": "pool-a", "bob": "pool-a", "carol": "pool-b", "dave": "pool-a"],
                service: ServiceSettings(digestAlgorithms: ["MD5", "SHA-256"]), orbits: ["*3000", "*3000"])
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            let dave = try await d.phone("dave")
            defer {
                Task {
                    await alice.stop(); await dave.stop()
                }
            }
            // Call D: alice calls dave; sipp (bob) will park alice, naming D as alice sees it.
            let call = try await alice.call(try d.aor("dave"), at: try d.address("pool-a"))
            try await dave.waitFor(within: .seconds(5)) { $0 == .confirmed(callID: call.id.callID) }
            let poolA = d.deployment.pools["pool-a"]!, poolB = d.deployment.pools["pool-b"]!
            let common = ["-key", "sipdomain", "callpark.test", "-ap", TestDeployment.password, "-m", "1"]
            async let parker = SIPp.run(
                [
                    "127.0.0.1:\(poolA.sipPort)", "-sf", scenario("park-control.xml"), "-p", "\(SIPp.freePort())", "-au", "bob",
                    "-auth_uri", "park@callpark.test", "-key", "user", "bob", "-key", "parkee", call.dialog.localContact.description,
                    "-key", "dcallid", call.id.callID, "-key", "totag", call.id.localTag, "-key", "fromtag", call.id.remoteTag,
                ] + common, timeout: .seconds(30))
            // alice's phone takes the INVITE with Replaces and ends D with dave.
            try await dave.waitFor(within: .seconds(10)) { $0 == .ended(callID: call.id.callID, byRemote: true) }

            // carol (pool-b) retrieves *3000 from sipp: one sipp dials, the other takes alice's replacing INVITE.
            let targetPort = SIPp.freePort()
            async let target = SIPp.run(["-sf", scenario("retrieve-target.xml"), "-p", "\(targetPort)", "-m", "1"], timeout: .seconds(30))
            let retriever = try await SIPp.run(
                [
                    "127.0.0.1:\(poolB.sipPort)", "-sf", scenario("retrieve-uac.xml"), "-p", "\(SIPp.freePort())", "-au", "carol",
                    "-auth_uri", "*3000@callpark.test", "-key", "user", "carol", "-key", "orbit", "*3000", "-key", "contact_port",
                    "\(targetPort)",
                ] + common, timeout: .seconds(30))
            #expect(retriever.exitCode == 0, "retriever: \(retriever.output)")
            let parkerResult = try await parker
            #expect(parkerResult.exitCode == 0, "parker: \(parkerResult.output)")
            // alice now talks to carol's phone directly; she hangs up, which ends the target sipp's call.
            let replacing = try await alice.waitFor(within: .seconds(10)) { if case .transferResult = $0 { true } else { false } }
            #expect(replacing == .transferResult(callID: replacingCallID(await alice.events) ?? "", status: 200))
            if let direct = await alice.calls.values.first { try await alice.hangUp(direct) }
            let targetResult = try await target
            #expect(targetResult.exitCode == 0, "retriever's phone: \(targetResult.output)")
        }

        /// The Call-ID of the call alice was REFERred out of (the park service's dialog P).
        func replacingCallID(_ events: [SIPTestAgent.Event]) -> String? {
            for event in events { if case .referred(let callID, _) = event { return callID } }
            return nil
        }
    }
}
