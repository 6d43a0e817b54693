import SIPCore
import Testing
import Topology

@testable import Registrar

/// RFC 3261 §22 and RFC 8760 through ``Authenticator``.
@Suite struct AuthenticatorTests {
    static let secret: [UInt8] = Array(0..<32)
    let authenticator = Authenticator(secret: Self.secret, warningAgent: "127.0.0.1:5060")
    let deployment = Fixture.deployment

    /// The challenges of a 401 or 407.
    func challenges(_ response: SIPResponse, proxy: Bool) throws -> [SIPDigestChallenge] {
        let headers = try proxy ? response.headerFields.proxyAuthenticate : response.headerFields.wwwAuthenticate
        return try headers.map { (header) throws(SIPDigestError) in try SIPDigestChallenge(header) }
    }

    /// `request` with credentials answering `challenge` as `username` with `password`.
    func answering(
        _ request: SIPRequest, _ challenge: SIPDigestChallenge, username: String, password: String, proxy: Bool = false
    ) throws -> SIPRequest {
        let credentials = try SIPDigestClient.credentials(
            answering: challenge, method: request.method, uri: request.uri.description, username: username, password: password,
            cnonce: "0a4f113b", nonceCount: 1)
        var retry = request
        retry.headerFields.append(proxy ? .proxyAuthorization : .authorization, credentials.header.description)
        return retry
    }

    /// A REGISTER for alice challenged at `now`, and its challenge for `algorithm`.
    func challenged(_ algorithm: SIPDigestAlgorithm, now: Double = 1000) throws -> (SIPRequest, SIPDigestChallenge) {
        let request = Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>"])
        guard case .challenge(let response) = authenticator.check(request, asProxy: false, deployment: deployment, now: now) else {
            throw TestFailure("no challenge")
        }
        let challenge = try #require(try challenges(response, proxy: false).first { $0.algorithm == algorithm })
        return (request, challenge)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Challenges

    @Test func registerWithoutCredentialsGets401WithSHA256ThenMD5() throws {
        let request = Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>"])
        let result = authenticator.check(request, asProxy: false, deployment: deployment, now: 1000)
        guard case .challenge(let response) = result else {
            Issue.record("expected a challenge, got \(result)")
            return
        }
        #expect(response.status.code == 401)
        #expect(!response.headerFields.contains(.proxyAuthenticate))
        let offered = try challenges(response, proxy: false)
        #expect(offered.map(\.algorithm) == [.sha256, .md5])
        #expect(offered.allSatisfy { $0.realm == "callpark.test" && $0.qopOptions == ["auth"] && !$0.stale })
        #expect(offered[0].nonce == offered[1].nonce)
        #expect(offered[0].nonce.count == 64)
        #expect(response.headerFields.values(.wwwAuthenticate)[0].hasPrefix("Digest realm=\"callpark.test\", nonce=\""))
        #expect(response.headerFields.values(.wwwAuthenticate)[0].hasSuffix(", algorithm=SHA-256, qop=\"auth\""))
        #expect(try response.headerFields.to?.tag != nil)
    }

    @Test func inviteAsProxyGets407WithProxyAuthenticate() throws {
        let result = authenticator.check(Fixture.invite("sip:bob@callpark.test"), asProxy: true, deployment: deployment, now: 1000)
        guard case .challenge(let response) = result else {
            Issue.record("expected a challenge, got \(result)")
            return
        }
        #expect(response.status.code == 407)
        #expect(!response.headerFields.contains(.wwwAuthenticate))
        #expect(try challenges(response, proxy: true).map(\.algorithm) == [.sha256, .md5])
    }

    // MARK: Right answers

    @Test(arguments: [SIPDigestAlgorithm.md5, .sha256])
    func correctResponseIsAuthorized(algorithm: SIPDigestAlgorithm) throws {
        let (request, challenge) = try challenged(algorithm)
        let retry = try answering(request, challenge, username: "alice", password: Fixture.password("alice"))
        #expect(retry.headerFields[.authorization]?.contains("algorithm=\(algorithm)") == true)
        let result = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1010)
        #expect(result == .authorized(user: Fixture.alice))
        #expect(result.response == nil)
    }

