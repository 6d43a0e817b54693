/// An address with an optional display name and header parameters: the value of From, To, Contact, Route,
/// Record-Route, Refer-To and Referred-By (RFC 3261 §20.10, §20.20, §20.39; RFC 3515; RFC 3892).
///
/// ```swift
/// let to = try SIPNameAddress("\"Bob\" <sip:bob@callpark.test>;tag=314159")
/// to.tag   // "314159"
/// ```
public struct SIPNameAddress: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// How the address was written.
    public enum Form: Hashable, Sendable {
        /// `sip:…` without angle brackets.
        case addrSpec
        /// `<sip:…>`, optionally after an unquoted display name.
        case nameAddr
        /// `"Name" <sip:…>`.
        case quotedName
    }

    /// The display name, unquoted.
    public var displayName: String?
    /// The URI.
    public var uri: SIPURI
    /// Header parameters (`tag`, `expires`, `q`, …), values as written.
    public var parameters: SIPParameters
    /// How it was written; serialisation always uses angle brackets unless the form is `.addrSpec` and the URI allows it.
    public var form: Form

    /// Creates an address.
    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = SIPParameters(), form: Form = .nameAddr) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
        self.form = form
    }

    /// Parses a name-addr or addr-spec with parameters.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPNameAddress.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPNameAddress {
        try s.nameAddress(requireAngleBrackets: false)
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    public var tag: String? {
        get { parameters.value("tag") }
        set { parameters["tag"] = newValue.map { .some($0) } }
    }

    /// The `expires` parameter of a Contact, clamped to 2³²−1 (RFC 3261 §10.2.1.1).
    public var expires: UInt32? {
        guard let v = parameters.value("expires") else { return nil }
        var digits = Substring(v)
        while digits.first == "0" && digits.count > 1 { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return digits.count > 10 ? UInt32.max : UInt32(clamping: UInt64(digits) ?? UInt64.max)
    }

    /// The `q` parameter of a Contact, 0…1.
    public var q: Double? { parameters.value("q").flatMap(Double.init) }

    /// The address as text; display names are quoted when they are not plain tokens.
    public var description: String {
        let uriText = uri.description
        let needsAngle = form != .addrSpec || displayName != nil || uriText.contains(where: { ",;?".contains($0) })
        var s = ""
        if let displayName, !displayName.isEmpty || form == .quotedName {
            if form == .nameAddr, displayName.utf8.allSatisfy({ ByteClass.isToken($0) || $0 == 0x20 }) {
                s += displayName + " "
            } else {
                s += SIPNameAddress.quoted(displayName) + " "
            }
        }
        s += needsAngle ? "<" + uriText + ">" : uriText
        s += parameters.serialized
        return s
    }

    /// A quoted-string with `"` and `\` escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            // RFC 3261 §25.1: `"`, `\` and control characters (but HT) are written as quoted-pairs.
            if ch == "\"" || ch == "\\" || (ch.value < 0x20 && ch.value != 0x09) || ch.value == 0x7F { out += "\\" }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }
}
