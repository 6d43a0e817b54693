import SIPCore
import SIPDialog
import Testing

/// RFC 6665 §4.2: the notifier's transitions, one test each, with explicit times.
@Suite struct SIPNotifierTests {
    typealias F = SubscriptionFixtures
    let t0 = F.t0

    func state(_ text: String) -> SIPSubscriptionState { try! SIPSubscriptionState(text) }

    /// A notifier that accepted a SUBSCRIBE for `expires` seconds at t0.
    func accepted(expires: UInt32 = 600, configuration: SIPNotifier.Configuration = .init()) -> SIPNotifier {
        var n = SIPNotifier(key: F.notifierKey, configuration: configuration)
        _ = n.receivedSubscribe(F.subscribe(expires: expires), now: t0)
        return n
    }

    @Test func aSubscribeIsAcceptedAndNotifiedAtOnce() {
        var n = SIPNotifier(key: F.notifierKey)
        let actions = n.receivedSubscribe(F.subscribe(expires: 600), now: t0)
        #expect(
            actions == [
                .respond(.ok, expires: 600), .sendNotify(state("active;expires=600")), .schedule(at: t0 + .seconds(600)),
            ])
        #expect(n.subscription.state == .active)
        #expect(n.isEstablished)
    }

    @Test func withoutExpiresThePackageDefaultApplies() {
        var n = SIPNotifier(key: F.notifierKey, configuration: .init(defaultExpires: 900))
        let actions = n.receivedSubscribe(F.subscribe(expires: nil), now: t0)
        #expect(actions.first == .respond(.ok, expires: 900))
    }

    @Test func aLongRequestIsShortened() {
        var n = SIPNotifier(key: F.notifierKey, configuration: .init(maximumExpires: 3600))
        let actions = n.receivedSubscribe(F.subscribe(expires: 7200), now: t0)
        #expect(actions.first == .respond(.ok, expires: 3600))
    }

    @Test func aBriefFirstRequestGets423AndCreatesNothing() {
        var n = SIPNotifier(key: F.notifierKey, configuration: .init(minimumExpires: 60))
        let actions = n.receivedSubscribe(F.subscribe(expires: 10), now: t0)
        #expect(actions == [.respond(.intervalTooBrief, minExpires: 60), .terminated(.init())])
        #expect(!n.isEstablished)
    }

    @Test func aBriefRefreshGets423AndChangesNothing() {
        var n = accepted(configuration: .init(minimumExpires: 60))
        let actions = n.receivedSubscribe(F.subscribe(expires: 10, toTag: "b1", cseq: 2), now: t0)
        #expect(actions == [.respond(.intervalTooBrief, minExpires: 60)])
        #expect(n.subscription.expiresAt == t0 + .seconds(600))
    }

    @Test func aRefreshExtendsAndNotifies() {
        var n = accepted()
        let actions = n.receivedSubscribe(F.subscribe(expires: 600, toTag: "b1", cseq: 2), now: t0 + .seconds(100))
        #expect(
            actions == [
                .respond(.ok, expires: 600), .sendNotify(state("active;expires=600")), .schedule(at: t0 + .seconds(700)),
            ])
    }

    @Test func unsubscribeEndsWithAFinalNotify() {
        var n = accepted()
        var actions = n.receivedSubscribe(F.subscribe(expires: 0, toTag: "b1", cseq: 2), now: t0 + .seconds(5))
        #expect(
            actions == [
                .respond(.ok, expires: 0), .sendNotify(state("terminated;reason=timeout")), .terminated(.init(reason: .timeout)),
            ])
        actions = n.receivedSubscribe(F.subscribe(expires: 600, toTag: "b1", cseq: 3), now: t0 + .seconds(6))
        #expect(actions == [.respond(.callDoesNotExist)])
    }

    @Test func aFetchIsAcceptedAndEndedAtOnce() {
        var n = SIPNotifier(key: F.notifierKey)
        let actions = n.receivedSubscribe(F.subscribe(expires: 0), now: t0)
        #expect(
            actions == [
                .respond(.ok, expires: 0), .sendNotify(state("terminated;reason=timeout")), .terminated(.init(reason: .timeout)),
            ])
    }

    @Test func anUnrefreshedSubscriptionExpires() {
        var n = accepted()
        var actions = n.timerFired(now: t0 + .seconds(599))
        #expect(actions == [.schedule(at: t0 + .seconds(600))])
        actions = n.timerFired(now: t0 + .seconds(600))
        #expect(
            actions == [.sendNotify(state("terminated;reason=timeout")), .terminated(.init(reason: .timeout))])
    }

    @Test func stateChangesAreNotifiedWithTheTimeLeft() {
        var n = accepted()
        let actions = n.notify(now: t0 + .seconds(200))
        #expect(actions == [.sendNotify(state("active;expires=400"))])
    }

    @Test func aPendingSubscriptionIsAuthorizedLater() {
        var n = accepted(configuration: .init(startsPending: true))
        #expect(n.subscription.state == .pending)
        var actions = n.notify(now: t0 + .seconds(1))
        #expect(actions.isEmpty)  // a pending NOTIFY carries no state
        actions = n.authorize(now: t0 + .seconds(10))
        #expect(actions == [.sendNotify(state("active;expires=590"))])
        actions = n.authorize(now: t0 + .seconds(11))
        #expect(actions.isEmpty)
    }

    @Test func aPendingSubscriptionIsRejected() {
        var n = accepted(configuration: .init(startsPending: true))
        let actions = n.terminate(reason: .rejected, now: t0 + .seconds(10))
        #expect(
            actions == [
                .sendNotify(state("terminated;reason=rejected")), .terminated(.init(reason: .rejected)),
            ])
    }

    @Test func terminationCarriesReasonAndRetryAfter() {
        var n = accepted()
        var actions = n.terminate(reason: .probation, retryAfter: 30, now: t0)
        #expect(
            actions == [
                .sendNotify(state("terminated;reason=probation;retry-after=30")), .terminated(.init(reason: .probation, retryAfter: 30)),
            ])
        actions = n.terminate(reason: .deactivated, now: t0)
        #expect(actions.isEmpty)  // already over
        actions = n.notify(now: t0)
        #expect(actions.isEmpty)
    }

    @Test func deactivatedMovesTheSubscriber() {
        var n = accepted()
        let actions = n.terminate(reason: .deactivated, now: t0)
        #expect(actions.first == .sendNotify(state("terminated;reason=deactivated")))
    }

    @Test(arguments: [481, 408, 489, 501])
    func aNotifyErrorRemovesTheSubscription(_ code: Int) {
        var n = accepted()
        let actions = n.receivedNotifyResponse(SIPResponseStatus(code: code))
        #expect(actions == [.terminated(.init())])
        #expect(n.subscription.isTerminated)
    }

    @Test func aNotify2xxOrOtherErrorChangesNothing() {
        var n = accepted()
        var actions = n.receivedNotifyResponse(.ok)
        #expect(actions.isEmpty)
        actions = n.receivedNotifyResponse(.serverInternalError)
        #expect(actions.isEmpty)
        #expect(n.subscription.state == .active)
    }

    @Test func referIsAnImplicitSubscription() {
        var n = SIPNotifier(key: SIPSubscriptionKey(dialog: F.notifierKey.dialog, package: "refer"))
        let actions = n.acceptedImplicitly(expires: 60, now: t0)
        #expect(actions == [.sendNotify(state("active;expires=60")), .schedule(at: t0 + .seconds(60))])
        #expect(n.key.event.description == "refer")
    }

    @Test func subscriptionStateHeaders() {
        let pending = SIPSubscription(event: SIPEvent(package: "reg"), state: .pending, expiresAt: t0 + .seconds(30))
        #expect(pending.header(now: t0 + .milliseconds(500)).description == "pending;expires=29")
        #expect(pending.header(now: t0 + .seconds(31)).description == "pending;expires=0")
        #expect(SIPSubscription.state(from: state("TERMINATED;reason=giveup;retry-after=5")) == .terminated(.init(reason: .giveup, retryAfter: 5)))
        #expect(SIPSubscription.state(from: state("other")) == nil)
    }

    @Test func keysFollowTheEventHeader() throws {
        let request = F.subscribe(expires: 600, event: "dialog;id=9", toTag: "b1")
        let key = try #require(SIPSubscriptionKey.forReceived(request))
        #expect(key == SIPSubscriptionKey(dialog: F.notifierKey.dialog, package: "dialog", id: "9"))
        #expect(key.matches(try SIPEvent("dialog;id=9")))
        #expect(!key.matches(try SIPEvent("dialog")))
        #expect(key != F.notifierKey)
    }
}
