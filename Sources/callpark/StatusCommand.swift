import ArgumentParser
import Foundation
import NIOCore
import SIPCore
import SIPDialog
import SIPTransport
import Server
import Topology

/// `callpark status`: the deployment and whether each pool answers SIP OPTIONS now.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the deployment and probe each pool with SIP OPTIONS.")
    @Option(help: "Seconds to wait for each pool's answer.") var timeout: Double = 1
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    struct PoolStatus: Codable {
        var pool: String
        var sip: String
        var partner: String?
        var failedOver: Bool
        var users: Int
        var orbits: Int
        var answering: Bool
        var detail: String
        var roundTripMilliseconds: Double?
    }

    func run() async throws {
        let (deployment, pools) = try await store.withService { s in (try await s.deployment(), try await s.pools()) }
        let probe = PoolProbe(timeout: timeout)
        var statuses: [PoolStatus] = []
        for summary in pools {
            let result = await probe.probe(summary.pool)
            statuses.append(
                PoolStatus(
                    pool: summary.pool.name, sip: summary.pool.sipHostPort, partner: summary.partner, failedOver: summary.pool.failedOver,
                    users: summary.users, orbits: summary.orbits, answering: result.answering, detail: result.detail,
                    roundTripMilliseconds: result.rtt))
        }
        await probe.close()
        if output.json { return try printJSON(["domain": AnyCodable.string(deployment.domain), "pools": .pools(statuses)]) }
        print("domain \(deployment.domain), \(deployment.users.count) users, \(deployment.orbitRanges.count) orbit ranges; store \(store.resolved)")
        print(
            table(
                ["POOL", "SIP", "PARTNER", "STATE", "USERS", "ORBITS", "SIP ANSWER"],
                statuses.map {
                    [
                        $0.pool, $0.sip, $0.partner ?? "-", $0.failedOver ? "failed over" : "normal", "\($0.users)", "\($0.orbits)",
                        $0.detail,
                    ]
                }))
    }
}

/// A JSON value of one of the two shapes `status --json` prints.
enum AnyCodable: Encodable {
    case string(String)
    case pools([StatusCommand.PoolStatus])
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .pools(let p): try c.encode(p)
        }
    }
}
