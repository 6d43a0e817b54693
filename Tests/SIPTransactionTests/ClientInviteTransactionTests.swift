import SIPCore
import SIPTransaction
import Testing

/// One test per transition of RFC 3261 Figure 5 (§17.1.1.2), with the "Accepted" state of RFC 6026 §7.2.
@Suite("INVITE client transaction (RFC 3261 §17.1.1, RFC 6026)")
struct ClientInviteTransactionTests {
    let invite: SIPRequest

    init() throws { invite = try Fixtures.invite() }

    func calling(reliable: Bool = false) -> ClientInviteTransaction {
        var transaction = ClientInviteTransaction(request: invite, reliable: reliable)
        _ = transaction.start()
        return transaction
    }

    func proceeding(reliable: Bool = false) -> ClientInviteTransaction {
        var transaction = calling(reliable: reliable)
        _ = transaction.receivedResponse(Fixtures.response(180, to: invite))
        return transaction
    }

    func completed(reliable: Bool = false) -> ClientInviteTransaction {
        var transaction = proceeding(reliable: reliable)
        _ = transaction.receivedResponse(Fixtures.response(486, to: invite))
        return transaction
    }

    func accepted() -> ClientInviteTransaction {
        var transaction = proceeding()
        _ = transaction.receivedResponse(Fixtures.response(200, to: invite))
        return transaction
    }

    // MARK: Calling

