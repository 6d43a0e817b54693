import NIOCore

/// The pure core of the music-on-hold pacer: a timer wheel that says which streams are due when, and builds
/// their packets. No clock reads, no I/O: the driver passes `now` in and sends what comes back, and tests pass
/// a manual clock.
///
/// The 20 ms period is cut into ``Configuration/slots`` ticks (1 ms each by default). Tick `k` is due at
/// `start + k × period / slots`, an absolute deadline, so lateness never accumulates (no `now + 1 ms`). It
/// serves slot `k mod slots` of period `k / slots`. Each stream joins the least-loaded slot when added, so
/// 5,000 streams leave 250 a millisecond instead of 5,000 at once, and each stream gets exactly one packet per
/// period, always at the same offset within it.
///
/// Catching up: when `now` is past several deadlines, ``fire(now:into:)`` runs every due tick, oldest first, but
/// at most ``Configuration/maxCatchUpTicks`` of them (one period by default); older ones are skipped. A burst is
/// therefore at most one period's packets and never holds two packets of the same stream; a skipped packet
/// leaves a gap in the sequence of timestamps, not in the sequence numbers (RFC 3550 §5.1).
///
/// ```swift
/// var schedule = MusicOnHoldSchedule(start: .uptimeNanoseconds(0))
/// let id = schedule.add(destination: parkee, payloadType: .pcmu, source: .defaultTune, ssrc: 7, sequenceNumber: 1, timestamp: 0)
/// var batch = PacketBatch()
/// let report = schedule.fire(now: .uptimeNanoseconds(1_000_000), into: &batch)   // ticks 0 and 1
/// ```
public struct MusicOnHoldSchedule: Sendable {
    /// How the period is cut and how far catching up may go.
    public struct Configuration: Sendable, Hashable {
        /// The packet interval: 20 ms, 160 samples at 8 kHz (RFC 3551 §4.5).
        public var period: TimeAmount = .milliseconds(20)
        /// Ticks per period; streams are spread over them.
        public var slots: Int = 20
        /// The most ticks one call to ``MusicOnHoldSchedule/fire(now:into:)`` runs; older due ticks are skipped.
        public var maxCatchUpTicks: Int = 20
        /// Periods between two RTCP sender reports of a stream (250: 5 s, RFC 3550 §6.2's minimum); `nil`: none.
        /// A stream's first report comes after half to one and a half intervals, depending on its SSRC, so the
        /// reports of streams added together are spread out (RFC 3550 §6.3.1 randomises for the same reason).
        public var senderReportInterval: Int? = 250
        /// The SDES CNAME sent with each sender report (RFC 3550 §6.5.1).
        public var cname = "callpark"

        /// The default: 20 ms in 20 slots of 1 ms, catching up at most one period.
        public init() {}

        /// Time between ticks.
        public var tickInterval: TimeAmount { .nanoseconds(period.nanoseconds / Int64(slots)) }
    }

    /// What one call to ``MusicOnHoldSchedule/fire(now:into:)`` did.
    public struct FireReport: Sendable, Hashable {
        /// The ticks run.
        public var ticks: Range<UInt64>
        /// Due ticks skipped because they were more than ``Configuration/maxCatchUpTicks`` behind.
        public var skippedTicks: UInt64
        /// How long after the deadline of the oldest due tick this fire came; zero when nothing was due.
        public var lateness: TimeAmount
        /// Packets added to the batch, RTCP included.
        public var packets: Int
        /// RTCP sender reports among them.
        public var senderReports: Int = 0
    }

    /// The configuration.
    public let configuration: Configuration
    /// The deadline of tick 0.
    public let start: NIODeadline
    /// The first tick not yet run.
    public private(set) var nextTick: UInt64 = 0
    private var wheel: [[MusicOnHoldStream]]
    private var locations: [StreamID: (slot: Int, index: Int)] = [:]
    private var lastID: UInt64 = 0

    /// Identifiers this wheel hands out carry `shard` in their top 8 bits.
    public let shard: Int
    /// The wallclock time of `start`, NTP format; RTCP sender reports are sent only when it is known.
    public let ntpAtStart: UInt64?

    /// Creates an empty wheel whose tick 0 is due at `start`; `shard` (0–255) goes into the identifiers it
    /// hands out, so several wheels (one per event loop) never give the same identifier. `ntpAtStart`, the
    /// wallclock at `start`, turns on RTCP sender reports.
    public init(configuration: Configuration = Configuration(), start: NIODeadline, shard: Int = 0, ntpAtStart: UInt64? = nil) {
        precondition(configuration.slots > 0 && configuration.period.nanoseconds >= Int64(configuration.slots), "at least one slot")
        precondition(configuration.maxCatchUpTicks > 0, "maxCatchUpTicks must be positive")
        precondition((0..<256).contains(shard), "shard must be 0…255")
        self.configuration = configuration
        self.start = start
        self.shard = shard
        self.ntpAtStart = ntpAtStart
        wheel = Array(repeating: [], count: configuration.slots)
    }

    /// The number of streams.
    public var streamCount: Int { locations.count }

    /// Streams per slot.
    public var slotLoads: [Int] { wheel.map(\.count) }

    /// When tick `tick` is due.
    public func deadline(ofTick tick: UInt64) -> NIODeadline {
        start + .nanoseconds(Int64(tick) * configuration.tickInterval.nanoseconds)
    }

    /// When the next tick is due: the moment to fire next.
    public var nextDeadline: NIODeadline { deadline(ofTick: nextTick) }

