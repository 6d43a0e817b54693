import Foundation
import SIPTesting
import Testing

/// Issue 5, must-show 3 with pjsip: three pjsua2 softphones (`Tests/pjsua/park_drill.py`) against `callpark serve`.
/// bob parks alice on `*3042` by blind transfer (FLOWS 2), dave on the other pool retrieves her by dialling the orbit
/// (FLOWS 4), and the audio is checked from the phones' own RTP statistics: music reaches alice while she is parked,
/// then alice and dave send RTP to each other's addresses, with the park service in neither stream.
extension ServerInteropSuites {
    @Suite(
        .enabled(if: CallparkProcess.binary != nil, "needs the callpark binary"),
        .enabled(if: PjsuaDriver.interpreter.path != nil, Comment(rawValue: PjsuaDriver.interpreter.whyNot)))
    struct PjsuaParkTests {
        let directory: URL
        let portA = SIPp.freePort()
        let portB = SIPp.freePort()
        let passwords = ["alice": "alice-pw-1", "bob": "bob-pw-2", "dave": "dave-pw-3"]

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("callpark-pjsua-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        /// The service settings are the defaults a deployment gets (SHA-256 challenges first, no Record-Route):
        /// pjsip answers SHA-256, and the retrieved call must not need the pools.
        var yaml: String {
            """
            domain: callpark.test
            pools:
              - name: pool-a
                sip: 127.0.0.1:\(portA)
                admin: 127.0.0.1:\(SIPp.freePort())
                partner: pool-b
              - name: pool-b
                sip: 127.0.0.1:\(portB)
                admin: 127.0.0.1:\(SIPp.freePort())
            users:
              - { name: alice, pool: pool-a, password: \(passwords["alice"]!) }
              - { name: bob, pool: pool-a, password: \(passwords["bob"]!) }
              - { name: dave, pool: pool-b, password: \(passwords["dave"]!) }
            orbitRanges:
              - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }
              - { name: pool-b-main, start: "*4000", end: "*4099", pool: pool-b }

            """
        }

        @Test func pjsuaPhonesParkByBlindTransferAndRetrieveByDiallingTheOrbit() async throws {
            let config = directory.appendingPathComponent("deployment.yaml")
            try yaml.write(to: config, atomically: true, encoding: .utf8)
            let serve = try CallparkProcess(
                ["serve", "--config", config.path, "--data-dir", directory.path, "--log-level", "debug"], in: directory)
            defer { _ = serve.stop() }
            _ = try await serve.waitForLine(containing: "serving pool-a, pool-b")

            let trace = directory.appendingPathComponent("sip-trace.txt")
            let drill = try await PjsuaDriver.run(
                [
                    "--pool-a", "127.0.0.1:\(portA)", "--pool-b", "127.0.0.1:\(portB)", "--orbit", "*3042",
                    "--parkee", "alice:\(passwords["alice"]!)", "--parker", "bob:\(passwords["bob"]!)",
                    "--retriever", "dave:\(passwords["dave"]!)", "--sip-trace", trace.path,
                ], timeout: .seconds(60))
            // The drill prints a PASS or FAIL line per check; on failure, the phones' SIP messages and callpark's log
            // say which side went wrong.
            #expect(
                drill.status == 0,
                """
                pjsua2 park drill exited with \(drill.status):
                \(drill.output)
                == SIP messages the phones sent and received (registrations left out)
                \(PjsuaDriver.callMessages(inTrace: trace))
                == callpark serve (last 150 lines)
                \(serve.printed.split(separator: "\n").suffix(150).joined(separator: "\n"))
                """)
        }
    }
}
