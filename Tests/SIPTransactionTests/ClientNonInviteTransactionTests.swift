import SIPCore
import SIPTransaction
import Testing

/// One test per transition of RFC 3261 Figure 6 (§17.1.2.2).
@Suite("Non-INVITE client transaction (RFC 3261 §17.1.2)")
struct ClientNonInviteTransactionTests {
    let options: SIPRequest

    init() throws { options = try Fixtures.options() }

    func trying(reliable: Bool = false) -> ClientNonInviteTransaction {
        var transaction = ClientNonInviteTransaction(request: options, reliable: reliable)
        _ = transaction.start()
        return transaction
    }

    func proceeding(reliable: Bool = false) -> ClientNonInviteTransaction {
        var transaction = trying(reliable: reliable)
        _ = transaction.receivedResponse(Fixtures.response(100, to: options, toTag: nil))
        return transaction
    }

    func completed() -> ClientNonInviteTransaction {
        var transaction = proceeding()
        _ = transaction.receivedResponse(Fixtures.response(200, to: options))
        return transaction
    }

    // MARK: Trying

    @Test("Request from TU: request sent, Timers E and F started")
    func startUnreliable() {
        var transaction = ClientNonInviteTransaction(request: options, reliable: false)
        #expect(transaction.state == .trying)
        #expect(
            transaction.start() == [
                .send(.request(options)), .schedule(.timerE, after: Timers.t1), .schedule(.timerF, after: Timers.timeout),
            ])
        #expect(transaction.start() == [])
    }

    @Test("Request from TU over a reliable transport: no Timer E")
    func startReliable() {
        var transaction = ClientNonInviteTransaction(request: options, reliable: true)
        #expect(transaction.start() == [.send(.request(options)), .schedule(.timerF, after: Timers.timeout)])
    }

    @Test("Timer E fires in Trying: request resent, Timer E doubled up to T2")
    func timerEInTrying() {
        var transaction = trying()
        for seconds in [1, 2, 4, 4, 4] {
            #expect(transaction.timerFired(.timerE) == [.send(.request(options)), .schedule(.timerE, after: .seconds(seconds))])
        }
        #expect(transaction.state == .trying)
    }

    @Test("Timer F fires in Trying: the TU is told of the timeout")
    func timerFInTrying() {
        var transaction = trying()
        #expect(transaction.timerFired(.timerF) == [.cancel(.timerE), .timeout, .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("Transport error in Trying: the TU is informed")
    func transportErrorInTrying() {
        var transaction = trying()
        #expect(transaction.transportError() == [.cancel(.timerE), .cancel(.timerF), .transportFailed, .terminated])
        #expect(transaction.state == .terminated)
    }

    @Test("1xx in Trying: to TU, on to Proceeding; Timers E and F keep running")
    func provisionalInTrying() {
        var transaction = trying()
        let trying = Fixtures.response(100, to: options, toTag: nil)
        #expect(transaction.receivedResponse(trying) == [.deliverResponse(trying)])
        #expect(transaction.state == .proceeding)
    }

    @Test("200-699 in Trying: to TU, on to Completed with Timer K", arguments: [200, 202, 302, 404, 500, 603])
    func finalInTrying(code: Int) {
        var transaction = trying()
        let response = Fixtures.response(code, to: options)
        #expect(
            transaction.receivedResponse(response) == [
                .cancel(.timerE), .cancel(.timerF), .deliverResponse(response), .schedule(.timerK, after: Timers.t4),
            ])
        #expect(transaction.state == .completed)
    }

    // MARK: Proceeding

    @Test("Timer E fires in Proceeding: request resent, Timer E reset to T2")
    func timerEInProceeding() {
        var transaction = proceeding()
        #expect(transaction.timerFired(.timerE) == [.send(.request(options)), .schedule(.timerE, after: Timers.t2)])
        #expect(transaction.timerFired(.timerE) == [.send(.request(options)), .schedule(.timerE, after: Timers.t2)])
        #expect(transaction.state == .proceeding)
    }

    @Test("1xx in Proceeding: to TU")
    func provisionalInProceeding() {
        var transaction = proceeding()
        let ringing = Fixtures.response(180, to: options)
        #expect(transaction.receivedResponse(ringing) == [.deliverResponse(ringing)])
        #expect(transaction.state == .proceeding)
    }

    @Test("Timer F fires in Proceeding: the TU is told of the timeout")
    func timerFInProceeding() {
        var transaction = proceeding()
        #expect(transaction.timerFired(.timerF) == [.cancel(.timerE), .timeout, .terminated])
    }

    @Test("Transport error in Proceeding: the TU is informed")
    func transportErrorInProceeding() {
        var transaction = proceeding()
        #expect(transaction.transportError() == [.cancel(.timerE), .cancel(.timerF), .transportFailed, .terminated])
    }

    @Test("200-699 in Proceeding: to TU, on to Completed")
    func finalInProceeding() {
        var transaction = proceeding()
        let ok = Fixtures.response(200, to: options)
        #expect(
            transaction.receivedResponse(ok) == [.cancel(.timerE), .cancel(.timerF), .deliverResponse(ok), .schedule(.timerK, after: Timers.t4)])
        #expect(transaction.state == .completed)
    }

    @Test("200-699 over a reliable transport: Timer K is zero, so Terminated at once")
    func finalReliable() {
        var transaction = proceeding(reliable: true)
        let ok = Fixtures.response(200, to: options)
        #expect(transaction.receivedResponse(ok) == [.cancel(.timerF), .deliverResponse(ok), .terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Completed

    @Test("Responses in Completed are absorbed", arguments: [100, 200, 486])
    func responsesInCompleted(code: Int) {
        var transaction = completed()
        #expect(transaction.receivedResponse(Fixtures.response(code, to: options)) == [])
        #expect(transaction.state == .completed)
    }

    @Test("Timer K fires: Terminated")
    func timerK() {
        var transaction = completed()
        #expect(transaction.timerFired(.timerK) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    @Test func transportErrorInCompletedTerminates() {
        var transaction = completed()
        #expect(transaction.transportError() == [.cancel(.timerK), .transportFailed, .terminated])
    }

    // MARK: Events that do not apply

    @Test func cancelledTimersAreIgnored() {
        var transaction = completed()
        #expect(transaction.timerFired(.timerE) == [])
        #expect(transaction.timerFired(.timerF) == [])
        #expect(transaction.state == .completed)
    }

    @Test func terminatedIgnoresEverything() {
        var transaction = completed()
        _ = transaction.timerFired(.timerK)
        #expect(transaction.receivedResponse(Fixtures.response(200, to: options)) == [])
        #expect(transaction.timerFired(.timerK) == [])
        #expect(transaction.transportError() == [])
    }

    @Test func nothingHappensBeforeStart() {
        var transaction = ClientNonInviteTransaction(request: options, reliable: false)
        #expect(transaction.receivedResponse(Fixtures.response(200, to: options)) == [])
        #expect(transaction.timerFired(.timerF) == [])
        #expect(transaction.transportError() == [])
    }
}
