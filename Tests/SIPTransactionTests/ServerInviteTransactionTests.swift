import SIPCore
import SIPTransaction
import Testing

/// One test per transition of RFC 3261 Figure 7 (§17.2.1), with the "Accepted" state of RFC 6026 §7.1.
@Suite("INVITE server transaction (RFC 3261 §17.2.1, RFC 6026)")
struct ServerInviteTransactionTests {
    let invite: SIPRequest
    let ack: SIPRequest

    init() throws {
        invite = try Fixtures.invite()
        ack = try Fixtures.ack()
    }

    func proceeding(reliable: Bool = false, invite: SIPRequest? = nil) -> ServerInviteTransaction {
        var transaction = ServerInviteTransaction(request: invite ?? self.invite, reliable: reliable)
        _ = transaction.start()
        return transaction
    }

    func completed(reliable: Bool = false, invite: SIPRequest? = nil) -> ServerInviteTransaction {
        var transaction = proceeding(reliable: reliable, invite: invite)
        _ = transaction.send(Fixtures.response(486, to: invite ?? self.invite))
        return transaction
    }

    func confirmed() -> ServerInviteTransaction {
        var transaction = completed()
        _ = transaction.receivedRequest(ack)
        return transaction
    }

    func accepted() -> ServerInviteTransaction {
        var transaction = proceeding()
        _ = transaction.send(Fixtures.response(200, to: invite))
        return transaction
    }

    // MARK: Proceeding

    @Test("INVITE: passed to the TU, 100 Trying scheduled for 200 ms")
    func start() {
        var transaction = ServerInviteTransaction(request: invite, reliable: false)
        #expect(transaction.state == .proceeding)
        #expect(transaction.start() == [.schedule(.trying, after: Timers.trying), .deliverRequest(invite)])
        #expect(transaction.start() == [])
    }

    @Test("INVITE with the 100 Trying timer off: only passed to the TU")
    func startWithoutTrying() {
        var transaction = ServerInviteTransaction(request: invite, reliable: false, timers: SIPTimerConfiguration(tryingDelay: nil))
        #expect(transaction.start() == [.deliverRequest(invite)])
    }

    @Test("TU silent for 200 ms: the transaction sends 100 Trying (§17.2.1, §8.2.6.1)")
    func automaticTrying() throws {
        var transaction = proceeding()
        let actions = transaction.timerFired(.trying)
        guard case .send(.response(let trying)) = try #require(actions.first), actions.count == 1 else {
            Issue.record("expected one response, got \(actions)")
            return
        }
        #expect(trying.status == .trying)
        #expect(trying.headerFields.values(.via) == invite.headerFields.values(.via))
        #expect(trying.headerFields[.to] == invite.headerFields[.to])  // no tag on 100 Trying
        for name in [SIPHeaderName.from, .callID, .cSeq] { #expect(trying.headerFields[name] == invite.headerFields[name]) }
        #expect(transaction.lastResponse == trying)
        #expect(transaction.state == .proceeding)
        // A retransmitted INVITE now gets the 100 Trying again.
        #expect(transaction.receivedRequest(invite) == [.send(.response(trying))])
    }

    @Test("101-199 from TU: response sent, the 100 Trying timer cancelled")
    func provisionalFromTU() {
        var transaction = proceeding()
        let ringing = Fixtures.response(180, to: invite)
        #expect(transaction.send(ringing) == [.cancel(.trying), .send(.response(ringing))])
        #expect(transaction.timerFired(.trying) == [])
        let progress = Fixtures.response(183, to: invite)
        #expect(transaction.send(progress) == [.send(.response(progress))])
        #expect(transaction.state == .proceeding)
    }

    @Test("INVITE retransmission in Proceeding: the most recent provisional response resent")
    func retransmissionInProceeding() {
        var transaction = proceeding()
        #expect(transaction.receivedRequest(invite) == [])  // nothing to resend yet
        let ringing = Fixtures.response(180, to: invite)
        _ = transaction.send(Fixtures.response(100, to: invite, toTag: nil))
        _ = transaction.send(ringing)
        #expect(transaction.receivedRequest(invite) == [.send(.response(ringing))])
        #expect(transaction.state == .proceeding)
    }

