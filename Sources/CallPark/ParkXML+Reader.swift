extension ParkXML {
    /// The byte reader behind ``ParkXML/parse(_:)``.
    struct Reader {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark is allowed before the document (XML 1.0 §4.3.3, Appendix F).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }

        /// document ::= prolog element Misc* (XML 1.0 §2.1).
        mutating func document() throws(ParkBodyError) -> Element {
            try misc()
            guard peek() == UInt8(ascii: "<") else {
                throw error(i >= bytes.count ? "no XML element in the body" : "expected '<' to start the root element")
            }
            let root = try element(depth: 1)
            try misc()
            guard i >= bytes.count else { throw error("content after the root element <\(root.name)>") }
            return root
        }

        /// Whitespace, comments and processing instructions (the XML declaration is one); a DOCTYPE is refused.
        mutating func misc() throws(ParkBodyError) {
            while true {
                skipSpace()
                if starts("<!--") {
                    try comment()
                } else if starts("<?") {
                    try skip(past: "?>", what: "processing instruction")
                } else if starts("<!") {
                    throw error("DOCTYPE and other declarations are not allowed")
                } else {
                    return
                }
            }
        }

        /// element ::= EmptyElemTag | STag content ETag (XML 1.0 §3).
        mutating func element(depth: Int) throws(ParkBodyError) -> Element {
            guard depth <= ParkXML.maximumDepth else { throw error("elements nested deeper than \(ParkXML.maximumDepth)") }
            i += 1  // '<'
            var node = Element(name: try name("element name"))
            while true {
                let hadSpace = skipSpace()
                if starts("/>") {
                    i += 2
                    return node
                }
                if peek() == UInt8(ascii: ">") {
                    i += 1
                    break
                }
                guard i < bytes.count else { throw error("unterminated start tag <\(node.name)>") }
                guard hadSpace else { throw error("expected a space before the next attribute of <\(node.name)>") }
                let attribute = try name("attribute name")
                skipSpace()
                guard peek() == UInt8(ascii: "=") else { throw error("expected '=' after attribute \(attribute)") }
                i += 1
                skipSpace()
                let value = try quoted(attribute)
                guard node.attribute(attribute) == nil else { throw error("duplicate attribute \(attribute) in <\(node.name)>") }
                node.attributes.append((attribute, value))
            }
            var text: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("missing </\(node.name)>") }
                if starts("</") {
                    i += 2
                    let closing = try name("end tag name")
                    guard closing == node.name else { throw error("</\(closing)> closes <\(node.name)>") }
                    skipSpace()
                    guard peek() == UInt8(ascii: ">") else { throw error("expected '>' to end </\(closing)>") }
                    i += 1
                    node.text = try string(text)
                    return node
                } else if starts("<!--") {
                    try comment()
                } else if starts("<![CDATA[") {
                    i += 9
                    let start = i
                    try skip(past: "]]>", what: "CDATA section")
                    text += bytes[start..<(i - 3)]
                } else if starts("<?") {
                    try skip(past: "?>", what: "processing instruction")
                } else if starts("<!") {
                    throw error("declarations are not allowed inside <\(node.name)>")
                } else if peek() == UInt8(ascii: "<") {
                    node.children.append(try element(depth: depth + 1))
                } else if peek() == UInt8(ascii: "&") {
                    text += try entity()
                } else {
                    text.append(bytes[i])
                    i += 1
                }
            }
        }

        /// AttValue ::= '"' … '"' | "'" … "'" with references decoded (XML 1.0 §2.3, §3.3.3).
        mutating func quoted(_ attribute: String) throws(ParkBodyError) -> String {
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw error("the value of attribute \(attribute) must be quoted")
            }
            i += 1
            var value: [UInt8] = []
            while true {
                guard let byte = peek() else { throw error("unterminated value of attribute \(attribute)") }
                if byte == quote {
                    i += 1
                    return try string(value)
                }
                switch byte {
                case UInt8(ascii: "<"): throw error("'<' in the value of attribute \(attribute)")
                case UInt8(ascii: "&"): value += try entity()
                case 0x09, 0x0A, 0x0D:
                    value.append(0x20)  // attribute-value normalisation (§3.3.3)
                    i += 1
                default:
                    value.append(byte)
                    i += 1
                }
            }
        }

        /// A predefined entity or a character reference (XML 1.0 §4.1, §4.6), as UTF-8.
        mutating func entity() throws(ParkBodyError) -> [UInt8] {
            let start = i
            i += 1  // '&'
            while let byte = peek(), byte != UInt8(ascii: ";") {
                guard i - start < 12 else { break }
                i += 1
            }
            guard peek() == UInt8(ascii: ";") else { i = start; throw error("unterminated entity reference") }
            let name = String(decoding: bytes[(start + 1)..<i], as: UTF8.self)
            i += 1
            switch name {
            case "lt": return [UInt8(ascii: "<")]
            case "gt": return [UInt8(ascii: ">")]
            case "amp": return [UInt8(ascii: "&")]
            case "quot": return [UInt8(ascii: "\"")]
            case "apos": return [UInt8(ascii: "'")]
            default:
                var digits = Substring(name)
                guard digits.first == "#" else { i = start; throw error("unknown entity &\(name);") }
                digits = digits.dropFirst()
                let radix = digits.first == "x" ? 16 : 10
                if radix == 16 { digits = digits.dropFirst() }
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }), let value = UInt32(digits, radix: radix),
                    let scalar = Unicode.Scalar(value), value != 0
                else { i = start; throw error("invalid character reference &\(name);") }
                return Array(String(Character(scalar)).utf8)
            }
        }

        /// Name ::= NameStartChar NameChar* (XML 1.0 §2.3), ASCII letters, digits, `_ : - .` and any non-ASCII.
        mutating func name(_ what: String) throws(ParkBodyError) -> String {
            let start = i
            while let byte = peek() {
                let isStart =
                    byte >= 0x80 || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                let isName =
                    isStart || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                guard i == start ? isStart : isName else { break }
                i += 1
            }
            guard i > start else { throw error("expected an \(what)") }
            return try string(Array(bytes[start..<i]))
        }

        mutating func comment() throws(ParkBodyError) {
            i += 4
            try skip(past: "-->", what: "comment")
        }

        /// Moves past the next `end`; `what` names the construct left unterminated otherwise.
        mutating func skip(past end: String, what: String) throws(ParkBodyError) {
            let marker = Array(end.utf8)
            while i < bytes.count {
                if bytes[i...].starts(with: marker) {
                    i += marker.count
                    return
                }
                i += 1
            }
            throw error("unterminated \(what)")
        }

        @discardableResult
        mutating func skipSpace() -> Bool {
            let start = i
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { i += 1 }
            return i > start
        }

        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        func starts(_ prefix: String) -> Bool { bytes[i...].starts(with: prefix.utf8) }

        func string(_ utf8: [UInt8]) throws(ParkBodyError) -> String {
            guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8") }
            return text
        }

        func error(_ text: String) -> ParkBodyError { ParkBodyError("\(text) (at byte \(i))") }
    }
}
