import SIPCore
import Testing
import Topology

@testable import Registrar

/// ``Registrar/route(_:cameFromPool:now:)``: every decision and refusal.
@Suite struct RouterTests {
    /// pool-a with alice registered (two contacts, q 0.5 and 1) and pool-b's dave not registered anywhere.
    static func poolA(partnerDown: Bool = false) -> Registrar {
        var registrar = Fixture.registrar("pool-a", partnerDown: partnerDown)
        _ = registrar.register(
            Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>;q=0.5", "<sip:alice@192.0.2.2:5062>"], expires: 600),
            user: Fixture.alice, source: "udp:192.0.2.1:5062", now: 0)
        return registrar
    }

    /// The refusal's status code and Warning text.
    func refusal(_ decision: RouteDecision) -> (Int, String)? {
        guard case .reject(let response) = decision else { return nil }
        return (response.status.code, response.warningList.first?.text ?? "")
    }

    // MARK: Users

    @Test func registeredUserForksByPreference() throws {
        let decision = Self.poolA().route(Fixture.invite("sip:alice@callpark.test"), cameFromPool: nil, now: 10)
        guard case .localUser(let user, let contacts) = decision else {
            Issue.record("expected localUser, got \(decision)")
            return
        }
        #expect(user == Fixture.alice)
        #expect(contacts.map(\.contact) == ["sip:alice@192.0.2.2:5062", "sip:alice@192.0.2.1:5062"])
    }

    @Test func expiredBindingsAreNotUsed() {
        let decision = Self.poolA(partnerDown: true).route(Fixture.invite("sip:alice@callpark.test"), cameFromPool: nil, now: 600)
        #expect(refusal(decision)?.0 == 480)
        #expect(refusal(decision)?.1 == "alice is not registered")
    }

    @Test func requestsFromPoolsReachLocalUsers() {
        let decision = Self.poolA().route(Fixture.invite("sip:alice@callpark.test"), cameFromPool: "pool-b", now: 10)
        guard case .localUser = decision else {
            Issue.record("expected localUser, got \(decision)")
            return
        }
    }

    @Test func servedHereButNotRegisteredTriesTheBackupOnce() {
        let registrar = Self.poolA()
        let decision = registrar.route(Fixture.invite("sip:bob@callpark.test"), cameFromPool: nil, now: 10)
        guard case .pool(let pool, let reason) = decision else {
            Issue.record("expected pool, got \(decision)")
            return
        }
        #expect(pool == Fixture.poolB)
        #expect(reason.contains("bob is not registered on pool-a"))
        // At the backup, bob is not registered either: 480, not back to pool-a.
        let atB = Fixture.registrar("pool-b").route(Fixture.invite("sip:bob@callpark.test"), cameFromPool: "pool-a", now: 10)
        #expect(refusal(atB)?.0 == 480)
        #expect(refusal(atB)?.1 == "bob is not registered (forwarded by pool-a; not forwarding again)")
    }

    @Test func servedHereNotRegisteredAndBackupDownIs480() throws {
        let response = try #require(refusal(Self.poolA(partnerDown: true).route(Fixture.invite("sip:bob@callpark.test"), cameFromPool: nil, now: 1)))
        #expect(response.0 == 480)
        #expect(response.1 == "bob is not registered")
    }

    @Test func servedHereNotRegisteredAndCameFromAPoolIs480() {
        let decision = Self.poolA().route(Fixture.invite("sip:bob@callpark.test"), cameFromPool: "pool-b", now: 1)
        #expect(refusal(decision)?.0 == 480)
    }

    @Test func servedHereNotRegisteredWithoutPartnerIs480() throws {
        var deployment = Fixture.deployment
        deployment.users["gail"] = Fixture.user("gail", home: "pool-c")
        let decision = Fixture.registrar("pool-c", deployment: deployment).route(Fixture.invite("sip:gail@callpark.test"), cameFromPool: nil, now: 1)
        guard case .reject(let response) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(response.status.code == 480)
        #expect(response.status.reasonPhrase == "Temporarily Unavailable (gail is not registered)")
        #expect(response.warningList == [SIPWarning(code: 399, agent: "10.0.0.3:5060", text: "gail is not registered")])
    }

    @Test func servedElsewhereGoesToTheServingPool() {
        let decision = Self.poolA().route(Fixture.invite("sip:dave@callpark.test"), cameFromPool: nil, now: 1)
        #expect(decision == .pool(Fixture.poolB, reason: "dave is served by pool-b"))
        let third = Self.poolA().route(Fixture.invite("sip:grace@callpark.test"), cameFromPool: nil, now: 1)
        #expect(third == .pool(Fixture.poolC, reason: "grace is served by pool-c"))
    }

