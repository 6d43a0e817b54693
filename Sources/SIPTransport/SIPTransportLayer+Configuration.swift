import NIOCore
import SIPCore

extension SIPTransportLayer {
    /// Settings of a transport layer; the defaults suit a server on a LAN.
    public struct Configuration: Sendable {
        /// Parser limits for every message received (a UDP datagram is at most 65,535 bytes).
        public var parserLimits: SIPMessageParser.Limits
        /// Host names (or IP addresses) that this server writes in Via sent-by besides its bound addresses; a
        /// response whose top Via names none of them, nor a bound address, is dropped (RFC 3261 §18.1.2).
        /// The first one is also the agent of `Warning: 399` headers.
        public var advertisedHosts: [String]
        /// Requests larger than this that would go over UDP go over TCP instead (RFC 3261 §18.1.1: 1300 bytes
        /// when the path MTU is unknown).
        public var udpSizeThreshold: Int
        /// Datagrams read per `recvmmsg` call (`ChannelOptions.datagramVectorReadMessageCount`).
        public var udpVectorReadCount: Int
        /// How long opening a TCP connection may take.
        public var connectTimeout: TimeAmount
        /// Messages held in ``SIPTransportLayer/inbound`` before new ones are dropped (and counted).
        public var inboundBufferSize: Int

        /// Creates a configuration.
        public init(
            parserLimits: SIPMessageParser.Limits = SIPMessageParser.Limits(),
            advertisedHosts: [String] = [],
            udpSizeThreshold: Int = 1300,
            udpVectorReadCount: Int = 16,
            connectTimeout: TimeAmount = .seconds(5),
            inboundBufferSize: Int = 16_384
        ) {
            self.parserLimits = parserLimits
            self.advertisedHosts = advertisedHosts
            self.udpSizeThreshold = udpSizeThreshold
            self.udpVectorReadCount = udpVectorReadCount
            self.connectTimeout = connectTimeout
            self.inboundBufferSize = inboundBufferSize
        }

        /// Bytes each datagram may take in a vector read: one more than the largest message, so that a datagram
        /// that fills its slot is known to have been cut.
        var udpSlotSize: Int { min(parserLimits.maxMessageSize, 65_535) + 1 }
    }
}
