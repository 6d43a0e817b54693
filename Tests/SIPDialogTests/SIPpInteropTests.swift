import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

extension InteropSuites {
    /// RFC 3261 interop with sipp (Debian's sip-tester): its built-in UAC calling a callpark test agent and its
    /// built-in UAS answering one, over UDP and TCP, and over UDP with 10 % of packets lost.
    @Suite(.enabled(if: SIPp.path != nil, Comment(rawValue: SIPp.missingReason)), .serialized)
    struct SIPpInteropTests {
        static let calls = 20

        @Test(arguments: [SIPTransportKind.udp, .tcp])
        func sippCallsTheAgent(_ transport: SIPTransportKind) async throws {
            let agent = try await SIPTestAgent.start(user: "service")
            defer { Task { await agent.stop() } }
            let target = await agent.destination(transport)
            let result = try await SIPp.run(
                [
                    "-sn", "uac", "127.0.0.1:\(target.address.port!)", "-t", transport == .udp ? "u1" : "t1",
                    "-p", String(SIPp.freePort()), "-m", String(Self.calls), "-r", "20", "-l", "10", "-d", "100",
                ], timeout: .seconds(30))
            #expect(result.exitCode == 0, "sipp failed:\n\(result.output.suffix(2000))")
            #expect(result.successfulCalls == Self.calls)
            let answered = await agent.events.filter { if case .answered = $0 { return true } else { return false } }.count
            let ended = await agent.events.filter { if case .ended(_, true) = $0 { return true } else { return false } }.count
            #expect(answered == Self.calls)
            #expect(ended == Self.calls)
        }

        @Test(arguments: [SIPTransportKind.udp, .tcp])
        func agentCallsSipp(_ transport: SIPTransportKind) async throws {
            let agent = try await SIPTestAgent.start(user: "alice")
            defer { Task { await agent.stop() } }
            let port = SIPp.freePort()
            async let sipp = SIPp.run(
                ["-sn", "uas", "-t", transport == .udp ? "u1" : "t1", "-p", String(port), "-m", String(Self.calls)], timeout: .seconds(30))
            let destination = SIPDestination(
                transport: transport, address: try .init(ipAddress: "127.0.0.1", port: port))
            let target = SIPURI(user: "service", host: .ipv4("127.0.0.1"), port: UInt16(port))
            if transport == .tcp { try await SIPp.waitUntilAcceptingTCP(port: port) }  // UDP retransmits until sipp is up
            var established = 0
            for _ in 0..<Self.calls {
                // sipp may still be opening its socket for the first call: the INVITE is retransmitted until it answers.
                let call = try await agent.call(target, at: destination)
                established += 1
                try await agent.hangUp(call)
            }
            let result = try await sipp
            #expect(established == Self.calls)
            #expect(result.exitCode == 0, "sipp failed:\n\(result.output.suffix(2000))")
            #expect(result.successfulCalls == Self.calls)
        }

        /// RFC 3261 §17: retransmissions (Timers A, E, G and the 2xx retransmission of §13.3.1.4) complete every call
        /// although sipp drops 10 % of the packets it sends and receives.
        @Test func sippCallsTheAgentOverALossyPath() async throws {
            let agent = try await SIPTestAgent.start(user: "service")
            defer { Task { await agent.stop() } }
            let target = await agent.destination(.udp)
            let result = try await SIPp.run(
                [
                    "-sn", "uac", "127.0.0.1:\(target.address.port!)", "-t", "u1", "-p", String(SIPp.freePort()),
                    "-m", String(Self.calls), "-r", "10", "-l", "20", "-d", "100", "-lost", "10", "-recv_timeout", "40000",
                ], timeout: .seconds(90))
            #expect(result.exitCode == 0, "sipp failed:\n\(result.output.suffix(3000))")
            #expect(result.successfulCalls == Self.calls)
        }
    }
}