    @Test func servedElsewhereFollowsFailover() {
        var registrar = Self.poolA()
        registrar.deployment = Fixture.failedOver("pool-a")
        // alice is still registered here: local.
        guard case .localUser = registrar.route(Fixture.invite("sip:alice@callpark.test"), cameFromPool: nil, now: 1) else {
            Issue.record("expected localUser")
            return
        }
        // bob is now served by pool-b.
        #expect(
            registrar.route(Fixture.invite("sip:bob@callpark.test"), cameFromPool: nil, now: 1)
                == .pool(Fixture.poolB, reason: "bob is served by pool-b"))
    }

    @Test func servedElsewhereButCameFromAPoolIs480() {
        for origin in ["pool-b", "pool-c"] {
            let decision = Self.poolA().route(Fixture.invite("sip:dave@callpark.test"), cameFromPool: origin, now: 1)
            #expect(refusal(decision)?.0 == 480)
            #expect(refusal(decision)?.1 == "dave is not registered (forwarded by \(origin); not forwarding again)")
        }
    }

    @Test func servedByADownPartnerIs480() {
        let decision = Self.poolA(partnerDown: true).route(Fixture.invite("sip:dave@callpark.test"), cameFromPool: nil, now: 1)
        #expect(refusal(decision)?.0 == 480)
        #expect(refusal(decision)?.1 == "dave is not registered here and its pool pool-b is down")
    }

    @Test func resiliencyRegistrationIsRoutedLocally() {
        var b = Fixture.registrar("pool-b", partnerDown: true)
        _ = b.register(Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>"]), user: Fixture.alice, source: "udp:x", now: 0)
        let decision = b.route(
            Fixture.request(.invite, "sip:alice@callpark.test", from: "sip:dave@callpark.test", to: "sip:alice@callpark.test"),
            cameFromPool: nil, now: 5)
        guard case .localUser(let user, let contacts) = decision else {
            Issue.record("expected localUser, got \(decision)")
            return
        }
        #expect(user.name == "alice")
        #expect(contacts.first?.resiliency == true)
    }

    @Test func unknownUserIs404() throws {
        let decision = Self.poolA().route(Fixture.invite("sip:zed@callpark.test"), cameFromPool: nil, now: 1)
        guard case .reject(let response) = decision else {
            Issue.record("expected a refusal")
            return
        }
        #expect(response.status.code == 404)
        #expect(response.status.reasonPhrase == "Not Found (no user or orbit named zed in callpark.test)")
        #expect(response.warningList.first?.agent == "127.0.0.1:5060")
    }

    // MARK: Max-Forwards (RFC 3261 §16.3 step 3)

    @Test func maxForwardsZeroIsNotForwarded() {
        for target in ["sip:alice@callpark.test", "sip:dave@callpark.test", "sip:*4010@callpark.test"] {
            let decision = Self.poolA().route(Fixture.invite(target, maxForwards: 0), cameFromPool: nil, now: 1)
            #expect(refusal(decision)?.0 == 483, "\(target)")
        }
    }

    @Test func maxForwardsZeroStillReachesTheLocalParkService() {
        let registrar = Self.poolA()
        #expect(registrar.route(Fixture.invite("sip:park@callpark.test", maxForwards: 0), cameFromPool: nil, now: 1) == .parkService)
        guard case .orbit = registrar.route(Fixture.invite("sip:*3042@callpark.test", maxForwards: 0), cameFromPool: nil, now: 1) else {
            Issue.record("expected orbit")
            return
        }
    }

    @Test func maxForwardsOneIsForwarded() {
        let decision = Self.poolA().route(Fixture.invite("sip:dave@callpark.test", maxForwards: 1), cameFromPool: nil, now: 1)
        #expect(decision == .pool(Fixture.poolB, reason: "dave is served by pool-b"))
    }

    // MARK: Park and orbits

    @Test func parkService() {
        #expect(Self.poolA().route(Fixture.invite("sip:park@callpark.test"), cameFromPool: nil, now: 1) == .parkService)
        #expect(Self.poolA().route(Fixture.invite("sip:park@127.0.0.1:5060"), cameFromPool: nil, now: 1) == .parkService)
    }

    @Test func orbitOwnedHere() {
        let decision = Self.poolA().route(Fixture.invite("sip:*3042@callpark.test"), cameFromPool: nil, now: 1)
        #expect(decision == .orbit(Fixture.orbit("*3042"), range: Fixture.deployment.orbitRanges["a-star"]!))
        // From another pool too: it is ours.
        let forwarded = Self.poolA().route(Fixture.invite("sip:*3042@callpark.test"), cameFromPool: "pool-b", now: 1)
        #expect(forwarded == decision)
    }

    @Test func orbitOwnedElsewhere() {
        let decision = Self.poolA().route(Fixture.invite("sip:*4010@callpark.test"), cameFromPool: nil, now: 1)
        #expect(decision == .pool(Fixture.poolB, reason: "orbit *4010 is in range b-star, owned by pool-b"))
        let again = Self.poolA().route(Fixture.invite("sip:*4010@callpark.test"), cameFromPool: "pool-b", now: 1)
        #expect(refusal(again)?.0 == 480)
        #expect(refusal(again)?.1 == "orbit *4010 belongs to pool-b (forwarded by pool-b; not forwarding again)")
    }

    @Test func orbitsAreNeverNormalised() {
        // `3042` is not `*3042`, and no range holds unprefixed 3042.
        let plain = Self.poolA().route(Fixture.invite("sip:3042@callpark.test"), cameFromPool: nil, now: 1)
        #expect(refusal(plain)?.0 == 404)
        #expect(refusal(plain)?.1 == "no user or orbit named 3042 in callpark.test")
        // Unprefixed 6042 is pool-b's.
        let unprefixed = Self.poolA().route(Fixture.invite("sip:6042@callpark.test"), cameFromPool: nil, now: 1)
        #expect(unprefixed == .pool(Fixture.poolB, reason: "orbit 6042 is in range b-plain, owned by pool-b"))
        // A leading zero is not an orbit.
        #expect(refusal(Self.poolA().route(Fixture.invite("sip:*03042@callpark.test"), cameFromPool: nil, now: 1))?.0 == 404)
    }

    @Test func escapedOrbitsAreDecoded() {
        let star = Self.poolA().route(Fixture.invite("sip:%2A3042@callpark.test"), cameFromPool: nil, now: 1)
        #expect(star == .orbit(Fixture.orbit("*3042"), range: Fixture.deployment.orbitRanges["a-star"]!))
        let hash = Self.poolA().route(Fixture.invite("sip:%235042@callpark.test"), cameFromPool: nil, now: 1)
        #expect(hash == .orbit(Fixture.orbit("#5042"), range: Fixture.deployment.orbitRanges["a-hash"]!))
    }

    @Test func orbitOutsideEveryRangeIs404() {
        let decision = Self.poolA().route(Fixture.invite("sip:*3100@callpark.test"), cameFromPool: nil, now: 1)
        #expect(refusal(decision)?.0 == 404)
        #expect(refusal(decision)?.1 == "no user or orbit named *3100 in callpark.test")
    }

    @Test func orbitOwnedByAnUnconfiguredPoolIs500() {
        var deployment = Fixture.deployment
        deployment.orbitRanges["ghost"] = OrbitRange(name: "ghost", start: Fixture.orbit("*7000"), end: Fixture.orbit("*7099"), pool: "pool-z")
        let decision = Fixture.registrar("pool-a", deployment: deployment).route(Fixture.invite("sip:*7001@callpark.test"), cameFromPool: nil, now: 1)
        #expect(refusal(decision)?.0 == 500)
    }

    // MARK: Addresses

    @Test func anotherDomainIsNotRelayed() throws {
        let decision = Self.poolA().route(Fixture.invite("sip:alice@example.org"), cameFromPool: nil, now: 1)
        guard case .reject(let response) = decision else {
            Issue.record("relayed to another domain")
            return
        }
        #expect(response.status.code == 403)
        #expect(response.status.reasonPhrase == "Forbidden (not an open relay)")
        #expect(response.warningList.first?.text == "example.org is not served here: callpark.test is not an open relay")
    }

    @Test func anotherPortOnOurHostIsNotOurs() {
        #expect(refusal(Self.poolA().route(Fixture.invite("sip:alice@127.0.0.1:5999"), cameFromPool: nil, now: 1))?.0 == 403)
    }

    @Test func poolAddressesAreOurs() {
        for uri in ["sip:alice@127.0.0.1:5060", "sip:alice@127.0.0.1", "sips:alice@CALLPARK.test", "sip:alice@127.0.0.1:5070"] {
            guard case .localUser = Self.poolA().route(Fixture.invite(uri), cameFromPool: nil, now: 1) else {
                Issue.record("\(uri) not routed to alice")
                continue
            }
        }
    }

    @Test func noUserPartIsForThisPool() {
        #expect(
            Self.poolA().route(
                Fixture.request(.options, "sip:127.0.0.1:5060", from: "sip:pool-b@callpark.test", to: "sip:127.0.0.1:5060"), cameFromPool: "pool-b",
                now: 1)
                == .thisPool)
    }

    @Test func telURIsAreUnsupported() {
        let decision = Self.poolA().route(Fixture.invite("tel:+15551234"), cameFromPool: nil, now: 1)
        #expect(refusal(decision)?.0 == 416)
    }

    @Test func malformedMaxForwardsIs400() {
        var request = Fixture.invite("sip:dave@callpark.test")
        request.headerFields[.maxForwards] = "many"
        #expect(refusal(Self.poolA().route(request, cameFromPool: nil, now: 1))?.0 == 400)
    }
}
