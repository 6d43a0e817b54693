import ArgumentParser
import SIPCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `callpark sip …`: tools for SIP messages.
struct SIPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip",
        abstract: "Tools for SIP messages.",
        subcommands: [SIPCheckCommand.self]
    )
}

/// `callpark sip check FILE…`: parse raw SIP messages and say whether each is valid.
struct SIPCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check raw SIP messages (one message per file, taken byte for byte; '-' reads standard input).",
        discussion: """
            Prints `valid` or `invalid: <reason>` per file (prefixed with the file name when there are several) and
            exits 0 only if every file is valid, 1 if any is invalid, 2 if a file cannot be read.
            """
    )

    @Argument(help: "Files holding one SIP message each; '-' for standard input.")
    var files: [String]

    @Flag(name: .customLong("lf"), help: "Read bare LF line ends as CRLF (for files saved by editors).")
    var lineFeedsAsCRLF = false

    @Flag(name: .customLong("print"), help: "After a valid verdict, print the message in canonical form.")
    var printMessage = false

    func run() throws {
        var anyInvalid = false
        var unreadable = false
        for file in files {
            let prefix = files.count > 1 ? "\(file): " : ""
            guard let bytes = readAll(file) else {
                printError("\(prefix)cannot read \(file == "-" ? "standard input" : "'\(file)'")")
                unreadable = true
                continue
            }
            let verdict = SIPMessageCheck.check(bytes, lineFeedsAsCRLF: lineFeedsAsCRLF)
            print(prefix + verdict.line)
            switch verdict {
            case .valid(let message):
                if printMessage { print(message.description, terminator: "") }
            case .invalid:
                anyInvalid = true
            }
        }
        if unreadable { throw ExitCode(2) }
        if anyInvalid { throw ExitCode(1) }
    }

    private func readAll(_ path: String) -> [UInt8]? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { if fd != 0 { close(fd) } }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            if out.count > 16 << 20 { return out }  // the parser refuses it; no need to read more
        }
    }

    private func printError(_ text: String) {
        var stderr = StandardError()
        print(text, to: &stderr)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        _ = string.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
