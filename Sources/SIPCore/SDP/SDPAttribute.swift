/// An `a=` line: `a=name` or `a=name:value` (RFC 4566 §5.13), kept as written.
public struct SDPAttribute: Hashable, Sendable, CustomStringConvertible {
    /// The attribute name, e.g. `rtpmap`.
    public var name: String
    /// The value after the first colon, or `nil` for a property attribute such as `sendrecv`.
    public var value: String?

    /// Creates an attribute.
    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The text after `a=`.
    public var description: String { value.map { "\(name):\($0)" } ?? name }

    /// Splits the text after `a=` at its first colon.
    init(parsing text: Substring) {
        if let colon = text.firstIndex(of: ":") {
            self.init(String(text[..<colon]), String(text[text.index(after: colon)...]))
        } else {
            self.init(String(text))
        }
    }
}

extension [SDPAttribute] {
    /// The first attribute named `name` (attribute names are case-sensitive, RFC 4566 §5.13; matched exactly).
    func first(named name: String) -> SDPAttribute? { first { $0.name == name } }

    /// The direction attribute, if any (the last one wins when several are present).
    var direction: SDPDirection? {
        get { last { $0.value == nil && SDPDirection(rawValue: $0.name) != nil }.flatMap { SDPDirection(rawValue: $0.name) } }
        set {
            let index = firstIndex { SDPDirection(rawValue: $0.name) != nil && $0.value == nil }
            removeAll { SDPDirection(rawValue: $0.name) != nil && $0.value == nil }
            guard let newValue else { return }
            insert(SDPAttribute(newValue.rawValue), at: Swift.min(index ?? count, count))
        }
    }
}
