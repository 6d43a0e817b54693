extension Deployment {
    /// The deployment as a YAML configuration file that ``init(yaml:)`` reads back to an equal deployment (pairs
    /// come back with the names in order, sorted). Everything is sorted by name; users carry their hashes, never a
    /// password; settings at their defaults are still written out, so the file shows what is in force.
    public func yaml() -> String {
        var out = YAMLWriter()
        out.comment("callpark deployment (SPEC §2). Orbits are quoted: in YAML an unquoted * is an alias and # a comment.")
        out.field("domain", YAMLWriter.scalar(domain), indent: 0)
        out.line("service:")
        writeService(&out)
        let sortedPools = pools.values.sorted { $0.name < $1.name }
        out.list("pools", isEmpty: sortedPools.isEmpty)
        for pool in sortedPools { writePool(pool, to: &out) }
        let sortedUsers = users.values.sorted { $0.name < $1.name }
        out.list("users", isEmpty: sortedUsers.isEmpty)
        for user in sortedUsers { writeUser(user, to: &out) }
        let sortedRanges = orbitRanges.values.sorted { $0.name < $1.name }
        out.list("orbitRanges", isEmpty: sortedRanges.isEmpty)
        for range in sortedRanges {
            let fields = [
                "name: \(YAMLWriter.scalar(range.name))", "start: \(YAMLWriter.quoted(range.start.description))",
                "end: \(YAMLWriter.quoted(range.end.description))", "pool: \(YAMLWriter.scalar(range.pool))",
            ]
            out.line("  - { \(fields.joined(separator: ", ")) }")
        }
        return out.text
    }

    private func writeService(_ out: inout YAMLWriter) {
        out.field("minExpires", "\(service.minExpires)", indent: 2)
        out.field("maxExpires", "\(service.maxExpires)", indent: 2)
        out.field("defaultExpires", "\(service.defaultExpires)", indent: 2)
        out.field("resiliencyExpires", "\(service.resiliencyExpires)", indent: 2)
        out.field("recordRoute", "\(service.recordRoute)", indent: 2)
        out.field("probeInterval", "\(service.probeInterval)", indent: 2)
        out.field("probeFailureThreshold", "\(service.probeFailureThreshold)", indent: 2)
        out.field("probeRecoveryThreshold", "\(service.probeRecoveryThreshold)", indent: 2)
        if let after = service.automaticFailoverAfter { out.field("automaticFailoverAfter", "\(after)", indent: 2) }
        out.field("digestAlgorithms", "[" + service.digestAlgorithms.map { "\"\($0)\"" }.joined(separator: ", ") + "]", indent: 2)
    }

    private func writePool(_ pool: Pool, to out: inout YAMLWriter) {
        out.line("  - name: \(YAMLWriter.scalar(pool.name))")
        out.field("sip", YAMLWriter.address(pool.sipHostPort), indent: 4)
        out.field("admin", YAMLWriter.address(pool.adminHostPort), indent: 4)
        if let partner = partner(of: pool.name) { out.field("partner", YAMLWriter.scalar(partner), indent: 4) }
        if pool.failedOver { out.field("failedOver", "true", indent: 4) }
        guard let settings = callParkSettings[pool.name] else { return }
        out.line("    callPark:")
        out.field("pickupTimeout", "\(settings.pickupTimeout)", indent: 6)
        out.field("maxPickupAttempts", "\(settings.maxPickupAttempts)", indent: 6)
        if let uri = settings.onTimeoutURI { out.field("onTimeoutURI", YAMLWriter.quoted(uri), indent: 6) }
        out.field("enableMusicOnHold", "\(settings.enableMusicOnHold)", indent: 6)
        if let file = settings.musicOnHoldFile { out.field("musicOnHoldFile", YAMLWriter.quoted(file), indent: 6) }
        out.field("ringbackDuration", "\(settings.ringbackDuration)", indent: 6)
        out.field("orbitReuseDelay", "\(settings.orbitReuseDelay)", indent: 6)
    }

    private func writeUser(_ user: User, to out: inout YAMLWriter) {
        out.line("  - name: \(YAMLWriter.scalar(user.name))")
        if let displayName = user.displayName { out.field("displayName", YAMLWriter.scalar(displayName), indent: 4) }
        out.field("pool", YAMLWriter.scalar(user.homePool), indent: 4)
        if !user.callParkEnabled { out.field("callPark", "false", indent: 4) }
        out.field("ha1-md5", YAMLWriter.quoted(user.ha1MD5), indent: 4)
        out.field("ha1-sha256", YAMLWriter.quoted(user.ha1SHA256), indent: 4)
    }
}

/// Writes YAML text line by line, quoting scalars only when YAML would read them as something else.
struct YAMLWriter {
    /// The text so far.
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    mutating func comment(_ comment: String) { line("# " + comment) }

    mutating func field(_ name: String, _ value: String, indent: Int) {
        line(String(repeating: " ", count: indent) + name + ": " + value)
    }

    /// `name:` for a list that follows, or `name: []` for an empty one.
    mutating func list(_ name: String, isEmpty: Bool) { line(isEmpty ? "\(name): []" : "\(name):") }

    /// A text value: plain when it starts with a letter, holds only letters, digits, inner spaces and `._-/@+` and is
    /// no YAML keyword (`yes`, `null`…); double-quoted otherwise.
    static func scalar(_ value: String) -> String {
        let plain =
            value.unicodeScalars.first.map(TopologySyntax.isLetter) == true && value.last != " "
            && value.unicodeScalars.allSatisfy { TopologySyntax.isNameCharacter($0) || "/@+ ".unicodeScalars.contains($0) }
            && !["y", "n", "yes", "no", "true", "false", "on", "off", "null"].contains(value.lowercased())
        return plain ? value : quoted(value)
    }

    /// A `host:port`: plain unless the host is an IPv6 reference (a leading `[` starts a YAML list).
    static func address(_ hostPort: String) -> String { hostPort.hasPrefix("[") ? quoted(hostPort) : hostPort }

    /// A double-quoted YAML string (YAML 1.1 §5.7 escapes).
    static func quoted(_ value: String) -> String {
        var plain = true
        for byte in value.utf8 where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain { return "\"" + value + "\"" }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
