// moh-bench: the music-on-hold pacer with N streams toward M draining sockets on 127.0.0.1.
//
//   swift build -c release --product moh-bench
//   .build/release/moh-bench [--streams N] [--receivers M] [--seconds T] [--warmup W] [--slots S] [--shards K]
//                            [--realtime PRIORITY]
//       defaults: 5,000 streams, 4 receiver sockets, 10 s measured after 2 s of warm-up, 20 slots per 20 ms,
//       1 shard (one event loop, one socket, one timer), normal priority; --realtime puts the pacer's event loop
//       threads in SCHED_FIFO at that priority (MusicOnHoldPacer.Configuration.realtimePriority), and the receiving
//       thread too.
//
// Measures, over the T seconds after the warm-up: packets/s handed to the socket and received; pacing jitter as
// |inter-arrival − 20 ms| per stream from kernel receive timestamps (p50/p99/max), and the send side's tick
// lateness; CPU of the pacer's event loop thread, of the receiving thread and of the process (getrusage);
// resident memory before and after adding the streams (bytes per stream). Benchmarks/moh-bench.sh runs it next to
// the C blaster (the loopback ceiling).

import Logging
import Media
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

@main
enum MOHBenchmark {
    struct Options {
        var streams = 5000
        var receivers = 4
        var seconds = 10
        var warmup = 2
        var slots = 20
        var shards = 1
        var realtime = 0
        var rtcp = 1

        init(_ arguments: [String]) throws {
            var args = arguments
            while !args.isEmpty {
                let name = args.removeFirst()
                guard let value = args.first.flatMap(Int.init), value >= 0 else { throw BenchError("\(name) needs a number") }
                args.removeFirst()
                switch name {
                case "--streams": streams = value
                case "--receivers": receivers = value
                case "--seconds": seconds = value
                case "--warmup": warmup = value
                case "--slots": slots = value
                case "--shards": shards = value
                case "--realtime": realtime = value
                case "--rtcp": rtcp = value
                default: throw BenchError("unknown option \(name)")
                }
            }
        }
    }

