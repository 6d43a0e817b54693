// Generated from `SIPHeaderName.known` (ids are indices + 1); regenerate when that table changes.
// A switch on length and first letter, then a case-insensitive comparison with a static string: no table
// lookups and no global initialisation on the hot path.

extension SIPHeaderName {
    /// The id of a known name (long or compact form, any case) in `b`, 0 if unknown.
    @usableFromInline static func lookupID(_ b: UnsafeRawBufferPointer) -> UInt8 {
        let n = b.count
        guard n > 0 else { return 0 }
        let first = ByteClass.lower(b[0])
        if n == 1 {
            switch first {
            case UInt8(ascii: "a"): return 62  // Accept-Contact
            case UInt8(ascii: "b"): return 18  // Referred-By
            case UInt8(ascii: "c"): return 11  // Content-Type
            case UInt8(ascii: "d"): return 64  // Request-Disposition
            case UInt8(ascii: "e"): return 37  // Content-Encoding
            case UInt8(ascii: "f"): return 2  // From
            case UInt8(ascii: "i"): return 4  // Call-ID
            case UInt8(ascii: "j"): return 63  // Reject-Contact
            case UInt8(ascii: "k"): return 14  // Supported
            case UInt8(ascii: "l"): return 10  // Content-Length
            case UInt8(ascii: "m"): return 6  // Contact
            case UInt8(ascii: "n"): return 61  // Identity-Info
            case UInt8(ascii: "o"): return 20  // Event
            case UInt8(ascii: "r"): return 17  // Refer-To
            case UInt8(ascii: "s"): return 32  // Subject
            case UInt8(ascii: "t"): return 3  // To
            case UInt8(ascii: "u"): return 36  // Allow-Events
            case UInt8(ascii: "v"): return 1  // Via
            case UInt8(ascii: "x"): return 28  // Session-Expires
            case UInt8(ascii: "y"): return 60  // Identity
            default: return 0
            }
        }
        switch (n, first) {
        case (2, UInt8(ascii: "t")):
            if equalsLowercased(b, "to") { return 3 }
            return 0
        case (3, UInt8(ascii: "v")):
            if equalsLowercased(b, "via") { return 1 }
            return 0
        case (4, UInt8(ascii: "c")):
            if equalsLowercased(b, "cseq") { return 5 }
            return 0
        case (4, UInt8(ascii: "d")):
            if equalsLowercased(b, "date") { return 31 }
            return 0
        case (4, UInt8(ascii: "f")):
            if equalsLowercased(b, "from") { return 2 }
            return 0
        case (4, UInt8(ascii: "p")):
            if equalsLowercased(b, "path") { return 55 }
            return 0
        case (4, UInt8(ascii: "r")):
            if equalsLowercased(b, "rseq") { return 53 }
            if equalsLowercased(b, "rack") { return 54 }
            return 0
        case (5, UInt8(ascii: "a")):
            if equalsLowercased(b, "allow") { return 16 }
            return 0
        case (5, UInt8(ascii: "e")):
            if equalsLowercased(b, "event") { return 20 }
            return 0
        case (5, UInt8(ascii: "r")):
            if equalsLowercased(b, "route") { return 8 }
            return 0
        case (6, UInt8(ascii: "a")):
            if equalsLowercased(b, "accept") { return 33 }
            return 0
        case (6, UInt8(ascii: "m")):
            if equalsLowercased(b, "min-se") { return 43 }
            return 0
        case (6, UInt8(ascii: "r")):
            if equalsLowercased(b, "reason") { return 57 }
            return 0
        case (6, UInt8(ascii: "s")):
            if equalsLowercased(b, "server") { return 30 }
            return 0
        case (7, UInt8(ascii: "c")):
            if equalsLowercased(b, "call-id") { return 4 }
            if equalsLowercased(b, "contact") { return 6 }
            return 0
        case (7, UInt8(ascii: "e")):
            if equalsLowercased(b, "expires") { return 12 }
            return 0
        case (7, UInt8(ascii: "p")):
            if equalsLowercased(b, "privacy") { return 59 }
            return 0
        case (7, UInt8(ascii: "r")):
            if equalsLowercased(b, "require") { return 15 }
            return 0
        case (7, UInt8(ascii: "s")):
            if equalsLowercased(b, "subject") { return 32 }
            return 0
        case (7, UInt8(ascii: "w")):
            if equalsLowercased(b, "warning") { return 26 }
            return 0
        case (8, UInt8(ascii: "i")):
            if equalsLowercased(b, "identity") { return 60 }
            return 0
        case (8, UInt8(ascii: "p")):
            if equalsLowercased(b, "priority") { return 46 }
            return 0
        case (8, UInt8(ascii: "r")):
            if equalsLowercased(b, "refer-to") { return 17 }
            if equalsLowercased(b, "replaces") { return 19 }
            if equalsLowercased(b, "reply-to") { return 47 }
            return 0
        case (9, UInt8(ascii: "c")):
            if equalsLowercased(b, "call-info") { return 49 }
            return 0
        case (9, UInt8(ascii: "s")):
            if equalsLowercased(b, "supported") { return 14 }
            return 0
        case (9, UInt8(ascii: "t")):
            if equalsLowercased(b, "timestamp") { return 44 }
            return 0
        case (10, UInt8(ascii: "a")):
            if equalsLowercased(b, "alert-info") { return 50 }
            return 0
        case (10, UInt8(ascii: "e")):
            if equalsLowercased(b, "error-info") { return 51 }
            return 0
        case (10, UInt8(ascii: "u")):
            if equalsLowercased(b, "user-agent") { return 29 }
            return 0
        case (11, UInt8(ascii: "i")):
            if equalsLowercased(b, "in-reply-to") { return 48 }
            return 0
        case (11, UInt8(ascii: "m")):
            if equalsLowercased(b, "min-expires") { return 13 }
            return 0
        case (11, UInt8(ascii: "r")):
            if equalsLowercased(b, "referred-by") { return 18 }
            if equalsLowercased(b, "retry-after") { return 27 }
            return 0
        case (11, UInt8(ascii: "u")):
            if equalsLowercased(b, "unsupported") { return 41 }
            return 0
        case (12, UInt8(ascii: "a")):
            if equalsLowercased(b, "allow-events") { return 36 }
            return 0
        case (12, UInt8(ascii: "c")):
            if equalsLowercased(b, "content-type") { return 11 }
            return 0
        case (12, UInt8(ascii: "m")):
            if equalsLowercased(b, "max-forwards") { return 7 }
            if equalsLowercased(b, "mime-version") { return 52 }
            return 0
        case (12, UInt8(ascii: "o")):
            if equalsLowercased(b, "organization") { return 45 }
            return 0
        case (12, UInt8(ascii: "r")):
            if equalsLowercased(b, "record-route") { return 9 }
            return 0
        case (13, UInt8(ascii: "a")):
            if equalsLowercased(b, "authorization") { return 22 }
            return 0
        case (13, UInt8(ascii: "i")):
            if equalsLowercased(b, "identity-info") { return 61 }
            return 0
        case (13, UInt8(ascii: "p")):
            if equalsLowercased(b, "proxy-require") { return 40 }
            return 0
        case (13, UInt8(ascii: "s")):
            if equalsLowercased(b, "service-route") { return 56 }
            return 0
        case (14, UInt8(ascii: "a")):
            if equalsLowercased(b, "accept-contact") { return 62 }
            return 0
        case (14, UInt8(ascii: "c")):
            if equalsLowercased(b, "content-length") { return 10 }
            return 0
        case (14, UInt8(ascii: "r")):
            if equalsLowercased(b, "reject-contact") { return 63 }
            return 0
        case (15, UInt8(ascii: "a")):
            if equalsLowercased(b, "accept-encoding") { return 34 }
            if equalsLowercased(b, "accept-language") { return 35 }
            return 0
        case (15, UInt8(ascii: "s")):
            if equalsLowercased(b, "session-expires") { return 28 }
            return 0
        case (16, UInt8(ascii: "c")):
            if equalsLowercased(b, "content-encoding") { return 37 }
            if equalsLowercased(b, "content-language") { return 39 }
            return 0
        case (16, UInt8(ascii: "w")):
            if equalsLowercased(b, "www-authenticate") { return 23 }
            return 0
        case (18, UInt8(ascii: "p")):
            if equalsLowercased(b, "proxy-authenticate") { return 24 }
            return 0
        case (18, UInt8(ascii: "s")):
            if equalsLowercased(b, "subscription-state") { return 21 }
            return 0
        case (19, UInt8(ascii: "a")):
            if equalsLowercased(b, "authentication-info") { return 42 }
            return 0
        case (19, UInt8(ascii: "c")):
            if equalsLowercased(b, "content-disposition") { return 38 }
            return 0
        case (19, UInt8(ascii: "p")):
            if equalsLowercased(b, "proxy-authorization") { return 25 }
            if equalsLowercased(b, "p-asserted-identity") { return 58 }
            return 0
        case (19, UInt8(ascii: "r")):
            if equalsLowercased(b, "request-disposition") { return 64 }
            return 0
        default: return 0
        }
    }

    /// Whether `b` equals the lower-case ASCII `name` ignoring case (lengths already match).
    @inline(__always) private static func equalsLowercased(_ b: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let p = name.utf8Start
        for k in 1..<b.count where ByteClass.lower(b[k]) != p[k] { return false }
        return true
    }
}
