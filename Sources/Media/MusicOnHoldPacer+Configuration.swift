import NIOCore

extension MusicOnHoldPacer {
    /// Where the pacer sends from and how it paces.
    public struct Configuration: Sendable {
        /// The local address of the shared UDP socket (default `0.0.0.0`, any port).
        public var bindAddress: SocketAddress
        /// The wheel: period, slots per period, catch-up bound.
        public var schedule = MusicOnHoldSchedule.Configuration()
        /// `SO_SNDBUF` of the shared socket, bytes: room for a few ticks of packets.
        public var sendBufferSize = 4 << 20
        /// A tick run more than this after its deadline counts in ``Statistics/lateTicks``.
        public var lateThreshold: TimeAmount = .milliseconds(2)
        /// Event loops (each with its own socket, wheel and timer) the streams are spread over.
        public var shards = 1
        /// When set, each shard's event loop thread is put in the SCHED_FIFO class at this priority (1–99; Linux,
        /// needs CAP_SYS_NICE), so a tick preempts ordinary work on its core. Only for event loops that do
        /// nothing but music on hold; refused, it is logged and the pacer runs at normal priority.
        public var realtimePriority: Int32?

        /// The defaults, sending from `bindAddress`.
        public init(bindAddress: SocketAddress = try! SocketAddress(ipAddress: "0.0.0.0", port: 0)) {
            self.bindAddress = bindAddress
        }
    }
}
