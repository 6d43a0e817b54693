import SIPCore
import SIPTransaction
import Testing

@Suite("ACK for non-2xx (RFC 3261 §17.1.1.3) and CANCEL (§9.1)")
struct SIPRequestACKTests {
    /// An INVITE as a proxy forwards it: two Via lines (the second with two values), a route set, a body.
    let invite: SIPRequest

    init() throws {
        invite = try Fixtures.request(
            "INVITE", branch: "z9hG4bK776asdhds",
            extra: [
                "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1, SIP/2.0/UDP p0.example.com;branch=z9hG4bKp0",
                "Route: <sip:p2.example.com;lr>, <sip:p3.example.com;lr>",
                "Route: <sip:p4.example.com;lr>",
                "Contact: <sip:alice@pc33.atlanta.example.com>",
                "Content-Type: application/sdp",
            ])
    }

    @Test func ackCopiesWhatSection17_1_1_3Requires() {
        let busy = Fixtures.response(486, to: invite)
        let ack = invite.makeACK(for: busy)
        #expect(ack.method == .ack)
        #expect(ack.uri == invite.uri)
        #expect(ack.headerFields.values(.via) == ["SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds"])
        #expect(ack.headerFields.values(.route) == ["<sip:p2.example.com;lr>, <sip:p3.example.com;lr>", "<sip:p4.example.com;lr>"])
        #expect(ack.headerFields[.maxForwards] == "70")
        #expect(ack.headerFields[.to] == "Bob <sip:bob@biloxi.example.com>;tag=\(Fixtures.toTag)")
        #expect(ack.headerFields[.from] == invite.headerFields[.from])
        #expect(ack.headerFields[.callID] == Fixtures.callID)
        #expect(ack.headerFields[.cSeq] == "314159 ACK")
        #expect(ack.headerFields[.contentLength] == "0")
        #expect(!ack.headerFields.contains(.contact))
        #expect(!ack.headerFields.contains(.contentType))
        #expect(ack.body.isEmpty)
    }

    @Test func ackTypedHeadersParse() throws {
        let ack = invite.makeACK(for: Fixtures.response(603, to: invite))
        #expect(try ack.headerFields.cSeq == SIPCSeq(314159, .ack))
        #expect(try ack.headerFields.to?.tag == Fixtures.toTag)
        #expect(try ack.headerFields.topVia?.branch == "z9hG4bK776asdhds")
        #expect(try ack.headerFields.via.count == 1)
    }

    @Test func cancelCopiesWhatSection9_1Requires() throws {
        let cancel = invite.makeCANCEL()
        #expect(cancel.method == .cancel)
        #expect(cancel.uri == invite.uri)
        #expect(cancel.headerFields.values(.via) == ["SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds"])
        #expect(cancel.headerFields.values(.route) == invite.headerFields.values(.route))
        #expect(cancel.headerFields[.maxForwards] == "70")
        #expect(cancel.headerFields[.to] == invite.headerFields[.to])
        #expect(cancel.headerFields[.from] == invite.headerFields[.from])
        #expect(cancel.headerFields[.callID] == Fixtures.callID)
        #expect(try cancel.headerFields.cSeq == SIPCSeq(314159, .cancel))
        #expect(cancel.body.isEmpty)
        #expect(!cancel.headerFields.contains(.contentType))
    }

    @Test func cancelMatchesTheInviteItCancels() throws {
        let cancel = invite.makeCANCEL()
        // Same branch, its own client transaction (§9.1), and on the far side it finds the INVITE (§9.2).
        #expect(try SIPTransactionKey.client(for: cancel) != SIPTransactionKey.client(for: invite))
        #expect(try SIPTransactionKey.client(for: cancel).branch == SIPTransactionKey.client(for: invite).branch)
        #expect(try SIPTransactionKey.server(cancelling: cancel) == SIPTransactionKey.server(for: invite))
    }

    @Test func ackMatchesTheInviteServerTransaction() throws {
        let ack = invite.makeACK(for: Fixtures.response(486, to: invite))
        #expect(try SIPTransactionKey.server(for: ack) == SIPTransactionKey.server(for: invite))
    }

    @Test func aCSeqTheStrictParserRefusesStillGivesItsNumber() throws {
        var odd = invite
        odd.headerFields[.cSeq] = "42   INVITE junk"
        #expect(odd.makeCANCEL().headerFields[.cSeq] == "42 CANCEL")
    }
}
