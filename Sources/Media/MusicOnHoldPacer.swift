import Logging
import NIOCore
import NIOPosix

/// Music on hold for every parked call, paced by one timer wheel per event loop and sent in batches.
///
/// By default the pacer is one shard: one event loop, one UDP socket, one ``MusicOnHoldSchedule`` (the pure wheel
/// that spreads the streams over the 20 ms period) and one timer for all streams. With
/// ``Configuration/shards`` greater than one, it takes that many event loops of the group, each with its own socket,
/// wheel and timer, and puts each new stream on the shard with the fewest; on a machine where one core cannot
/// both send 250,000 packets a second and keep every tick on time, two shards split the load.
///
/// Each stream also sends an RTCP sender report with its CNAME about every 5 s to the RTP port + 1 (RFC 3550 §6.4.1,
/// §11; ``MusicOnHoldSchedule/Configuration/senderReportInterval``). Every method may be called from any thread.
///
/// ```swift
/// let pacer = try await MusicOnHoldPacer.start(on: group, logger: logger)
/// let id = pacer.addStream(to: parkeeRTP, payloadType: .pcmu, source: .defaultTune)
/// pacer.setSource(.silence, for: id)   // music disabled for this pool
/// pacer.removeStream(id)               // retrieved
/// await pacer.stop()
/// ```
public final class MusicOnHoldPacer: Sendable {
    /// The configuration the pacer was started with.
    public let configuration: Configuration
    private let shards: [Shard]
    private let logger: Logger

    private init(configuration: Configuration, shards: [Shard], logger: Logger) {
        self.configuration = configuration
        self.shards = shards
        self.logger = logger
    }

    /// Opens one UDP socket per shard on the first ``Configuration/shards`` event loops of `group` (a single
    /// `EventLoop` is a group of one) and returns the pacer, idle until the first stream.
    public static func start(
        on group: any EventLoopGroup, configuration: Configuration = Configuration(), logger: Logger
    ) async throws -> MusicOnHoldPacer {
        let loops = Array(group.makeIterator())
        precondition(configuration.shards >= 1 && configuration.shards <= 256, "1 to 256 shards")
        var shards: [Shard] = []
        do {
            for index in 0..<configuration.shards {
                let loop = loops.isEmpty ? group.next() : loops[index % loops.count]
                shards.append(try await Shard.start(index: index, on: loop, configuration: configuration, logger: logger))
            }
        } catch {
            for shard in shards { await shard.stop() }
            throw error
        }
        logger.info(
            "music on hold pacer started",
            metadata: [
                "media.local": "\(shards.map { $0.channel.localAddress.map { "\($0)" } ?? "?" }.joined(separator: ","))",
                "media.shards": "\(shards.count)",
                "media.slots": "\(configuration.schedule.slots)",
            ])
        return MusicOnHoldPacer(configuration: configuration, shards: shards, logger: logger)
    }

    /// The addresses packets leave from, one per shard.
    public var localAddresses: [SocketAddress] { shards.compactMap { $0.channel.localAddress } }

    /// The address packets leave from (the first shard's).
    public var localAddress: SocketAddress? { shards[0].channel.localAddress }

    /// The event loops the shards run on.
    public var eventLoops: [any EventLoop] { shards.map(\.eventLoop) }

    /// Counters since the start, all shards added up.
    public var statistics: Statistics {
        var total = Statistics()
        for shard in shards { total.add(shard.statistics) }
        return total
    }

    /// Starts sending `source` to `destination` in 20 ms packets of `payloadType`, from the next tick of the
    /// stream's slot. The SSRC (unless given), first sequence number and first timestamp are random (RFC 3550 §5.1).
    @discardableResult
    public func addStream(to destination: SocketAddress, payloadType: PayloadType, source: MusicSource, ssrc: UInt32? = nil) -> StreamID {
        let shard = shards.count == 1 ? shards[0] : shards.min { $0.streamCount < $1.streamCount }!
        return shard.add(to: destination, payloadType: payloadType, source: source, ssrc: ssrc)
    }

    /// Stops a stream; `false` if there is none with that identifier.
    @discardableResult
    public func removeStream(_ id: StreamID) -> Bool {
        shard(of: id)?.remove(id) ?? false
    }

    /// Switches a stream to another source, e.g. between music and ``MusicSource/silence``; `false` if there is
    /// no such stream.
    @discardableResult
    public func setSource(_ source: MusicSource, for id: StreamID) -> Bool {
        shard(of: id)?.setSource(source, for: id) ?? false
    }

    /// The stream as it is now (sequence number, timestamp, slot…).
    public func stream(_ id: StreamID) -> MusicOnHoldStream? {
        shard(of: id)?.stream(id)
    }

    /// Stops the timers and closes the sockets. Streams are dropped.
    public func stop() async {
        for shard in shards { await shard.stop() }
        logger.info("music on hold pacer stopped", metadata: ["media.packets_sent": "\(statistics.packetsSent)"])
    }

    private func shard(of id: StreamID) -> Shard? {
        shards.indices.contains(id.shard) ? shards[id.shard] : nil
    }
}
