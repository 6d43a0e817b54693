/// Character classes of the RFC 3261 §25 grammar, as a 256-entry lookup table.
///
/// Each byte maps to a set of flags; grammar code asks `ByteClass.isToken(b)` and so on.
@usableFromInline
enum ByteClass {
    @usableFromInline static let token: UInt16 = 1 << 0          // token (§25.1)
    @usableFromInline static let digit: UInt16 = 1 << 1
    @usableFromInline static let alpha: UInt16 = 1 << 2
    @usableFromInline static let hex: UInt16 = 1 << 3
    @usableFromInline static let unreserved: UInt16 = 1 << 4     // alphanum / mark
    @usableFromInline static let userUnreserved: UInt16 = 1 << 5 // & = + $ , ; ? /
    @usableFromInline static let passwordExtra: UInt16 = 1 << 6  // & = + $ ,
    @usableFromInline static let paramUnreserved: UInt16 = 1 << 7 // [ ] / : & + $
    @usableFromInline static let hnvUnreserved: UInt16 = 1 << 8  // [ ] / ? : + $
    @usableFromInline static let word: UInt16 = 1 << 9           // word (Call-ID)
    @usableFromInline static let wsp: UInt16 = 1 << 10           // SP / HTAB
    @usableFromInline static let hostChar: UInt16 = 1 << 11      // alphanum - . _ (hostname, leniently)
    @usableFromInline static let telChar: UInt16 = 1 << 12       // telephone-subscriber characters

    @usableFromInline static let table: [UInt16] = {
        var t = [UInt16](repeating: 0, count: 256)
        func set(_ chars: String, _ flag: UInt16) { for b in chars.utf8 { t[Int(b)] |= flag } }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] |= digit | hex | token | unreserved | word | hostChar | telChar }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] |= alpha | token | unreserved | word | hostChar }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] |= alpha | token | unreserved | word | hostChar }
        set("abcdefABCDEF", hex)
        set("-.!%*_+`'~", token)
        set("-_.!~*'()", unreserved)
        set("&=+$,;?/", userUnreserved)
        set("&=+$,", passwordExtra)
        set("[]/:&+$", paramUnreserved)
        set("[]/?:+$", hnvUnreserved)
        set("-.!%*_+`'~()<>:\\\"/[]?{}", word)
        set(" \t", wsp)
        set("-._", hostChar)
        set("abcdefABCDEF*#+-.()pwPW", telChar)
        return t
    }()

    @inlinable @inline(__always) static func has(_ b: UInt8, _ flag: UInt16) -> Bool { table[Int(b)] & flag != 0 }
    @inlinable @inline(__always) static func isToken(_ b: UInt8) -> Bool { has(b, token) }
    @inlinable @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inlinable @inline(__always) static func isHex(_ b: UInt8) -> Bool { has(b, hex) }
    @inlinable @inline(__always) static func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    @inlinable @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { has(b, alpha) }

    /// Lower-cases an ASCII letter, leaves every other byte alone.
    @inlinable @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b &- 0x41 < 26) ? b | 0x20 : b }

    /// Printable description of a byte for error messages.
    static func describe(_ b: UInt8) -> String {
        switch b {
        case 0x20: return "space"
        case 0x09: return "tab"
        case 0x0D: return "CR"
        case 0x0A: return "LF"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default: return "byte 0x" + String(b, radix: 16, uppercase: true)
        }
    }
}

extension String {
    /// Builds a string from bytes that are known to be ASCII or are to be taken as UTF-8 (invalid sequences repaired).
    @inlinable init(sipBytes bytes: some Collection<UInt8>) {
        self = String(decoding: bytes, as: UTF8.self)
    }
}
