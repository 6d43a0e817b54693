import Testing

@testable import SIPCore

// MARK: - Known answers from the RFCs

@Suite struct DigestVectorTests {
    @Test func rfc2617MD5Example() throws {
        // RFC 2617 §3.5.
        let challenge = try SIPDigestChallenge(
            SIPAuthHeader(
                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                    + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""))
        #expect(challenge.algorithm == .md5)
        #expect(challenge.qopOptions == ["auth", "auth-int"])
        let ha1 = SIPDigest.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life", algorithm: .md5)
        #expect(ha1 == "939e7578ed9e3c518a452acee763bce9")
        let credentials = try SIPDigestClient.credentials(
            answering: challenge, method: "GET", uri: "/dir/index.html", username: "Mufasa", password: "Circle Of Life",
            cnonce: "0a4f113b", nonceCount: 1)
        #expect(credentials.response == "6629fae49393a05397450978507c4ef1")
        #expect(credentials.qop == "auth")
        #expect(credentials.opaque == "5ccc069c403ebaf9f0171e9517f40e41")
        #expect(
            credentials.header.description
                == "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                + "uri=\"/dir/index.html\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001")
    }

    static let rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    static let rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

    @Test(arguments: [
        (SIPDigestAlgorithm.sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        (SIPDigestAlgorithm.md5, "8ca523f5e9506fed4657c9700eebdbec"),
    ])
    func rfc7616Example(algorithm: SIPDigestAlgorithm, expected: String) throws {
        // RFC 7616 §3.9.1.
        let header = try SIPAuthHeader(
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=\(algorithm), "
                + "nonce=\"\(Self.rfc7616Nonce)\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")
        let challenge = try SIPDigestChallenge(header)
        #expect(challenge.algorithm == algorithm)
        let credentials = try SIPDigestClient.credentials(
            answering: challenge, method: "GET", uri: "/dir/index.html", username: "Mufasa", password: "Circle of Life",
            cnonce: Self.rfc7616Cnonce, nonceCount: 1)
        #expect(credentials.response == expected)
        let direct = SIPDigest.response(
            ha1: SIPDigest.ha1(username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life", algorithm: algorithm),
            algorithm: algorithm, nonce: Self.rfc7616Nonce, method: "GET", uri: "/dir/index.html", qop: "auth", nonceCount: 1,
            cnonce: Self.rfc7616Cnonce)
        #expect(direct == expected)
    }

    @Test func algorithmTokensAndHashes() {
        #expect(SIPDigestAlgorithm(token: "sha-256") == .sha256)
        #expect(SIPDigestAlgorithm(token: "md5-SESS") == .md5Session)
        #expect(SIPDigestAlgorithm(token: "SHA-512-256") == nil)
        #expect(SIPDigestAlgorithm.md5.hash("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(SIPDigestAlgorithm.sha256.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SIPDigestAlgorithm.sha256Session.base == .sha256)
        #expect(SIPDigest.nonceCountText(0x1f) == "0000001f")
    }
}

// MARK: - Header text

@Suite struct DigestHeaderTests {
    @Test func challengeQuoting() throws {
        let challenge = SIPDigestChallenge(
            realm: "callpark.test", nonce: "abc\"def", opaque: "xyz", algorithm: .sha256, stale: true,
            domain: ["sip:callpark.test", "sip:pool-b.callpark.test"])
        let text = challenge.header.description
        #expect(
            text
                == "Digest realm=\"callpark.test\", domain=\"sip:callpark.test sip:pool-b.callpark.test\", nonce=\"abc\\\"def\", "
                + "opaque=\"xyz\", stale=true, algorithm=SHA-256, qop=\"auth\"")
        #expect(try SIPDigestChallenge(SIPAuthHeader(text)) == challenge)
    }

    @Test func challengeLeniency() throws {
        let challenge = try SIPDigestChallenge(
            SIPAuthHeader("digest realm=\"r\", nonce=n1, stale=\"TRUE\", algorithm=sha-256, charset=UTF-8"))
        #expect(challenge.stale)
        #expect(challenge.nonce == "n1")
        #expect(challenge.algorithm == .sha256)
        #expect(challenge.qopOptions.isEmpty)
        #expect(challenge.otherParameters.value("charset") == "UTF-8")
        #expect(challenge.header.description.hasSuffix("algorithm=SHA-256, charset=UTF-8"))
    }

    @Test func challengeErrors() throws {
        #expect(throws: SIPDigestError.self) { try SIPDigestChallenge(SIPAuthHeader("Basic realm=\"r\"")) }
        do {
            _ = try SIPDigestChallenge(SIPAuthHeader("Digest realm=\"r\""))
            Issue.record("expected an error")
        } catch let error as SIPDigestError {
            #expect(error.code == .missingParameter)
        }
        do {
            _ = try SIPDigestChallenge(SIPAuthHeader("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"))
            Issue.record("expected an error")
        } catch let error as SIPDigestError {
            #expect(error.code == .unsupportedAlgorithm)
            #expect(error.description.contains("SHA-512-256"))
        }
    }

    @Test func credentialsRoundTrip() throws {
        let credentials = SIPDigestCredentials(
            username: "alice", realm: "callpark.test", nonce: "n0nce", uri: "sip:callpark.test", response: "0123abcd",
            algorithm: .sha256, cnonce: "c1", qop: "auth", nonceCount: 10, opaque: "op")
        let text = credentials.header.description
        #expect(
            text
                == "Digest username=\"alice\", realm=\"callpark.test\", nonce=\"n0nce\", uri=\"sip:callpark.test\", "
                + "response=\"0123abcd\", algorithm=SHA-256, cnonce=\"c1\", opaque=\"op\", qop=auth, nc=0000000a")
        #expect(try SIPDigestCredentials(SIPAuthHeader(text)) == credentials)
        // Through a whole message and the typed getter.
        let message = try SIPMessageParser().parse(Fixtures.options(extra: ["Authorization: \(text)"]))
        #expect(try SIPDigestCredentials(message.headerFields.authorization[0]) == credentials)
    }

    @Test func credentialsErrors() throws {
        let base = "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"00\""
        #expect(try SIPDigestCredentials(SIPAuthHeader(base)).algorithm == .md5)
        let cases: [(String, SIPDigestError.Code)] = [
            ("Digest realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"00\"", .missingParameter),
            ("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\"", .missingParameter),
            (base + ", nc=1", .malformedParameter),
            (base + ", nc=+0000001", .malformedParameter),
            (base + ", algorithm=SHA-512-256", .unsupportedAlgorithm),
            ("Basic realm=\"r\"", .notDigest),
        ]
        for (text, code) in cases {
            #expect(throws: SIPDigestError.self, "\(text)") { try SIPDigestCredentials(SIPAuthHeader(text)) }
            do {
                _ = try SIPDigestCredentials(SIPAuthHeader(text))
            } catch let error as SIPDigestError {
                #expect(error.code == code, "\(text)")
            }
        }
    }
}

