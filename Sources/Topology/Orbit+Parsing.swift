extension Orbit {
    /// Parses an orbit number in the reference product's format (SPEC §2): `([*#]?[1-9]\d{0,7})|([1-9]\d{0,8})` —
    /// an optional `*` or `#` then 1–8 digits, or 1–9 digits without prefix; no leading zero; with a prefix, the
    /// number after it must be greater than 100.
    public init(parsing text: String) throws(TopologyError) {
        var digits = Substring(text)
        var prefix: Character?
        if let first = digits.first, first == "*" || first == "#" {
            prefix = first
            digits = digits.dropFirst()
        }
        func refuse(_ why: String) -> TopologyError {
            TopologyError(.invalidOrbit, "orbit \"\(text)\" \(why) (format: an optional * or #, then up to 8 digits; or up to 9 digits)")
        }
        guard !digits.isEmpty else { throw refuse("has no digits") }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw refuse("must be digits after the optional prefix") }
        guard digits.first != "0" else { throw refuse("must not start with 0") }
        let maxDigits = prefix == nil ? 9 : 8
        guard digits.count <= maxDigits else { throw refuse("has more than \(maxDigits) digits") }
        if prefix != nil, let value = Int(digits), value <= 100 {
            throw refuse("must be greater than 100 after the prefix")
        }
        self.init(prefix: prefix, digits: String(digits))
    }
}
