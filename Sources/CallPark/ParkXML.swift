/// A small, strict-enough XML reader and writer for the three park bodies of SPEC §5 (park request, park response,
/// unpark notification). Not a general XML parser: it reads one element tree with attributes (either quote style,
/// any order, whitespace around `=`), text, CDATA, comments, processing instructions and the XML declaration, and
/// decodes the five predefined entities and character references (XML 1.0 §4.6, §4.1). It refuses a DOCTYPE (no
/// entity expansion), unknown entities, mismatched tags, duplicate attributes and bodies over 64 KiB.
enum ParkXML {
    /// One element: name (with any namespace prefix), attributes in order, child elements and the text directly in it.
    struct Element: Equatable {
        var name: String
        var attributes: [(name: String, value: String)] = []
        var children: [Element] = []
        var text = ""

        /// The name without its namespace prefix: bodies are matched on it, so a prefixed body reads the same.
        var localName: Substring { name.split(separator: ":", maxSplits: 1).last ?? Substring(name) }

        /// The value of attribute `name`.
        func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

        /// Child elements whose local name is `name`.
        func children(_ name: String) -> [Element] { children.filter { $0.localName == name } }

        /// The only child element `name` of `parent`; an error when there are none or several.
        func only(_ name: String) throws(ParkBodyError) -> Element {
            let found = children(name)
            guard let first = found.first else { throw ParkBodyError("<\(localName)> has no <\(name)> element") }
            guard found.count == 1 else { throw ParkBodyError("<\(localName)> has \(found.count) <\(name)> elements, expected one") }
            return first
        }

        /// The value of attribute `name`, required and not empty.
        func required(_ name: String) throws(ParkBodyError) -> String {
            guard let value = attribute(name) else { throw ParkBodyError("<\(localName)> has no \(name) attribute") }
            guard !value.isEmpty else { throw ParkBodyError("the \(name) attribute of <\(localName)> is empty") }
            return value
        }

        static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.name == rhs.name && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
                && lhs.attributes.map(\.value) == rhs.attributes.map(\.value) && lhs.children == rhs.children && lhs.text == rhs.text
        }
    }

    /// Largest body read.
    static let maximumSize = 64 * 1024
    /// Deepest nesting read.
    static let maximumDepth = 16

    /// Parses `bytes` (UTF-8) into its root element; the error text says what is wrong and where.
    static func parse(_ bytes: [UInt8]) throws(ParkBodyError) -> Element {
        guard bytes.count <= maximumSize else { throw ParkBodyError("body larger than \(maximumSize) bytes") }
        var reader = Reader(bytes: bytes)
        return try reader.document()
    }

    /// Parses `bytes` and checks that the root is `name` with a supported `version` (major version 1; a missing
    /// version reads as 1.0 only when `versionRequired` is false).
    static func root(_ bytes: [UInt8], named name: String, versionRequired: Bool = true) throws(ParkBodyError) -> Element {
        let root = try parse(bytes)
        guard root.localName == name else { throw ParkBodyError("expected <\(name)>, found <\(root.name)>") }
        guard let version = root.attribute("version") else {
            if versionRequired { throw ParkBodyError("<\(name)> has no version attribute") }
            return root
        }
        guard version.split(separator: ".", omittingEmptySubsequences: false).first == "1" else {
            throw ParkBodyError("unsupported <\(name)> version \"\(version)\" (this service reads 1.x)")
        }
        return root
    }

    // MARK: Writing

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, for attribute values and text (XML 1.0 §2.4, §3.3.3).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"  // kept through attribute-value normalisation (§3.3.3)
            default:
                // Other C0 controls are not allowed in XML 1.0 at all (§2.2): dropped.
                if scalar.value < 0x20 { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// ` name="value"` for each pair whose value is not `nil`.
    static func attributes(_ pairs: KeyValuePairs<String, String?>) -> String {
        pairs.compactMap { name, value in value.map { " \(name)=\"\(escaped($0))\"" } }.joined()
    }
}

/// A park body that cannot be read: the text says what is wrong, for the `400` the driver sends back
/// (see ``ParkRefusal/Reason/malformedParkRequest(_:)``).
public struct ParkBodyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in words.
    public var description: String

    /// An error.
    public init(_ description: String) { self.description = description }
}