// MARK: - Choosing a challenge

@Suite struct DigestChallengeSelectionTests {
    func headers(_ lines: [String]) throws -> [SIPAuthHeader] { try lines.map { try SIPAuthHeader($0) } }

    @Test func strongestSupportedWins() throws {
        let offered = try headers([
            "Digest realm=\"callpark.test\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\"",
            "Digest realm=\"callpark.test\", nonce=\"2\", algorithm=MD5, qop=\"auth\"",
            "Digest realm=\"callpark.test\", nonce=\"3\", algorithm=SHA-256, qop=\"auth\"",
        ])
        #expect(SIPDigestClient.preferredChallenge(offered)?.algorithm == .sha256)
        #expect(SIPDigestClient.preferredChallenge(offered, supporting: [.md5])?.nonce == "2")
        #expect(SIPDigestClient.preferredChallenge(offered, supporting: []) == nil)
    }

    @Test func sameStrengthKeepsServerOrder() throws {
        let offered = try headers([
            "Digest realm=\"r\", nonce=\"1\", algorithm=MD5", "Digest realm=\"r\", nonce=\"2\", algorithm=MD5",
        ])
        #expect(SIPDigestClient.preferredChallenge(offered)?.nonce == "1")
    }

    @Test func onePerRealmAndUnanswerableSkipped() throws {
        let offered = try headers([
            "Basic realm=\"proxy.test\"",
            "Digest realm=\"proxy.test\", nonce=\"a\", qop=\"auth-int\"",
            "Digest realm=\"proxy.test\", nonce=\"b\", algorithm=MD5, qop=\"auth-int,auth\"",
            "Digest realm=\"callpark.test\", nonce=\"c\", algorithm=MD5",
            "Digest realm=\"callpark.test\", nonce=\"d\", algorithm=SHA-256",
            "Digest realm=\"broken.test\"",
        ])
        let chosen = SIPDigestClient.preferredChallenges(offered)
        #expect(chosen.map(\.realm) == ["proxy.test", "callpark.test"])
        #expect(chosen.map(\.nonce) == ["b", "d"])
    }

