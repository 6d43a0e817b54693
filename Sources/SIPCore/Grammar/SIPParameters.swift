/// An ordered list of `;name[=value]` parameters, looked up case-insensitively (RFC 3261 §19.1.4, §7.3.1).
///
/// Names and values are kept as written (escaped, quoted strings with their quotes) so that they serialise
/// back unchanged.
public struct SIPParameters: Hashable, Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One parameter.
    public struct Parameter: Hashable, Sendable {
        /// The name as written.
        public var name: String
        /// The value as written, `nil` for a parameter without `=`.
        public var value: String?
        /// Creates a parameter.
        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// The parameters in order.
    public var elements: [Parameter]

    /// An empty list.
    public init() { elements = [] }

    /// Parameters from name/value pairs, in order.
    public init(dictionaryLiteral elements: (String, String?)...) {
        self.elements = elements.map { Parameter(name: $0.0, value: $0.1) }
    }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> Parameter { elements[position] }

    /// Index of the first parameter named `name` (case-insensitive).
    public func firstIndex(named name: String) -> Int? {
        elements.firstIndex { $0.name.caseInsensitiveEquals(name) }
    }

    /// Whether a parameter named `name` is present (with or without value).
    public func contains(_ name: String) -> Bool { firstIndex(named: name) != nil }

    /// The value of the first parameter named `name`: `.some(nil)` when present without value, `nil` when absent.
    /// Setting `nil` removes it; setting a value replaces it in place or appends it.
    public subscript(name: String) -> String?? {
        get { firstIndex(named: name).map { elements[$0].value } }
        set {
            if let newValue {
                if let i = firstIndex(named: name) {
                    elements[i].value = newValue
                } else {
                    elements.append(Parameter(name: name, value: newValue))
                }
            } else {
                elements.removeAll { $0.name.caseInsensitiveEquals(name) }
            }
        }
    }

    /// The value of `name` when it has one.
    public func value(_ name: String) -> String? { self[name] ?? nil }

    /// Appends a parameter.
    public mutating func append(_ name: String, _ value: String? = nil) {
        elements.append(Parameter(name: name, value: value))
    }

    /// `;a=b;c` form.
    public var serialized: String {
        var s = ""
        for p in elements {
            s += ";"
            s += p.name
            if let v = p.value { s += "=" + v }
        }
        return s
    }
}

extension String {
    /// ASCII case-insensitive equality.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count
            && utf8.elementsEqual(other.utf8) { ByteClass.lower($0) == ByteClass.lower($1) }
    }
}
