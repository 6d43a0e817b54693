import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

extension InteropSuites {
    /// SUBSCRIBE and NOTIFY (RFC 6665) between callpark test agents over real sockets: alice subscribes, bob notifies.
    @Suite struct SubscriptionTests {
        /// Starts alice and bob, runs `body` and stops them.
        private func withAgents(_ body: (SIPTestAgent, SIPTestAgent) async throws -> Void) async throws {
            let alice = try await SIPTestAgent.start(user: "alice")
            let bob = try await SIPTestAgent.start(user: "bob")
            do {
                try await body(alice, bob)
            } catch {
                await alice.stop()
                await bob.stop()
                throw error
            }
            await alice.stop()
            await bob.stop()
        }

        /// Waits for a NOTIFY on `agent` after event index `since` that `predicate` accepts.
        @discardableResult
        private func notification(
            _ agent: SIPTestAgent, since: Int = 0, _ predicate: @escaping @Sendable (SIPTestAgent.Notification) -> Bool
        ) async throws -> SIPTestAgent.Notification {
            let event = try await agent.waitFor(since: since) { if case .notified(let n) = $0 { predicate(n) } else { false } }
            guard case .notified(let n) = event else { throw SIPTestAgentError.malformed("not a notification") }
            return n
        }

        /// The key of the first subscription bob accepted.
        private func acceptedKey(_ bob: SIPTestAgent) async throws -> SIPSubscriptionKey {
            let event = try await bob.waitFor { if case .subscriptionAccepted = $0 { true } else { false } }
            guard case .subscriptionAccepted(let key) = event else { throw SIPTestAgentError.malformed("no key") }
            return key
        }

        @Test func subscribeNotifyAndUnsubscribe() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "dialog", contentType: "application/dialog-info+xml", body: "<idle/>")
                let subscription = try await alice.subscribe(to: bob.uri, event: "dialog", at: bob.destination(), expires: 600)
                // RFC 6665 §4.2.1.2: the notifier NOTIFYs at once with the current state.
                let first = try await notification(alice) { $0.state == .active }
                #expect(first.body == "<idle/>")
                #expect(first.contentType == "application/dialog-info+xml")
                #expect(first.package == "dialog")
                #expect((590...600).contains(first.expires ?? 0))
                #expect(first.callID == subscription.callID)
                let key = try await acceptedKey(bob)
                #expect(key.package == "dialog")
                #expect(await bob.acceptedSubscriptions == [key])

                let mark = await alice.events.count
                await bob.notifySubscribers(of: "dialog", body: "<confirmed/>")
                try await notification(alice, since: mark) { $0.body == "<confirmed/>" }

