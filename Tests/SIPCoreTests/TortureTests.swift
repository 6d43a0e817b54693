import SIPCore
import Testing

/// RFC 4475 (SIP torture tests) and RFC 5118 (IPv6 torture tests), read from `../shared/torture`.
///
/// Every expected value below was read from the corpus files byte for byte (and from the RFC text the corpus
/// README quotes), not from what the parser returns.
@Suite(.enabled(if: TortureCorpus.isAvailable, TortureCorpus.missingReason))
struct TortureTests {

    // MARK: - Verdicts

    @Test("the expectation tables cover exactly the corpus files")
    func tablesCoverTheCorpus() {
        #expect(TortureCorpus.validFiles.count == 24)
        #expect(TortureCorpus.invalidFiles.count == 20)
        #expect(Set(Self.expectations.map(\.file)) == Set(TortureCorpus.validFiles))
        #expect(Set(Self.rejections.keys) == Set(TortureCorpus.invalidFiles))
    }

    @Test("every file in a valid/ folder is valid", arguments: TortureCorpus.validFiles)
    func validFileIsValid(_ file: String) throws {
        _ = try parsed(file)
    }

    @Test("every file in an invalid/ folder is invalid, for the right reason", arguments: TortureCorpus.invalidFiles)
    func invalidFileIsRejectedForTheRightReason(_ file: String) throws {
        let expected = try #require(Self.rejections[file], "no expected rejection listed for \(file)")
        expectRejected(SIPMessageCheck.check(try TortureCorpus.bytes(file)), expected, file)
    }

    /// The archive copy of baddn.sip lacks the empty line that ends the header section. With it added the message
    /// is still invalid, now for the reason RFC 4475 §3.1.2.15 gives: `Bell, Alexander` is an unquoted display name
    /// with a comma (RFC 3261 §25.1: display-name = *(token LWS) / quoted-string).
    @Test func baddnWithItsEmptyLineIsStillInvalid() throws {
        let bytes = try TortureCorpus.bytes("rfc4475/invalid/baddn.sip")
        #expect(Array(bytes.suffix(6)) == Array("l: 0\r\n".utf8), "the archive copy ends without the empty line")
        expectRejected(
            SIPMessageCheck.check(bytes + [0x0D, 0x0A]), Rejection(.malformedValue, "From", "unquoted display name"),
            "baddn.sip + CRLF")
    }

    // MARK: - Values of the valid messages

    @Test("the valid messages parse with the right values", arguments: TortureTests.expectations)
    func validMessageHasTheRightValues(_ expected: Expected) throws {
        let message = try parsed(expected.file)
        switch expected.start {
        case .request(let method, let uri):
            let request = try #require(message.request, "expected a request")
            #expect(request.method == method)
            #expect(request.uri == uri)
        case .response(let code, let reason):
            let response = try #require(message.response, "expected a response")
            #expect(response.status.code == code)
            #expect(response.status.reasonPhrase == reason)
        }
        let h = message.headerFields
        #expect(try h.callID == expected.callID)
        #expect(try h.cSeq == expected.cSeq)
        #expect(try h.from == expected.from)
        #expect(try h.to == expected.to)
        #expect(try h.via.count == expected.vias.count)
        #expect(try h.topVia == expected.vias.first)
        #expect(try h.via == expected.vias)
        #expect(try h.contacts == expected.contacts.map(SIPContacts.addresses))
        #expect(try h.maxForwards == expected.maxForwards)
        #expect(try h.contentLength == expected.contentLength)
        #expect(message.body.count == expected.contentLength)
        #expect(try h.contentType == expected.contentType)
    }

