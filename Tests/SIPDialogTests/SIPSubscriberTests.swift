import SIPCore
import SIPDialog
import Testing

/// RFC 6665 §4.1: the subscriber's transitions, one test each, with explicit times.
@Suite struct SIPSubscriberTests {
    typealias F = SubscriptionFixtures
    let t0 = F.t0

    /// A subscriber that sent `SUBSCRIBE Expires: expires` at t0.
    func started(expires: UInt32 = 600, configuration: SIPSubscriber.Configuration = .init()) -> SIPSubscriber {
        var s = SIPSubscriber(
            callID: "s1@127.0.0.1", localTag: "a1", event: SIPEvent(package: "dialog"), expires: expires, configuration: configuration)
        _ = s.start(now: t0)
        return s
    }

    /// A subscriber whose SUBSCRIBE got a 2xx granting `granted` and a NOTIFY saying active, both at t0.
    func active(granted: UInt32 = 600, configuration: SIPSubscriber.Configuration = .init()) -> SIPSubscriber {
        var s = started(expires: granted, configuration: configuration)
        _ = s.receivedResponse(F.response(200, to: F.subscribe(expires: granted), headers: [(.expires, "\(granted)")]), now: t0)
        _ = s.receivedNotify(F.notify("active;expires=\(granted)"), now: t0)
        return s
    }

    @Test func startArmsTimerN() {
        var s = SIPSubscriber(callID: "s1@127.0.0.1", localTag: "a1", event: SIPEvent(package: "dialog"), expires: 600)
        let actions = s.start(now: t0)
        #expect(actions == [.schedule(at: t0 + .seconds(32))])
        #expect(s.subscription.state == .pending)
        #expect(s.key == nil)
    }

    @Test func the2xxGrantsItsExpiresButTimerNStillRuns() {
        var s = started()
        let ok = F.response(200, to: F.subscribe(expires: 600), headers: [(.expires, "300")])
        let actions = s.receivedResponse(ok, now: t0 + .seconds(1))
        #expect(actions == [.schedule(at: t0 + .seconds(32))])
        #expect(s.subscription.expiresAt == t0 + .seconds(301))
        #expect(s.key?.dialog == SIPDialogID(callID: "s1@127.0.0.1", localTag: "a1", remoteTag: "b1"))
    }

    @Test func a202IsASuccessToo() {
        var s = started()
        _ = s.receivedResponse(F.response(202, to: F.subscribe(expires: 600), headers: [(.expires, "600")]), now: t0)
        #expect(s.subscription.expiresAt == t0 + .seconds(600))
    }

    @Test func theFirstNotifyActivatesAndSchedulesTheRefresh() {
        var s = started()
        _ = s.receivedResponse(F.response(200, to: F.subscribe(expires: 600), headers: [(.expires, "600")]), now: t0)
        let actions = s.receivedNotify(F.notify("active;expires=600"), now: t0 + .seconds(1))
        // The refresh goes 32 s (the margin) before expiry.
        #expect(actions == [.respond(.ok), .notified(.active), .schedule(at: t0 + .seconds(601 - 32))])
        #expect(s.subscription.state == .active)
    }

    @Test func aNotifyBeforeThe2xxCreatesTheDialog() {
        var s = started()
        #expect(s.matches(F.notify("pending;expires=600")))
        let actions = s.receivedNotify(F.notify("pending;expires=600"), now: t0)
        #expect(actions[..<2] == [.respond(.ok), .notified(.pending)])
        #expect(s.key?.dialog.remoteTag == "b1")
        #expect(!s.matches(F.notify("active", fromTag: "other-fork")))
    }

    @Test func pendingThenActive() {
        var s = started()
        _ = s.receivedNotify(F.notify("pending;expires=600"), now: t0)
        #expect(s.subscription.state == .pending)
        _ = s.receivedNotify(F.notify("active;expires=590", cseq: 2), now: t0 + .seconds(10))
        #expect(s.subscription.state == .active)
        #expect(s.subscription.expiresAt == t0 + .seconds(600))
    }

    @Test func aShortGrantRefreshesHalfWay() {
        let s = active(granted: 10)
        #expect(s.nextDeadline == t0 + .seconds(5))
    }

