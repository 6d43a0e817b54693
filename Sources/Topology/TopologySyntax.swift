import SIPCore

/// The lexical checks shared by the validation rules and the configuration file: names, host names, addresses,
/// SIP user parts and hex digests. Each returns why the text is refused, or `nil` when it is fine.
enum TopologySyntax {
    /// Longest pool, range or user name accepted (names end up in URIs, file names and log lines).
    static let maxNameLength = 128

    /// A pool or range name: 1…128 of `A–Z a–z 0–9 . _ -`.
    static func nameProblem(_ name: String) -> String? {
        if !name.isEmpty, name.utf8.count <= maxNameLength, allBytes(of: name, in: nameBytes) { return nil }
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > maxNameLength { return "is longer than \(maxNameLength) characters" }
        if let bad = name.unicodeScalars.first(where: { !isNameCharacter($0) }) {
            return "contains \(quoted(bad)); use only letters, digits, '.', '_' and '-'"
        }
        return nil
    }

    /// A SIP user part (RFC 3261 §25.1: `user = 1*( unreserved / escaped / user-unreserved )`), without `%`-escapes
    /// so that one user has exactly one spelling.
    static func userPartProblem(_ name: String) -> String? {
        if !name.isEmpty, name.utf8.count <= maxNameLength, allBytes(of: name, in: userBytes) { return nil }
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > maxNameLength { return "is longer than \(maxNameLength) characters" }
        if let bad = name.unicodeScalars.first(where: { !isUserCharacter($0) }) {
            if bad == "%" { return "must not contain %-escapes; write the character itself" }
            return "contains \(quoted(bad)), which a SIP user part cannot hold (letters, digits and -_.!~*'()&=+$,;?/ only)"
        }
        return nil
    }

    /// A DNS host name (RFC 1123 §2.1): dot-separated labels of 1…63 letters, digits and hyphens, no label starting
    /// or ending with a hyphen, at most 253 characters, and a last label that is not all digits (that would be an
    /// IPv4 address).
    static func hostNameProblem(_ host: String) -> String? {
        if host.isEmpty { return "is empty" }
        if host.utf8.count > 253 { return "is longer than 253 characters" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            if label.isEmpty { return "has an empty label (two dots in a row, or a dot at the start or end)" }
            if label.utf8.count > 63 { return "has a label longer than 63 characters" }
            if let bad = label.unicodeScalars.first(where: { !(isLetter($0) || isDigit($0) || $0 == "-") }) {
                return "contains \(quoted(bad)); a host name holds letters, digits, '-' and '.'"
            }
            if label.first == "-" || label.last == "-" { return "has a label starting or ending with '-'" }
        }
        if let last = labels.last, last.unicodeScalars.allSatisfy(isDigit) { return "ends with an all-digit label" }
        return nil
    }

    /// A host of a pool: an IPv4 address, a bare IPv6 address (no brackets) or a host name.
    static func hostProblem(_ host: String) -> String? {
        if host.hasPrefix("[") { return "must be written without brackets" }
        if host.contains(":") {
            if case .ipv6? = try? SIPHost(parsing: host, allowBareIPv6: true) { return nil }
            return "is not an IPv6 address"
        }
        if !host.isEmpty, host.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "." }) {
            if case .ipv4? = try? SIPHost(parsing: host) { return nil }
            return "is not an IPv4 address"
        }
        return hostNameProblem(host).map { "is neither an IP address nor a valid host name: it \($0)" }
    }

    /// Lowercase hex of exactly `length` digits.
    static func isLowercaseHex(_ text: String, length: Int) -> Bool {
        guard text.utf8.count == length else { return false }
        return allBytes(of: text, in: hexBytes)
    }

    /// Whether `text` holds a control character (C0, DEL or C1).
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    // MARK: Characters

    /// Byte tables for the fast path of the checks (validation runs on every change, over every user).
    private static let nameBytes = byteTable(isNameCharacter)
    private static let userBytes = byteTable(isUserCharacter)
    private static let hexBytes = byteTable { isDigit($0) || ("a"..."f").contains($0) }

    private static func byteTable(_ isAllowed: (Unicode.Scalar) -> Bool) -> [Bool] {
        (0..<256).map { $0 < 128 && isAllowed(Unicode.Scalar(UInt8($0))) }
    }

    private static func allBytes(of text: String, in table: [Bool]) -> Bool {
        func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            table.withUnsafeBufferPointer { table in
                for byte in bytes where !table[Int(byte)] { return false }
                return true
            }
        }
        return text.utf8.withContiguousStorageIfAvailable(check) ?? text.utf8.allSatisfy { table[Int($0)] }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool { isLetter(c) || isDigit(c) || c == "." || c == "_" || c == "-" }

    /// `unreserved` (alphanum and `-_.!~*'()`) and `user-unreserved` (`&=+$,;?/`) of RFC 3261 §25.1.
    static func isUserCharacter(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || isDigit(c) || "-_.!~*'()&=+$,;?/".unicodeScalars.contains(c)
    }

    /// A character shown to an administrator: printable ones in quotes, the others as `U+XXXX`.
    static func quoted(_ c: Unicode.Scalar) -> String {
        if c == " " { return "a space" }
        if c.value < 0x20 || (0x7F...0x9F).contains(c.value) { return "U+" + String(c.value, radix: 16, uppercase: true) }
        return "'\(c)'"
    }
}
