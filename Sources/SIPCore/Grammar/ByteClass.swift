/// A set of ASCII bytes as a 128-bit mask; a constant, so testing a byte is two shifts and no table load.
@usableFromInline
struct CharSet: Sendable {
    @usableFromInline let lo: UInt64
    @usableFromInline let hi: UInt64

    @inlinable init(lo: UInt64, hi: UInt64) {
        self.lo = lo
        self.hi = hi
    }

    @inlinable @inline(__always) func contains(_ b: UInt8) -> Bool {
        if b < 64 { return (lo >> UInt64(b)) & 1 != 0 }
        if b < 128 { return (hi >> UInt64(b &- 64)) & 1 != 0 }
        return false
    }

    @inlinable @inline(__always) static func | (a: CharSet, b: CharSet) -> CharSet { CharSet(lo: a.lo | b.lo, hi: a.hi | b.hi) }
}

/// Character classes of the RFC 3261 §25 grammar (generated from their definitions; see the comments).
@usableFromInline
enum ByteClass {
    /// token (RFC 3261 §25.1)
    @usableFromInline static let token = CharSet(lo: 0x03FF6CA200000000, hi: 0x47FFFFFF87FFFFFE)
    /// DIGIT
    @usableFromInline static let digit = CharSet(lo: 0x03FF000000000000, hi: 0x0000000000000000)
    /// ALPHA
    @usableFromInline static let alpha = CharSet(lo: 0x0000000000000000, hi: 0x07FFFFFE07FFFFFE)
    /// HEXDIG
    @usableFromInline static let hex = CharSet(lo: 0x03FF000000000000, hi: 0x0000007E0000007E)
    /// unreserved = alphanum / mark
    @usableFromInline static let unreserved = CharSet(lo: 0x03FF678200000000, hi: 0x47FFFFFE87FFFFFE)
    /// user-unreserved: & = + $ , ; ? /
    @usableFromInline static let userUnreserved = CharSet(lo: 0xA800985000000000, hi: 0x0000000000000000)
    /// the password extras: & = + $ ,
    @usableFromInline static let passwordExtra = CharSet(lo: 0x2000185000000000, hi: 0x0000000000000000)
    /// param-unreserved: [ ] / : & + $
    @usableFromInline static let paramUnreserved = CharSet(lo: 0x0400885000000000, hi: 0x0000000028000000)
    /// hnv-unreserved: [ ] / ? : + $
    @usableFromInline static let hnvUnreserved = CharSet(lo: 0x8400881000000000, hi: 0x0000000028000000)
    /// word (Call-ID)
    @usableFromInline static let word = CharSet(lo: 0xD7FFEFA600000000, hi: 0x6FFFFFFFBFFFFFFE)
    /// SP / HTAB
    @usableFromInline static let wsp = CharSet(lo: 0x0000000100000200, hi: 0x0000000000000000)
    /// alphanum - . _ (host names, leniently)
    @usableFromInline static let hostChar = CharSet(lo: 0x03FF600000000000, hi: 0x07FFFFFE87FFFFFE)
    /// telephone-subscriber characters (RFC 3966)
    @usableFromInline static let telChar = CharSet(lo: 0x03FF6F0800000000, hi: 0x0081007E0081007E)

    @inlinable @inline(__always) static func has(_ b: UInt8, _ set: CharSet) -> Bool { set.contains(b) }
    @inlinable @inline(__always) static func isToken(_ b: UInt8) -> Bool { token.contains(b) }
    @inlinable @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inlinable @inline(__always) static func isHex(_ b: UInt8) -> Bool { hex.contains(b) }
    @inlinable @inline(__always) static func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    @inlinable @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

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