    @Test func theRefreshTimerSendsARefreshAndItsAnswerMovesExpiry() {
        var s = active()
        var actions = s.timerFired(now: t0 + .seconds(100))
        #expect(actions == [.schedule(at: t0 + .seconds(568))])  // early: nothing to do
        actions = s.timerFired(now: t0 + .seconds(568))
        #expect(actions == [.sendSubscribe(expires: 600), .schedule(at: t0 + .seconds(600))])
        let ok = F.response(200, to: F.subscribe(expires: 600, toTag: "b1", cseq: 2), headers: [(.expires, "600")])
        actions = s.receivedResponse(ok, now: t0 + .seconds(569))
        #expect(actions == [.schedule(at: t0 + .seconds(569 + 568))])
    }

    @Test func aRefreshFailingWith481EndsTheSubscription() {
        var s = active()
        _ = s.refresh(now: t0 + .seconds(10))
        let gone = F.response(481, to: F.subscribe(expires: 600, toTag: "b1", cseq: 2))
        let actions = s.receivedResponse(gone, now: t0 + .seconds(11))
        #expect(actions == [.terminated(.init())])
        #expect(s.subscription.isTerminated)
    }

    @Test func aRefreshFailingOtherwiseKeepsTheSubscriptionUntilItExpires() {
        var s = active()
        _ = s.refresh(now: t0 + .seconds(10))
        let busy = F.response(500, to: F.subscribe(expires: 600, toTag: "b1", cseq: 2))
        var actions = s.receivedResponse(busy, now: t0 + .seconds(11))
        #expect(actions == [.schedule(at: t0 + .seconds(600))])
        #expect(s.subscription.state == .active)
        actions = s.timerFired(now: t0 + .seconds(600))
        #expect(actions == [.terminated(.init(reason: .timeout))])
    }

    @Test func intervalTooBriefIsRetriedOnceWithMinExpires() {
        var s = started(expires: 30)
        let brief = F.response(423, to: F.subscribe(expires: 30), headers: [(.minExpires, "120")])
        var actions = s.receivedResponse(brief, now: t0)
        #expect(actions == [.sendSubscribe(expires: 120)])
        let again = F.response(423, to: F.subscribe(expires: 120, cseq: 2), headers: [(.minExpires, "240")])
        actions = s.receivedResponse(again, now: t0)
        #expect(actions == [.terminated(.init())])
    }

    @Test func aRefusedSubscribeEndsIt() {
        var s = started()
        let refused = F.response(489, to: F.subscribe(expires: 600), headers: [(.retryAfter, "30")])
        let actions = s.receivedResponse(refused, now: t0)
        #expect(actions == [.terminated(.init(retryAfter: 30))])
    }

    @Test func timerNEndsASubscriptionWithoutNotify() {
        var s = started()
        _ = s.receivedResponse(F.response(200, to: F.subscribe(expires: 600), headers: [(.expires, "600")]), now: t0)
        let actions = s.timerFired(now: t0 + .seconds(32))
        #expect(actions == [.terminated(.init())])
    }

    @Test func withoutRefreshesItExpires() {
        var s = active(configuration: .init(refreshes: false))
        #expect(s.nextDeadline == t0 + .seconds(600))
        let actions = s.timerFired(now: t0 + .seconds(600))
        #expect(actions == [.terminated(.init(reason: .timeout))])
    }

    @Test func theNotifierShortensTheSubscription() {
        var s = active()
        _ = s.receivedNotify(F.notify("active;expires=60", cseq: 2), now: t0 + .seconds(10))
        #expect(s.subscription.expiresAt == t0 + .seconds(70))
        #expect(s.nextDeadline == t0 + .seconds(40))
    }

