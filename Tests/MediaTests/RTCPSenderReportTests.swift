import NIOCore
import Testing

@testable import Media

/// RTCP sender reports (RFC 3550 §6.4.1) with their SDES CNAME (§6.5.1), built and scheduled.
@Suite struct RTCPSenderReportTests {
    @Test func compoundPacketHasTheRFCLayout() throws {
        let report = RTCPSenderReport(
            ssrc: 0x0102_0304, ntpTimestamp: 0xAABB_CCDD_1122_3344, rtpTimestamp: 160, packetCount: 2, octetCount: 320, cname: "callpark")
        var buffer = ByteBuffer()
        #expect(report.write(to: &buffer) == 28 + 20)
        let bytes = Array(buffer.readableBytesView)
        #expect(Array(bytes[0..<4]) == [0x80, 200, 0, 6])  // V=2, RC=0, SR, 7 words
        #expect(Array(bytes[4..<28]) == [1, 2, 3, 4, 0xAA, 0xBB, 0xCC, 0xDD, 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 160, 0, 0, 0, 2, 0, 0, 1, 64])
        #expect(Array(bytes[28..<32]) == [0x81, 202, 0, 4])  // V=2, SC=1, SDES, 5 words
        #expect(Array(bytes[32..<38]) == [1, 2, 3, 4, 1, 8])  // SSRC, CNAME, length 8
        #expect(String(decoding: bytes[38..<46], as: UTF8.self) == "callpark")
        #expect(Array(bytes[46...]) == [0, 0])  // end of items, to the 32-bit boundary
        #expect(try RTCPSenderReport(parsing: buffer) == report)
    }

    @Test func cnameIsAlwaysFollowedByANullOctet() throws {
        for length in 0..<9 {
            let report = RTCPSenderReport(
                ssrc: 1, ntpTimestamp: 0, rtpTimestamp: 0, packetCount: 0, octetCount: 0, cname: String(repeating: "x", count: length))
            var buffer = ByteBuffer()
            let written = report.write(to: &buffer)
            #expect(written % 4 == 0)
            #expect(buffer.getInteger(at: 28 + 4 + 4 + 2 + length, as: UInt8.self) == 0)
            #expect(try RTCPSenderReport(parsing: buffer) == report)
        }
    }

    @Test func ntpTimestampsCountFrom1900() {
        #expect(RTCPSenderReport.ntpTimestamp(unixNanoseconds: 0) == UInt64(2_208_988_800) << 32)
        #expect(RTCPSenderReport.ntpTimestamp(unixNanoseconds: 1_500_000_000) == (UInt64(2_208_988_801) << 32) | 0x8000_0000)
    }

    @Test func scheduleSendsReportsToTheRTCPPortAtTheInterval() throws {
        var configuration = MusicOnHoldSchedule.Configuration()
        configuration.senderReportInterval = 10
        let start = NIODeadline.uptimeNanoseconds(0)
        let ntpAtStart = RTCPSenderReport.ntpTimestamp(unixNanoseconds: 1_700_000_000_000_000_000)
        var schedule = MusicOnHoldSchedule(configuration: configuration, start: start, ntpAtStart: ntpAtStart)
        let destination = try SocketAddress(ipAddress: "192.0.2.1", port: 4000)
        schedule.add(destination: destination, payloadType: .pcma, source: .defaultTune, ssrc: 3, sequenceNumber: 0, timestamp: 1000)
        var reports: [(period: Int, report: RTCPSenderReport)] = []
        for period in 0..<20 {
            var batch = PacketBatch()
            let fired = schedule.fire(now: start + .milliseconds(Int64(20 * period)), into: &batch)
            for index in 0..<batch.count where batch.datagram(index).remoteAddress.port == 4001 {
                reports.append((period, try RTCPSenderReport(parsing: batch.datagram(index).data)))
            }
            #expect(fired.senderReports == reports.filter { $0.period == period }.count)
            _ = schedule.fire(now: start + .milliseconds(Int64(20 * period + 19)), into: &batch)  // the other slots
        }
        // First after interval/2 + ssrc mod interval = 8 periods, then every 10.
        #expect(reports.map(\.period) == [8, 18])
        let first = reports[0].report
        #expect(first.ssrc == 3 && first.cname == "callpark")
        #expect(first.packetCount == 9 && first.octetCount == 9 * 160)
        #expect(first.rtpTimestamp == 1000 + 8 * 160)
        #expect(first.ntpTimestamp == ntpAtStart + (UInt64(160) << 32) / 1000)  // 160 ms after the start
        // RTP and NTP timestamps move together: 10 periods = 200 ms = 1,600 samples.
        let second = reports[1].report
        #expect(second.rtpTimestamp &- first.rtpTimestamp == 1600)
        #expect(second.ntpTimestamp - first.ntpTimestamp == (UInt64(200) << 32) / 1000)
    }
}
