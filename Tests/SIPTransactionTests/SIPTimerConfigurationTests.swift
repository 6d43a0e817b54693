import SIPTransaction
import Testing

@Suite("Timer values (RFC 3261 Table 4, RFC 6026 Timers L and M)")
struct SIPTimerConfigurationTests {
    @Test func defaultsAreThoseOfRFC3261() {
        let timers = SIPTimerConfiguration()
        #expect(timers.t1 == .milliseconds(500))
        #expect(timers.t2 == .seconds(4))
        #expect(timers.t4 == .seconds(5))
        #expect(timers.timerD == .seconds(32))
        #expect(timers.tryingDelay == .milliseconds(200))
        #expect(timers.transactionTimeout == .seconds(32))
        #expect(timers == .rfc3261)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var timer: SIPTransactionTimer
        var unreliable: Duration?
        var reliable: Duration?
        init(_ timer: SIPTransactionTimer, _ unreliable: Duration?, _ reliable: Duration?) {
            self.timer = timer
            self.unreliable = unreliable
            self.reliable = reliable
        }
        var testDescription: String { timer.description }
    }

    static let table: [Row] = [
        Row(.timerA, .milliseconds(500), nil),
        Row(.timerB, .seconds(32), .seconds(32)),
        Row(.timerD, .seconds(32), .zero),
        Row(.timerE, .milliseconds(500), nil),
        Row(.timerF, .seconds(32), .seconds(32)),
        Row(.timerG, .milliseconds(500), nil),
        Row(.timerH, .seconds(32), .seconds(32)),
        Row(.timerI, .seconds(5), .zero),
        Row(.timerJ, .seconds(32), .zero),
        Row(.timerK, .seconds(5), .zero),
        Row(.timerL, .seconds(32), .seconds(32)),
        Row(.timerM, .seconds(32), .seconds(32)),
        Row(.trying, .milliseconds(200), .milliseconds(200)),
    ]

    @Test(arguments: table)
    func initialValues(row: Row) {
        #expect(SIPTimerConfiguration.rfc3261.duration(of: row.timer, reliable: false) == row.unreliable)
        #expect(SIPTimerConfiguration.rfc3261.duration(of: row.timer, reliable: true) == row.reliable)
    }

    @Test func everyTimerIsInTheTable() {
        #expect(Set(Self.table.map(\.timer)) == Set(SIPTransactionTimer.allCases))
    }

    @Test func derivedTimersFollowT1AndT4() {
        let timers = SIPTimerConfiguration(t1: .seconds(1), t2: .seconds(8), t4: .seconds(10))
        #expect(timers.duration(of: .timerB, reliable: false) == .seconds(64))
        #expect(timers.duration(of: .timerJ, reliable: false) == .seconds(64))
        #expect(timers.duration(of: .timerK, reliable: false) == .seconds(10))
        #expect(timers.duration(of: .timerA, reliable: false) == .seconds(1))
    }

    @Test func tryingTimerCanBeTurnedOff() {
        #expect(SIPTimerConfiguration(tryingDelay: nil).duration(of: .trying, reliable: false) == nil)
    }

    @Test func timerADoublesWithoutLimit() {
        let timers = SIPTimerConfiguration.rfc3261
        #expect(timers.backoff(.timerA, after: .milliseconds(500)) == .seconds(1))
        #expect(timers.backoff(.timerA, after: .seconds(4)) == .seconds(8))
        #expect(timers.backoff(.timerA, after: .seconds(16)) == .seconds(32))
    }

    @Test(arguments: [SIPTransactionTimer.timerE, .timerG])
    func timersEAndGDoubleUpToT2(timer: SIPTransactionTimer) {
        let timers = SIPTimerConfiguration.rfc3261
        var interval = Duration.milliseconds(500)
        var seen: [Duration] = []
        for _ in 0..<5 {
            interval = timers.backoff(timer, after: interval)
            seen.append(interval)
        }
        #expect(seen == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
    }

    @Test func oneShotTimersDoNotBackOff() {
        #expect(SIPTimerConfiguration.rfc3261.backoff(.timerB, after: .seconds(32)) == .seconds(32))
    }

    @Test func timersDescribeThemselves() {
        #expect(SIPTransactionTimer.timerA.description == "Timer A")
        #expect(SIPTransactionTimer.trying.description == "100 Trying timer")
    }
}
