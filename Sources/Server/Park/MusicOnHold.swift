import CallPark
import NIOCore

/// A music stream's identity in a ``MusicOnHold`` player.
struct MusicStreamID: Hashable, Sendable {
    var raw: Int
}

/// Plays music on hold to parked callers (SPEC §5): RTP G.711 from one local socket, paced for every stream together.
protocol MusicOnHold: Sendable {
    /// The local RTP port that goes into the service's SDP.
    var localPort: Int { get }
    /// Starts sending `source` to `destination` with this payload type (0 PCMU, 8 PCMA).
    func start(to destination: SocketAddress, payloadType: UInt8, source: CallPark.MusicSource) -> MusicStreamID?
    /// Stops a stream.
    func stop(_ stream: MusicStreamID)
}