    /// RFC 4475 §3.1.1.1: folding, odd LWS, compact forms, leading zeros, unknown headers.
    @Test func wsinvFoldingCompactFormsAndOddWhitespace() throws {
        let h = try parsed("rfc4475/valid/wsinv.sip").headerFields
        #expect(
            h.fields.map(\.name.canonicalName) == [
                "To", "From", "Max-Forwards", "Call-ID", "Content-Length", "CSeq", "Via", "Subject", "NewFangledHeader",
                "UnknownHeaderWithUnusualValue", "Content-Type", "Route", "Via", "Contact",
            ])
        #expect(h[.to] == "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n")  // `TO :` then a fold
        #expect(h[.maxForwards] == "0068")
        #expect(h[.cSeq] == "0009 INVITE")
        #expect(h[.subject] == "")  // `s :` with an empty value
        #expect(h[try #require(SIPHeaderName("NewFangledHeader"))] == "newfangled value continued newfangled value")
        #expect(h[try #require(SIPHeaderName("UnknownHeaderWithUnusualValue"))] == ";;,,;;,;")
        #expect(h.values(.via).count == 2, "two Via lines; the `v:` line holds two entries")
        let route = SIPURI(
            host: .name("services.example.com"), parameters: ["lr": nil, "unknownwith": "value", "unknown-no-value": nil])
        #expect(try h.route == [angle(route)])
        guard case .addresses(let contacts)? = try h.contacts else {
            Issue.record("no Contact addresses")
            return
        }
        #expect(contacts.map(\.displayName) == [#"Quoted string """#])
        #expect(contacts.first?.q == 0.33)
    }

    /// RFC 4475 §3.1.1.2: token characters in the method, an odd URI with a password, quoted-pairs of control
    /// characters, UTF-8 in a parameter and in an extension header.
    @Test func intmethWideRangeOfValidCharacters() throws {
        let message = try parsed("rfc4475/valid/intmeth.sip")
        let request = try #require(message.request)
        #expect(request.method.rawValue == "!interesting-Method0123456789_*+`.%indeed'~")
        #expect(request.uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
        #expect(request.uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
        #expect(request.uri.host == .name("example.com"))
        let h = message.headerFields
        // To: "BEL:\<07> NUL:\<00> DEL:\<7F>": each quoted-pair stands for the raw octet.
        let to = try #require(try h.to)
        #expect(to.displayName.map { Array($0.utf8) } == Array("BEL:\u{07} NUL:\u{00} DEL:\u{7F}".utf8))
        let from = try #require(try h.from)
        #expect(from.displayName == "token1~` token2'+_ token3*%!.-")
        #expect(from.parameters.value("fromParam''~+*_!.-%") == "\"работающий\"")
        // extensionHeader-!.%*+_`'~: BOM + 大停電, kept byte for byte.
        let name = try #require(SIPHeaderName("extensionHeader-!.%*+_`'~"))
        #expect(h[name].map { Array($0.utf8) } == [0xEF, 0xBB, 0xBF, 0xE5, 0xA4, 0xA7, 0xE5, 0x81, 0x9C, 0xE9, 0x9B, 0xBB])
        #expect(h.fields.last { $0.name == name }?.name.canonicalName == "extensionHeader-!.%*+_`'~")
    }

    /// RFC 4475 §3.1.1.3: escapes stay as written; decoding is one pass (`%25%34%31` is "%41", not "A").
    @Test func esc01EscapesKeptAsWritten() throws {
        let message = try parsed("rfc4475/valid/esc01.sip")
        let uri = try #require(message.request?.uri)
        #expect(uri.user == "sips%3Auser%40example.com")
        #expect(uri.decodedUser == "sips:user@example.com")
        let h = message.headerFields
        #expect(try h.to?.uri.decodedUser == "user")
        #expect(try h.from?.uri.decodedUser == "I have spaces")
        guard case .addresses(let contacts)? = try h.contacts, let contact = contacts.first else {
            Issue.record("no Contact address")
            return
        }
        #expect(contact.uri.decodedUser == "caller")
        #expect(contact.uri.parameters.map(\.name) == ["%6C%72", "n%61me"])
        #expect(contact.uri.parameters.map { SIPURI.percentDecoded($0.name) } == ["lr", "name"])
        #expect(contact.uri.parameters.value("n%61me").map(SIPURI.percentDecoded) == "value%41")
    }

    /// RFC 4475 §3.1.1.4: `%00` in user parts must be accepted; the two Contacts are distinct.
    @Test func escnullEscapedNulls() throws {
        let h = try parsed("rfc4475/valid/escnull.sip").headerFields
        #expect(try h.to?.uri.decodedUser.map { Array($0.utf8) } == Array("null-\u{0}-null".utf8))
        guard case .addresses(let contacts)? = try h.contacts else {
            Issue.record("no Contact addresses")
            return
        }
        #expect(contacts.map { $0.uri.decodedUser.map { Array($0.utf8) } } == [[0], [0, 0]])
        #expect(contacts.count == 2 && contacts[0] != contacts[1])
    }

    /// RFC 4475 §3.1.1.5: `RE%47IST%45R` is an unknown method, not REGISTER; `C%6Fntact` is an unknown header.
    @Test func esc02PercentThatIsNotAnEscape() throws {
        let message = try parsed("rfc4475/valid/esc02.sip")
        let request = try #require(message.request)
        #expect(request.method.rawValue == "RE%47IST%45R")
        #expect(request.method != .register)
        let h = message.headerFields
        #expect(try h.cSeq?.method.rawValue == "RE%47IST%45R")
        let oddName = try #require(SIPHeaderName("C%6Fntact"))
        #expect(oddName != .contact)
        #expect(h[oddName] == "<sip:alias2@host2.example.com>")
        #expect(h.values(.contact) == ["<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>"])
        #expect(try h.to?.displayName == "%Z%45")
    }

    /// RFC 4475 §3.1.1.9: the user part is `user;par=u@example.net`; the Request-URI has no parameters.
    @Test func semiuriSemicolonInUserPart() throws {
        let message = try parsed("rfc4475/valid/semiuri.sip")
        let uri = try #require(message.request?.uri)
        #expect(uri.user == "user;par=u%40example.net")
        #expect(uri.decodedUser == "user;par=u@example.net")
        #expect(uri.host == .name("example.com"))
        #expect(uri.parameters.isEmpty)
        #expect(
            message.headerFields.elements(.accept) == [
                "application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip",
                "message/sipfrag",
            ])
    }

    /// RFC 4475 §3.1.1.11: a binary body framed by Content-Length 553, with a multipart boundary.
    @Test func mpart01BinaryMultipartBody() throws {
        let file = "rfc4475/valid/mpart01.sip"
        let bytes = try TortureCorpus.bytes(file)
        let message = try parsed(file)
        #expect(message.body.count == 553)
        #expect(message.body == Array(bytes.suffix(553)), "the body is the last 553 octets of the file")
        #expect(message.body.contains(0x00))
        #expect(message.body.starts(with: Array("--7a9cbec02ceef655\r\n".utf8)))
        #expect(message.body.suffix(24).elementsEqual("\r\n--7a9cbec02ceef655--\r\n".utf8))
        let h = message.headerFields
        #expect(try h.contentType?.parameters.value("boundary") == "7a9cbec02ceef655")
        let rport: UInt16?? = .some(nil)
        #expect(try h.topVia?.rport == rport)
    }

    /// RFC 4475 §3.1.1.12–13: reason phrases are kept octet for octet (UTF-8; empty after `100 `).
    @Test func reasonPhrasesKeptOctetForOctet() throws {
        let bytes = try TortureCorpus.bytes("rfc4475/valid/unreason.sip")
        let firstLine = bytes.prefix { $0 != 0x0D }
        let unreason = try #require(try parsed("rfc4475/valid/unreason.sip").response)
        #expect(Array(unreason.status.reasonPhrase.utf8) == Array(firstLine.dropFirst("SIP/2.0 200 ".utf8.count)))
        let noreason = try #require(try parsed("rfc4475/valid/noreason.sip").response)
        #expect(noreason.status == SIPResponseStatus(code: 100, reasonPhrase: ""))
    }

    /// RFC 4475 §3.1.1.8: a UDP datagram's octets after Content-Length are ignored (RFC 3261 §18.3).
    @Test func dblreqTrailingOctetsIgnored() throws {
        let message = try parsed("rfc4475/valid/dblreq.sip")
        #expect(message.request?.method == .register)
        #expect(message.body.isEmpty)
        let h = message.headerFields
        #expect(h.count == 8)
        #expect(h.values(.to) == ["sip:j.user@example.com"])
        #expect(!h.contains(.contentType))
    }

    /// RFC 4475 §3.1.1.7: long values everywhere.
    @Test func longreqLongValues() throws {
        let h = try parsed("rfc4475/valid/longreq.sip").headerFields
        let name = try #require(SIPHeaderName("Unknown-" + rep("Long", 20) + "-Name"))
        #expect(
            h[name] == "unknown-\(rep("long", 20))-value; unknown-\(rep("long", 20))-parameter-name = unknown-\(rep("long", 20))-parameter-value")
        #expect(try h.via.count == 34)
        #expect(try h.to?.displayName == "I have a user name of \(rep("extreme", 10)) proportion")
    }

    /// RFC 5118 §4.1–4.10: IPv6 references are `.ipv6` without brackets; `received` is accepted with and without them.
    @Test func rfc5118IPv6Hosts() throws {
        for (file, written) in [
            ("rfc5118/valid/via-received-param-with-delim.sip", "[2001:db8::9:255]"),
            ("rfc5118/valid/via-received-param-no-delim.sip", "2001:db8::9:255"),
        ] {
            let via = try #require(try parsed(file).headerFields.topVia)
            #expect(via.received == written, "\(file): received as written")
            #expect(try SIPHost(parsing: try #require(via.received), allowBareIPv6: true) == .ipv6("2001:db8::9:255"))
        }
        let ambiguous = try #require(try parsed("rfc5118/valid/port-ambiguous.sip").request?.uri)
        #expect(ambiguous.host == .ipv6("2001:db8::10:5070") && ambiguous.port == nil)
        #expect(ambiguous.host?.description == "[2001:db8::10:5070]" && ambiguous.host?.address == "2001:db8::10:5070")
        let unambiguous = try #require(try parsed("rfc5118/valid/port-unambiguous.sip").request?.uri)
        #expect(unambiguous.host == .ipv6("2001:db8::10") && unambiguous.port == 5070)
    }

    // MARK: - Round trip

    @Test("parse → serialize → parse gives an equal message and identical bytes", arguments: TortureCorpus.validFiles)
    func roundTrip(_ file: String) throws {
        let message = try parsed(file)
        let wire = message.serialized
        #expect(message.serialized == wire, "serializing twice gives the same bytes")
        let reparsed = try SIPMessageParser().parse(wire)
        #expect(reparsed == message)
        #expect(reparsed.serialized == wire)
        #expect(SIPMessageCheck.check(wire) == .valid(reparsed))
    }

    /// The typed values print back as RFC 3261 text that parses to the same value. A display name is printed as
    /// a quoted-string, whose qdtext has no control characters (RFC 3261 §25.1): BEL, NUL and DEL (intmeth.sip's
    /// To) must be written as quoted-pairs (a backslash, then the octet), as in the message.
    @Test("typed values print back to themselves", arguments: TortureCorpus.validFiles)
    func typedValuesRoundTrip(_ file: String) throws {
        let message = try parsed(file)
        let h = message.headerFields
        var addresses = [try h.from, try h.to].compactMap { $0 } + (try h.route)
        if case .addresses(let contacts)? = try h.contacts { addresses += contacts }
        for address in addresses {
            let text = address.description
            #expect(try SIPNameAddress(text) == address, "\(text)")
            // Every control character is the second half of a quoted-pair: preceded by a backslash.
            let scalars = Array(text.unicodeScalars)
            let unescaped = scalars.indices.contains { i in
                (scalars[i].value < 0x20 || scalars[i].value == 0x7F) && (i == 0 || scalars[i - 1] != "\\")
            }
            #expect(!unescaped, "unescaped control character in \(text.debugDescription)")
        }
        for via in try h.via {
            #expect(try SIPVia(via.description) == via, "\(via.description)")
        }
        if let uri = message.request?.uri {
            #expect(try SIPURI(uri.description) == uri, "\(uri.description)")
        }
    }
}

