import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension MusicOnHoldPacer {
    /// One event loop's part of the pacer: one UDP socket, one ``MusicOnHoldSchedule`` and one timer.
    ///
    /// A task scheduled at each tick's absolute deadline fires the wheel, writes the packets it built as
    /// `AddressedEnvelope`s on the shared `DatagramChannel` and flushes once, so NIO hands the whole tick to the
    /// kernel in one `sendmmsg`. With no stream the timer stops; the first new stream starts it again.
    final class Shard: @unchecked Sendable {
        // @unchecked: `state` is locked; `batch`, `timer` and `stopped` are touched on `eventLoop` only.

        let eventLoop: any EventLoop
        let channel: any Channel
        private let lateThreshold: TimeAmount
        private let logger: Logger
        private let state: NIOLockedValueBox<State>
        private var batch: PacketBatch
        private var timer: Scheduled<Void>?
        private var stopped = false

        /// What the lock protects.
        struct State {
            var schedule: MusicOnHoldSchedule
            var statistics = Statistics()
            /// A firing is scheduled, or about to be.
            var armed = false
            /// ``stop()`` was called: no more timers, and no more tasks for the event loop, which may be gone.
            var closed = false
        }

        private init(eventLoop: any EventLoop, channel: any Channel, state: NIOLockedValueBox<State>, configuration: Configuration, logger: Logger) {
            self.eventLoop = eventLoop
            self.channel = channel
            self.state = state
            self.lateThreshold = configuration.lateThreshold
            self.logger = logger
            batch = PacketBatch(allocator: channel.allocator, capacity: 256)
        }

        /// Opens the shard's socket on `eventLoop` and, when asked, raises the loop thread to SCHED_FIFO.
        static func start(index: Int, on eventLoop: any EventLoop, configuration: Configuration, logger: Logger) async throws -> Shard {
            // The wallclock matching the wheel's start, for the NTP timestamps of RTCP sender reports.
            var wallclock = timespec()
            clock_gettime(CLOCK_REALTIME, &wallclock)
            let start = NIODeadline.now()
            let ntp = RTCPSenderReport.ntpTimestamp(unixNanoseconds: Int64(wallclock.tv_sec) * 1_000_000_000 + Int64(wallclock.tv_nsec))
            let schedule = MusicOnHoldSchedule(configuration: configuration.schedule, start: start, shard: index, ntpAtStart: ntp)
            let state = NIOLockedValueBox(State(schedule: schedule))
            let handler = PacerSocketHandler(logger: logger) { state.withLockedValue { $0.statistics.socketErrors += 1 } }
            let channel = try await DatagramBootstrap(group: eventLoop)
                .channelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(configuration.sendBufferSize))
                .channelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
                }
                .bind(to: configuration.bindAddress).get()
            if let priority = configuration.realtimePriority {
                let error = try await eventLoop.submit { Self.raisePriority(to: priority) }.get()
                if let error {
                    logger.warning("music on hold thread keeps its priority", metadata: ["media.shard": "\(index)", "media.error": "\(error)"])
                }
            }
            return Shard(eventLoop: eventLoop, channel: channel, state: state, configuration: configuration, logger: logger)
        }

        var statistics: Statistics { state.withLockedValue { $0.statistics } }
        var streamCount: Int { state.withLockedValue { $0.schedule.streamCount } }

        func add(to destination: SocketAddress, payloadType: PayloadType, source: MusicSource, ssrc: UInt32?) -> StreamID {
            let (id, wake) = state.withLockedValue { state in
                let id = state.schedule.add(
                    destination: destination, payloadType: payloadType, source: source, ssrc: ssrc ?? .random(in: .min ... .max),
                    sequenceNumber: .random(in: .min ... .max), timestamp: .random(in: .min ... .max))
                state.statistics.streams = state.schedule.streamCount
                defer { state.armed = true }
                return (id, !state.armed && !state.closed)
            }
            if wake { eventLoop.execute { self.arm() } }
            return id
        }

        func remove(_ id: StreamID) -> Bool {
            state.withLockedValue { state in
                defer { state.statistics.streams = state.schedule.streamCount }
                return state.schedule.remove(id)
            }
        }

        func setSource(_ source: MusicSource, for id: StreamID) -> Bool {
            state.withLockedValue { $0.schedule.setSource(source, for: id) }
        }

        func stream(_ id: StreamID) -> MusicOnHoldStream? {
            state.withLockedValue { $0.schedule.stream(id) }
        }

        func stop() async {
            state.withLockedValue { $0.closed = true }
            try? await eventLoop.submit {
                self.stopped = true
                self.timer?.cancel()
                self.timer = nil
            }.get()
            try? await channel.close()
        }

        // MARK: On the event loop

        /// Starts the timer after an idle time, from the first tick that is not past.
        private func arm() {
            eventLoop.assertInEventLoop()
            guard !stopped, timer == nil else { return }
            let deadline = state.withLockedValue { state in
                state.schedule.skipIdleTicks(now: .now())
                return state.schedule.nextDeadline
            }
            timer = eventLoop.scheduleTask(deadline: deadline) { self.fire() }
        }

        /// One timer firing: run the due ticks, send their packets in one flush, schedule the next deadline.
        private func fire() {
            eventLoop.assertInEventLoop()
            timer = nil
            guard !stopped else { return }
            let now = NIODeadline.now()
            let threshold = lateThreshold
            let next: NIODeadline? = state.withLockedValue { state in
                let report = state.schedule.fire(now: now, into: &batch)
                let late = report.ticks.reduce(0) { $0 + (now - state.schedule.deadline(ofTick: $1) > threshold ? 1 : 0) }
                state.statistics.record(report, lateTicks: late)
                state.armed = state.schedule.streamCount > 0
                return state.armed ? state.schedule.nextDeadline : nil
            }
            send()
            if let next { timer = eventLoop.scheduleTask(deadline: next) { self.fire() } }
        }

        /// Writes the batch and flushes once (one `sendmmsg` for up to 1,024 datagrams), or drops it when the
        /// socket is closed or its queue is over the high-water mark.
        private func send() {
            let count = batch.count
            guard count > 0 else { return }
            defer { batch.removeAll() }
            guard channel.isActive, channel.isWritable else {
                state.withLockedValue { $0.statistics.packetsDropped += UInt64(count) }
                return
            }
            // On the loop: straight into the pipeline; wrapping in NIOAny here keeps the envelope's type known, so
            // NIO need not cast each write at run time.
            let pipeline = channel.pipeline.syncOperations
            batch.forEachDatagram { pipeline.write(NIOAny($0), promise: nil) }
            pipeline.flush()
            state.withLockedValue { $0.statistics.packetsSent += UInt64(count) }
        }

        /// Puts the calling thread in the SCHED_FIFO class at `priority`; the error number when refused.
        private static func raisePriority(to priority: Int32) -> Int32? {
            #if os(Linux)
                var parameters = sched_param(sched_priority: priority)
                let result = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
                return result == 0 ? nil : result
            #else
                return ENOTSUP
            #endif
        }
    }
}
