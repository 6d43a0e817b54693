import SIPCore
import SIPDialog
import Testing

/// The UAC's Digest answers (RFC 3261 §22.2, §22.3; RFC 8760 §2.4; RFC 7616 §3.3, §3.4), without sockets.
@Suite struct SIPDigestSessionTests {
    func register() -> SIPRequest {
        var fields = SIPHeaderFields()
        fields.append(.via, "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1")
        fields.append(.from, "<sip:alice@callpark.test>;tag=a1")
        fields.append(.to, "<sip:alice@callpark.test>")
        fields.append(.callID, "r1@127.0.0.1")
        fields.append(.cSeq, "7 REGISTER")
        return SIPRequest(method: .register, uri: SIPURI(host: .name("callpark.test")), headerFields: fields)
    }

    func challenge(_ code: Int, _ headers: [String]) -> SIPResponse {
        var r = register().makeResponse(SIPResponseStatus(code: code), toTag: "r")
        for h in headers { r.headerFields.append(code == 407 ? .proxyAuthenticate : .wwwAuthenticate, h) }
        return r
    }

    let sha = #"Digest realm="callpark.test", nonce="n1", algorithm=SHA-256, qop="auth""#
    let md5 = #"Digest realm="callpark.test", nonce="n1", algorithm=MD5, qop="auth""#

    func credentials(_ request: SIPRequest, proxy: Bool = false) throws -> [SIPDigestCredentials] {
        try (proxy ? request.headerFields.proxyAuthorization : request.headerFields.authorization).map { try SIPDigestCredentials($0) }
    }

    @Test func aRetryHasTheNextCSeqNoViaAndCredentials() throws {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let answer = session.retry(register(), challengedBy: challenge(401, [sha, md5]))
        let retry = try #require(answer)
        #expect(try retry.request.headerFields.cSeq == SIPCSeq(8, .register))
        #expect(try retry.request.headerFields.callID == "r1@127.0.0.1")
        #expect(!retry.request.headerFields.contains(.via))
        let c = try #require(try credentials(retry.request).first)
        #expect(c.algorithm == .sha256)
        #expect(c.qop == "auth")
        #expect(c.nonceCount == 1)
        #expect(c.uri == "sip:callpark.test")
        #expect(!retry.stale)
        #expect(retry.realms == [.init(name: "callpark.test", proxy: false)])
    }

    @Test func theFirstSupportedChallengeIsAnswered() throws {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let unknown = #"Digest realm="callpark.test", nonce="n1", algorithm=SHA-512-256, qop="auth""#
        let answer = session.retry(register(), challengedBy: challenge(401, [unknown, md5, sha]))
        let retry = try #require(answer)
        #expect(try credentials(retry.request).map(\.algorithm) == [.md5])
    }

    @Test func theAnswerVerifies() throws {
        let server = SIPDigestServer(realm: "callpark.test", secret: Array(repeating: 7, count: 32))
        var response = register().makeResponse(.unauthorized, toTag: "r")
        for c in server.challenges(now: 1000) { response.headerFields.append(.wwwAuthenticate, c.header.description) }
        var session = SIPDigestSession(username: "alice", password: "secret")
        let answer = session.retry(register(), challengedBy: response)
        let retry = try #require(answer)
        let verdict = server.verify(request: retry.request, now: 1001) { user, realm, algorithm in
            SIPDigest.ha1(username: user, realm: realm, password: "secret", algorithm: algorithm)
        }
        #expect(verdict == .authorized(username: "alice"))
    }

    @Test func proxyChallengesGetProxyAuthorization() throws {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let answer = session.retry(register(), challengedBy: challenge(407, [md5]))
        let retry = try #require(answer)
        #expect(try credentials(retry.request, proxy: true).count == 1)
        #expect(!retry.request.headerFields.contains(.authorization))
    }

    @Test func reusingANonceCountsUp() throws {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let answer = session.retry(register(), challengedBy: challenge(401, [md5]))
        let retry = try #require(answer)
        var refresh = retry.request
        session.preauthorize(&refresh, realms: retry.realms)
        #expect(try credentials(refresh).map(\.nonceCount) == [2])  // replaced, not added
        session.preauthorize(&refresh, realms: retry.realms)
        #expect(try credentials(refresh).map(\.nonceCount) == [3])
        #expect(session.nonceCount(for: retry.realms[0]) == 3)
    }

    @Test func aStaleChallengeStartsAFreshNonce() throws {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let first = session.retry(register(), challengedBy: challenge(401, [md5]))
        var request = try #require(first).request
        session.preauthorize(&request, realms: [.init(name: "callpark.test", proxy: false)])
        let stale = #"Digest realm="callpark.test", nonce="n2", algorithm=MD5, qop="auth", stale=true"#
        let answer = session.retry(request, challengedBy: challenge(401, [stale]))
        let retry = try #require(answer)
        #expect(retry.stale)
        let c = try #require(try credentials(retry.request).first)
        #expect(c.nonce == "n2")
        #expect(c.nonceCount == 1)
        #expect(try retry.request.headerFields.cSeq?.sequence == 9)
    }

    @Test func nothingToAnswer() {
        var session = SIPDigestSession(username: "alice", password: "secret")
        let basic = session.retry(register(), challengedBy: challenge(401, [#"Basic realm="x""#]))
        let forbidden = session.retry(register(), challengedBy: challenge(403, []))
        #expect(basic == nil)
        #expect(forbidden == nil)
    }
}
