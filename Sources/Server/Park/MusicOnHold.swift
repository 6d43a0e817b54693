import CallPark
import Logging
import Media
import NIOConcurrencyHelpers
import NIOCore

/// A music stream's identity in a ``MusicOnHold`` player.
struct MusicStreamID: Hashable, Sendable {
    var raw: UInt64
}

/// Plays music on hold to parked callers (SPEC §5): RTP G.711 from one local socket, paced for every stream together.
protocol MusicOnHold: Sendable {
    /// The local RTP port that goes into the service's SDP.
    var localPort: Int { get }
    /// Starts sending `source` to `destination` with this payload type (0 PCMU, 8 PCMA).
    func start(to destination: SocketAddress, payloadType: UInt8, source: CallPark.MusicSource) -> MusicStreamID?
    /// Stops a stream.
    func stop(_ stream: MusicStreamID)
    /// Stops every stream and closes the socket.
    func shutdown() async
}

/// ``MusicOnHold`` on the `Media` pacer: one timer wheel and one socket for every parked call of the pool, the
/// pool's WAV files decoded once and shared.
final class PacerMusicOnHold: MusicOnHold {
    let pacer: MusicOnHoldPacer
    let logger: Logger
    private let files = NIOLockedValueBox<[String: Media.MusicSource]>([:])

    /// Opens the media socket on `host` (the pool's SIP address), a free port.
    init(host: String, on group: any EventLoopGroup, logger: Logger) async throws {
        var configuration = MusicOnHoldPacer.Configuration(bindAddress: try SocketAddress(ipAddress: host, port: 0))
        configuration.schedule.cname = "callpark@\(host)"
        pacer = try await MusicOnHoldPacer.start(on: group, configuration: configuration, logger: logger)
        self.logger = logger
    }

    var localPort: Int { pacer.localAddress?.port ?? 9 }

    func start(to destination: SocketAddress, payloadType: UInt8, source: CallPark.MusicSource) -> MusicStreamID? {
        let id = pacer.addStream(to: destination, payloadType: payloadType == 8 ? .pcma : .pcmu, source: media(source))
        return MusicStreamID(raw: id.rawValue)
    }

    func stop(_ stream: MusicStreamID) {
        _ = pacer.removeStream(StreamID(rawValue: stream.raw))
    }

    func shutdown() async { await pacer.stop() }

    /// The pacer's source for a park service's choice: a pool's WAV file (read once; the default tune when it cannot
    /// be read, with a warning naming the problem), the default tune, or silence.
    private func media(_ source: CallPark.MusicSource) -> Media.MusicSource {
        switch source {
        case .defaultTune: return .defaultTune
        case .silence: return .silence
        case .file(let path):
            if let cached = files.withLockedValue({ $0[path] }) { return cached }
            do {
                let loaded = try Media.MusicSource(wavFile: path)
                files.withLockedValue { $0[path] = loaded }
                return loaded
            } catch {
                logger.warning("music file unusable; playing the default tune", metadata: ["media.file": "\(path)", "error": "\(error)"])
                files.withLockedValue { $0[path] = .defaultTune }
                return .defaultTune
            }
        }
    }
}
