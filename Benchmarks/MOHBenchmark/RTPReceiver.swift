// The draining side of moh-bench: M plain UDP sockets on 127.0.0.1, read on one thread with recvmmsg, every
// packet timestamped by the kernel (SO_TIMESTAMPNS, taken when the sender's sendmmsg put it on loopback).

#if canImport(Glibc)
    import Glibc
#endif

/// Receives the pacer's RTP and measures, per stream, how far each inter-arrival time is from 20 ms.
final class RTPReceiver: @unchecked Sendable {
    // @unchecked: used by the receiving thread only until `run` returns; the main thread reads results after.

    /// `SO_TIMESTAMPNS` (`SO_TIMESTAMPNS_OLD`, asm-generic), also the control message type.
    static let soTimestampNS: Int32 = 35
    static let batch = 256
    static let slotSize = 2048
    static let controlSize = 64

    let sockets: [Int32]
    let ports: [Int]
    let streams: Int
    /// Counted window, CLOCK_REALTIME nanoseconds (the clock of kernel receive timestamps).
    let windowStart: Int64
    let windowEnd: Int64

    private(set) var received = 0  // valid RTP packets in the window
    private(set) var invalid = 0
    private(set) var rtcp = 0  // sender reports sent to port + 1 that land on another receiver socket
    private(set) var gaps = 0  // a sequence number skipped (a lost or skipped packet)
    private(set) var outOfOrder = 0
    private(set) var withoutTimestamp = 0
    private(set) var deviations = Histogram()  // |inter-arrival − 20 ms|, µs
    private(set) var cpuSeconds = 0.0
    private var lastArrival: [Int64]
    private var lastSequence: [UInt16]
    private let recvmmsg: @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32, UnsafeMutableRawPointer?) -> Int32

    init(receivers: Int, streams: Int, windowStart: Int64, windowEnd: Int64) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "recvmmsg") else { throw BenchError("no recvmmsg in libc") }
        recvmmsg = unsafeBitCast(
            symbol, to: (@convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32, UnsafeMutableRawPointer?) -> Int32).self)
        var sockets: [Int32] = []
        var ports: [Int] = []
        for _ in 0..<receivers {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { throw BenchError("socket: \(errno)") }
            var size: Int32 = 16 << 20
            // SO_RCVBUFFORCE passes net.core.rmem_max when running as root; plain SO_RCVBUF otherwise.
            if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, 4) != 0 { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, 4) }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, Self.soTimestampNS, &on, 4)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw BenchError("bind: \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            sockets.append(fd)
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        self.sockets = sockets
        self.ports = ports
        self.streams = streams
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        lastArrival = Array(repeating: 0, count: streams)
        lastSequence = Array(repeating: 0, count: streams)
    }

    /// Reads until the window has ended (plus half a second for packets in flight).
    func run() {
        let msgSize = MemoryLayout<msghdr>.size
        let stride = (msgSize + 4 + 7) & ~7  // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }
        let messages = UnsafeMutableRawPointer.allocate(byteCount: stride * Self.batch, alignment: 8)
        let data = UnsafeMutableRawPointer.allocate(byteCount: Self.slotSize * Self.batch, alignment: 8)
        let control = UnsafeMutableRawPointer.allocate(byteCount: Self.controlSize * Self.batch, alignment: 8)
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: Self.batch)
        defer {
            messages.deallocate()
            data.deallocate()
            control.deallocate()
            vectors.deallocate()
        }
        let cpuStart = threadCPU()
        var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        // Drain every socket, then sleep 1 ms (as the blaster's receiver does): a thread blocked in poll() would be
        // woken by nearly every datagram, and the sender would pay for the wake-ups. Arrival times are the kernel's,
        // so reading late does not change them.
        while realtimeNanoseconds() < windowEnd + 500_000_000 {
            for fd in sockets {
                while true {
                    for i in 0..<Self.batch {
                        vectors[i] = iovec(iov_base: data + i * Self.slotSize, iov_len: Self.slotSize)
                        var header = msghdr()
                        header.msg_iov = vectors + i
                        header.msg_iovlen = 1
                        header.msg_control = control + i * Self.controlSize
                        header.msg_controllen = Self.controlSize
                        (messages + i * stride).storeBytes(of: header, as: msghdr.self)
                    }
                    let count = Int(recvmmsg(fd, messages, UInt32(Self.batch), Int32(MSG_DONTWAIT), nil))
                    guard count > 0 else { break }
                    for i in 0..<count {
                        let header = (messages + i * stride).load(as: msghdr.self)
                        let length = Int((messages + i * stride + msgSize).load(as: UInt32.self))
                        let arrival = Self.timestamp(header)
                        record(UnsafeRawBufferPointer(start: data + i * Self.slotSize, count: length), arrival: arrival)
                    }
                    if count < Self.batch { break }
                }
            }
            nanosleep(&pause, nil)
        }
        cpuSeconds = threadCPU() - cpuStart
    }

    private func record(_ packet: UnsafeRawBufferPointer, arrival: Int64?) {
        if packet.count >= 8, packet[1] == 200 {
            rtcp += 1
            return
        }
        guard packet.count == 172, packet[0] == 0x80, packet[1] & 0x7F == 0 || packet[1] & 0x7F == 8 else {
            invalid += 1
            return
        }
        guard let arrival else {
            withoutTimestamp += 1
            return
        }
        guard arrival >= windowStart, arrival < windowEnd else { return }
        let sequence = UInt16(packet[2]) << 8 | UInt16(packet[3])
        let ssrc = Int(UInt32(packet[8]) << 24 | UInt32(packet[9]) << 16 | UInt32(packet[10]) << 8 | UInt32(packet[11]))
        guard ssrc < streams else {
            invalid += 1
            return
        }
        received += 1
        defer {
            lastArrival[ssrc] = arrival
            lastSequence[ssrc] = sequence
        }
        guard lastArrival[ssrc] != 0 else { return }
        let step = sequence &- lastSequence[ssrc]
        if step == 1 {
            deviations.add(abs(arrival - lastArrival[ssrc] - 20_000_000) / 1000)
        } else if step == 0 || step > 0x8000 {
            outOfOrder += 1
        } else {
            gaps += 1
        }
    }

    /// The SO_TIMESTAMPNS control message of a received datagram, as CLOCK_REALTIME nanoseconds.
    private static func timestamp(_ header: msghdr) -> Int64? {
        guard let base = header.msg_control else { return nil }
        var offset = 0
        let headerSize = MemoryLayout<cmsghdr>.size
        while offset + headerSize <= Int(header.msg_controllen) {
            let message = (base + offset).load(as: cmsghdr.self)
            if message.cmsg_level == SOL_SOCKET, message.cmsg_type == soTimestampNS {
                let time = (base + offset + ((headerSize + 7) & ~7)).loadUnaligned(as: timespec.self)
                return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
            }
            guard message.cmsg_len > 0 else { return nil }
            offset += (Int(message.cmsg_len) + 7) & ~7
        }
        return nil
    }

    deinit {
        for fd in sockets { close(fd) }
    }
}
