// sip-endpoint-bench: a callpark SIPEndpoint that answers every call, for throughput runs against sipp.
//
//   swift build -c release --product sip-endpoint-bench
//   .build/release/sip-endpoint-bench [--seconds S]     prints "udp PORT tcp PORT", then answers for S seconds
//
// INVITE → 200 OK (with To tag and Contact), BYE → 200, OPTIONS → 200, anything else → 501; ACKs are absorbed.
// Benchmarks/call-bench.sh drives it with sipp's built-in UAC.

import Logging
import NIOCore
import SIPCore
import SIPDialog
import SIPTransport

#if canImport(Glibc)
    import Glibc
#endif

@main
enum SIPEndpointBenchmark {
    static func main() async throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var seconds = 60
        while !args.isEmpty {
            let a = args.removeFirst()
            if a == "--seconds", let s = args.first.flatMap(Int.init) {
                seconds = s
                args.removeFirst()
            }
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let endpoint = SIPEndpoint(
            configuration: .init(listen: [.udp("127.0.0.1", port: 0), .tcp("127.0.0.1", port: 0)]), logger: logger)
        let bound = try await endpoint.start()
        let udp = bound.first { $0.transport == .udp }!
        let tcp = bound.first { $0.transport == .tcp }!
        let line = "udp \(udp.port) tcp \(tcp.port)\n"
        _ = line.withCString { write(1, $0, strlen($0)) }  // unbuffered, so a script can read it at once
        let contactUDP = "<sip:bench@127.0.0.1:\(udp.port)>"
        let contactTCP = "<sip:bench@127.0.0.1:\(tcp.port);transport=tcp>"
        let duration = seconds
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await endpoint.run() }
            group.addTask {
                try? await Task.sleep(for: .seconds(duration))  // the run's length, not a wait for an event
                await endpoint.shutdown()
            }
            group.addTask {
                for await incoming in endpoint.requests where incoming.kind == .new {
                    let request = incoming.request
                    let response: SIPResponse
                    switch request.method {
                    case .invite:
                        var ok = request.makeResponse(.ok, toTag: SIPIdentifiers.tag())
                        ok.headerFields.append(.contact, incoming.inbound.transport == .tcp ? contactTCP : contactUDP)
                        response = ok
                    case .bye, .options: response = request.makeResponse(.ok)
                    default: response = request.makeResponse(.notImplemented)
                    }
                    await endpoint.respond(response, to: incoming)
                }
            }
            await group.waitForAll()
        }
    }
}
