// sip-parser-bench: single-core parse throughput of callpark's SIP parser on message files.
//
//   swift build -c release --product sip-parser-bench
//   taskset -c 0 .build/release/sip-parser-bench [--seconds S] [--mode lazy|proxy|full|all] FILE...
//
// Modes (each iteration starts from a ByteBuffer holding the raw bytes, as the transport would):
//   lazy   SIPMessageParser.parse: start line, Request-URI parsed into its parts, header lines split and
//          their names recognised (compact forms, any case), Content-Length checked, body taken.
//   proxy  lazy + the typed headers a proxy reads on every request: top Via (branch), From and To (tags),
//          Call-ID, CSeq, Max-Forwards.
//   full   lazy + validate(): every header this library knows parsed into its typed value (the closest to
//          sofia-sip's msg_make, which parses every known header into its structure).
// Output, one line per (mode, file):  swift-MODE FILE BYTES bytes RATE msgs/s ITERS iters SECONDS s

import NIOCore
import SIPCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
enum SIPParserBenchmark {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var seconds = 3.0
        var modes = ["lazy", "proxy", "full"]
        var files: [String] = []
        while !args.isEmpty {
            let a = args.removeFirst()
            switch a {
            case "--seconds": seconds = Double(args.removeFirst()) ?? 3
            case "--mode":
                let m = args.removeFirst()
                modes = m == "all" ? ["lazy", "proxy", "full"] : [m]
            default: files.append(a)
            }
        }
        guard !files.isEmpty else {
            eprint("usage: sip-parser-bench [--seconds S] [--mode lazy|proxy|full|all] FILE...")
            exit(2)
        }
        let parser = SIPMessageParser()
        for file in files {
            guard let bytes = readFile(file) else {
                eprint("sip-parser-bench: cannot read \(file)\n")
                exit(1)
            }
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            // Show the parse is real, and fail loudly when it is not.
            let message = try parser.parse(buffer)
            try message.validate()
            let f = message.headerFields
            eprint(
                "# \(file): Call-ID \(try f.callID ?? "-") | CSeq \(try f.cSeq?.description ?? "-") | Vias \(try f.via.count) | body \(message.body.count)\n"
            )
            let name = file.split(separator: "/").last.map(String.init) ?? file
            for mode in modes {
                let step: (ByteBuffer) throws -> Int
                switch mode {
                case "lazy": step = { try parser.parse($0).body.count }
                case "proxy": step = { try proxyRead(parser.parse($0)) }
                case "full":
                    step = {
                        let m = try parser.parse($0)
                        try m.validate()
                        return m.body.count
                    }
                default:
                    eprint("sip-parser-bench: unknown mode \(mode)\n")
                    exit(2)
                }
                let (rate, iters, elapsed) = try measure(seconds: seconds, buffer: buffer, step: step)
                print("swift-\(mode) \(name) \(bytes.count) bytes \(Int(rate)) msgs/s \(iters) iters \(String(format3(elapsed))) s")
            }
        }
    }

    /// What a stateless proxy reads of every request (RFC 3261 §16.3–§16.6).
    @inline(never)
    static func proxyRead(_ m: SIPMessage) throws -> Int {
        let f = m.headerFields
        var n = 0
        n &+= try f.topVia?.branch?.utf8.count ?? 0
        n &+= try f.from?.tag?.utf8.count ?? 0
        n &+= try f.to?.tag?.utf8.count ?? 0
        n &+= try f.callID?.utf8.count ?? 0
        n &+= Int(try f.cSeq?.sequence ?? 0)
        n &+= try f.maxForwards ?? 0
        return n
    }

    static func measure(seconds: Double, buffer: ByteBuffer, step: (ByteBuffer) throws -> Int) throws -> (Double, Int, Double) {
        var sink = 0
        for _ in 0..<2_000 { sink &+= try step(buffer) }
        let start = now()
        var iterations = 0
        var elapsed = 0.0
        repeat {
            for _ in 0..<64 { sink &+= try step(buffer) }
            iterations += 64
            elapsed = now() - start
        } while elapsed < seconds
        if sink == 42 { print("") }  // keep the work observable
        return (Double(iterations) / elapsed, iterations, elapsed)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func format3(_ x: Double) -> String {
        let ms = Int((x * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// Writes a line to standard error.
func eprint(_ text: String) {
    let line = text.hasSuffix("\n") ? text : text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}
