// Clocks, CPU time, resident memory and a latency histogram for moh-bench.

#if canImport(Glibc)
    import Glibc
#endif

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// CLOCK_REALTIME, the clock of SO_TIMESTAMPNS.
func realtimeNanoseconds() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
}

/// User + system CPU seconds of `who` (0, RUSAGE_SELF: the process; 1, RUSAGE_THREAD: the calling thread).
func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who), &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

/// CPU seconds of the calling thread.
func threadCPU() -> Double { cpuSeconds(1) }  // RUSAGE_THREAD

/// Resident set size, bytes (/proc/self/statm, second field, in pages).
func residentBytes() -> Int {
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 256)
    let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count > 0 else { return 0 }
    let fields = String(decoding: bytes[0..<count], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Values in 1 µs buckets up to 100 ms, with the exact maximum.
struct Histogram {
    private(set) var buckets = [UInt64](repeating: 0, count: 100_001)
    private(set) var count: UInt64 = 0
    private(set) var maximum: Int64 = 0

    mutating func add(_ microseconds: Int64) {
        buckets[Int(min(max(microseconds, 0), 100_000))] += 1
        count += 1
        maximum = max(maximum, microseconds)
    }

    /// The smallest value at or below which a fraction `p` of the values lie, µs.
    func percentile(_ p: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let target = max(1, UInt64((Double(count) * p).rounded(.up)))
        var seen: UInt64 = 0
        for (value, n) in buckets.enumerated() {
            seen += n
            if seen >= target { return Int64(value) }
        }
        return maximum
    }
}

/// `value` with `digits` decimals (no Foundation here).
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = String(scaled / Int(scale))
    var fraction = String(scaled % Int(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return (value < 0 ? "-" : "") + whole + (digits > 0 ? "." + fraction : "")
}
