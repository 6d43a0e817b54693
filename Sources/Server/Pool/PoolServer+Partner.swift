import Logging
import NIOCore
import Resilience
import SIPCore
import SIPDialog
import SIPTransport
import Topology

extension PoolServer {
    /// Probes the partner pool with OPTIONS every `probeInterval` (SPEC §3) and tells the registrar when it is down,
    /// which puts the partner's users registering here in resiliency mode. Runs until cancelled.
    func probePartner() async {
        var probe = PartnerProbe(settings: probeSettings())
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isCancelled {
            probe.settings = probeSettings()
            if let partner = deployment.partner(of: poolName).flatMap({ deployment.pools[$0] }) {
                let answered = await probeOnce(partner, timeout: probe.settings.interval)
                let actions = answered ? probe.probeAnswered(now: now) : probe.probeFailed(now: now)
                for action in actions { partnerEvent(action, partner: partner.name) }
            }
            next = next.advanced(by: .milliseconds(Int64(probe.settings.interval * 1000)))
            if next < clock.now { next = clock.now }
            do { try await Task.sleep(until: next, clock: clock) } catch { return }
        }
    }

    private func probeSettings() -> PartnerProbe.Settings {
        let s = deployment.service
        return .init(interval: s.probeInterval, failureThreshold: s.probeFailureThreshold, recoveryThreshold: s.probeRecoveryThreshold)
    }

    /// One OPTIONS to the partner; any answer from it counts (RFC 3261 §11: it is alive), none within `timeout` not.
    private func probeOnce(_ partner: Pool, timeout: Double) async -> Bool {
        guard let address = try? SocketAddress.makeAddressResolvingHost(partner.sipHost, port: partner.sipPort) else { return false }
        var fields = SIPHeaderFields()
        fields.append(.to, "<sip:\(partner.sipHostPort)>")
        fields.append(.from, "<sip:\(pool.sipHostPort)>;tag=\(SIPIdentifiers.tag())")
        fields.append(.callID, SIPIdentifiers.callID(host: pool.sipHost))
        fields.append(.cSeq, "1 OPTIONS")
        fields.append(.contentLength, "0")
        guard let uri = try? SIPURI("sip:\(partner.sipHostPort)") else { return false }
        let options = SIPRequest(method: .options, uri: uri, headerFields: fields)
        let endpoint = self.endpoint
        let response = await PoolProbe.first(within: timeout) {
            await endpoint.request(options, to: SIPDestination(transport: .udp, address: address))
        }
        guard let response else { return false }
        return !PoolProbe.madeLocally(response)
    }

    private func partnerEvent(_ action: PartnerProbe.Action, partner: String) {
        switch action {
        case .partnerDown(let since):
            registrar.partnerDown = true
            partnerDownSince = since
            logger.warning("partner pool down: its users may register here in resiliency mode", metadata: ["pool.partner": "\(partner)"])
        case .partnerUp(let outage):
            registrar.partnerDown = false
            partnerDownSince = nil
            logger.notice(
                "partner pool up again", metadata: ["pool.partner": "\(partner)", "pool.outage_seconds": "\(String(format: "%.1f", outage))"])
        case .partnerSuspect(let failures):
            logger.info("partner pool not answering", metadata: ["pool.partner": "\(partner)", "pool.failed_probes": "\(failures)"])
        case .sendProbe, .schedule:
            break
        }
    }
}
