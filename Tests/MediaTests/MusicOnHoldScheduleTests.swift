import NIOCore
import Testing

@testable import Media

/// The pacer's pure wheel, driven by a manual clock: no socket, no sleeping.
@Suite struct MusicOnHoldScheduleTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    static let tick = TimeAmount.milliseconds(1)
    static let destination = try! SocketAddress(ipAddress: "192.0.2.1", port: 4000)

    /// A wheel with `count` streams whose SSRCs are their index, alternately PCMU and PCMA.
    static func wheel(streams count: Int, source: MusicSource = .defaultTune) -> (MusicOnHoldSchedule, [StreamID]) {
        var schedule = MusicOnHoldSchedule(start: start)
        var ids: [StreamID] = []
        for index in 0..<count {
            let payloadType: PayloadType = index % 2 == 0 ? .pcmu : .pcma
            let sequenceNumber = UInt16(truncatingIfNeeded: 65530 + index % 10)  // some wrap past 65535
            ids.append(
                schedule.add(
                    destination: destination, payloadType: payloadType, source: source, ssrc: UInt32(index), sequenceNumber: sequenceNumber,
                    timestamp: UInt32.max - 100))
        }
        return (schedule, ids)
    }

    /// Fires at `now` and parses what came out.
    static func fire(_ schedule: inout MusicOnHoldSchedule, at now: NIODeadline) throws -> ([RTPPacket], MusicOnHoldSchedule.FireReport) {
        var batch = PacketBatch()
        let report = schedule.fire(now: now, into: &batch)
        let packets = try (0..<batch.count).map { try RTPPacket(parsing: batch.datagram($0).data) }
        #expect(report.packets == packets.count)
        #expect((0..<batch.count).allSatisfy { batch.datagram($0).remoteAddress == destination && batch.datagram($0).data.readableBytes == 172 })
        return (packets, report)
    }

    @Test func everyStreamGetsExactlyOnePacketPerPeriod() throws {
        var (schedule, _) = Self.wheel(streams: 100)
        var perStream: [UInt32: [RTPHeader]] = [:]
        for tick in 0..<100 {  // five periods, firing on time
            let (packets, report) = try Self.fire(&schedule, at: schedule.deadline(ofTick: UInt64(tick)))
            #expect(report.ticks == UInt64(tick)..<UInt64(tick + 1))
            #expect(packets.count == 5)  // 100 streams over 20 slots
            for packet in packets { perStream[packet.header.ssrc, default: []].append(packet.header) }
        }
        #expect(perStream.count == 100)
        for (ssrc, headers) in perStream {
            #expect(headers.count == 5, "stream \(ssrc)")
            #expect(headers.map(\.marker) == [true, false, false, false, false])  // RFC 3551 §4.1
            #expect(headers.allSatisfy { $0.payloadType == (ssrc % 2 == 0 ? 0 : 8) })
            for (a, b) in zip(headers, headers.dropFirst()) {
                #expect(b.sequenceNumber == a.sequenceNumber &+ 1)  // wraps at 65535
                #expect(b.timestamp == a.timestamp &+ 160)  // wraps at 2^32
            }
            #expect(headers[0].sequenceNumber == UInt16(truncatingIfNeeded: 65530 + Int(ssrc) % 10))
            #expect(headers[0].timestamp == UInt32.max - 100)
        }
    }

    @Test func streamsAreSpreadOverTheSlotsAndKeepTheirSlot() throws {
        var (schedule, ids) = Self.wheel(streams: 47)
        #expect(schedule.slotLoads.allSatisfy { $0 == 2 || $0 == 3 })
        #expect(schedule.slotLoads.reduce(0, +) == 47)
        // Each tick sends exactly the streams of its slot, and each stream always leaves in the same tick.
        for tick in 0..<40 {
            let (packets, _) = try Self.fire(&schedule, at: schedule.deadline(ofTick: UInt64(tick)))
            let expected = ids.filter { schedule.stream($0)!.slot == tick % 20 }.map { schedule.stream($0)!.ssrc }
            #expect(Set(packets.map(\.header.ssrc)) == Set(expected))
        }
        // Removing streams leaves holes that new streams fill first.
        let slot = schedule.stream(ids[0])!.slot
        let removed = schedule.remove(ids[0])
        let removedTwice = schedule.remove(ids[0])
        #expect(removed && !removedTwice)
        let added = schedule.add(destination: Self.destination, payloadType: .pcmu, source: .silence, ssrc: 999, sequenceNumber: 0, timestamp: 0)
        #expect(schedule.stream(added)!.slot == slot)
        #expect(schedule.streamCount == 47)
    }

    @Test func deadlinesStayOnTheGridWhateverTheFiringDelay() throws {
        var (schedule, _) = Self.wheel(streams: 20)
        for tick in 0..<50 {
            let deadline = Self.start + .nanoseconds(Int64(tick) * Self.tick.nanoseconds)
            #expect(schedule.nextDeadline == deadline)
            // Fire 300 µs late every time: the next deadline does not drift by 300 µs per tick.
            let (_, report) = try Self.fire(&schedule, at: deadline + .microseconds(300))
            #expect(report.lateness == .microseconds(300))
        }
        #expect(schedule.nextDeadline == Self.start + .milliseconds(50))
    }

    @Test func earlyFiringDoesNothing() throws {
        var (schedule, _) = Self.wheel(streams: 20)
        let (packets, report) = try Self.fire(&schedule, at: Self.start - .microseconds(10))
        #expect(packets.isEmpty && report.ticks.isEmpty && report.lateness == .zero)
        #expect(schedule.nextTick == 0)
    }

    @Test func lateTickCatchesUpEveryDueSlotOnce() throws {
        var (schedule, _) = Self.wheel(streams: 40)
        _ = try Self.fire(&schedule, at: Self.start)  // tick 0
        // 7.5 ms late for tick 1: ticks 1…8 are due and all run, one packet per stream of those slots.
        let (packets, report) = try Self.fire(&schedule, at: schedule.deadline(ofTick: 1) + .microseconds(7500))
        #expect(report.ticks == 1..<9)
        #expect(report.skippedTicks == 0)
        #expect(report.lateness == .microseconds(7500))
        #expect(packets.count == 8 * 2)
        #expect(Set(packets.map(\.header.ssrc)).count == packets.count)
        #expect(schedule.nextDeadline == schedule.deadline(ofTick: 9))
    }

    @Test func catchUpAfterAStallIsBoundedToOnePeriod() throws {
        var (schedule, ids) = Self.wheel(streams: 40)
        var last: [UInt32: RTPHeader] = [:]
        for tick in 0..<20 {
            for packet in try Self.fire(&schedule, at: schedule.deadline(ofTick: UInt64(tick))).0 { last[packet.header.ssrc] = packet.header }
        }
        // A 50 ms stall: ticks 20…70 are due (51); only the newest 20 run, so no stream sends twice in the burst.
        let (packets, report) = try Self.fire(&schedule, at: schedule.deadline(ofTick: 20) + .milliseconds(50))
        #expect(report.ticks == 51..<71)
        #expect(report.skippedTicks == 31)
        #expect(packets.count == 40)
        #expect(Set(packets.map(\.header.ssrc)).count == 40)
        for packet in packets {
            let before = last[packet.header.ssrc]!
            let stream = schedule.stream(ids[Int(packet.header.ssrc)])!
            // Sequence numbers count packets sent (+1); timestamps count time (+160 per period elapsed).
            #expect(packet.header.sequenceNumber == before.sequenceNumber &+ 1)
            let periods = UInt32(stream.lastPeriod!)  // the packet before was in period 0
            #expect(packet.header.timestamp == before.timestamp &+ 160 * periods)
            #expect(!packet.header.marker)
        }
        #expect(schedule.nextDeadline == schedule.deadline(ofTick: 71))
    }

    @Test func audioAdvancesOneFramePerPeriodAndLoops() throws {
        let source = MusicSource(name: "three frames", samples: (0..<480).map { Int16($0 * 40) })
        var (schedule, _) = Self.wheel(streams: 1, source: source)
        var payloads: [[UInt8]] = []
        for period in 0..<5 {
            let (packets, _) = try Self.fire(&schedule, at: schedule.deadline(ofTick: UInt64(period * 20)))
            payloads.append(Array(packets[0].payload.readableBytesView))
            _ = try Self.fire(&schedule, at: schedule.deadline(ofTick: UInt64(period * 20 + 19)))  // the other slots
        }
        let frames = (0..<3).map { Array(source.frame($0, for: .pcmu)) }
        #expect(payloads == [frames[0], frames[1], frames[2], frames[0], frames[1]])
    }

    @Test func switchingToSilenceAndBack() throws {
        var (schedule, ids) = Self.wheel(streams: 2)
        _ = try Self.fire(&schedule, at: schedule.deadline(ofTick: 1))
        let switched = schedule.setSource(.silence, for: ids[0]) && schedule.setSource(.silence, for: ids[1])
        #expect(switched)
        let (silent, _) = try Self.fire(&schedule, at: schedule.deadline(ofTick: 21))
        #expect(silent.count == 2)
        for packet in silent {
            let code: UInt8 = packet.header.payloadType == 0 ? 0xFF : 0xD5
            #expect(packet.payload.readableBytesView.allSatisfy { $0 == code })
        }
        let switchedBack = schedule.setSource(.defaultTune, for: ids[0])
        #expect(switchedBack)
        let (music, _) = try Self.fire(&schedule, at: schedule.deadline(ofTick: 41))
        let first = try #require(music.first { $0.header.ssrc == 0 })
        #expect(Array(first.payload.readableBytesView) == Array(MusicSource.defaultTune.frame(0, for: .pcmu)))
        let unknown = schedule.setSource(.silence, for: StreamID(rawValue: 12345))
        #expect(!unknown)
    }

    @Test func removedStreamsSendNothing() throws {
        var (schedule, ids) = Self.wheel(streams: 20)
        for id in ids.dropFirst() { schedule.remove(id) }
        let (packets, _) = try Self.fire(&schedule, at: schedule.deadline(ofTick: 19))
        #expect(packets.map(\.header.ssrc) == [0])
        #expect(schedule.streamCount == 1)
    }

    @Test func idleWheelResumesOnTheNextTickWithoutCatchingUp() throws {
        var schedule = MusicOnHoldSchedule(start: Self.start)
        schedule.skipIdleTicks(now: Self.start + .microseconds(5500))
        #expect(schedule.nextTick == 6)
        schedule.add(destination: Self.destination, payloadType: .pcmu, source: .silence, ssrc: 1, sequenceNumber: 0, timestamp: 0)
        let (_, report) = try Self.fire(&schedule, at: schedule.nextDeadline)
        #expect(report.ticks == 6..<7 && report.skippedTicks == 0)
    }

    @Test func aStreamIsSmall() {
        // The per-call state inline in the wheel; the audio is shared, the address a reference.
        #expect(MemoryLayout<MusicOnHoldStream>.stride <= 96, "\(MemoryLayout<MusicOnHoldStream>.stride) bytes")
    }
}
