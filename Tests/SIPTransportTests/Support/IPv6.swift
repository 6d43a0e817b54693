import NIOPosix

/// Whether a UDP socket can bind to ::1 here (containers often run without IPv6).
let ipv6LoopbackAvailable: Bool = {
    #if canImport(Glibc)
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
    #else
        let fd = socket(AF_INET6, SOCK_DGRAM, 0)
    #endif
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0 }
    }
}()
