/// One header field line: its name and its value (line folding replaced by a single space, outer whitespace trimmed).
public struct SIPHeaderField: Hashable, Sendable {
    /// The name.
    public var name: SIPHeaderName
    /// The value.
    public var value: String
    /// Creates a field.
    public init(name: SIPHeaderName, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header fields of a message, in order, with repeated names kept as separate lines.
///
/// Parsed messages keep their header values as ranges in the received bytes and build strings only when a
/// value is read (lazy parsing: a proxy that reads five headers of twenty pays for five).
/// ```swift
/// var fields = SIPHeaderFields()
/// fields.append(.via, "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1")
/// fields[.callID] = "a84b4c76e66710"
/// ```
public struct SIPHeaderFields: Sendable, Sequence {
    @usableFromInline struct Entry: Sendable {
        var id: UInt8
        var folded: Bool
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    /// Bytes that entries point into: the received message, then any values added later.
    @usableFromInline var storage: [UInt8]
    @usableFromInline var entries: [Entry]

    /// No fields.
    public init() {
        storage = []
        entries = []
    }

    /// Fields from name/value pairs, in order.
    public init(_ fields: [(SIPHeaderName, String)]) {
        self.init()
        for (n, v) in fields { append(n, v) }
    }

    init(storage: [UInt8], entries: [Entry]) {
        self.storage = storage
        self.entries = entries
    }

    /// The number of header lines.
    public var count: Int { entries.count }
    /// Whether there is no header line.
    public var isEmpty: Bool { entries.isEmpty }

    // MARK: Reading

    func name(of e: Entry) -> SIPHeaderName {
        if e.id != 0 { return SIPHeaderName.byID[Int(e.id)] }
        let nameBytes = storage[Int(e.nameStart)..<Int(e.nameEnd)]
        return SIPHeaderName(id: 0, canonicalName: String(decoding: nameBytes, as: UTF8.self))
    }

    func value(of e: Entry) -> String {
        let r = Int(e.valueStart)..<Int(e.valueEnd)
        if !e.folded { return String(decoding: storage[r], as: UTF8.self) }
        // RFC 3261 §7.3.1: LWS (folding included) is equivalent to a single SP.
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var k = r.lowerBound
        while k < r.upperBound {
            let b = storage[k]
            if b == 0x0D || b == 0x0A || ((b == 0x20 || b == 0x09) && k + 1 < r.upperBound && (storage[k + 1] == 0x0D)) {
                // Collapse [*WSP CRLF] 1*WSP into one SP.
                while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                while k < r.upperBound, storage[k] == 0x20 || storage[k] == 0x09 || storage[k] == 0x0D || storage[k] == 0x0A { k += 1 }
                out.append(0x20)
            } else {
                out.append(b)
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) func matches(_ e: Entry, _ name: SIPHeaderName) -> Bool {
        if name.id != 0 { return e.id == name.id }
        if e.id != 0 { return false }
        let n = Int(e.nameEnd - e.nameStart)
        guard n == name.canonicalName.utf8.count else { return false }
        return storage[Int(e.nameStart)..<Int(e.nameEnd)].elementsEqual(name.canonicalName.utf8) {
            ByteClass.lower($0) == ByteClass.lower($1)
        }
    }

    /// Byte offset of the value of the first `name` line in the parsed message (for error reports).
    public func offset(of name: SIPHeaderName) -> Int? {
        entries.first { matches($0, name) }.map { Int($0.valueStart) }
    }

    /// The first value of `name`; setting replaces every `name` line with one (at the first one's place), `nil` removes them.
    public subscript(name: SIPHeaderName) -> String? {
        get {
            for e in entries where matches(e, name) { return value(of: e) }
            return nil
        }
        set {
            guard let newValue else {
                removeAll(name)
                return
            }
            if let i = entries.firstIndex(where: { matches($0, name) }) {
                entries[i] = makeEntry(name, newValue)
                var k = entries.count - 1
                while k > i {
                    if matches(entries[k], name) { entries.remove(at: k) }
                    k -= 1
                }
            } else {
                append(name, newValue)
            }
        }
    }

    /// Every value of `name`, one per header line, in order.
    public func values(_ name: SIPHeaderName) -> [String] {
        entries.filter { matches($0, name) }.map(value(of:))
    }

    /// Every element of a comma-separated list header across all its lines (RFC 3261 §7.3.1); commas inside
    /// quoted strings and `<…>` do not split.
    public func elements(_ name: SIPHeaderName) -> [String] {
        values(name).flatMap(SIPHeaderFields.splitList)
    }

    /// Whether a `name` line is present.
    public func contains(_ name: SIPHeaderName) -> Bool { entries.contains { matches($0, name) } }

    /// The fields as values.
    public var fields: [SIPHeaderField] { entries.map { SIPHeaderField(name: name(of: $0), value: value(of: $0)) } }

    public func makeIterator() -> IndexingIterator<[SIPHeaderField]> { fields.makeIterator() }

    // MARK: Writing

    private mutating func makeEntry(_ name: SIPHeaderName, _ value: String) -> Entry {
        let nameStart = Int32(storage.count)
        if name.id == 0 { storage.append(contentsOf: name.canonicalName.utf8) }
        let valueStart = Int32(storage.count)
        storage.append(contentsOf: value.utf8)
        return Entry(id: name.id, folded: false, nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: Int32(storage.count))
    }

    /// Adds a line at the end.
    public mutating func append(_ name: SIPHeaderName, _ value: String) {
        entries.append(makeEntry(name, value))
    }

    /// Adds a line before every other line of the same name (a new topmost Via, RFC 3261 §16.6 step 8),
    /// or at the end when there is none.
    public mutating func prepend(_ name: SIPHeaderName, _ value: String) {
        let e = makeEntry(name, value)
        if let i = entries.firstIndex(where: { matches($0, name) }) { entries.insert(e, at: i) } else { entries.append(e) }
    }

    /// Removes every `name` line.
    public mutating func removeAll(_ name: SIPHeaderName) {
        let kept = entries.filter { !matches($0, name) }
        entries = kept
    }

    /// Removes the first `name` line and returns its value.
    @discardableResult
    public mutating func removeFirst(_ name: SIPHeaderName) -> String? {
        guard let i = entries.firstIndex(where: { matches($0, name) }) else { return nil }
        let v = value(of: entries[i])
        entries.remove(at: i)
        return v
    }

    /// Removes the first element of a list header (the top Via, RFC 3261 §16.7 step 3), keeping the rest of its
    /// line when several elements share it; returns the element removed.
    @discardableResult
    public mutating func removeFirstElement(_ name: SIPHeaderName) -> String? {
        guard let i = entries.firstIndex(where: { matches($0, name) }) else { return nil }
        let elements = Self.splitList(value(of: entries[i]))
        guard elements.count > 1 else { return removeFirst(name).flatMap { Self.splitList($0).first } }
        entries[i] = makeEntry(name, elements.dropFirst().joined(separator: ", "))
        return elements[0]
    }

    // MARK: Lists

    /// Splits a header value at top-level commas (not inside quotes or angle brackets); trims each element.
    public static func splitList(_ value: String) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var angle = 0
        var escape = false
        for b in value.utf8 {
            if inQuotes {
                current.append(b)
                if escape { escape = false } else if b == UInt8(ascii: "\\") { escape = true } else if b == UInt8(ascii: "\"") { inQuotes = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inQuotes = true
            case UInt8(ascii: "<"): angle += 1
            case UInt8(ascii: ">"): angle = Swift.max(0, angle - 1)
            case UInt8(ascii: ",") where angle == 0:
                out.append(trimmed(current))
                current.removeAll(keepingCapacity: true)
                continue
            default: break
            }
            current.append(b)
        }
        out.append(trimmed(current))
        return out
    }

    private static func trimmed(_ b: [UInt8]) -> String {
        var s = 0
        var e = b.count
        while s < e, ByteClass.isWSP(b[s]) { s += 1 }
        while e > s, ByteClass.isWSP(b[e - 1]) { e -= 1 }
        return String(decoding: b[s..<e], as: UTF8.self)
    }
}

extension SIPHeaderFields: Equatable {
    /// Equal when the same names have the same values in the same order.
    public static func == (lhs: SIPHeaderFields, rhs: SIPHeaderFields) -> Bool {
        lhs.count == rhs.count && lhs.fields == rhs.fields
    }
}

extension SIPHeaderFields: CustomStringConvertible {
    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}
