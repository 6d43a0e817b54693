/// An orbit number, exactly as written (SPEC §2): an optional `*` or `#` prefix, then digits. Orbits are never
/// normalised: `*3042` and `3042` are different orbits.
public struct Orbit: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// `*`, `#` or nothing.
    public var prefix: Character?
    /// The digits after the prefix, as written (no leading zero).
    public var digits: String

    /// An orbit from its parts; ``Orbit/init(parsing:)`` checks the number format.
    public init(prefix: Character?, digits: String) {
        self.prefix = prefix
        self.digits = digits
    }

    /// The digits as a number.
    public var number: Int { Int(digits) ?? 0 }

    /// The orbit as dialled, e.g. `*3042`.
    public var description: String { prefix.map { String($0) + digits } ?? digits }

    /// Orbits order by prefix, then length, then number.
    public static func < (lhs: Orbit, rhs: Orbit) -> Bool {
        let l = lhs.prefix.map { String($0) } ?? "", r = rhs.prefix.map { String($0) } ?? ""
        if l != r { return l < r }
        if lhs.digits.count != rhs.digits.count { return lhs.digits.count < rhs.digits.count }
        return lhs.digits < rhs.digits
    }

    /// The orbit `offset` places after this one, with the same prefix and length (no check of the length).
    public func advanced(by offset: Int) -> Orbit {
        let value = String(number + offset)
        return Orbit(prefix: prefix, digits: value)
    }

    /// Decodes an orbit from its text, checking the number format.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Orbit(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the orbit as its text, e.g. `*3042`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
