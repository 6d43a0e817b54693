import Testing

@testable import SIPCore

/// Session descriptions used across the SDP tests, with CRLF line ends.
enum SDPSamples {
    static func crlf(_ lines: [String]) -> String { lines.map { $0 + "\r\n" }.joined() }

    /// The body of a message in Benchmarks/c-parsers/messages.
    static func benchBody(_ name: String) throws -> [UInt8] {
        try SIPMessageParser().parse(Fixtures.benchMessage(name)).body
    }

    /// A pjsua-style offer over IPv6: bandwidth lines, a media-level c=, several dynamic payload types.
    static let pjsuaIPv6 = crlf([
        "v=0", "o=- 3913530711 3913530711 IN IP6 2001:db8::10", "s=pjmedia", "b=AS:84", "t=0 0", "a=X-nat:0",
        "m=audio 4000 RTP/AVP 96 97 98 99 3 0 8 9 120 121 122", "c=IN IP6 2001:db8::10", "b=TIAS:64000",
        "a=rtcp:4001 IN IP6 2001:db8::10", "a=sendrecv", "a=rtpmap:96 speex/16000", "a=rtpmap:97 speex/8000",
        "a=rtpmap:98 speex/32000", "a=rtpmap:99 iLBC/8000", "a=fmtp:99 mode=30", "a=rtpmap:120 telephone-event/16000",
        "a=fmtp:120 0-16", "a=rtpmap:121 telephone-event/8000", "a=fmtp:121 0-16", "a=rtpmap:122 telephone-event/32000",
        "a=fmtp:122 0-16", "a=ssrc:1447208734 cname:0c4b1ab65aa0e1b5",
    ])

    /// Audio and video, each with its own c= overriding the session's (RFC 4566 §5.7).
    static let mediaLevelConnections = crlf([
        "v=0", "o=carol 28908764872 28908764872 IN IP4 100.3.6.6", "s=Call", "i=A call with video",
        "c=IN IP4 198.51.100.1", "t=0 0", "a=recvonly", "m=audio 49170 RTP/AVP 0 101", "i=voice",
        "c=IN IP4 203.0.113.5", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15",
        "m=video 51372 RTP/AVP 31 34", "c=IN IP4 203.0.113.6", "b=AS:256", "a=rtpmap:31 H261/90000",
        "a=rtpmap:34 H263/90000",
    ])

    static let origin = SDPOrigin(username: "callpark", sessionID: "42", sessionVersion: 1, address: SDPAddress(ip: "192.0.2.10"))

    /// A minimal audio offer with the given formats and direction.
    static func offer(_ formats: [SDPCodec], direction: SDPDirection? = nil, extra: [SDPMedia] = []) -> SDPSession {
        let alice = SDPOrigin(username: "alice", sessionID: "7", sessionVersion: 7, address: SDPAddress(ip: "192.0.2.101"))
        var offer = SDPSession(origin: alice, connection: alice.address)
        offer.media = [.audio(port: 49172, codecs: formats, direction: direction, ptime: nil)] + extra
        return offer
    }
}

// MARK: - Parsing and round trips