    @Test func authIntOnlyCannotBeAnswered() throws {
        let challenge = SIPDigestChallenge(realm: "r", nonce: "n", qopOptions: ["auth-int"])
        #expect(throws: SIPDigestError.self) {
            try SIPDigestClient.credentials(
                answering: challenge, method: .register, uri: "sip:r", username: "a", password: "p", cnonce: "c", nonceCount: 1)
        }
    }

    @Test func challengeWithoutQopGetsRFC2069Answer() throws {
        let challenge = SIPDigestChallenge(realm: "r", nonce: "n", qopOptions: [])
        let credentials = try SIPDigestClient.credentials(
            answering: challenge, method: .register, uri: "sip:r", username: "a", password: "p", cnonce: "c", nonceCount: 1)
        #expect(credentials.qop == nil && credentials.cnonce == nil && credentials.nonceCount == nil)
        let ha1 = SIPDigest.ha1(username: "a", realm: "r", password: "p", algorithm: .md5)
        #expect(credentials.response == SIPDigestAlgorithm.md5.hash("\(ha1):n:\(SIPDigestAlgorithm.md5.hash("REGISTER:sip:r"))"))
    }
}

// MARK: - Server: issue, answer, verify

@Suite struct DigestServerTests {
    let server = SIPDigestServer(realm: "callpark.test", secret: Array("pool-a secret".utf8), nonceLifetime: 300)
    let now: UInt64 = 1_700_000_000
    static let passwords = ["alice": "wonderland", "bob": "builder"]

    func ha1(_ user: String, _ realm: String, _ algorithm: SIPDigestAlgorithm) -> String? {
        Self.passwords[user].map { SIPDigest.ha1(username: user, realm: realm, password: $0, algorithm: algorithm) }
    }

    func request(_ method: SIPMethod = .register, uri: String = "sip:callpark.test", authorization: String? = nil, proxy: Bool = false)
        throws -> SIPRequest
    {
        var fields = SIPHeaderFields()
        if let authorization { fields.append(proxy ? .proxyAuthorization : .authorization, authorization) }
        return SIPRequest(method: method, uri: try SIPURI(uri), headerFields: fields)
    }

    /// The client's answer to the server's 401, through header text as on the wire.
    func answer(
        _ challenges: [SIPDigestChallenge], supporting: [SIPDigestAlgorithm] = SIPDigestClient.supportedAlgorithms,
        user: String = "alice", password: String = "wonderland", method: SIPMethod = .register, uri: String = "sip:callpark.test"
    ) throws -> SIPDigestCredentials {
        let headers = try challenges.map { try SIPAuthHeader($0.header.description) }
        let challenge = try #require(SIPDigestClient.preferredChallenge(headers, supporting: supporting))
        return try SIPDigestClient.credentials(
            answering: challenge, method: method, uri: uri, username: user, password: password, cnonce: "0a4f113b", nonceCount: 1)
    }

    func verify(_ credentials: SIPDigestCredentials, at time: UInt64? = nil, server: SIPDigestServer? = nil) throws
        -> SIPDigestVerification
    {
        (server ?? self.server).verify(request: try request(authorization: credentials.header.description), now: time ?? now + 5, ha1: ha1)
    }

    @Test func challengesOfferSHA256ThenMD5WithOneNonce() {
        let challenges = server.challenges(now: now, salt: 7)
        #expect(challenges.map(\.algorithm) == [.sha256, .md5])
        #expect(Set(challenges.map(\.nonce)).count == 1)
        #expect(challenges.allSatisfy { $0.qopOptions == ["auth"] && $0.realm == "callpark.test" && !$0.stale })
        #expect(server.challenges(now: now, stale: true, salt: 7).allSatisfy { $0.stale })
    }

    @Test func nonceFormat() {
        let nonce = server.nonce(issuedAt: now, salt: 1)
        #expect(nonce.utf8.count == 64)
        #expect(nonce.utf8.allSatisfy { ByteClass.isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        #expect(nonce.hasPrefix("000000006553f100"))
        #expect(server.issueTime(ofNonce: nonce) == now)
        #expect(server.nonce(issuedAt: now, salt: 2) != nonce)
        #expect(server.nonce(issuedAt: now, salt: 1) == nonce)
    }

