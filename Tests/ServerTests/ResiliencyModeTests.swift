import Foundation
import SIPCore
import SIPTesting
import Server
import Testing
import Topology

/// SPEC §3 and FLOWS 7 on real sockets: pool-a probes pool-b; when pool-b stops answering, pool-b's users register
/// at pool-a in resiliency mode (200 + Warning) and may call, but not park (480 + Warning).
extension ServerInteropSuites {
    @Suite struct ResiliencyModeTests {
        @Test func partnerOutageGivesResiliencyMode() async throws {
            let service = ServiceSettings(probeInterval: 0.1, probeFailureThreshold: 3, probeRecoveryThreshold: 2)
            let d = try await TestDeployment(users: ["alice": "pool-a", "dave": "pool-b"], service: service)
            defer { Task { await d.stop() } }
            let alice = try await d.phone("alice")
            let dave = try await d.phone("dave")
            defer {
                Task {
                    await alice.stop(); await dave.stop()
                }
            }
            let domain = try SIPURI("sip:callpark.test")
            // While pool-b is up, dave registering at pool-a is sent home (301).
            #expect(await dave.register(at: try d.address("pool-a"), expires: 300, registrarURI: domain).status == 301)

            await d.server("pool-b").stop()  // pool-b's process goes quiet: no goodbye
            let start = ContinuousClock.now
            while await !d.server("pool-a").partnerIsDown, ContinuousClock.now - start < .seconds(5) {
                try await Task.sleep(for: .milliseconds(20))  // polling pool-a's view, bounded by the deadline
            }
            #expect(await d.server("pool-a").partnerIsDown, "pool-a sees pool-b down within 5 s")

            let backup = await dave.register(at: try d.address("pool-a"), expires: 300, registrarURI: domain)
            #expect(backup.status == 200)
            #expect(backup.warning?.contains("resiliency mode: call park unavailable") == true, "\(backup)")
            #expect((backup.expires ?? 0) <= 120, "a short expiry in resiliency mode: \(backup)")

            // dave can still call alice through pool-a …
            let call = try await dave.call(try d.aor("alice"), at: try d.address("pool-a"))
            try await alice.waitFor(within: .seconds(5)) { $0 == .confirmed(callID: call.id.callID) }
            // … but cannot park it: 480 with the reason (SPEC §3, FLOWS 7).
            let refused = await carolLikeInvite(from: alice, to: "*3010", referredBy: "dave", deployment: d)
            #expect(refused == 480)
            try await dave.hangUp(call)
        }
    }
}