    @Test("2xx from TU: response sent, on to Accepted with Timer L (RFC 6026 §8.5)", arguments: [false, true])
    func successFromTU(reliable: Bool) {
        var transaction = proceeding(reliable: reliable)
        let ok = Fixtures.response(200, to: invite)
        #expect(transaction.send(ok) == [.cancel(.trying), .send(.response(ok)), .schedule(.timerL, after: Timers.timeout)])
        #expect(transaction.state == .accepted)
    }

    @Test("300-699 from TU: response sent, on to Completed with Timers G and H", arguments: [300, 404, 486, 603])
    func failureFromTU(code: Int) {
        var transaction = proceeding()
        let response = Fixtures.response(code, to: invite)
        #expect(
            transaction.send(response) == [
                .cancel(.trying), .send(.response(response)), .schedule(.timerG, after: Timers.t1), .schedule(.timerH, after: Timers.timeout),
            ])
        #expect(transaction.state == .completed)
    }

    @Test("300-699 from TU over a reliable transport: no Timer G")
    func failureFromTUReliable() {
        var transaction = proceeding(reliable: true)
        let busy = Fixtures.response(486, to: invite)
        #expect(transaction.send(busy) == [.cancel(.trying), .send(.response(busy)), .schedule(.timerH, after: Timers.timeout)])
    }

    @Test("Transport error in Proceeding: the TU is informed, the state kept (RFC 6026 §8.8)")
    func transportErrorInProceeding() {
        var transaction = proceeding()
        #expect(transaction.transportError() == [.transportFailed])
        #expect(transaction.state == .proceeding)
    }

    // MARK: Completed

    @Test("INVITE retransmission in Completed: the final response resent")
    func retransmissionInCompleted() {
        var transaction = completed()
        #expect(transaction.receivedRequest(invite) == [.send(.response(Fixtures.response(486, to: invite)))])
        #expect(transaction.state == .completed)
    }

    @Test("Timer G fires: final response resent, Timer G doubled up to T2")
    func timerG() {
        var transaction = completed()
        let busy = Fixtures.response(486, to: invite)
        for seconds in [1, 2, 4, 4] {
            #expect(transaction.timerFired(.timerG) == [.send(.response(busy)), .schedule(.timerG, after: .seconds(seconds))])
        }
    }

    @Test("Timer H fires: the ACK never came, the TU is told")
    func timerH() {
        var transaction = completed()
        #expect(transaction.timerFired(.timerH) == [.cancel(.timerG), .timeout, .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("ACK in Completed: on to Confirmed with Timer I")
    func ackInCompleted() {
        var transaction = completed()
        #expect(transaction.receivedRequest(ack) == [.cancel(.timerG), .cancel(.timerH), .schedule(.timerI, after: Timers.t4)])
        #expect(transaction.state == .confirmed)
    }

    @Test("ACK in Completed over a reliable transport: Timer I is zero, so Terminated at once")
    func ackInCompletedReliable() {
        var transaction = completed(reliable: true)
        #expect(transaction.receivedRequest(ack) == [.cancel(.timerH), .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("Transport error in Completed: the TU is informed, retransmissions go on (RFC 6026 §8.8)")
    func transportErrorInCompleted() {
        var transaction = completed()
        #expect(transaction.transportError() == [.transportFailed])
        #expect(transaction.state == .completed)
        #expect(transaction.timerFired(.timerH) == [.cancel(.timerG), .timeout, .terminated])
    }

    @Test("A second final response from the TU in Completed is discarded", arguments: [200, 500])
    func finalFromTUInCompleted(code: Int) {
        var transaction = completed()
        #expect(transaction.send(Fixtures.response(code, to: invite)) == [])
    }

    @Test("RFC 2543 ACK (no magic cookie): matched only with the To tag of the final response (§17.2.3)")
    func rfc2543Ack() throws {
        let oldInvite = try Fixtures.invite(branch: nil)
        var transaction = completed(invite: oldInvite)
        #expect(transaction.receivedRequest(try Fixtures.ack(branch: nil, toTag: "someone-else")) == [])
        #expect(transaction.state == .completed)
        let ack = try Fixtures.ack(branch: nil)
        #expect(transaction.receivedRequest(ack) == [.cancel(.timerG), .cancel(.timerH), .schedule(.timerI, after: Timers.t4)])
        #expect(transaction.state == .confirmed)
    }

    // MARK: Confirmed

    @Test("ACK and INVITE in Confirmed are absorbed")
    func absorbedInConfirmed() {
        var transaction = confirmed()
        #expect(transaction.receivedRequest(ack) == [])
        #expect(transaction.receivedRequest(invite) == [])
        #expect(transaction.state == .confirmed)
    }

    @Test("Timer I fires: Terminated")
    func timerI() {
        var transaction = confirmed()
        #expect(transaction.timerFired(.timerI) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Accepted (RFC 6026 §7.1)

    @Test("INVITE retransmission in Accepted: absorbed, not passed to the TU")
    func retransmissionInAccepted() {
        var transaction = accepted()
        #expect(transaction.receivedRequest(invite) == [])
        #expect(transaction.state == .accepted)
    }

    @Test("ACK in Accepted: passed to the TU")
    func ackInAccepted() throws {
        var transaction = accepted()
        let ackFor2xx = try Fixtures.ack(branch: "z9hG4bKnewbranch")
        #expect(transaction.receivedRequest(ackFor2xx) == [.deliverRequest(ackFor2xx)])
        #expect(transaction.receivedRequest(ackFor2xx) == [.deliverRequest(ackFor2xx)])
        #expect(transaction.state == .accepted)
    }

    @Test("2xx from TU in Accepted: sent (the TU retransmits it)")
    func successFromTUInAccepted() {
        var transaction = accepted()
        let ok = Fixtures.response(200, to: invite)
        #expect(transaction.send(ok) == [.send(.response(ok))])
        #expect(transaction.state == .accepted)
    }

    @Test("Other responses from TU in Accepted are discarded", arguments: [180, 486])
    func otherFromTUInAccepted(code: Int) {
        var transaction = accepted()
        #expect(transaction.send(Fixtures.response(code, to: invite)) == [])
    }

    @Test("Transport error in Accepted: the TU is informed, ACKs still pass (RFC 6026 §7.1)")
    func transportErrorInAccepted() {
        var transaction = accepted()
        #expect(transaction.transportError() == [.transportFailed])
        #expect(transaction.state == .accepted)
        #expect(transaction.receivedRequest(ack) == [.deliverRequest(ack)])
    }

    @Test("Timer L fires: Terminated")
    func timerL() {
        var transaction = accepted()
        #expect(transaction.timerFired(.timerL) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Events that do not apply

    @Test func terminatedIgnoresEverything() {
        var transaction = accepted()
        _ = transaction.timerFired(.timerL)
        #expect(transaction.receivedRequest(invite) == [])
        #expect(transaction.receivedRequest(ack) == [])
        #expect(transaction.send(Fixtures.response(200, to: invite)) == [])
        #expect(transaction.timerFired(.timerL) == [])
        #expect(transaction.transportError() == [])
    }

    @Test func nothingHappensBeforeStart() {
        var transaction = ServerInviteTransaction(request: invite, reliable: false)
        #expect(transaction.send(Fixtures.response(200, to: invite)) == [])
        #expect(transaction.receivedRequest(invite) == [])
        #expect(transaction.timerFired(.trying) == [])
        #expect(transaction.transportError() == [])
    }

    @Test func otherMethodsAreIgnored() throws {
        var transaction = proceeding()
        #expect(transaction.receivedRequest(try Fixtures.request("BYE")) == [])
        #expect(transaction.receivedRequest(ack) == [])  // no final response yet
        #expect(transaction.state == .proceeding)
    }
}