// MARK: - Helpers

extension TortureTests {
    /// The message in `file`, which must pass `callpark sip check`.
    func parsed(_ file: String) throws -> SIPMessage {
        let verdict = SIPMessageCheck.check(try TortureCorpus.bytes(file))
        guard case .valid(let message) = verdict else {
            throw TortureFailure("\(file) must be valid, got: \(verdict.line)")
        }
        return message
    }

    func expectRejected(
        _ verdict: SIPMessageCheck.Verdict, _ expected: Rejection, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .invalid(let error) = verdict else {
            Issue.record("\(what) must be invalid, but is valid", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == expected.code, "\(what): \(error)", sourceLocation: sourceLocation)
        #expect(error.header == expected.header, "\(what): \(error)", sourceLocation: sourceLocation)
        #expect(error.reason.contains(expected.reason), "\(what): \(error)", sourceLocation: sourceLocation)
    }
}

extension TortureTests {
    struct TortureFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Why an invalid file must be rejected: the error code, the header it is reported against (`nil` for the start
    /// line and framing), and a phrase of the reason.
    struct Rejection: Sendable {
        let code: SIPParseError.Code
        let header: String?
        let reason: String
        init(_ code: SIPParseError.Code, _ header: String?, _ reason: String) {
            self.code = code
            self.header = header
            self.reason = reason
        }
    }

    /// What a valid message says, read from the file.
    struct Expected: Sendable, CustomTestStringConvertible {
        enum Start: Sendable {
            case request(SIPMethod, SIPURI)
            case response(Int, String)
        }
        var file: String
        var start: Start
        var callID: String
        var cSeq: SIPCSeq
        var from: SIPNameAddress
        var to: SIPNameAddress
        /// Every Via entry, topmost first.
        var vias: [SIPVia]
        /// `nil`: no Contact header.
        var contacts: [SIPNameAddress]? = nil
        var maxForwards: Int? = nil
        /// Content-Length as written; the body must be that long.
        var contentLength: Int = 0
        var contentType: SIPMediaType? = nil

        var testDescription: String { file }
    }
}

/// `sip:[user[:password]@]host[:port][;params]`
fileprivate func sip(_ user: String? = nil, password: String? = nil, at host: SIPHost, port: UInt16? = nil, _ params: SIPParameters = [:]) -> SIPURI {
    SIPURI(scheme: .sip, user: user, password: password, host: host, port: port, parameters: params)
}

/// An addr-spec without angle brackets: `sip:…;params`.
fileprivate func bare(_ uri: SIPURI, _ params: SIPParameters = [:]) -> SIPNameAddress {
    SIPNameAddress(uri: uri, parameters: params, form: .addrSpec)
}

/// `[display] <sip:…>;params` with an unquoted (token) display name or none.
fileprivate func angle(_ uri: SIPURI, _ params: SIPParameters = [:], display: String? = nil) -> SIPNameAddress {
    SIPNameAddress(displayName: display, uri: uri, parameters: params, form: .nameAddr)
}

/// `"display" <sip:…>;params`, with the display name unquoted.
fileprivate func quoted(_ display: String, _ uri: SIPURI, _ params: SIPParameters = [:]) -> SIPNameAddress {
    SIPNameAddress(displayName: display, uri: uri, parameters: params, form: .quotedName)
}

/// `SIP/2.0/transport host[:port][;params]`
fileprivate func via(_ transport: String, _ host: SIPHost, port: UInt16? = nil, _ params: SIPParameters = [:]) -> SIPVia {
    SIPVia(transport: transport, host: host, port: port, parameters: params)
}

fileprivate func rep(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

// MARK: - The tables

extension TortureTests {
    static let sdp = SIPMediaType(type: "application", subtype: "sdp")

    /// RFC 4475 §3.1.2 and RFC 5118 §4.2, with the reason each RFC gives.
    static let rejections: [String: Rejection] = [
        // §3.1.2.14: spaces inside <…> around the addr-spec of To.
        "rfc4475/invalid/badaspec.sip": Rejection(.malformedValue, "To", "whitespace after '<'"),
        // §3.1.2.12: EST instead of GMT (RFC 3261 §20.17).
        "rfc4475/invalid/baddate.sip": Rejection(.malformedValue, "Date", "time zone must be GMT"),
        // §3.1.2.15: the archive copy has no empty line after `l: 0` (see baddnWithItsEmptyLineIsStillInvalid).
        "rfc4475/invalid/baddn.sip": Rejection(.truncated, nil, "before the empty line"),
        // §3.1.2.1: empty `;` / `,` elements in Via (and Contact).
        "rfc4475/invalid/badinv01.sip": Rejection(.malformedValue, "Via", "empty parameter"),
        // §3.1.2.16: SIP/7.0 → 505.
        "rfc4475/invalid/badvers.sip": Rejection(.unsupportedVersion, nil, "SIP/7.0"),
        // §3.1.2.19: status code 4294967301.
        "rfc4475/invalid/bigcode.sip": Rejection(.startLine, nil, "not three digits"),
        // §3.1.2.2: Content-Length 9999, 154 octets of body.
        "rfc4475/invalid/clerr.sip": Rejection(.body, "Content-Length", "announces 9999 bytes but only 154"),
        // §3.1.2.11: escaped headers in the Request-URI.
        "rfc4475/invalid/escruri.sip": Rejection(.malformedURI, nil, "Request-URI: URI headers"),
        // §3.1.2.7: Request-URI in <>.
        "rfc4475/invalid/ltgtruri.sip": Rejection(.malformedURI, nil, "Request-URI: URI must not be enclosed in '<'"),
        // §3.1.2.8: LWS inside the Request-URI.
        "rfc4475/invalid/lwsruri.sip": Rejection(.startLine, nil, "cannot contain spaces"),
        // §3.1.2.9: two SPs between request-line elements.
        "rfc4475/invalid/lwsstart.sip": Rejection(.startLine, nil, "more than one space between method and Request-URI"),
        // §3.1.2.17: OPTIONS vs CSeq INVITE.
        "rfc4475/invalid/mismatch01.sip": Rejection(.mismatch, "CSeq", "INVITE does not match the request method OPTIONS"),
        // §3.1.2.18: NEWMETHOD vs CSeq INVITE.
        "rfc4475/invalid/mismatch02.sip": Rejection(.mismatch, "CSeq", "INVITE does not match the request method NEWMETHOD"),
        // §3.1.2.3: Content-Length -999.
        "rfc4475/invalid/ncl.sip": Rejection(.malformedValue, "Content-Length", "must not be negative"),
        // §3.1.2.6: unterminated quoted display name in To.
        "rfc4475/invalid/quotbal.sip": Rejection(.malformedValue, "To", "unterminated quoted string"),
        // §3.1.2.13: Contact URI with `?` headers outside <>.
        "rfc4475/invalid/regbadct.sip": Rejection(.malformedValue, "Contact", "must be enclosed in '<' '>'"),
        // §3.1.2.4: CSeq above 2^32-1 (the RFC's reason for the 400).
        "rfc4475/invalid/scalar02.sip": Rejection(.malformedValue, "CSeq", "36893488147419103232 does not fit in 32 bits"),
        // §3.1.2.5: CSeq above 2^32-1 in a response.
        "rfc4475/invalid/scalarlg.sip": Rejection(.malformedValue, "CSeq", "9292394834772304023312 does not fit in 32 bits"),
        // §3.1.2.10: SPs after SIP/2.0 at the end of the request line.
        "rfc4475/invalid/trws.sip": Rejection(.startLine, nil, "whitespace after the SIP version"),
        // RFC 5118 §4.2: IPv6 Request-URI host without [ ].
        "rfc5118/invalid/ipv6-bad.sip": Rejection(.malformedURI, nil, "'2001:db8::10' must be enclosed in '[' ']'"),
    ]

    /// RFC 4475 §3.1.1 and RFC 5118 §4: what each valid message says.
    static let expectations: [Expected] = rfc4475 + rfc5118

    static let rfc4475: [Expected] = [
        Expected(
            file: "rfc4475/valid/wsinv.sip",
            start: .request(.invite, sip("vivekg", at: .name("chair-dnrc.example.com"), ["unknownparam": nil])),
            callID: "wsinv.ndaksdj@192.0.2.1", cSeq: SIPCSeq(9, .invite),
            from: quoted(#"J Rosenberg \""#, sip("jdrosen", at: .name("example.com")), ["tag": "98asjd8"]),
            to: bare(sip("vivekg", at: .name("chair-dnrc.example.com")), ["tag": "1918181833n"]),
            vias: [
                via("UDP", .ipv4("192.0.2.2"), ["branch": "390skdjuw"]),
                via("TCP", .name("spindle.example.com"), ["branch": "z9hG4bK9ikj8"]),
                via("UDP", .ipv4("192.168.255.111"), ["branch": "z9hG4bK30239"]),
            ],
            contacts: [
                quoted(
                    #"Quoted string """#, sip("jdrosen", at: .name("example.com")),
                    ["newparam": "newvalue", "secondparam": nil, "q": "0.33"])
            ],
            maxForwards: 68, contentLength: 150, contentType: sdp),
        Expected(
            file: "rfc4475/valid/intmeth.sip",
            start: .request(
                "!interesting-Method0123456789_*+`.%indeed'~",
                sip(
                    "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
                    at: .name("example.com"))),
            callID: #"intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{"#,
            cSeq: SIPCSeq(139_122_385, "!interesting-Method0123456789_*+`.%indeed'~"),
            from: angle(
                sip("mundane", at: .name("example.com")),
                ["fromParam''~+*_!.-%": "\"работающий\"", "tag": "_token~1'+`*%!-."],
                display: "token1~` token2'+_ token3*%!.-"),
            to: quoted(
                "BEL:\u{07} NUL:\u{00} DEL:\u{7F}",
                sip("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", at: .name("example.com"))),
            vias: [via("TCP", .name("host1.example.com"), ["branch": "z9hG4bK-.!%66*_+`'~"])],
            maxForwards: 255),
        Expected(
            file: "rfc4475/valid/esc01.sip",
            start: .request(.invite, sip("sips%3Auser%40example.com", at: .name("example.net"))),
            callID: "esc01.239409asdfakjkn23onasd0-3234", cSeq: SIPCSeq(234_234, .invite),
            from: angle(sip("I%20have%20spaces", at: .name("example.net")), ["tag": "938"]),
            to: bare(sip("%75se%72", at: .name("example.com"))),
            vias: [via("UDP", .name("host5.example.net"), ["branch": "z9hG4bKkdjuw"])],
            contacts: [angle(sip("cal%6Cer", at: .name("host5.example.net"), ["%6C%72": nil, "n%61me": "v%61lue%25%34%31"]))],
            maxForwards: 87, contentLength: 150, contentType: sdp),
        Expected(
            file: "rfc4475/valid/escnull.sip",
            start: .request(.register, sip(at: .name("example.com"))),
            callID: "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", cSeq: SIPCSeq(14_398_234, .register),
            from: bare(sip("null-%00-null", at: .name("example.com")), ["tag": "839923423"]),
            to: bare(sip("null-%00-null", at: .name("example.com"))),
            vias: [via("UDP", .name("host5.example.com"), ["branch": "z9hG4bKkdjuw"])],
            contacts: [angle(sip("%00", at: .name("host5.example.com"))), angle(sip("%00%00", at: .name("host5.example.com")))],
            maxForwards: 70),
        Expected(
            file: "rfc4475/valid/esc02.sip",
            start: .request("RE%47IST%45R", sip(at: .name("registrar.example.com"))),
            callID: "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", cSeq: SIPCSeq(29344, "RE%47IST%45R"),
            from: quoted("%Z%45", sip("resource", at: .name("example.com")), ["tag": "f232jadfj23"]),
            to: quoted("%Z%45", sip("resource", at: .name("example.com"))),
            vias: [via("TCP", .name("host.example.com"), ["branch": "z9hG4bK209%fzsnel234"])],
            contacts: [angle(sip("alias1", at: .name("host1.example.com"))), angle(sip("alias3", at: .name("host3.example.com")))],
            maxForwards: 70),
        Expected(
            file: "rfc4475/valid/lwsdisp.sip",
            start: .request(.options, sip("user", at: .name("example.com"))),
            callID: "lwsdisp.1234abcd@funky.example.com", cSeq: SIPCSeq(60, .options),
            from: angle(sip("caller", at: .name("example.com")), ["tag": "323"], display: "caller"),
            to: bare(sip("user", at: .name("example.com"))),
            vias: [via("UDP", .name("funky.example.com"), ["branch": "z9hG4bKkdjuw"])],
            maxForwards: 70),
        Expected(
            file: "rfc4475/valid/longreq.sip",
            start: .request(.invite, sip("user", at: .name("example.com"))),
            callID: "longreq.one\(rep("really", 20))longcallid", cSeq: SIPCSeq(3_882_340, .invite),
            from: bare(
                sip(rep("amazinglylongcallername", 5), at: .name("example.net")),
                [
                    "tag": "1" + rep("298", 50) + "2424",
                    "unknownheaderparam" + rep("name", 20): "unknowheaderparam" + rep("value", 15),
                    "unknownValueless" + rep("paramname", 10): nil,
                ]),
            to: quoted(
                "I have a user name of \(rep("extreme", 10)) proportion",
                sip(
                    "user", at: .name("example.com"), port: 6000,
                    [
                        "unknownparam1": "very\(rep("long", 20))value",
                        "longparam" + rep("name", 25): "shortvalue",
                        "very\(rep("long", 25))ParameterNameWithNoValue": nil,
                    ])),
            vias: (1...33).reversed().map { via("TCP", .name("sip\($0).example.com")) }
                + [via("TCP", .name("host.example.com"), ["received": "192.0.2.5", "branch": "very\(rep("long", 50))branchvalue"])],
            contacts: [angle(sip(rep("amazinglylongcallername", 5), at: .name("host5.example.net")))],
            maxForwards: 70, contentLength: 150, contentType: sdp),
        Expected(
            file: "rfc4475/valid/dblreq.sip",
            start: .request(.register, sip(at: .name("example.com"))),
            callID: "dblreq.0ha0isndaksdj99sdfafnl3lk233412", cSeq: SIPCSeq(8, .register),
            from: bare(sip("j.user", at: .name("example.com")), ["tag": "43251j3j324"]),
            to: bare(sip("j.user", at: .name("example.com"))),
            vias: [via("UDP", .ipv4("192.0.2.125"), ["branch": "z9hG4bKkdjuw23492"])],
            contacts: [bare(sip("j.user", at: .name("host.example.com")))],
            maxForwards: 8),
        Expected(
            file: "rfc4475/valid/semiuri.sip",
            start: .request(.options, sip("user;par=u%40example.net", at: .name("example.com"))),
            callID: "semiuri.0ha0isndaksdj", cSeq: SIPCSeq(8, .options),
            from: bare(sip("caller", at: .name("example.org")), ["tag": "33242"]),
            to: bare(sip("j_user", at: .name("example.com"))),
            vias: [via("UDP", .ipv4("192.0.2.1"), ["branch": "z9hG4bKkdjuw"])],
            maxForwards: 3),
        Expected(
            file: "rfc4475/valid/transports.sip",
            start: .request(.options, sip("user", at: .name("example.com"))),
            callID: "transports.kijh4akdnaqjkwendsasfdj", cSeq: SIPCSeq(60, .options),
            from: angle(sip("caller", at: .name("example.com")), ["tag": "323"]),
            to: bare(sip("user", at: .name("example.com"))),
            vias: [
                via("UDP", .name("t1.example.com"), ["branch": "z9hG4bKkdjuw"]),
                via("SCTP", .name("t2.example.com"), ["branch": "z9hG4bKklasjdhf"]),
                via("TLS", .name("t3.example.com"), ["branch": "z9hG4bK2980unddj"]),
                via("UNKNOWN", .name("t4.example.com"), ["branch": "z9hG4bKasd0f3en"]),
                via("TCP", .name("t5.example.com"), ["branch": "z9hG4bK0a9idfnee"]),
            ],
            maxForwards: 70),
        Expected(
            file: "rfc4475/valid/mpart01.sip",
            start: .request(.message, sip("kumiko", at: .name("example.org"))),
            callID: "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", cSeq: SIPCSeq(1, .message),
            from: angle(sip("fluffy", at: .name("example.com")), ["tag": "2fb0dcc9"]),
            to: angle(sip("kumiko", at: .name("example.org"))),
            vias: [
                via("UDP", .ipv4("127.0.0.1"), port: 5070, ["branch": "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-", "rport": nil])
            ],
            contacts: [angle(sip("fluffy", at: .ipv4("127.0.0.1"), port: 5070))],
            maxForwards: 70, contentLength: 553,
            contentType: SIPMediaType(type: "multipart", subtype: "mixed", parameters: ["boundary": "7a9cbec02ceef655"])),
        Expected(
            file: "rfc4475/valid/unreason.sip",
            start: .response(200, "= 2**3 * 5**2 но сто девяносто девять - простое"),
            callID: "unreason.1234ksdfak3j2erwedfsASdf", cSeq: SIPCSeq(35, .invite),
            from: bare(sip("user", at: .name("example.com")), ["tag": "11141343"]),
            to: bare(sip("user", at: .name("example.edu")), ["tag": "2229"]),
            vias: [via("UDP", .ipv4("192.0.2.198"), ["branch": "z9hG4bK1324923"])],
            contacts: [angle(sip("user", at: .name("host198.example.com")))],
            contentLength: 154, contentType: sdp),
        Expected(
            file: "rfc4475/valid/noreason.sip",
            start: .response(100, ""),
            callID: "noreason.asndj203insdf99223ndf", cSeq: SIPCSeq(35, .invite),
            from: angle(sip("user", at: .name("example.com")), ["tag": "39ansfi3"]),
            to: angle(sip("user", at: .name("example.edu")), ["tag": "902jndnke3"]),
            vias: [via("UDP", .ipv4("192.0.2.105"), ["branch": "z9hG4bK2398ndaoe"])],
            contacts: [angle(sip("user", at: .name("host105.example.com")))]),
    ]

    static let rfc5118: [Expected] = {
        let callID = "SSG9559905523997077@hlau_4100"
        let userAtExample = sip("user", at: .name("example.com"))
        let from81x2 = bare(userAtExample, ["tag": "81x2"])
        let via91 = via("UDP", .ipv6("2001:db8::9:1"), ["branch": "z9hG4bKas3-111"])
        let caller = { (host: String) in quoted("Caller", sip("caller", at: .ipv6(host))) }
        /// §4.3, §4.4 and §4.1 send the same REGISTER to different Request-URIs.
        let register = { (file: String, uri: SIPURI, via: SIPVia) in
            Expected(
                file: file, start: .request(.register, uri), callID: callID, cSeq: SIPCSeq(98176, .register),
                from: from81x2, to: bare(userAtExample), vias: [via], contacts: [caller("2001:db8::1")], maxForwards: 70)
        }
        /// §4.10: the same OPTIONS with a three-colon and a two-colon IPv6 reference.
        let options = { (file: String, address: String) in
            Expected(
                file: file, start: .request(.options, sip("user", at: .ipv6(address))), callID: "G9559905523997077@hlau_4100",
                cSeq: SIPCSeq(689, .options), from: bare(userAtExample, ["tag": "810x2"]), to: bare(sip("user", at: .ipv6(address))),
                vias: [via("UDP", .name("lab1.east.example.com"), ["branch": "z9hG4bKas3-111"])], maxForwards: 70)
        }
        return [
            register(
                "rfc5118/valid/ipv6-good.sip", sip(at: .ipv6("2001:db8::10")),
                via("UDP", .ipv6("2001:db8::9:1"), ["branch": "z9hG4bKas3-111"])),
            register("rfc5118/valid/port-ambiguous.sip", sip(at: .ipv6("2001:db8::10:5070")), via91),
            register("rfc5118/valid/port-unambiguous.sip", sip(at: .ipv6("2001:db8::10"), port: 5070), via91),
            options("rfc5118/valid/ipv6-bug-abnf-3-colons.sip", "2001:db8:::192.0.2.1"),
            options("rfc5118/valid/ipv6-correct-abnf-2-colons.sip", "2001:db8::192.0.2.1"),
            Expected(
                file: "rfc5118/valid/via-received-param-with-delim.sip",
                start: .request(.bye, sip(at: .ipv6("2001:db8::10"))), callID: callID, cSeq: SIPCSeq(321, .bye),
                from: from81x2, to: bare(userAtExample, ["tag": "bd76ya"]),
                vias: [via("UDP", .ipv6("2001:db8::9:1"), ["received": "[2001:db8::9:255]", "branch": "z9hG4bKas3-111"])],
                maxForwards: 70),
            Expected(
                file: "rfc5118/valid/via-received-param-no-delim.sip",
                start: .request(.options, sip(at: .ipv6("2001:db8::10"))), callID: "SSG95523997077@hlau_4100",
                cSeq: SIPCSeq(921, .options), from: from81x2, to: bare(userAtExample),
                vias: [via("UDP", .ipv6("2001:db8::9:1"), ["received": "2001:db8::9:255", "branch": "z9hG4bKas3"])],
                contacts: [caller("2001:db8::9:1")], maxForwards: 70),
            Expected(
                file: "rfc5118/valid/ipv6-in-sdp.sip",
                start: .request(.invite, sip("user", at: .ipv6("2001:db8::10"))), callID: callID, cSeq: SIPCSeq(8612, .invite),
                from: from81x2, to: bare(sip("user", at: .ipv6("2001:db8::10"))),
                vias: [via("UDP", .ipv6("2001:db8::20"), ["branch": "z9hG4bKas3-111"])],
                contacts: [caller("2001:db8::20")], maxForwards: 70, contentLength: 251, contentType: sdp),
            Expected(
                file: "rfc5118/valid/mult-ip-in-header.sip",
                start: .request(.bye, sip("user", at: .name("host.example.net"))), callID: "997077@lau_4100",
                cSeq: SIPCSeq(89187, .bye), from: from81x2, to: bare(sip("user", at: .name("example.net")), ["tag": "9817--94"]),
                vias: [
                    via("UDP", .ipv6("2001:db8::9:1"), port: 6050, ["branch": "z9hG4bKas3-111"]),
                    via("UDP", .ipv4("192.0.2.1"), ["branch": "z9hG4bKjhja8781hjuaij65144"]),
                    via("TCP", .ipv6("2001:db8::9:255"), ["branch": "z9hG4bK451jj", "received": "192.0.2.200"]),
                ],
                maxForwards: 70),
            Expected(
                file: "rfc5118/valid/mult-ip-in-sdp.sip",
                start: .request(.invite, sip("user", at: .ipv6("2001:db8::10"))), callID: callID, cSeq: SIPCSeq(8912, .invite),
                from: from81x2, to: bare(sip("user", at: .ipv6("2001:db8::10"))), vias: [via91],
                contacts: [caller("2001:db8::9:1")], maxForwards: 70, contentLength: 189, contentType: sdp),
            Expected(
                file: "rfc5118/valid/ipv4-mapped-ipv6.sip",
                start: .request(.invite, userAtExample), callID: callID, cSeq: SIPCSeq(612, .invite),
                from: bare(sip("user", at: .name("east.example.com")), ["tag": "81x2"]), to: bare(userAtExample),
                vias: [
                    via("UDP", .ipv6("::ffff:192.0.2.10"), port: 19823, ["branch": "z9hG4bKbh19"]),
                    via("UDP", .ipv6("::ffff:192.0.2.2"), ["branch": "z9hG4bKas3-111"]),
                ],
                contacts: [quoted("T. desk phone", sip("ted", at: .ipv6("::ffff:192.0.2.2")))],
                maxForwards: 70, contentLength: 245, contentType: sdp),
        ]
    }()
}