    static func main() async throws {
        let options = try Options(Array(CommandLine.arguments.dropFirst()))
        var logger = Logger(label: "moh-bench")
        logger.logLevel = .warning
        let tune = MusicSource.defaultTune  // encoded once, shared: not part of the per-stream cost
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.shards)
        var configuration = MusicOnHoldPacer.Configuration(bindAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 0))
        configuration.schedule.slots = options.slots
        configuration.schedule.maxCatchUpTicks = options.slots
        configuration.shards = options.shards
        if options.rtcp == 0 { configuration.schedule.senderReportInterval = nil }
        configuration.realtimePriority = options.realtime > 0 ? Int32(options.realtime) : nil
        let pacer = try await MusicOnHoldPacer.start(on: group, configuration: configuration, logger: logger)

        let windowStart = realtimeNanoseconds() + Int64(options.warmup) * 1_000_000_000
        let windowEnd = windowStart + Int64(options.seconds) * 1_000_000_000
        let receiver = try RTPReceiver(receivers: options.receivers, streams: options.streams, windowStart: windowStart, windowEnd: windowEnd)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let receiverPriority = Int32(options.realtime)
        let receiving = pool.runIfActive(eventLoop: group.next()) {
            // With --realtime the receiving thread (the parkees' phones, elsewhere in real life) gets the same
            // SCHED_FIFO priority, so that other work on a busy machine cannot starve it into dropping packets.
            if receiverPriority > 0 {
                var parameters = sched_param(sched_priority: receiverPriority)
                pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
            }
            receiver.run()
        }

        let rssBefore = residentBytes()
        let destinations = try receiver.ports.map { try SocketAddress(ipAddress: "127.0.0.1", port: $0) }
        for index in 0..<options.streams {
            let payloadType: PayloadType = index % 2 == 0 ? .pcmu : .pcma
            pacer.addStream(to: destinations[index % destinations.count], payloadType: payloadType, source: tune, ssrc: UInt32(index))
        }

        try await sleep(until: windowStart)
        let rssAfter = residentBytes()
        let start = (stats: pacer.statistics, process: cpuSeconds(0), pacer: try await pacerCPU(pacer))
        try await sleep(until: windowEnd)
        let end = (stats: pacer.statistics, process: cpuSeconds(0), pacer: try await pacerCPU(pacer))
        try await receiving.get()
        await pacer.stop()
        try await pool.shutdownGracefully()
        try await group.shutdownGracefully()

        let seconds = Double(options.seconds)
        let rtcpSent = Double(end.stats.senderReports - start.stats.senderReports) / seconds
        let sent = Double(end.stats.packetsSent - start.stats.packetsSent) / seconds - rtcpSent  // RTP only
        let received = Double(receiver.received) / seconds
        let jitter = receiver.deviations
        let perStream = Double(rssAfter - rssBefore) / Double(options.streams)
        print(
            """
            moh-bench: \(options.streams) streams (half PCMU, half PCMA), \(options.receivers) receiver sockets, \(options.slots) slots \
            per 20 ms, \(options.shards) shard(s), \(options.realtime > 0 ? "SCHED_FIFO \(options.realtime)" : "normal priority"), \
            \(options.seconds) s measured after \(options.warmup) s of warm-up
              sent      \(format(sent)) RTP packets/s (offered \(format(Double(options.streams) * 50))), and \(format(rtcpSent)) RTCP sender reports/s
              received  \(format(received)) packets/s (\(fixed(100 * received / max(sent, 1), 3)) % of sent); \
            sequence gaps \(receiver.gaps), out of order \(receiver.outOfOrder), invalid \(receiver.invalid), \
            no timestamp \(receiver.withoutTimestamp), RTCP \(receiver.rtcp) (sender reports that found a receiver at port + 1)
              jitter    |inter-arrival - 20 ms| per stream, kernel receive timestamps (SO_TIMESTAMPNS), \(jitter.count) intervals: \
            p50 \(jitter.percentile(0.5)) us, p99 \(jitter.percentile(0.99)) us, p99.9 \(jitter.percentile(0.999)) us, max \(jitter.maximum) us
              pacing    tick lateness, send side, whole run: p50 <= \(micro(end.stats.latenessPercentile(0.5))) us, \
            p99 <= \(micro(end.stats.latenessPercentile(0.99))) us, max \(micro(end.stats.maxLateness)) us; \
            late ticks (> 2 ms) \(end.stats.lateTicks) of \(end.stats.ticks), skipped \(end.stats.skippedTicks), \
            dropped packets \(end.stats.packetsDropped), socket errors \(end.stats.socketErrors)
              cpu       pacer event loop(s) \(percent(end.pacer - start.pacer, seconds)) of a core, receiving thread \
            \(percent(receiver.cpuSeconds, seconds + Double(options.warmup) + 0.5)), process \(percent(end.process - start.process, seconds))
              memory    RSS \(format(Double(rssBefore))) -> \(format(Double(rssAfter))) bytes: \(format(perStream)) bytes per stream \
            (the tune's \(format(Double(tune.frameCount * 320))) encoded bytes are shared and counted before)
            RESULT streams=\(options.streams) shards=\(options.shards) realtime=\(options.realtime) sent_pps=\(Int(sent)) received_pps=\(Int(received)) jitter_p50_us=\(jitter.percentile(0.5)) \
            jitter_p99_us=\(jitter.percentile(0.99)) jitter_max_us=\(jitter.maximum) tick_p99_us=\(micro(end.stats.latenessPercentile(0.99))) \
            pacer_cpu=\(fixed((end.pacer - start.pacer) / seconds, 3)) process_cpu=\(fixed((end.process - start.process) / seconds, 3)) \
            bytes_per_stream=\(Int(perStream))
            """)
    }

    /// CPU seconds of the pacer's event loop threads, added up.
    static func pacerCPU(_ pacer: MusicOnHoldPacer) async throws -> Double {
        var total = 0.0
        for loop in pacer.eventLoops { total += try await loop.submit { threadCPU() }.get() }
        return total
    }

    /// Sleeps until a CLOCK_REALTIME instant: the run's schedule, not a wait for an event.
    static func sleep(until deadline: Int64) async throws {
        let remaining = deadline - realtimeNanoseconds()
        if remaining > 0 { try await Task.sleep(for: .nanoseconds(remaining)) }
    }

    static func format(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, digit) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0, digit != "-" { out.append(",") }
            out.append(digit)
        }
        return String(out.reversed())
    }

    static func micro(_ amount: TimeAmount) -> Int64 { amount.nanoseconds / 1000 }

    static func percent(_ cpu: Double, _ seconds: Double) -> String { fixed(100 * cpu / seconds, 1) + " %" }
}
