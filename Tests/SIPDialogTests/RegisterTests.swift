import Foundation
import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

extension InteropSuites {
    /// REGISTER from a callpark test agent to sipp playing the registrar (RFC 3261 §10.2): Digest with nonce reuse and
    /// a stale nonce, automatic refresh, removal of one and of all bindings, 301 and 423.
    @Suite(.enabled(if: SIPp.path != nil, Comment(rawValue: SIPp.missingReason)))
    struct RegisterTests {
        static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios")

        /// Runs `scenario` as a UAS on a free port and gives `body` the agent and where sipp listens.
        private func withRegistrar(
            _ scenario: String, _ body: (SIPTestAgent, SIPDestination) async throws -> Void
        ) async throws {
            let agent = try await SIPTestAgent.start(user: "alice")
            await agent.setCredentials(username: "alice", password: "secret")
            let port = SIPp.freePort()
            async let sipp = SIPp.run(
                ["-sf", Self.scenarios.appendingPathComponent(scenario).path, "-t", "u1", "-p", String(port), "-m", "1"],
                timeout: .seconds(30))
            // sipp may still be opening its socket: the first REGISTER is retransmitted until it answers.
            do {
                try await body(agent, .udp(try .init(ipAddress: "127.0.0.1", port: port)))
            } catch {
                await agent.stop()
                _ = try await sipp
                throw error
            }
            await agent.stop()
            let result = try await sipp
            #expect(result.exitCode == 0, "sipp failed:\n\(result.output.suffix(3000))")
            #expect(result.successfulCalls == 1)
        }

        @Test func digestRefreshStaleNonceAndUnregister() async throws {
            try await withRegistrar("uas-register-auth.xml") { agent, registrar in
                let first = await agent.register(at: registrar, expires: 3600, refreshAutomatically: true)
                #expect(first.status == 200)
                #expect(first.expires == 2)
                #expect(first.bindings.count == 1)
                // The refresh comes 1 s later (half of 2 s), reuses the nonce, and gets past the stale challenge.
                let refreshed = try await agent.waitFor { if case .registration(_, refreshed: true) = $0 { true } else { false } }
                guard case .registration(let again, _) = refreshed else { return }
                #expect(again.status == 200)
                #expect(again.expires == 3600)
                #expect(await agent.unregister(at: registrar).status == 200)
                #expect(await agent.unregisterAll(at: registrar).status == 200)
            }
        }

        @Test func movedPermanently() async throws {
            try await withRegistrar("uas-register-redirect.xml") { agent, registrar in
                let result = await agent.register(at: registrar)
                #expect(result.status == 301)
                #expect(result.movedTo == SIPURI(host: .name("home-pool.callpark.test"), port: 5070))
                #expect(!result.isSuccess)
            }
        }

        @Test func intervalTooBriefAndAWarning() async throws {
            try await withRegistrar("uas-register-interval.xml") { agent, registrar in
                let result = await agent.register(at: registrar, expires: 60)
                #expect(result.status == 200)
                #expect(result.expires == 300)
                #expect(result.warning == "resiliency mode: call park unavailable")
            }
        }
    }
}