                // §4.1.2.3: Expires 0, then a final NOTIFY saying terminated (reason timeout, §4.2.1.4).
                await alice.unsubscribe(subscription)
                let last = try await notification(alice) { $0.reason == .timeout }
                #expect(last.state == .terminated(.init(reason: .timeout)))
                try await alice.waitFor { $0 == .subscriptionEnded(callID: subscription.callID, package: "dialog", .init(reason: .timeout)) }
                try await bob.waitFor { $0 == .subscriptionRemoved(key, .init(reason: .timeout)) }
                #expect(await !alice.isSubscribed(subscription))
                #expect(await bob.acceptedSubscriptions.isEmpty)
            }
        }

        @Test func aPendingSubscriptionIsAuthorized() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "presence", body: "open", configuration: .init(minimumExpires: 1, startsPending: true))
                _ = try await alice.subscribe(to: bob.uri, event: "presence", at: bob.destination(), expires: 300)
                let pending = try await notification(alice) { $0.state == .pending }
                #expect(pending.body.isEmpty)  // a pending NOTIFY carries no state
                await bob.authorizeSubscription(try await acceptedKey(bob))
                let active = try await notification(alice) { $0.state == .active }
                #expect(active.body == "open")
            }
        }

        @Test func theNotifierEndsItWithAReason() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "reg", body: "<reginfo/>")
                let subscription = try await alice.subscribe(to: bob.uri, event: "reg", at: bob.destination(), expires: 600)
                try await notification(alice) { $0.state == .active }
                // SPEC §3: on failback, subscribers to the registration are told `deactivated` so they move at once.
                await bob.endSubscription(try await acceptedKey(bob), reason: .probation, retryAfter: 30)
                let final = try await notification(alice) { $0.reason == .probation }
                #expect(final.state == .terminated(.init(reason: .probation, retryAfter: 30)))
                let ended = try await alice.waitFor { if case .subscriptionEnded = $0 { true } else { false } }
                guard case .subscriptionEnded(subscription.callID, "reg", let termination) = ended else {
                    Issue.record("unexpected \(ended)")
                    return
                }
                #expect(termination.resubscribeAfter == 30)
            }
        }

        @Test func aShortSubscriptionIsRefreshed() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "dialog", body: "<idle/>")
                // Granted 2 s, so alice refreshes half-way and bob NOTIFYs after each refresh (§4.2.1.2).
                let subscription = try await alice.subscribe(to: bob.uri, event: "dialog", at: bob.destination(), expires: 2)
                try await notification(alice) { $0.state == .active }
                let mark = await alice.events.count
                try await notification(alice, since: mark) { $0.state == .active }
                #expect(await alice.isSubscribed(subscription))
                #expect(await bob.acceptedSubscriptions.count == 1)
                await alice.unsubscribe(subscription)
                try await alice.waitFor { if case .subscriptionEnded = $0 { true } else { false } }
            }
        }

        @Test func anUnrefreshedSubscriptionExpires() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "dialog", body: "<idle/>")
                _ = try await alice.subscribe(to: bob.uri, event: "dialog", at: bob.destination(), expires: 1, refresh: false)
                let key = try await acceptedKey(bob)
                // §4.2.2: the notifier ends it with reason timeout; the subscriber sees it end too (by that NOTIFY or
                // by its own clock, whichever comes first).
                try await bob.waitFor { $0 == .subscriptionRemoved(key, .init(reason: .timeout)) }
                try await alice.waitFor { if case .subscriptionEnded(_, "dialog", .init(reason: .timeout)) = $0 { true } else { false } }
            }
        }

        @Test func intervalTooBriefIsRetriedWithMinExpires() async throws {
            try await withAgents { alice, bob in
                await bob.acceptSubscriptions(to: "dialog", configuration: .init(minimumExpires: 60))
                _ = try await alice.subscribe(to: bob.uri, event: "dialog", at: bob.destination(), expires: 10)
                let first = try await notification(alice) { $0.state == .active }
                #expect((50...60).contains(first.expires ?? 0))
            }
        }

        @Test func anUnknownPackageIsABadEvent() async throws {
            try await withAgents { alice, bob in
                await #expect(throws: SIPTestAgentError.rejected(489, "Bad Event")) {
                    _ = try await alice.subscribe(to: bob.uri, event: "presence", at: bob.destination())
                }
                #expect(await bob.events.contains(.request(method: "SUBSCRIBE", answered: 489)))
            }
        }

        @Test func aNotifyForNoSubscriptionGets481() async throws {
            try await withAgents { alice, bob in
                var fields = SIPHeaderFields()
                fields.append(.from, "<\(await bob.uri)>;tag=\(SIPIdentifiers.tag())")
                fields.append(.to, "<\(await alice.uri)>;tag=\(SIPIdentifiers.tag())")
                fields.append(.callID, SIPIdentifiers.callID())
                fields.append(.cSeq, "1 NOTIFY")
                fields.append(.contact, "<\(await bob.uri)>")
                fields.append(.event, "dialog")
                fields.append(.subscriptionState, "active;expires=60")
                let notify = SIPRequest(method: .notify, uri: await alice.uri, headerFields: fields)
                let response = await bob.endpoint.request(notify, to: await alice.destination())
                #expect(response.status.code == 481)
            }
        }
    }
}