    @Test func handBuiltSHA256ResponseIsAuthorized() throws {
        // The response computed directly (RFC 7616 §3.4.1), not through SIPDigestClient.
        let (request, challenge) = try challenged(.sha256)
        let uri = "sip:callpark.test"
        let ha1 = SIPDigest.ha1(username: "alice", realm: "callpark.test", password: "alice-secret", algorithm: .sha256)
        let response = SIPDigest.response(
            ha1: ha1, algorithm: .sha256, nonce: challenge.nonce, method: .register, uri: uri, qop: "auth", nonceCount: 1,
            cnonce: "deadbeef")
        var retry = request
        retry.headerFields.append(
            .authorization,
            "Digest username=\"alice\", realm=\"callpark.test\", nonce=\"\(challenge.nonce)\", uri=\"\(uri)\", "
                + "response=\"\(response)\", algorithm=SHA-256, cnonce=\"deadbeef\", qop=auth, nc=00000001")
        #expect(authenticator.check(retry, asProxy: false, deployment: deployment, now: 1001) == .authorized(user: Fixture.alice))
    }

    @Test func proxyCredentialsAuthorizeAnInvite() throws {
        let invite = Fixture.invite("sip:bob@callpark.test")
        guard case .challenge(let response) = authenticator.check(invite, asProxy: true, deployment: deployment, now: 50) else {
            throw TestFailure("no challenge")
        }
        let challenge = try #require(try challenges(response, proxy: true).first)
        let retry = try answering(invite, challenge, username: "alice", password: "alice-secret", proxy: true)
        #expect(authenticator.check(retry, asProxy: true, deployment: deployment, now: 55) == .authorized(user: Fixture.alice))
        // The same credentials in the wrong header do not count: challenged again.
        guard case .challenge = authenticator.check(retry, asProxy: false, deployment: deployment, now: 55) else {
            throw TestFailure("Proxy-Authorization was read as Authorization")
        }
    }

    // MARK: Wrong answers

