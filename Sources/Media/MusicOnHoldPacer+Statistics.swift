import NIOCore

extension MusicOnHoldPacer {
    /// What the pacer has done since it started.
    public struct Statistics: Sendable, Hashable {
        /// Width of one ``latenessHistogram`` bucket.
        public static let bucketWidth: TimeAmount = .microseconds(50)

        /// Streams playing now.
        public var streams = 0
        /// RTP and RTCP packets handed to the socket.
        public var packetsSent: UInt64 = 0
        /// RTCP sender reports among them.
        public var senderReports: UInt64 = 0
        /// Packets built but not sent: the socket was closed or its write queue full.
        public var packetsDropped: UInt64 = 0
        /// Timer firings.
        public var fires: UInt64 = 0
        /// Ticks run.
        public var ticks: UInt64 = 0
        /// Ticks run more than ``Configuration/lateThreshold`` after their deadline.
        public var lateTicks: UInt64 = 0
        /// Ticks skipped, being more than a catch-up bound behind (their packets were not sent).
        public var skippedTicks: UInt64 = 0
        /// The worst lateness of a firing (after the deadline of its oldest due tick).
        public var maxLateness: TimeAmount = .zero
        /// Firings by lateness: bucket `i` counts `[i, i+1) × 50 µs`, the last bucket everything from 10 ms.
        public var latenessHistogram = [UInt64](repeating: 0, count: 201)
        /// Errors the socket reported.
        public var socketErrors: UInt64 = 0

        /// Zero counters.
        public init() {}

        /// Adds another pacer's counters to these (for several pacers, one per event loop).
        public mutating func add(_ other: Statistics) {
            streams += other.streams
            packetsSent += other.packetsSent
            senderReports += other.senderReports
            packetsDropped += other.packetsDropped
            fires += other.fires
            ticks += other.ticks
            lateTicks += other.lateTicks
            skippedTicks += other.skippedTicks
            maxLateness = max(maxLateness, other.maxLateness)
            for index in latenessHistogram.indices { latenessHistogram[index] += other.latenessHistogram[index] }
            socketErrors += other.socketErrors
        }

        /// The lateness below which a fraction `p` (0…1) of the firings fell: an upper bound, to the bucket width.
        public func latenessPercentile(_ p: Double) -> TimeAmount {
            let total = latenessHistogram.reduce(0, +)
            guard total > 0 else { return .zero }
            let target = UInt64((Double(total) * p).rounded(.up))
            var seen: UInt64 = 0
            for (bucket, count) in latenessHistogram.enumerated() {
                seen += count
                if seen >= max(target, 1) { return .nanoseconds(Int64(bucket + 1) * Self.bucketWidth.nanoseconds) }
            }
            return maxLateness
        }

        /// Counts one firing.
        mutating func record(_ report: MusicOnHoldSchedule.FireReport, lateTicks late: Int) {
            fires += 1
            ticks += UInt64(report.ticks.count)
            skippedTicks += report.skippedTicks
            senderReports += UInt64(report.senderReports)
            lateTicks += UInt64(late)
            maxLateness = max(maxLateness, report.lateness)
            let bucket = Int(report.lateness.nanoseconds / Self.bucketWidth.nanoseconds)
            latenessHistogram[min(max(bucket, 0), latenessHistogram.count - 1)] += 1
        }
    }
}