    @Test(arguments: [SIPDigestAlgorithm.sha256, .md5])
    func issueAnswerVerify(algorithm: SIPDigestAlgorithm) throws {
        let credentials = try answer(server.challenges(now: now), supporting: [algorithm])
        #expect(credentials.algorithm == algorithm)
        #expect(try verify(credentials) == .authorized(username: "alice"))
        // Another server of the pool, sharing the secret, accepts it too.
        let peer = SIPDigestServer(realm: "callpark.test", secret: Array("pool-a secret".utf8))
        #expect(try verify(credentials, server: peer) == .authorized(username: "alice"))
    }

    @Test func clientPicksSHA256FromServerChallenges() throws {
        #expect(try answer(server.challenges(now: now)).algorithm == .sha256)
    }

    @Test func sessionVariantsAskStoreForBaseHash() throws {
        let sess = SIPDigestServer(realm: "callpark.test", secret: [1, 2, 3], algorithms: [.sha256Session, .md5Session])
        for algorithm in [SIPDigestAlgorithm.sha256Session, .md5Session] {
            let credentials = try answer(sess.challenges(now: now), supporting: [algorithm])
            var asked: [SIPDigestAlgorithm] = []
            let result = sess.verify(credentials, method: .register, now: now) { user, realm, algorithm in
                asked.append(algorithm)
                return ha1(user, realm, algorithm)
            }
            #expect(result == .authorized(username: "alice"))
            #expect(asked == [algorithm.base])
        }
    }

    @Test func staleNonceOnlyForCorrectCredentials() throws {
        let credentials = try answer(server.challenges(now: now))
        #expect(try verify(credentials, at: now + 300) == .authorized(username: "alice"))
        #expect(try verify(credentials, at: now + 301) == .stale)
        let wrong = try answer(server.challenges(now: now), password: "guess")
        #expect(try verify(wrong, at: now + 301) == .rejected(.wrongResponse))
        // Re-challenge with stale=true; the client retries with the same password.
        let later = now + 400
        let retry = try answer(server.challenges(now: later, stale: true))
        #expect(try verify(retry, at: later + 1) == .authorized(username: "alice"))
    }

    @Test func forgedAndForeignNoncesAreRejected() throws {
        var credentials = try answer(server.challenges(now: now, salt: 9))
        let good = credentials.nonce
        func flipped(_ text: String, at k: Int) -> String {
            var b = Array(text.utf8)
            b[k] = b[k] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            return String(decoding: b, as: UTF8.self)
        }
        let otherSecret = SIPDigestServer(realm: "callpark.test", secret: Array("other".utf8))
        let otherRealm = SIPDigestServer(realm: "elsewhere.test", secret: Array("pool-a secret".utf8))
        let forged = [
            flipped(good, at: 63),  // MAC changed
            flipped(good, at: 15),  // issue time changed
            otherSecret.nonce(issuedAt: now, salt: 9),
            otherRealm.nonce(issuedAt: now, salt: 9),
            server.nonce(issuedAt: now + 3600, salt: 9),  // from the future, beyond the clock skew
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            String(repeating: "z", count: 64),
            "",
        ]
        for nonce in forged {
            credentials = try answer([SIPDigestChallenge(realm: "callpark.test", nonce: nonce, algorithm: .sha256)])
            #expect(try verify(credentials) == .rejected(.badNonce), "\(nonce)")
        }
    }

    @Test func wrongPasswordAndUnknownUser() throws {
        let challenges = server.challenges(now: now)
        #expect(try verify(answer(challenges, password: "Wonderland")) == .rejected(.wrongResponse))
        #expect(try verify(answer(challenges, user: "mallory", password: "x")) == .rejected(.unknownUser))
        #expect(try verify(answer(challenges, user: "bob", password: "builder")) == .authorized(username: "bob"))
    }

    @Test func wrongRealm() throws {
        var credentials = try answer(server.challenges(now: now))
        credentials.realm = "elsewhere.test"
        #expect(server.verify(credentials, method: .register, now: now, ha1: "00") == .rejected(.wrongRealm))
        // In a request, credentials for another realm are not ours to check (RFC 3261 §22.4).
        #expect(try verify(credentials) == .rejected(.noCredentials))
        #expect(server.verify(request: try request(), now: now, ha1: ha1) == .rejected(.noCredentials))
    }