@Suite struct SDPParsingTests {
    @Test func benchmarkInviteBody() throws {
        let body = try SDPSamples.benchBody("invite")
        let sdp = try SDPSession(bytes: body)
        #expect(
            sdp.origin == SDPOrigin(username: "alice", sessionID: "2890844526", sessionVersion: 2890844526, address: SDPAddress(ip: "192.0.2.101")))
        #expect(sdp.name == "-")
        #expect(sdp.connection == SDPAddress(ip: "192.0.2.101"))
        #expect(sdp.times == [SDPTime(start: 0, stop: 0)])
        #expect(sdp.media.count == 1)
        let audio = sdp.media[0]
        #expect(audio.type == "audio" && audio.port == 49172 && audio.transport == "RTP/AVP")
        #expect(audio.payloadTypes == [0, 8, 101])
        #expect(audio.codecs == [.pcmu, .pcma, .telephoneEvent(fmtp: nil)])
        #expect(audio.direction == .sendrecv)
        #expect(sdp.bytes == body)
    }

    @Test func benchmarkOKBodyEndpoint() throws {
        let body = try SDPSamples.benchBody("ok")
        let sdp = try SDPSession(bytes: body)
        #expect(sdp.bytes == body)
        let endpoint = try #require(sdp.audioEndpoint)
        #expect(endpoint.address == "198.51.100.22" && !endpoint.isIPv6 && endpoint.port == 3456)
        #expect(endpoint.codec == .pcmu)
        #expect(endpoint.telephoneEvent?.payloadType == 101)
        #expect(endpoint.direction == .sendrecv)
    }

    @Test func pjsuaIPv6Offer() throws {
        let sdp = try SDPSession(SDPSamples.pjsuaIPv6)
        #expect(sdp.description == SDPSamples.pjsuaIPv6)
        #expect(sdp.origin.address.isIPv6 && sdp.origin.sessionVersion == 3_913_530_711)
        #expect(sdp.connection == nil)
        #expect(sdp.otherLines == [SDPLine(type: "b", value: "AS:84")])
        #expect(sdp.attributes == [SDPAttribute("X-nat", "0")])
        let audio = sdp.media[0]
        #expect(audio.connection == SDPAddress(addressType: "IP6", address: "2001:db8::10"))
        #expect(audio.otherLines == [SDPLine(type: "b", value: "TIAS:64000")])
        #expect(audio.codec(payloadType: 99) == SDPCodec(payloadType: 99, encoding: "iLBC", clockRate: 8000, fmtp: "mode=30"))
        #expect(audio.codec(payloadType: 3)?.encoding == "GSM")  // static, no rtpmap (RFC 3551)
        #expect(audio.codecs.count == 11)
        let endpoint = try #require(sdp.audioEndpoint)
        #expect(endpoint.address == "2001:db8::10" && endpoint.isIPv6 && endpoint.port == 4000)
        #expect(endpoint.codec.encoding == "speex" && endpoint.codec.payloadType == 96)
        #expect(endpoint.telephoneEvent?.payloadType == 120)
    }

    @Test func mediaLevelConnectionsAndOtherLines() throws {
        let sdp = try SDPSession(SDPSamples.mediaLevelConnections)
        #expect(sdp.description == SDPSamples.mediaLevelConnections)
        #expect(sdp.connection?.address == "198.51.100.1")
        #expect(sdp.connection(of: sdp.media[0])?.address == "203.0.113.5")
        #expect(sdp.connection(of: sdp.media[1])?.address == "203.0.113.6")
        #expect(sdp.direction == .recvonly && sdp.media[0].direction == nil)
        #expect(sdp.direction(of: sdp.media[0]) == .recvonly)
        #expect(sdp.media[1].type == "video" && sdp.media[1].payloadTypes == [31, 34])
        #expect(sdp.media[0].otherLines == [SDPLine(type: "i", value: "voice")])
        let endpoint = try #require(sdp.audioEndpoint)
        #expect(endpoint.address == "203.0.113.5" && endpoint.direction == .recvonly)
    }

    @Test func lenientLineEndsAndOmissions() throws {
        // LF line ends, no s= and no t=, trailing blank lines: accepted, written back complete with CRLF.
        let sdp = try SDPSession("v=0\no=- 1 2 IN IP4 192.0.2.1\nc=IN IP4 192.0.2.1\nm=audio 0 RTP/AVP 0\n\n\n")
        #expect(sdp.media[0].isRejected)
        // A trailing space after an rtpmap is tolerated.
        let spaced = try SDPSession("v=0\r\no=- 1 2 IN IP4 a\r\nm=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000 \r\n")
        #expect(spaced.media[0].codecs == [.pcmu])
        #expect(sdp.description == SDPSamples.crlf(["v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 0 RTP/AVP 0"]))
    }

    @Test func repeatTimesMulticastAndPortCount() throws {
        let text = SDPSamples.crlf([
            "v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=Seminar", "u=http://www.example.com/seminars/sdp.pdf",
            "e=j.doe@example.com (Jane Doe)", "c=IN IP4 224.2.17.12/127", "t=2873397496 2873404696",
            "r=7d 1h 0 25h", "z=2882844526 -1h", "k=prompt", "m=audio 49170/2 RTP/AVP 0",
        ])
        let sdp = try SDPSession(text)
        #expect(sdp.description == text)
        #expect(sdp.connection?.host == "224.2.17.12")
        #expect(sdp.times == [SDPTime(start: 2_873_397_496, stop: 2_873_404_696, repeats: ["7d 1h 0 25h"])])
        #expect(sdp.media[0].portCount == 2)
    }

    @Test func directionAttributesEditInPlace() throws {
        var media = try SDPSession(SDPSamples.pjsuaIPv6).media[0]
        let index = media.attributes.firstIndex { $0.name == "sendrecv" }
        media.direction = .sendonly
        #expect(media.attributes.firstIndex { $0.name == "sendonly" } == index)
        #expect(!media.attributes.contains { $0.name == "sendrecv" })
        media.direction = nil
        #expect(media.direction == nil)
        media.ptime = 30
        #expect(media.attributes.last == SDPAttribute("ptime", "30"))
    }

    @Test(arguments: [
        ("", 1, "empty"),
        ("o=- 1 1 IN IP4 a\r\n", 1, "must start with v=0"),
        ("v=1\r\n", 1, "unsupported SDP version"),
        ("v=0\r\n", 1, "no o= line"),
        ("v=0\r\ns=-\r\n", 2, "expected the o= line"),
        ("v=0\r\no=- 1 1 IN IP4\r\n", 2, "o= must be"),
        ("v=0\r\no=- 1 x IN IP4 a\r\n", 2, "session version"),
        ("v=0\r\no=- 1x 1 IN IP4 a\r\n", 2, "session id"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n\r\nt=0 0\r\n", 4, "empty line"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nhello\r\n", 3, "expected '<letter>=<value>'"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\n=x\r\n", 3, "expected '<letter>=<value>'"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\no=- 1 1 IN IP4 a\r\n", 3, "second o="),
        ("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\ns=x\r\n", 4, "second s="),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nc=IN IP4\r\n", 3, "c= must be"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nc=IN IP4 a\r\nc=IN IP4 b\r\n", 4, "second session-level c="),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nt=0\r\n", 3, "t= must be"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nr=1d 1h 0\r\n", 3, "r= before any t="),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000 RTP/AVP\r\n", 3, "m= must be"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 70000 RTP/AVP 0\r\n", 3, "port '70000'"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio -1 RTP/AVP 0\r\n", 3, "port '-1'"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000/0 RTP/AVP 0\r\n", 3, "number of ports"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", 4, "a=rtpmap must be"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:200 X/8000\r\n", 4, "a=rtpmap must be"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=:x\r\n", 4, "without an attribute name"),
        ("v=0\r\no=- 1 1 IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\nt=0 0\r\n", 4, "not allowed after the first m="),
    ])
    func malformed(text: String, line: Int, reason: String) throws {
        let error = try #require(#expect(throws: SDPParseError.self) { try SDPSession(text) })
        #expect(error.line == line, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.description.hasPrefix("SDP line \(line): "))
    }
}

