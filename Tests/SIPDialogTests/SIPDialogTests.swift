import SIPCore
import Testing

@testable import SIPDialog

/// RFC 3261 §12: dialogs built from the requests and responses that create them.
@Suite struct SIPDialogTests {
    func parse(_ lines: [String]) throws -> SIPMessage {
        try SIPMessageParser().parse(lines.joined(separator: "\r\n") + "\r\n\r\n")
    }

    func invite(recordRoute: [String] = []) throws -> SIPRequest {
        try #require(
            parse(
                [
                    "INVITE sip:bob@callpark.test SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1",
                    "Max-Forwards: 70", "From: \"Alice\" <sip:alice@callpark.test>;tag=a1", "To: <sip:bob@callpark.test>",
                    "Call-ID: c1@127.0.0.1", "CSeq: 10 INVITE", "Contact: <sip:alice@127.0.0.1:5062>",
                ] + recordRoute.map { "Record-Route: \($0)" } + ["Content-Length: 0"]
            ).request)
    }

    func ok(to request: SIPRequest, code: Int = 200, recordRoute: [String] = []) throws -> SIPResponse {
        var r = request.makeResponse(SIPResponseStatus(code: code), toTag: "b1")
        r.headerFields.append(.contact, "<sip:bob@127.0.0.1:5064>")
        for rr in recordRoute { r.headerFields.append(.recordRoute, rr) }
        return r
    }

    let aliceContact = SIPURI(user: "alice", host: .ipv4("127.0.0.1"), port: 5062)
    let bobContact = SIPURI(user: "bob", host: .ipv4("127.0.0.1"), port: 5064)

    @Test func uacDialogFromA2xx() throws {
        let inv = try invite()
        let d = try SIPDialog(uacRequest: inv, response: ok(to: inv), localContact: aliceContact)
        #expect(d.id == SIPDialogID(callID: "c1@127.0.0.1", localTag: "a1", remoteTag: "b1"))
        #expect(d.state == .confirmed)
        #expect(d.remoteTarget == bobContact)
        #expect(d.localSequence == 10)
        #expect(d.routeSet.isEmpty)
        #expect(d.isUAC)
    }

    @Test func earlyDialogIsConfirmedByThe2xx() throws {
        let inv = try invite()
        var d = try SIPDialog(uacRequest: inv, response: ok(to: inv, code: 180), localContact: aliceContact)
        #expect(d.state == .early)
        d.receivedResponse(try ok(to: inv, recordRoute: ["<sip:proxy.callpark.test;lr>"]), to: .invite)
        #expect(d.state == .confirmed)
        #expect(d.routeSet.map(\.uri.host) == [.name("proxy.callpark.test")])
    }

    @Test func uasDialogAndTheRouteSetOrder() throws {
        let inv = try invite(recordRoute: ["<sip:p1.test;lr>", "<sip:p2.test;lr>"])
        let uas = try SIPDialog(uasRequest: inv, localTag: "b1", localContact: bobContact)
        #expect(uas.id == SIPDialogID(callID: "c1@127.0.0.1", localTag: "b1", remoteTag: "a1"))
        #expect(uas.routeSet.map(\.uri.host) == [.name("p1.test"), .name("p2.test")])  // §12.1.1: as received
        #expect(uas.remoteSequence == 10)
        let uac = try SIPDialog(
            uacRequest: inv, response: ok(to: inv, recordRoute: ["<sip:p1.test;lr>", "<sip:p2.test;lr>"]), localContact: aliceContact)
        #expect(uac.routeSet.map(\.uri.host) == [.name("p2.test"), .name("p1.test")])  // §12.1.2: reversed
    }

    @Test func inDialogRequestsWithLooseRouting() throws {
        let inv = try invite()
        var d = try SIPDialog(
            uacRequest: inv, response: ok(to: inv, recordRoute: ["<sip:p2.test;lr>", "<sip:p1.test;lr>"]), localContact: aliceContact)
        let bye = d.makeRequest(.bye)
        #expect(bye.uri == bobContact)
        #expect(bye.headerFields.values(.route) == ["<sip:p1.test;lr>", "<sip:p2.test;lr>"])
        #expect(try bye.headerFields.cSeq == SIPCSeq(11, .bye))
        #expect(try bye.headerFields.from?.tag == "a1")
        #expect(try bye.headerFields.to?.tag == "b1")
        #expect(!bye.headerFields.contains(.contact))
        let ack = d.makeRequest(.ack, sequence: 10)
        #expect(try ack.headerFields.cSeq == SIPCSeq(10, .ack))
        let reinvite = d.makeRequest(.invite, body: Array("v=0\r\n".utf8), contentType: "application/sdp")
        #expect(try reinvite.headerFields.cSeq == SIPCSeq(12, .invite))
        #expect(reinvite.headerFields[.contact] == "<sip:alice@127.0.0.1:5062>")
        #expect(reinvite.headerFields[.contentLength] == "5")
    }

    @Test func strictRouterBecomesTheRequestURI() throws {
        let inv = try invite()
        var d = try SIPDialog(uacRequest: inv, response: ok(to: inv, recordRoute: ["<sip:strict.test>"]), localContact: aliceContact)
        let bye = d.makeRequest(.bye)
        #expect(bye.uri.host == .name("strict.test"))
        #expect(bye.headerFields.values(.route) == ["<sip:bob@127.0.0.1:5064>"])
    }

    @Test func receivedRequestsKeepOrderAndRefreshTheTarget() throws {
        let inv = try invite()
        var d = try SIPDialog(uasRequest: inv, localTag: "b1", localContact: bobContact)
        let reinvite = try #require(
            parse([
                "INVITE sip:bob@127.0.0.1:5064 SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK2",
                "From: <sip:alice@callpark.test>;tag=a1", "To: <sip:bob@callpark.test>;tag=b1", "Call-ID: c1@127.0.0.1",
                "CSeq: 11 INVITE", "Contact: <sip:alice@192.0.2.9:5090>", "Content-Length: 0",
            ]).request)
        try d.receivedRequest(reinvite)
        #expect(d.remoteSequence == 11)
        #expect(d.remoteTarget.host == .ipv4("192.0.2.9"))
        #expect(throws: SIPDialog.RequestError.outOfOrder(received: 11, last: 11)) { try d.receivedRequest(reinvite) }
        #expect(SIPDialogID.forReceived(reinvite) == d.id)
        #expect(d.id.replacesForPeer == SIPReplaces(callID: "c1@127.0.0.1", toTag: "a1", fromTag: "b1"))
    }

    @Test func missingContactIsAnError() throws {
        let inv = try invite()
        let bare = inv.makeResponse(.ok, toTag: "b1")
        #expect(throws: SIPParseError.self) { try SIPDialog(uacRequest: inv, response: bare, localContact: aliceContact) }
    }
}