    /// The stream `id`, as it is now.
    public func stream(_ id: StreamID) -> MusicOnHoldStream? {
        locations[id].map { wheel[$0.slot][$0.index] }
    }

    /// Adds a stream to the least-loaded slot; its first packet carries `sequenceNumber` and `timestamp`
    /// (RFC 3550 §5.1 wants both random; the driver draws them).
    @discardableResult
    public mutating func add(
        destination: SocketAddress, payloadType: PayloadType, source: MusicSource, ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32
    ) -> StreamID {
        lastID += 1
        let id = StreamID(rawValue: UInt64(shard) << 56 | lastID)
        var slot = 0
        for candidate in wheel.indices where wheel[candidate].count < wheel[slot].count { slot = candidate }
        let stream = MusicOnHoldStream(
            id: id, destination: destination, payloadType: payloadType, ssrc: ssrc, sequenceNumber: sequenceNumber, timestamp: timestamp,
            source: source, slot: slot)
        locations[id] = (slot, wheel[slot].count)
        wheel[slot].append(stream)
        return id
    }

    /// Removes a stream; `false` if there is none with that identifier.
    @discardableResult
    public mutating func remove(_ id: StreamID) -> Bool {
        guard let (slot, index) = locations.removeValue(forKey: id) else { return false }
        let moved = wheel[slot].removeLast()
        if moved.id != id {
            wheel[slot][index] = moved
            locations[moved.id] = (slot, index)
        }
        return true
    }

    /// Switches a stream to another source (music ↔ silence); `false` if there is no such stream.
    @discardableResult
    public mutating func setSource(_ source: MusicSource, for id: StreamID) -> Bool {
        guard let (slot, index) = locations[id] else { return false }
        wheel[slot][index].play(source)
        return true
    }

    /// Runs every tick due at `now` (at most ``Configuration/maxCatchUpTicks``, the newest), appending one packet
    /// per stream of each tick's slot to `batch`.
    public mutating func fire(now: NIODeadline, into batch: inout PacketBatch) -> FireReport {
        let firstDue = nextTick
        guard now >= deadline(ofTick: firstDue) else {
            return FireReport(ticks: firstDue..<firstDue, skippedTicks: 0, lateness: .zero, packets: 0)
        }
        let lastDue = UInt64((now - start).nanoseconds / configuration.tickInterval.nanoseconds)
        let due = lastDue - firstDue + 1
        let skipped = due > UInt64(configuration.maxCatchUpTicks) ? due - UInt64(configuration.maxCatchUpTicks) : 0
        let ticks = (firstDue + skipped)..<(lastDue + 1)
        let before = batch.count
        let slots = UInt64(configuration.slots)
        var reports = 0
        let reporting = ntpAtStart != nil && configuration.senderReportInterval != nil
        for tick in ticks {
            let slot = Int(tick % slots)
            let period = tick / slots
            for index in wheel[slot].indices {
                batch.append(&wheel[slot][index], period: period)
                if reporting { reports += reportIfDue(slot: slot, index: index, tick: tick, into: &batch) }
            }
        }
        nextTick = lastDue + 1
        return FireReport(
            ticks: ticks, skippedTicks: skipped, lateness: now - deadline(ofTick: firstDue), packets: batch.count - before,
            senderReports: reports)
    }

    /// Appends the stream's RTCP sender report for the packet just built when one is due (RFC 3550 §6.4.1), to
    /// the RTP port + 1 (RFC 3550 §11); returns 1 if it did.
    /// (Mutating, and reaching the stream through `wheel`, so that the slot's array stays uniquely referenced and is
    /// never copied.)
    private mutating func reportIfDue(slot: Int, index: Int, tick: UInt64, into batch: inout PacketBatch) -> Int {
        guard let interval = configuration.senderReportInterval.map(UInt64.init), let ntpAtStart,
            let period = wheel[slot][index].lastPeriod
        else { return 0 }
        guard let due = wheel[slot][index].nextReportPeriod else {
            wheel[slot][index].nextReportPeriod = period + interval / 2 + UInt64(wheel[slot][index].ssrc) % interval
            return 0
        }
        guard period >= due else { return 0 }
        wheel[slot][index].nextReportPeriod = period + interval
        let stream = wheel[slot][index]
        var destination = stream.destination
        guard let port = destination.port else { return 0 }
        destination.port = port + 1
        // The packet just built is the one sampled at this tick's deadline.
        let elapsed = UInt64(Int64(tick) * configuration.tickInterval.nanoseconds)
        let ntp = ntpAtStart &+ (elapsed / 1_000_000_000) << 32 &+ ((elapsed % 1_000_000_000) << 32) / 1_000_000_000
        let report = RTCPSenderReport(
            ssrc: stream.ssrc, ntpTimestamp: ntp, rtpTimestamp: stream.timestamp, packetCount: stream.packetCount,
            octetCount: stream.packetCount &* UInt32(PayloadType.samplesPerPacket), cname: configuration.cname)
        batch.append(report, to: destination)
        return 1
    }
}

extension MusicOnHoldSchedule {
    /// Moves ``nextTick`` to the first tick not due before `now`, without running anything: for a wheel that was
    /// idle (no stream, so no timer) and starts again.
    public mutating func skipIdleTicks(now: NIODeadline) {
        guard now > nextDeadline else { return }
        let interval = configuration.tickInterval.nanoseconds
        nextTick = UInt64(((now - start).nanoseconds + interval - 1) / interval)
    }
}
