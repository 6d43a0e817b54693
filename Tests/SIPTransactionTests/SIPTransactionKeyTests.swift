import SIPCore
import SIPTransaction
import Testing

@Suite("Transaction matching (RFC 3261 §17.1.3, §17.2.3)")
struct SIPTransactionKeyTests {
    // MARK: Client side, §17.1.3

    @Test func responseMatchesTheClientTransactionOfItsRequest() throws {
        let invite = try Fixtures.invite()
        let key = try SIPTransactionKey.client(for: invite)
        #expect(key.side == .client)
        #expect(key.method == .invite)
        #expect(key.branch == Fixtures.branch)
        for code in [100, 180, 200, 486] {
            #expect(try SIPTransactionKey.client(for: Fixtures.response(code, to: invite)) == key)
        }
    }

    @Test func clientMatchingUsesTheCSeqMethod() throws {
        let invite = try Fixtures.invite()
        let cancel = try Fixtures.request("CANCEL")  // same branch as the INVITE (§9.1)
        let cancelOK = Fixtures.response(200, to: cancel)
        #expect(try SIPTransactionKey.client(for: cancelOK) == SIPTransactionKey.client(for: cancel))
        #expect(try SIPTransactionKey.client(for: cancelOK) != SIPTransactionKey.client(for: invite))
    }

    @Test func clientMatchingUsesTheBranch() throws {
        let invite = try Fixtures.invite()
        let other = Fixtures.response(200, to: try Fixtures.invite(branch: "z9hG4bKother"))
        #expect(try SIPTransactionKey.client(for: other) != SIPTransactionKey.client(for: invite))
    }

    @Test func clientAndServerKeysNeverMeet() throws {
        let invite = try Fixtures.invite()
        #expect(try SIPTransactionKey.client(for: invite) != SIPTransactionKey.server(for: invite))
    }

    // MARK: Server side, §17.2.3

    @Test func ackMatchesItsInvite() throws {
        let key = try SIPTransactionKey.server(for: try Fixtures.invite())
        #expect(key.side == .server)
        #expect(key.method == .invite)
        #expect(!key.isRFC2543)
        #expect(try SIPTransactionKey.server(for: try Fixtures.ack()) == key)
        #expect(try SIPTransactionKey.server(for: try Fixtures.invite()) == key)  // a retransmission
    }

    @Test func cancelHasItsOwnServerTransaction() throws {
        let invite = try Fixtures.invite()
        let cancel = try Fixtures.request("CANCEL")
        #expect(try SIPTransactionKey.server(for: cancel) != SIPTransactionKey.server(for: invite))
        #expect(try SIPTransactionKey.server(for: cancel).method == .cancel)
        #expect(try SIPTransactionKey.server(cancelling: cancel) == SIPTransactionKey.server(for: invite))
    }

    @Test(
        "Sent-by is part of the server key",
        arguments: [
            ("pc33.atlanta.example.com", true), ("PC33.Atlanta.Example.COM", true), ("pc33.atlanta.example.com:5070", false),
            ("pc34.atlanta.example.com", false), ("192.0.2.1", false),
        ])
    func sentBy(sentBy: String, matches: Bool) throws {
        let original = try SIPTransactionKey.server(for: try Fixtures.invite())
        #expect(try (SIPTransactionKey.server(for: try Fixtures.invite(sentBy: sentBy)) == original) == matches)
    }

    @Test func differentBranchesAreDifferentTransactions() throws {
        #expect(try SIPTransactionKey.server(for: try Fixtures.invite(branch: "z9hG4bK1")) != SIPTransactionKey.server(for: try Fixtures.invite()))
    }

    // MARK: RFC 2543 fallback, §17.2.3

    @Test("Branch without the magic cookie, or none", arguments: ["1234abcd", nil] as [String?])
    func rfc2543InviteAndAck(branch: String?) throws {
        let key = try SIPTransactionKey.server(for: try Fixtures.invite(branch: branch))
        #expect(key.isRFC2543)
        #expect(key.branch == nil)
        #expect(key.method == .invite)
        #expect(try SIPTransactionKey.server(for: try Fixtures.invite(branch: branch)) == key)
        // The ACK carries the To tag of the response; it still matches the INVITE (the tag is checked by the transaction).
        #expect(try SIPTransactionKey.server(for: try Fixtures.ack(branch: branch)) == key)
        #expect(try SIPTransactionKey.server(cancelling: try Fixtures.request("CANCEL", branch: branch)) == key)
    }

    /// The fields an RFC 2543 request is matched by, each changed in turn.
    enum RFC2543Field: String, CaseIterable, Sendable {
        case requestURI, fromTag, callID, cSeqNumber, topVia, method