    @Test func unsubscribeWaitsForTheFinalNotify() {
        var s = active()
        var actions = s.unsubscribe(now: t0 + .seconds(10))
        #expect(actions == [.sendSubscribe(expires: 0), .schedule(at: t0 + .seconds(42))])
        let ok = F.response(200, to: F.subscribe(expires: 0, toTag: "b1", cseq: 2), headers: [(.expires, "0")])
        actions = s.receivedResponse(ok, now: t0 + .seconds(11))
        #expect(actions == [.schedule(at: t0 + .seconds(42))])
        let final = SIPSubscription.State.terminated(.init(reason: .timeout))
        actions = s.receivedNotify(F.notify("terminated;reason=timeout", cseq: 2), now: t0 + .seconds(11))
        #expect(
            actions
                == [.respond(.ok), .notified(final), .terminated(.init(reason: .timeout))])
        #expect(s.nextDeadline == nil)
    }

    @Test func unsubscribeWithoutAFinalNotifyEndsAfterTimerN() {
        var s = active()
        _ = s.unsubscribe(now: t0 + .seconds(10))
        let actions = s.timerFired(now: t0 + .seconds(42))
        #expect(actions == [.terminated(.init())])
    }

    @Test func aNotifyForATerminatedSubscriptionGets481() {
        var s = active()
        _ = s.receivedNotify(F.notify("terminated;reason=noresource", cseq: 2), now: t0)
        let actions = s.receivedNotify(F.notify("active", cseq: 3), now: t0)
        #expect(actions == [.respond(.callDoesNotExist)])
    }

    @Test func aNotifyWithoutSubscriptionStateIsABadRequest() {
        var s = started()
        let actions = s.receivedNotify(F.notify(nil), now: t0)
        #expect(actions == [.respond(.badRequest)])
    }

    @Test func anExtensionStateKeepsTheStateItHad() {
        var s = active()
        let actions = s.receivedNotify(F.notify("waiting;expires=600", cseq: 2), now: t0)
        #expect(actions[..<2] == [.respond(.ok), .notified(.active)])
    }

    @Test(arguments: [
        ("terminated;reason=deactivated", SIPSubscription.Reason.deactivated, UInt32?.some(0)),
        ("terminated;reason=probation;retry-after=30", .probation, 30),
        ("terminated;reason=rejected", .rejected, nil),
        ("terminated;reason=timeout;retry-after=99", .timeout, 0),
        ("terminated;reason=giveup", .giveup, 0),
        ("terminated;reason=noresource", .noresource, nil),
        ("terminated;reason=invariant", .invariant, nil),
        ("terminated;reason=Deactivated", .deactivated, 0),
    ])
    func terminationReasons(_ header: String, _ reason: SIPSubscription.Reason, _ resubscribeAfter: UInt32?) throws {
        var s = active()
        let actions = s.receivedNotify(F.notify(header, cseq: 2), now: t0)
        guard case .terminated(let termination)? = actions.last else {
            Issue.record("not terminated: \(actions)")
            return
        }
        #expect(termination.reason == reason)
        #expect(termination.resubscribeAfter == resubscribeAfter)
    }

    @Test func eventMatchingComparesPackageAndID() throws {
        var s = SIPSubscriber(callID: "s1@127.0.0.1", localTag: "a1", event: try SIPEvent("dialog;id=7"), expires: 600)
        _ = s.start(now: t0)
        #expect(s.matches(F.notify("active", event: "dialog;id=7")))
        #expect(s.matches(F.notify("active", event: "dialog;id=7;other=1")))
        #expect(!s.matches(F.notify("active", event: "dialog")))  // §8.2.1: an id never matches its absence
        #expect(!s.matches(F.notify("active", event: "dialog;id=8")))
        #expect(!s.matches(F.notify("active", event: "Dialog;id=7")))  // byte by byte
        #expect(!s.matches(F.notify("active", event: "presence;id=7")))
    }

    @Test func referNotifiesMayOmitTheID() {
        let dialog = SIPDialogID(callID: "s1@127.0.0.1", localTag: "a1", remoteTag: "b1")
        let s = SIPSubscriber(referIn: dialog, sequence: 5)
        #expect(s.matches(F.notify("active", event: "refer")))
        #expect(s.matches(F.notify("active", event: "refer;id=5")))
        #expect(!s.matches(F.notify("active", event: "refer;id=6")))
        #expect(!s.matches(F.notify("active", event: "refer", fromTag: "b2")))
    }
}
