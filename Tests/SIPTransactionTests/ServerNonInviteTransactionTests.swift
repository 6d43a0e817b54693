import SIPCore
import SIPTransaction
import Testing

/// One test per transition of RFC 3261 Figure 8 (§17.2.2).
@Suite("Non-INVITE server transaction (RFC 3261 §17.2.2)")
struct ServerNonInviteTransactionTests {
    let register: SIPRequest

    init() throws { register = try Fixtures.request("REGISTER", uri: "sip:registrar.biloxi.example.com") }

    func trying(reliable: Bool = false) -> ServerNonInviteTransaction {
        var transaction = ServerNonInviteTransaction(request: register, reliable: reliable)
        _ = transaction.start()
        return transaction
    }

    func proceeding(reliable: Bool = false) -> ServerNonInviteTransaction {
        var transaction = trying(reliable: reliable)
        _ = transaction.send(Fixtures.response(100, to: register, toTag: nil))
        return transaction
    }

    func completed() -> ServerNonInviteTransaction {
        var transaction = proceeding()
        _ = transaction.send(Fixtures.response(200, to: register))
        return transaction
    }

    // MARK: Trying

    @Test("Request received: passed to the TU")
    func start() {
        var transaction = ServerNonInviteTransaction(request: register, reliable: false)
        #expect(transaction.state == .trying)
        #expect(transaction.start() == [.deliverRequest(register)])
        #expect(transaction.start() == [])
    }

    @Test("Request retransmission in Trying: absorbed")
    func retransmissionInTrying() {
        var transaction = trying()
        #expect(transaction.receivedRequest(register) == [])
        #expect(transaction.state == .trying)
    }

    @Test("1xx from TU in Trying: sent, on to Proceeding")
    func provisionalInTrying() {
        var transaction = trying()
        let trying = Fixtures.response(100, to: register, toTag: nil)
        #expect(transaction.send(trying) == [.send(.response(trying))])
        #expect(transaction.state == .proceeding)
    }

    @Test("200-699 from TU in Trying: sent, on to Completed with Timer J", arguments: [200, 401, 423, 500])
    func finalInTrying(code: Int) {
        var transaction = trying()
        let response = Fixtures.response(code, to: register)
        #expect(transaction.send(response) == [.send(.response(response)), .schedule(.timerJ, after: Timers.timeout)])
        #expect(transaction.state == .completed)
    }

    @Test("200-699 over a reliable transport: Timer J is zero, so Terminated at once")
    func finalReliable() {
        var transaction = trying(reliable: true)
        let ok = Fixtures.response(200, to: register)
        #expect(transaction.send(ok) == [.send(.response(ok)), .terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Proceeding

    @Test("1xx from TU in Proceeding: sent")
    func provisionalInProceeding() {
        var transaction = proceeding()
        let progress = Fixtures.response(183, to: register)
        #expect(transaction.send(progress) == [.send(.response(progress))])
        #expect(transaction.state == .proceeding)
    }

    @Test("Request retransmission in Proceeding: the most recent provisional response resent")
    func retransmissionInProceeding() {
        var transaction = proceeding()
        #expect(transaction.receivedRequest(register) == [.send(.response(Fixtures.response(100, to: register, toTag: nil)))])
        #expect(transaction.state == .proceeding)
    }

    @Test("200-699 from TU in Proceeding: sent, on to Completed")
    func finalInProceeding() {
        var transaction = proceeding()
        let ok = Fixtures.response(200, to: register)
        #expect(transaction.send(ok) == [.send(.response(ok)), .schedule(.timerJ, after: Timers.timeout)])
        #expect(transaction.state == .completed)
    }

    @Test("Transport error in Proceeding: the TU is informed, the state kept (RFC 6026 §8.8)")
    func transportErrorInProceeding() {
        var transaction = proceeding()
        #expect(transaction.transportError() == [.transportFailed])
        #expect(transaction.state == .proceeding)
    }

    // MARK: Completed

    @Test("Request retransmission in Completed: the final response resent")
    func retransmissionInCompleted() {
        var transaction = completed()
        #expect(transaction.receivedRequest(register) == [.send(.response(Fixtures.response(200, to: register)))])
        #expect(transaction.state == .completed)
    }

    @Test("Further responses from TU in Completed: discarded", arguments: [180, 200, 500])
    func responsesFromTUInCompleted(code: Int) {
        var transaction = completed()
        #expect(transaction.send(Fixtures.response(code, to: register)) == [])
        #expect(transaction.lastResponse == Fixtures.response(200, to: register))
    }

    @Test("Transport error in Completed: the TU is informed, Timer J still ends it (RFC 6026 §8.8)")
    func transportErrorInCompleted() {
        var transaction = completed()
        #expect(transaction.transportError() == [.transportFailed])
        #expect(transaction.state == .completed)
    }

    @Test("Timer J fires: Terminated")
    func timerJ() {
        var transaction = completed()
        #expect(transaction.timerFired(.timerJ) == [.terminated])
        #expect(transaction.state == .terminated)
    }

    // MARK: Events that do not apply

    @Test func otherMethodsAreIgnored() throws {
        var transaction = completed()
        #expect(transaction.receivedRequest(try Fixtures.request("OPTIONS")) == [])
    }

    @Test func terminatedIgnoresEverything() {
        var transaction = completed()
        _ = transaction.timerFired(.timerJ)
        #expect(transaction.receivedRequest(register) == [])
        #expect(transaction.send(Fixtures.response(200, to: register)) == [])
        #expect(transaction.timerFired(.timerJ) == [])
        #expect(transaction.transportError() == [])
    }

    @Test func nothingHappensBeforeStart() {
        var transaction = ServerNonInviteTransaction(request: register, reliable: false)
        #expect(transaction.send(Fixtures.response(200, to: register)) == [])
        #expect(transaction.receivedRequest(register) == [])
        #expect(transaction.timerFired(.timerJ) == [])
        #expect(transaction.transportError() == [])
    }
}
