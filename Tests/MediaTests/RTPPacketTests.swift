import NIOCore
import Testing

@testable import Media

/// RTP packets on the wire (RFC 3550 §5.1, §5.3.1).
@Suite struct RTPPacketTests {
    @Test func headerEncodesToTheRFCLayout() {
        var buffer = ByteBuffer()
        let header = RTPHeader(marker: true, payloadType: 8, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF, ssrc: 0x0102_0304)
        #expect(header.write(to: &buffer) == 12)
        #expect(Array(buffer.readableBytesView) == [0x80, 0x88, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04])
    }

    @Test func fixedHeaderFastPathMatchesTheGeneralEncoder() {
        for marker in [false, true] {
            for payloadType in PayloadType.allCases {
                var general = ByteBuffer()
                var fast = ByteBuffer()
                RTPHeader(marker: marker, payloadType: payloadType.rawValue, sequenceNumber: 65535, timestamp: 4_000_000_000, ssrc: 77)
                    .write(to: &general)
                RTPHeader.writeFixed(
                    marker: marker, payloadType: payloadType.rawValue, sequenceNumber: 65535, timestamp: 4_000_000_000, ssrc: 77, to: &fast)
                #expect(general == fast)
            }
        }
    }

    @Test func packetRoundTripsWithCSRCsAndExtension() throws {
        let header = RTPHeader(payloadType: 0, sequenceNumber: 7, timestamp: 160, ssrc: 99, csrcs: [1, 2, 3])
        let packet = RTPPacket(
            header: header, headerExtension: .init(profile: 0xBEDE, data: ByteBuffer(bytes: [1, 2, 3, 4])),
            payload: ByteBuffer(repeating: 0xFF, count: 160))
        var buffer = ByteBuffer()
        #expect(packet.write(to: &buffer) == 12 + 12 + 4 + 4 + 160)
        #expect(try #require(buffer.getInteger(at: 0, as: UInt8.self)) == UInt8(0x80 | 0x10 | 3))  // V=2, X, CC=3
        let parsed = try RTPPacket(parsing: buffer)
        #expect(parsed == packet)
    }

    @Test func twentyMillisecondsOfG711Is172Bytes() throws {
        var buffer = ByteBuffer()
        RTPPacket(
            header: RTPHeader(payloadType: PayloadType.pcmu.rawValue, sequenceNumber: 1, timestamp: 0, ssrc: 1),
            payload: ByteBuffer(bytes: G711.encode([Int16](repeating: 0, count: PayloadType.samplesPerPacket), as: .pcmu))
        ).write(to: &buffer)
        #expect(buffer.readableBytes == 172)
        let parsed = try RTPPacket(parsing: buffer)
        #expect(parsed.payload.readableBytes == 160)
        #expect(parsed.header.payloadType == 0)
    }

    @Test func paddingIsStripped() throws {
        // P bit set, 3 bytes of payload, 4 bytes of padding whose last octet counts them (RFC 3550 §5.1).
        let bytes: [UInt8] = [0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0xAA, 0xBB, 0xCC, 0, 0, 0, 4]
        let packet = try RTPPacket(parsing: ByteBuffer(bytes: bytes))
        #expect(Array(packet.payload.readableBytesView) == [0xAA, 0xBB, 0xCC])
        #expect(packet.header.ssrc == 9)
    }

    @Test func malformedPacketsAreRefused() {
        let cases: [([UInt8], RTPParseError.Code)] = [
            ([0x80, 0, 0, 1], .truncated),
            ([0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], .unsupportedVersion),  // version 1
            ([0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5], .truncated),  // CC=2, one CSRC
            ([0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4], .truncated),  // extension of 2 words, 1 there
            ([0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA, 0], .invalidPadding),  // padding count 0
            ([0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA, 9], .invalidPadding),  // more padding than bytes
        ]
        for (bytes, code) in cases {
            #expect(throws: RTPParseError.self) { try RTPPacket(parsing: ByteBuffer(bytes: bytes)) }
            do {
                _ = try RTPPacket(parsing: ByteBuffer(bytes: bytes))
            } catch {
                #expect(error.code == code, "\(bytes)")
            }
        }
    }

    @Test func payloadTypesAreTheStaticG711Ones() {
        #expect(PayloadType.pcmu.rawValue == 0)
        #expect(PayloadType.pcma.rawValue == 8)
        #expect(PayloadType.pcmu.encodingName == "PCMU")
        #expect(PayloadType.pcma.clockRate == 8000)
        #expect(PayloadType.samplesPerPacket == 160)
    }
}