        func changedRequest() throws -> SIPRequest {
            switch self {
            case .requestURI: return try Fixtures.request("INVITE", uri: "sip:carol@biloxi.example.com", branch: nil)
            case .fromTag: return try Fixtures.request("INVITE", branch: nil, fromTag: "other")
            case .callID: return try Fixtures.request("INVITE", branch: nil, callID: "other@pc33")
            case .cSeqNumber: return try Fixtures.request("INVITE", branch: nil, cSeq: 314160)
            case .topVia: return try Fixtures.request("INVITE", branch: nil, sentBy: "pc34.atlanta.example.com")
            case .method: return try Fixtures.request("OPTIONS", branch: nil)
            }
        }
    }

    @Test("Every RFC 2543 field counts", arguments: RFC2543Field.allCases)
    func rfc2543Fields(field: RFC2543Field) throws {
        let original = try SIPTransactionKey.server(for: try Fixtures.request("INVITE", branch: nil))
        #expect(try SIPTransactionKey.server(for: try field.changedRequest()) != original)
    }

    @Test func rfc2543NonInviteRequestsIncludeTheToTag() throws {
        let options = try SIPTransactionKey.server(for: try Fixtures.request("OPTIONS", branch: nil, toTag: "a"))
        #expect(try SIPTransactionKey.server(for: try Fixtures.request("OPTIONS", branch: nil, toTag: "a")) == options)
        #expect(try SIPTransactionKey.server(for: try Fixtures.request("OPTIONS", branch: nil, toTag: "b")) != options)
    }

    @Test func rfc2543AndRFC3261KeysDiffer() throws {
        #expect(try SIPTransactionKey.server(for: try Fixtures.invite(branch: nil)) != SIPTransactionKey.server(for: try Fixtures.invite()))
    }

    // MARK: Missing or malformed headers

    static func bare(_ fields: [(SIPHeaderName, String)]) throws -> SIPRequest {
        SIPRequest(method: .invite, uri: try SIPURI("sip:bob@biloxi.example.com"), headerFields: SIPHeaderFields(fields))
    }

    @Test func missingViaThrows() throws {
        let request = try Self.bare([(.cSeq, "1 INVITE"), (.callID, "x")])
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.client(for: request) }
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.server(for: request) }
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.client(for: SIPResponse(status: .ok, headerFields: request.headerFields)) }
    }

    @Test func missingBranchThrowsOnTheClientSide() throws {
        let request = try Self.bare([(.via, "SIP/2.0/UDP pc33.atlanta.example.com"), (.cSeq, "1 INVITE")])
        let error = #expect(throws: SIPParseError.self) { try SIPTransactionKey.client(for: request) }
        #expect(error?.header == "Via")
    }

    @Test func responseWithoutCSeqThrows() throws {
        let response = SIPResponse(status: .ok, headerFields: SIPHeaderFields([(.via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1")]))
        let error = #expect(throws: SIPParseError.self) { try SIPTransactionKey.client(for: response) }
        #expect(error?.code == .missingHeader)
    }

    @Test(
        "RFC 2543 matching needs Call-ID, From, To and CSeq",
        arguments: [SIPHeaderName.callID, .from, .to, .cSeq])
    func rfc2543MissingHeaderThrows(missing: SIPHeaderName) throws {
        let all: [(SIPHeaderName, String)] = [
            (.via, "SIP/2.0/UDP pc33.atlanta.example.com"), (.callID, "x"), (.from, "<sip:a@b>;tag=1"), (.to, "<sip:c@d>"), (.cSeq, "1 INVITE"),
        ]
        let request = try Self.bare(all.filter { $0.0 != missing })
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.server(for: request) }
    }

    @Test func malformedHeadersThrowInsteadOfCrashing() throws {
        let badVia = try Self.bare([(.via, "SIP/2.0/UDP"), (.cSeq, "1 INVITE")])
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.server(for: badVia) }
        let badCSeq = SIPResponse(
            status: .ok, headerFields: SIPHeaderFields([(.via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1"), (.cSeq, "INVITE")]))
        #expect(throws: SIPParseError.self) { try SIPTransactionKey.client(for: badCSeq) }
    }

    @Test func keysDescribeThemselves() throws {
        #expect(try SIPTransactionKey.client(for: try Fixtures.invite()).description == "client INVITE z9hG4bKnashds8")
        #expect(try SIPTransactionKey.server(for: try Fixtures.ack()).description == "server INVITE z9hG4bKnashds8 pc33.atlanta.example.com")
    }
}
