import SIPCore
import Testing

@testable import Server

/// RFC 3261 §16.7 response handling, with no sockets: responses in, what goes upstream and which branches are
/// cancelled out.
struct ProxyResponseContextTests {
    func response(_ code: Int) -> SIPResponse {
        SIPResponse(status: SIPResponseStatus(code: code, reasonPhrase: "R\(code)"))
    }

    @Test func provisionalResponsesAreRelayedExceptTrying() {
        var context = ProxyResponseContext(branches: ["a", "b"], isInvite: true)
        #expect(context.received(response(100), on: "a").isEmpty)
        #expect(context.received(response(180), on: "a") == [.relay(response(180))])
        #expect(context.received(response(183), on: "b") == [.relay(response(183))])
    }

    @Test func firstSuccessIsRelayedAndOtherInviteBranchesCancelled() {
        var context = ProxyResponseContext(branches: ["a", "b", "c"], isInvite: true)
        #expect(context.received(response(200), on: "b") == [.relay(response(200)), .cancel(branch: "a"), .cancel(branch: "c")])
        // Later 2xx (another fork answered too) go upstream statelessly (RFC 6026 §7.2); failures are absorbed.
        #expect(context.received(response(200), on: "a") == [.relayStateless(response(200))])
        #expect(context.received(response(487), on: "c").isEmpty)
        #expect(context.received(response(180), on: "c").isEmpty)
        #expect(context.isComplete)
    }

    @Test func nonInviteSuccessCancelsNothing() {
        var context = ProxyResponseContext(branches: ["a", "b"], isInvite: false)
        #expect(context.received(response(200), on: "a") == [.relay(response(200))])
        #expect(context.received(response(200), on: "b").isEmpty)
    }

    @Test func bestFailureWaitsForEveryBranch() {
        var context = ProxyResponseContext(branches: ["a", "b", "c"], isInvite: true)
        #expect(context.received(response(408), on: "a").isEmpty)
        #expect(context.received(response(486), on: "b").isEmpty)
        // Lowest class wins; within 4xx a busy beats a time-out.
        #expect(context.received(response(503), on: "c") == [.relay(response(486))])
    }

    @Test func sixHundredEndsTheSearchAndCancelsTheRest() {
        var context = ProxyResponseContext(branches: ["a", "b"], isInvite: true)
        #expect(context.received(response(603), on: "a") == [.cancel(branch: "b"), .relay(response(603))])
        #expect(context.received(response(200), on: "b") == [.relayStateless(response(200))])
    }

    @Test func downstream503BecomesServerError() {
        var context = ProxyResponseContext(branches: ["a"], isInvite: false)
        let actions = context.received(response(503), on: "a")
        guard case .relay(let relayed) = actions.first else {
            Issue.record("expected a relay, got \(actions)")
            return
        }
        #expect(relayed.status.code == 500)
    }

    @Test func upstreamCancelCancelsPendingBranchesOnly() {
        var context = ProxyResponseContext(branches: ["a", "b"], isInvite: true)
        _ = context.received(response(486), on: "a")
        #expect(context.upstreamCancelled() == [.cancel(branch: "b")])
        #expect(context.received(response(487), on: "b").isEmpty)
    }
}
