import Yams

/// One node of a configuration file with its path (`users[2].pool`), so that every error says where it is.
struct ConfigurationNode {
    /// The YAML node.
    let node: Node
    /// The path of the parent node (computed only when an error needs it: files can hold 100,000 users).
    let parentPath: String
    /// The field name or `[index]` of this node in its parent; empty for the root.
    let component: String
    /// The whole file, for hints that quote a line.
    let source: String

    /// Where it is, e.g. `pools[0].callPark`; empty for the root.
    var path: String {
        if parentPath.isEmpty || component.hasPrefix("[") { return parentPath + component }
        return parentPath + "." + component
    }

    /// The line (from 1).
    var line: Int? { node.mark?.line }

    /// Parses `yaml` into its root node, turning YAML syntax errors into messages with a line.
    static func parse(_ yaml: String) throws(ConfigurationError) -> ConfigurationNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            throw syntaxError(error, in: yaml)
        } catch {
            throw ConfigurationError(line: nil, path: "", message: "cannot read the file as YAML: \(error)")
        }
        guard let root else { throw ConfigurationError(line: nil, path: "", message: "the configuration is empty") }
        return ConfigurationNode(node: root, parentPath: "", component: "", source: yaml)
    }

    /// An error about this node.
    func error(_ message: String, topologyError: TopologyError? = nil) -> ConfigurationError {
        ConfigurationError(line: line, path: path, message: message, topologyError: topologyError)
    }

    /// An error from a deployment rule, about this node.
    func error(_ topologyError: TopologyError) -> ConfigurationError { error(topologyError.description, topologyError: topologyError) }

    // MARK: Shapes

    /// Whether the node is empty or `null`/`~` (an absent value).
    var isNull: Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        let text = scalar.string
        return text.utf8.count <= 4 && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }

    /// The node as a mapping with only the `allowed` keys (a typo is an error, not a silently ignored field).
    func mapping(allowed: [String]) throws(ConfigurationError) -> ConfigurationMapping {
        guard let mapping = node.mapping else { throw error("expected fields (\(allowed.joined(separator: ", "))), found \(kind)") }
        var fields: [String: ConfigurationNode] = [:]
        let path = self.path
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error("a field name must be plain text") }
            let child = ConfigurationNode(node: value, parentPath: path, component: name, source: source)
            guard allowed.contains(name) else {
                throw ConfigurationError(
                    line: key.mark?.line, path: child.path, message: "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            fields[name] = child
        }
        return ConfigurationMapping(owner: self, fields: fields)
    }

    /// The node as a list; an absent value is an empty list.
    func sequence() throws(ConfigurationError) -> [ConfigurationNode] {
        if isNull { return [] }
        guard let sequence = node.sequence else { throw error("expected a list (lines starting with '- '), found \(kind)") }
        let path = self.path
        return sequence.enumerated().map { ConfigurationNode(node: $1, parentPath: path, component: "[\($0)]", source: source) }
    }

    /// The node as text.
    func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("expected a value, found \(kind)") }
        if isNull { throw error("a value is needed" + (orbitHint().map { " (\($0))" } ?? "")) }
        return scalar.string
    }

    /// The node as text, or `nil` when absent or null.
    func optionalString() throws(ConfigurationError) -> String? { isNull ? nil : try string() }

    /// The node as a whole number.
    func int() throws(ConfigurationError) -> Int {
        let text = try string()
        guard let value = Int(text) else { throw error("expected a whole number, found \"\(text)\"") }
        return value
    }

    /// The node as a number.
    func double() throws(ConfigurationError) -> Double {
        let text = try string()
        guard let value = Double(text), value.isFinite else { throw error("expected a number, found \"\(text)\"") }
        return value
    }

    /// The node as `true` or `false` (also `yes`/`no`, `on`/`off`).
    func bool() throws(ConfigurationError) -> Bool {
        let text = try string()
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \"\(text)\"")
        }
    }

    private var kind: String {
        switch node {
        case .mapping: "fields"
        case .sequence: "a list"
        case .scalar(let scalar): "\"\(scalar.string)\""
        case .alias: "an alias"
        }
    }

    // MARK: Hints

    /// When the node's line holds an unquoted `#3000` (a YAML comment), how to write it.
    func orbitHint() -> String? {
        guard let line, let token = Self.unquotedOrbit(in: Self.line(line, of: source), marker: "#") else { return nil }
        return "orbit \(token) must be quoted: write \"\(token)\" (in YAML an unquoted # starts a comment)"
    }

    static func syntaxError(_ error: YamlError, in yaml: String) -> ConfigurationError {
        let (problem, mark): (String, Mark?) =
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                (problem, mark)
            case .duplicatedKeysInMapping(let duplicates, let context):
                ("the field \(duplicates.joined(separator: ", ")) is given twice", context.mark)
            case .reader(let problem, _, _, _): (problem, nil)
            default: ("\(error)", nil)
            }
        let line = mark?.line
        let text = line.map { Self.line($0, of: yaml) } ?? ""
        if problem == "found undefined alias", let token = unquotedOrbit(in: text, marker: "*") {
            return ConfigurationError(
                line: line, path: "", message: "orbit \(token) must be quoted: write \"\(token)\" (in YAML an unquoted * refers to an anchor)")
        }
        if problem == "found undefined alias" {
            return ConfigurationError(line: line, path: "", message: "a value starting with * must be quoted (in YAML * refers to an anchor)")
        }
        // A comment swallowing the rest of a flow mapping (`{ start: #3000, end: … }`) shows up as a syntax error
        // on a later line; point at the culprit.
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).prefix(line ?? Int.max)
        let culprit = lines.enumerated().last { unquotedOrbit(in: $0.element, marker: "#", inFlow: true) != nil }
        if let culprit, let token = unquotedOrbit(in: culprit.element, marker: "#", inFlow: true) {
            return ConfigurationError(
                line: culprit.offset + 1, path: "",
                message: "orbit \(token) must be quoted: write \"\(token)\" (in YAML an unquoted # starts a comment)")
        }
        return ConfigurationError(line: line, path: "", message: "not valid YAML: \(problem)")
    }

    /// Line `number` (from 1) of `text`.
    static func line(_ number: Int, of text: String) -> Substring {
        text.split(separator: "\n", maxSplits: number, omittingEmptySubsequences: false).dropFirst(number - 1).first ?? ""
    }

    /// An unquoted `*digits` or `#digits` in value position (after `:`, `-`, `{`, `[` or `,`) on `line`, outside
    /// quotes; with `inFlow`, only inside a `{…}` or `[…]` on the same line.
    static func unquotedOrbit(in line: Substring, marker: Character, inFlow: Bool = false) -> String? {
        let chars = Array(line)
        var quote: Character?
        var flowDepth = 0
        var index = 0
        while index < chars.count {
            let char = chars[index]
            defer { index += 1 }
            if let open = quote {
                if char == "\\" && open == "\"" {
                    index += 1
                } else if char == open {
                    quote = nil
                }
                continue
            }
            switch char {
            case "\"", "'": quote = char
            case "{", "[": flowDepth += 1
            case "}", "]": flowDepth -= 1
            default: break
            }
            guard char == marker, index + 1 < chars.count, chars[index + 1].isASCII, chars[index + 1].isNumber else { continue }
            guard !inFlow || flowDepth > 0 else { continue }
            var before = index - 1
            while before >= 0, chars[before] == " " { before -= 1 }
            // A `#` or `*` at the start of a line is a comment or an alias on its own, not a mistyped value.
            guard before >= 0, [":", "-", "{", "[", ","].contains(chars[before]) else { continue }
            var end = index + 1
            while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
            return String(chars[index..<end])
        }
        return nil
    }
}

/// The fields of a mapping node.
struct ConfigurationMapping {
    /// The mapping itself.
    let owner: ConfigurationNode
    /// Its fields by name.
    let fields: [String: ConfigurationNode]

    /// A field, or `nil` when absent or null.
    subscript(_ name: String) -> ConfigurationNode? {
        guard let field = fields[name], !field.isNull else { return nil }
        return field
    }

    /// A field that must be there.
    func required(_ name: String) throws(ConfigurationError) -> ConfigurationNode {
        if let field = self[name] { return field }
        if let field = fields[name] { throw field.error("a value is needed" + (field.orbitHint().map { " (\($0))" } ?? "")) }
        throw owner.error("the field \(name) is missing")
    }
}