// MARK: - Offer/answer

@Suite struct SDPOfferAnswerTests {
    @Test func offerText() throws {
        let offer = SDPSession.offer(origin: SDPSamples.origin, port: 40000, codecs: [.pcmu, .pcma, .telephoneEvent()], name: "callpark")
        #expect(
            offer.description
                == SDPSamples.crlf([
                    "v=0", "o=callpark 42 1 IN IP4 192.0.2.10", "s=callpark", "c=IN IP4 192.0.2.10", "t=0 0",
                    "m=audio 40000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
                    "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv",
                ]))
        #expect(try SDPSession(offer.description) == offer)
        let v6 = SDPSession.offer(origin: SDPSamples.origin, address: SDPAddress(ip: "2001:db8::1"), port: 40000, direction: .recvonly)
        #expect(v6.description.contains("c=IN IP6 2001:db8::1\r\n"))
        #expect(v6.media[0].direction == .recvonly)
    }

    /// RFC 3264 §6.1: (offered, answerer's preference, answered).
    @Test(arguments: [
        (SDPDirection.sendrecv, SDPDirection.sendrecv, SDPDirection.sendrecv),
        (.sendrecv, .sendonly, .sendonly),
        (.sendrecv, .recvonly, .recvonly),
        (.sendrecv, .inactive, .inactive),
        (.sendonly, .sendrecv, .recvonly),
        (.sendonly, .recvonly, .recvonly),
        (.sendonly, .sendonly, .inactive),
        (.sendonly, .inactive, .inactive),
        (.recvonly, .sendrecv, .sendonly),
        (.recvonly, .sendonly, .sendonly),
        (.recvonly, .recvonly, .inactive),
        (.recvonly, .inactive, .inactive),
        (.inactive, .sendrecv, .inactive),
        (.inactive, .sendonly, .inactive),
        (.inactive, .recvonly, .inactive),
        (.inactive, .inactive, .inactive),
    ])
    func directions(offered: SDPDirection, preferred: SDPDirection, answered: SDPDirection) throws {
        #expect(offered.answer(preferring: preferred) == answered)
        let answer = try SDPSamples.offer([.pcmu], direction: offered)
            .answer(origin: SDPSamples.origin, port: 40000, direction: preferred)
        #expect(answer.media[0].direction == answered)
        #expect(answer.audioEndpoint?.direction == answered)
    }

    @Test func sessionLevelDirectionOfOfferApplies() throws {
        var offer = SDPSamples.offer([.pcmu])
        offer.direction = .sendonly
        let answer = try offer.answer(origin: SDPSamples.origin, port: 40000)
        #expect(answer.media[0].direction == .recvonly)
    }

    @Test func codecIntersectionKeepsOffererOrderAndPayloadTypes() throws {
        let offer = SDPSamples.offer([
            SDPCodec(payloadType: 18, encoding: "G729", clockRate: 8000), .pcma, .pcmu, .telephoneEvent(payloadType: 96, fmtp: "0-15"),
        ])
        let answer = try offer.answer(
            origin: SDPSamples.origin, address: SDPAddress(ip: "192.0.2.10"), port: 40000,
            supporting: [.pcmu, .pcma, .telephoneEvent()], ptime: 20)
        let audio = answer.media[0]
        #expect(audio.formats == ["8", "0", "96"])
        #expect(audio.codecs == [.pcma, .pcmu, .telephoneEvent(payloadType: 96, fmtp: "0-16")])
        #expect(audio.port == 40000 && audio.ptime == 20)
        #expect(answer.connection == SDPAddress(ip: "192.0.2.10"))
        #expect(answer.origin == SDPSamples.origin)
        #expect(answer.audioEndpoint?.codec == .pcma)
        #expect(try SDPSession(answer.description) == answer)
    }

    @Test func answerToPjsuaOffer() throws {
        let offer = try SDPSession(SDPSamples.pjsuaIPv6)
        let answer = try offer.answer(
            origin: SDPSamples.origin, address: SDPAddress(ip: "2001:db8::99"), port: 40000,
            supporting: [.pcmu, .pcma, .telephoneEvent()])
        #expect(answer.media[0].formats == ["0", "8", "121"])
        #expect(answer.description.contains("c=IN IP6 2001:db8::99\r\n"))
    }

    @Test func noCommonCodec() throws {
        let g729 = SDPSamples.offer([SDPCodec(payloadType: 18, encoding: "G729", clockRate: 8000), .telephoneEvent()])
        let error = try #require(
            #expect(throws: SDPNegotiationError.self) { try g729.answer(origin: SDPSamples.origin, port: 40000) })
        #expect(error.code == .noCommonCodec && error.suggestedStatusCode == 488)
        // PCMU at another clock rate is a different format.
        let wideband = SDPSamples.offer([SDPCodec(payloadType: 97, encoding: "PCMU", clockRate: 16000)])
        #expect(throws: SDPNegotiationError.self) { try wideband.answer(origin: SDPSamples.origin, port: 40000) }
    }

    @Test func noAudioStream() throws {
        var offer = SDPSamples.offer([.pcmu])
        offer.media[0].transport = "RTP/SAVP"
        let error = try #require(#expect(throws: SDPNegotiationError.self) { try offer.answer(origin: SDPSamples.origin, port: 1) })
        #expect(error.code == .noAudio)
        offer.media[0].transport = "RTP/AVP"
        offer.media[0].port = 0
        #expect(throws: SDPNegotiationError.self) { try offer.answer(origin: SDPSamples.origin, port: 1) }
    }

    @Test func otherStreamsRejectedWithPortZero() throws {
        let offer = try SDPSession(SDPSamples.mediaLevelConnections)
        let answer = try offer.answer(origin: SDPSamples.origin, port: 40000, supporting: [.pcmu, .telephoneEvent()])
        #expect(answer.media.count == 2)
        #expect(answer.media[0].formats == ["0", "101"] && answer.media[0].direction == .sendonly)
        #expect(answer.media[1] == SDPMedia(type: "video", port: 0, formats: ["31", "34"]))
        #expect(answer.description.hasSuffix("m=video 0 RTP/AVP 31 34\r\n"))
        // A second audio stream, or one we cannot use, is rejected too, keeping the m= order.
        let unusable = SDPMedia.audio(port: 50000, codecs: [SDPCodec(payloadType: 18, encoding: "G729", clockRate: 8000)])
        let two = SDPSamples.offer(
            [SDPCodec(payloadType: 18, encoding: "G729", clockRate: 8000)], extra: [.audio(port: 50002, codecs: [.pcmu]), unusable])
        let answered = try two.answer(origin: SDPSamples.origin, port: 40000)
        #expect(answered.media.map(\.port) == [0, 40000, 0])
        #expect(answered.audioEndpoint?.port == 40000)
    }

    @Test func holdAndResumeReoffers() throws {
        let offer = SDPSession.offer(origin: SDPSamples.origin, port: 40000)
        let held = offer.holding()
        #expect(held.origin.sessionVersion == 2 && held.media[0].direction == .sendonly)
        let resumed = held.resuming()
        #expect(resumed.origin.sessionVersion == 3 && resumed.media[0].direction == .sendrecv)
        #expect(resumed.media[0].codecs == offer.media[0].codecs)
        // RFC 3264 §8.4: a recvonly stream goes inactive, and back.
        let listening = offer.reoffer(direction: .recvonly)
        #expect(listening.holding().media[0].direction == .inactive)
        #expect(listening.holding().resuming().media[0].direction == .recvonly)
        // The peer answers our hold with recvonly.
        let answer = try held.answer(origin: SDPSamples.origin, port: 50000)
        #expect(answer.media[0].direction == .recvonly)
    }

    @Test func reofferMovesSessionDirectionAndSkipsRejectedStreams() throws {
        var sdp = try SDPSession(SDPSamples.mediaLevelConnections)
        sdp.media[1].port = 0
        let held = sdp.holding()
        #expect(held.direction == nil)
        #expect(held.media[0].direction == .inactive)  // was recvonly at session level
        #expect(held.media[1].direction == nil)
        #expect(held.origin.sessionVersion == 28_908_764_873)
    }

    @Test func legacyHoldAddress() throws {
        var offer = SDPSamples.offer([.pcmu])
        offer.connection = SDPAddress(ip: "0.0.0.0")
        #expect(offer.audioEndpoint?.isLegacyHold == true)
        offer.connection = nil
        #expect(offer.audioEndpoint == nil)
    }
}