    @Test("INVITE from TU: INVITE sent, Timers A and B started")
    func startUnreliable() {
        var transaction = ClientInviteTransaction(request: invite, reliable: false)
        #expect(transaction.state == .calling)
        #expect(
            transaction.start() == [
                .send(.request(invite)), .schedule(.timerA, after: Timers.t1), .schedule(.timerB, after: Timers.timeout),
            ])
        #expect(transaction.state == .calling)
        #expect(transaction.start() == [])
    }

    @Test("INVITE from TU over a reliable transport: no Timer A")
    func startReliable() {
        var transaction = ClientInviteTransaction(request: invite, reliable: true)
        #expect(transaction.start() == [.send(.request(invite)), .schedule(.timerB, after: Timers.timeout)])
    }

    @Test("Timer A fires: INVITE resent, Timer A doubled without a cap")
    func timerA() {
        var transaction = calling()
        for seconds in [1, 2, 4, 8, 16, 32] {
            #expect(transaction.timerFired(.timerA) == [.send(.request(invite)), .schedule(.timerA, after: .seconds(seconds))])
        }
        #expect(transaction.state == .calling)
    }

    @Test("Timer B fires: the TU is told of the timeout")
    func timerB() {
        var transaction = calling()
        #expect(transaction.timerFired(.timerB) == [.cancel(.timerA), .timeout, .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("Transport error in Calling: the TU is informed")
    func transportErrorInCalling() {
        var transaction = calling()
        #expect(transaction.transportError() == [.cancel(.timerA), .cancel(.timerB), .transportFailed, .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("1xx in Calling: to TU, on to Proceeding, retransmissions stop", arguments: [100, 180, 183])
    func provisionalInCalling(code: Int) {
        var transaction = calling()
        let response = Fixtures.response(code, to: invite, toTag: code == 100 ? nil : Fixtures.toTag)
        #expect(transaction.receivedResponse(response) == [.cancel(.timerA), .cancel(.timerB), .deliverResponse(response)])
        #expect(transaction.state == .proceeding)
        #expect(transaction.timerFired(.timerA) == [])
        #expect(transaction.timerFired(.timerB) == [])
    }

    @Test("2xx in Calling: to TU, on to Accepted with Timer M (RFC 6026)", arguments: [false, true])
    func successInCalling(reliable: Bool) {
        var transaction = calling(reliable: reliable)
        let ok = Fixtures.response(200, to: invite)
        let cancels: [SIPTransactionAction] = reliable ? [.cancel(.timerB)] : [.cancel(.timerA), .cancel(.timerB)]
        #expect(transaction.receivedResponse(ok) == cancels + [.deliverResponse(ok), .schedule(.timerM, after: Timers.timeout)])
        #expect(transaction.state == .accepted)
        #expect(transaction.ack == nil)
    }

    @Test("300-699 in Calling: ACK sent, response to TU, on to Completed", arguments: [300, 404, 486, 503, 603])
    func failureInCalling(code: Int) throws {
        var transaction = calling()
        let response = Fixtures.response(code, to: invite)
        let ack = invite.makeACK(for: response)
        #expect(
            transaction.receivedResponse(response) == [
                .cancel(.timerA), .cancel(.timerB), .send(.request(ack)), .deliverResponse(response), .schedule(.timerD, after: Timers.timerD),
            ])
        #expect(transaction.state == .completed)
        #expect(transaction.ack == ack)
    }

    // MARK: Proceeding

    @Test("1xx in Proceeding: to TU")
    func provisionalInProceeding() {
        var transaction = proceeding()
        let sessionProgress = Fixtures.response(183, to: invite)
        #expect(transaction.receivedResponse(sessionProgress) == [.deliverResponse(sessionProgress)])
        #expect(transaction.state == .proceeding)
    }

    @Test("2xx in Proceeding: to TU, on to Accepted (RFC 6026)")
    func successInProceeding() {
        var transaction = proceeding()
        let ok = Fixtures.response(200, to: invite)
        #expect(transaction.receivedResponse(ok) == [.deliverResponse(ok), .schedule(.timerM, after: Timers.timeout)])
        #expect(transaction.state == .accepted)
    }

    @Test("300-699 in Proceeding: ACK sent, response to TU, on to Completed")
    func failureInProceeding() {
        var transaction = proceeding()
        let busy = Fixtures.response(486, to: invite)
        let ack = invite.makeACK(for: busy)
        #expect(transaction.receivedResponse(busy) == [.send(.request(ack)), .deliverResponse(busy), .schedule(.timerD, after: Timers.timerD)])
        #expect(transaction.state == .completed)
    }

    @Test("300-699 over a reliable transport: Timer D is zero, so Terminated at once")
    func failureReliable() {
        var transaction = proceeding(reliable: true)
        let busy = Fixtures.response(486, to: invite)
        #expect(transaction.receivedResponse(busy) == [.send(.request(invite.makeACK(for: busy))), .deliverResponse(busy), .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("Transport error in Proceeding: the TU is informed (§17.1.4)")
    func transportErrorInProceeding() {
        var transaction = proceeding()
        #expect(transaction.transportError() == [.transportFailed, .terminated])
    }

    // MARK: Completed

    @Test("300-699 in Completed: ACK resent, not passed to the TU")
    func retransmittedFailure() {
        var transaction = completed()
        let busy = Fixtures.response(486, to: invite)
        #expect(transaction.receivedResponse(busy) == [.send(.request(invite.makeACK(for: busy)))])
        #expect(transaction.state == .completed)
    }

    @Test("Other responses in Completed are discarded", arguments: [180, 200])
    func otherResponsesInCompleted(code: Int) {
        var transaction = completed()
        #expect(transaction.receivedResponse(Fixtures.response(code, to: invite)) == [])
    }

    @Test("Timer D fires: Terminated")
    func timerD() {
        var transaction = completed()
        #expect(transaction.timerFired(.timerD) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("Transport error in Completed: the TU is informed")
    func transportErrorInCompleted() {
        var transaction = completed()
        #expect(transaction.transportError() == [.cancel(.timerD), .transportFailed, .terminated])
    }

    // MARK: Accepted (RFC 6026 §7.2)

    @Test("2xx in Accepted: to TU, no ACK from the transaction (RFC 6026 §8.4)")
    func successInAccepted() {
        var transaction = accepted()
        let retransmission = Fixtures.response(200, to: invite)
        let fork = Fixtures.response(200, to: invite, toTag: "fork2")
        #expect(transaction.receivedResponse(retransmission) == [.deliverResponse(retransmission)])
        #expect(transaction.receivedResponse(fork) == [.deliverResponse(fork)])
        #expect(transaction.state == .accepted)
    }

    @Test("1xx and 300-699 in Accepted are discarded", arguments: [180, 486])
    func otherResponsesInAccepted(code: Int) {
        var transaction = accepted()
        #expect(transaction.receivedResponse(Fixtures.response(code, to: invite)) == [])
    }

    @Test("Timer M fires: Terminated")
    func timerM() {
        var transaction = accepted()
        #expect(transaction.timerFired(.timerM) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Events that do not apply

    @Test func terminatedIgnoresEverything() {
        var transaction = completed()
        _ = transaction.timerFired(.timerD)
        #expect(transaction.receivedResponse(Fixtures.response(486, to: invite)) == [])
        #expect(transaction.receivedResponse(Fixtures.response(200, to: invite)) == [])
        #expect(transaction.timerFired(.timerD) == [])
        #expect(transaction.transportError() == [])
        #expect(transaction.start() == [])
    }

    @Test func nothingHappensBeforeStart() {
        var transaction = ClientInviteTransaction(request: invite, reliable: false)
        #expect(transaction.receivedResponse(Fixtures.response(200, to: invite)) == [])
        #expect(transaction.timerFired(.timerB) == [])
        #expect(transaction.transportError() == [])
        #expect(transaction.state == .calling)
    }

    @Test func timersItDidNotScheduleAreIgnored() {
        var transaction = calling(reliable: true)
        for timer in SIPTransactionTimer.allCases where timer != .timerB {
            #expect(transaction.timerFired(timer) == [])
        }
        #expect(transaction.state == .calling)
    }

    @Test func statusCodesOutsideTheRangeAreIgnored() {
        var transaction = calling()
        let odd = SIPResponse(status: SIPResponseStatus(code: 750, reasonPhrase: "Odd"), headerFields: invite.headerFields)
        #expect(transaction.receivedResponse(odd) == [])
        #expect(transaction.state == .calling)
    }
}