    @Test(arguments: [SIPDigestAlgorithm.md5, .sha256])
    func wrongPasswordIsForbidden(algorithm: SIPDigestAlgorithm) throws {
        let (request, challenge) = try challenged(algorithm)
        let retry = try answering(request, challenge, username: "alice", password: "guess")
        guard case .refused(let response) = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1001) else {
            throw TestFailure("wrong password accepted")
        }
        #expect(response.status.code == 403)
        #expect(response.status.reasonPhrase == "Forbidden (wrong credentials)")
        #expect(response.warningList == [SIPWarning(code: 399, agent: "127.0.0.1:5060", text: "wrong credentials for alice")])
    }

    @Test func unknownUserIsForbidden() throws {
        let (request, challenge) = try challenged(.sha256)
        let retry = try answering(request, challenge, username: "mallory", password: "x")
        guard case .refused(let response) = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1001) else {
            throw TestFailure("unknown user accepted")
        }
        #expect(response.status.code == 403)
        #expect(response.status.reasonPhrase == "Forbidden (unknown user)")
        #expect(response.warningList.first?.text == "no user named mallory in callpark.test")
    }

    @Test func staleNonceIsChallengedAgainWithStaleTrue() throws {
        let (request, challenge) = try challenged(.md5, now: 1000)
        let retry = try answering(request, challenge, username: "alice", password: "alice-secret")
        // Still fresh at the end of its lifetime (300 s)...
        #expect(authenticator.check(retry, asProxy: false, deployment: deployment, now: 1300) == .authorized(user: Fixture.alice))
        // ... stale after it.
        guard case .challenge(let response) = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1301) else {
            throw TestFailure("stale nonce not challenged")
        }
        #expect(response.status.code == 401)
        let offered = try challenges(response, proxy: false)
        #expect(offered.count == 2)
        #expect(offered.allSatisfy { $0.stale })
        #expect(offered[0].nonce != challenge.nonce)
        #expect(response.headerFields.values(.wwwAuthenticate).allSatisfy { $0.contains("stale=true") })
    }

    @Test func staleNonceWithWrongPasswordIsStillForbidden() throws {
        let (request, challenge) = try challenged(.md5, now: 1000)
        let retry = try answering(request, challenge, username: "alice", password: "nope")
        #expect(authenticator.check(retry, asProxy: false, deployment: deployment, now: 5000).response?.status.code == 403)
    }

    @Test func nonceFromAnotherSecretIsChallengedNotRefused() throws {
        let other = Authenticator(secret: Array(repeating: 7, count: 32), warningAgent: "127.0.0.1:5070")
        let request = Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>"])
        guard case .challenge(let first) = other.check(request, asProxy: false, deployment: deployment, now: 10) else {
            throw TestFailure("no challenge")
        }
        let retry = try answering(request, try challenges(first, proxy: false)[0], username: "alice", password: "alice-secret")
        let result = authenticator.check(retry, asProxy: false, deployment: deployment, now: 11)
        guard case .challenge(let response) = result else { throw TestFailure("expected a fresh challenge, got \(result)") }
        #expect(try challenges(response, proxy: false).allSatisfy { !$0.stale })
    }

    @Test func registeringSomeoneElsesAddressOfRecordIsForbidden() throws {
        let request = Fixture.register("alice", contacts: ["<sip:alice@192.0.2.1:5062>"], to: "sip:bob@callpark.test")
        guard case .challenge(let response) = authenticator.check(request, asProxy: false, deployment: deployment, now: 0) else {
            throw TestFailure("no challenge")
        }
        let retry = try answering(request, try challenges(response, proxy: false)[0], username: "alice", password: "alice-secret")
        guard case .refused(let refusal) = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1) else {
            throw TestFailure("alice registered bob")
        }
        #expect(refusal.status.code == 403)
        #expect(refusal.status.reasonPhrase == "Forbidden (alice may not register sip:bob@callpark.test)")
    }

    @Test func sendingAsSomeoneElseIsForbidden() throws {
        let invite = Fixture.request(.invite, "sip:dave@callpark.test", from: "sip:bob@callpark.test", to: "sip:dave@callpark.test")
        guard case .challenge(let response) = authenticator.check(invite, asProxy: true, deployment: deployment, now: 0) else {
            throw TestFailure("no challenge")
        }
        let retry = try answering(invite, try challenges(response, proxy: true)[0], username: "alice", password: "alice-secret", proxy: true)
        guard case .refused(let refusal) = authenticator.check(retry, asProxy: true, deployment: deployment, now: 1) else {
            throw TestFailure("alice sent as bob")
        }
        #expect(refusal.status.code == 403)
        #expect(refusal.warningList.first?.text == "From sip:bob@callpark.test is not alice, whose credentials these are")
    }

    @Test func anonymousFromIsAllowed() throws {
        let invite = Fixture.request(
            .invite, "sip:dave@callpark.test", from: "sip:anonymous@anonymous.invalid", to: "sip:dave@callpark.test")
        guard case .challenge(let response) = authenticator.check(invite, asProxy: true, deployment: deployment, now: 0) else {
            throw TestFailure("no challenge")
        }
        let retry = try answering(invite, try challenges(response, proxy: true)[0], username: "alice", password: "alice-secret", proxy: true)
        #expect(authenticator.check(retry, asProxy: true, deployment: deployment, now: 1) == .authorized(user: Fixture.alice))
    }

    @Test func malformedCredentialsAreABadRequest() throws {
        let (request, challenge) = try challenged(.md5)
        var retry = request
        retry.headerFields.append(
            .authorization,
            "Digest username=\"alice\", realm=\"callpark.test\", nonce=\"\(challenge.nonce)\", uri=\"sip:callpark.test\", "
                + "response=\"00\", qop=auth, nc=1, cnonce=\"x\"")
        let result = authenticator.check(retry, asProxy: false, deployment: deployment, now: 1001)
        #expect(result.response?.status.code == 400)
        #expect(result.response?.status.reasonPhrase == "Bad Request (malformed credentials)")
        #expect(result.response?.warningList.first?.text.contains("nc") == true)
    }

    @Test func digestURIForAnotherRequestURIIsABadRequest() throws {
        let (request, challenge) = try challenged(.sha256)
        let credentials = try SIPDigestClient.credentials(
            answering: challenge, method: .register, uri: "sip:elsewhere.test", username: "alice", password: "alice-secret",
            cnonce: "c", nonceCount: 1)
        var retry = request
        retry.headerFields.append(.authorization, credentials.header.description)
        #expect(authenticator.check(retry, asProxy: false, deployment: deployment, now: 1001).response?.status.code == 400)
    }
}