    @Test func missingOrUnsupportedQopFields() throws {
        let credentials = try answer(server.challenges(now: now))
        var noCnonce = credentials
        noCnonce.cnonce = nil
        #expect(try verify(noCnonce) == .rejected(.missingParameter("cnonce")))
        var noCount = credentials
        noCount.nonceCount = nil
        #expect(try verify(noCount) == .rejected(.missingParameter("nc")))
        var authInt = credentials
        authInt.qop = "auth-int"
        #expect(try verify(authInt) == .rejected(.unsupportedQop))
        let noResponse = "Digest username=\"alice\", realm=\"callpark.test\", nonce=\"\(credentials.nonce)\", uri=\"sip:callpark.test\""
        guard case .rejected(.malformed(let error)) = server.verify(request: try request(authorization: noResponse), now: now, ha1: ha1)
        else {
            Issue.record("expected malformed credentials")
            return
        }
        #expect(error.code == .missingParameter)
    }

    @Test func rfc2069ResponsesWithoutQop() throws {
        let legacy = try answer(
            server.challenges(now: now).map { c in
                var c = c
                c.qopOptions = []
                return c
            })
        #expect(legacy.qop == nil)
        #expect(try verify(legacy) == .authorized(username: "alice"))
        var strict = server
        strict.acceptsResponsesWithoutQop = false
        #expect(try verify(legacy, server: strict) == .rejected(.missingParameter("qop")))
    }

    @Test func algorithmNotAccepted() throws {
        let sha256Only = SIPDigestServer(realm: "callpark.test", secret: Array("pool-a secret".utf8), algorithms: [.sha256])
        let nonce = sha256Only.nonce(issuedAt: now, salt: 1)
        let md5 = try answer([SIPDigestChallenge(realm: "callpark.test", nonce: nonce, algorithm: .md5)])
        #expect(try verify(md5, server: sha256Only) == .rejected(.unsupportedAlgorithm))
        var unknown = md5.header
        unknown.parameters["algorithm"] = "SHA-512-256"
        #expect(sha256Only.verify(header: unknown, method: .register, now: now, ha1: ha1) == .rejected(.unsupportedAlgorithm))
    }

    @Test func digestURIMustNameRequestURI() throws {
        let credentials = try answer(server.challenges(now: now), uri: "sip:pool-b.callpark.test")
        #expect(try verify(credentials) == .rejected(.uriMismatch))
        let unchecked = server.verify(
            request: try request(authorization: credentials.header.description), checkURI: false, now: now, ha1: ha1)
        #expect(unchecked == .authorized(username: "alice"))
        // The same URI written with its parameters is accepted as text.
        let withParams = try answer(server.challenges(now: now), uri: "sip:callpark.test;transport=tcp")
        let request = try request(uri: "sip:callpark.test;transport=tcp", authorization: withParams.header.description)
        #expect(server.verify(request: request, now: now, ha1: ha1) == .authorized(username: "alice"))
    }

    @Test func proxyAuthorizationOnInvite() throws {
        let credentials = try answer(server.challenges(now: now), method: .invite, uri: "sip:701@callpark.test")
        let invite = try request(.invite, uri: "sip:701@callpark.test", authorization: credentials.header.description, proxy: true)
        #expect(server.verify(request: invite, proxy: true, now: now, ha1: ha1) == .authorized(username: "alice"))
        #expect(server.verify(request: invite, now: now, ha1: ha1) == .rejected(.noCredentials))
        // The method is covered by HA2: replaying the INVITE credentials on a BYE fails.
        let bye = try request(.bye, uri: "sip:701@callpark.test", authorization: credentials.header.description, proxy: true)
        #expect(server.verify(request: bye, proxy: true, now: now, ha1: ha1) == .rejected(.wrongResponse))
    }

    @Test func uppercaseResponseAndPrecomputedHA1() throws {
        var credentials = try answer(server.challenges(now: now))
        credentials.response = credentials.response.uppercased()
        #expect(try verify(credentials) == .authorized(username: "alice"))
        let stored = SIPDigest.ha1(username: "alice", realm: "callpark.test", password: "wonderland", algorithm: .sha256)
        let challenge = server.challenges(now: now)[0]
        let fromHA1 = try SIPDigestClient.credentials(
            answering: challenge, method: .register, uri: "sip:callpark.test", username: "alice", ha1: stored, cnonce: "c", nonceCount: 2)
        #expect(server.verify(fromHA1, method: .register, now: now, ha1: stored) == .authorized(username: "alice"))
        #expect(server.verify(fromHA1, method: .register, now: now, ha1: nil) == .rejected(.unknownUser))
    }
}
