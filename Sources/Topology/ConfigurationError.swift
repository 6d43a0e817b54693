/// Why a configuration file was refused: where (line and field) and what, in words an administrator reads, e.g.
/// `line 14: users[2].pool: no pool named pool-c`.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line of the file (from 1), when known.
    public var line: Int?
    /// The field, e.g. `users[2].pool` (list indices count from 0); empty for the file as a whole.
    public var path: String
    /// What is wrong.
    public var message: String
    /// The deployment rule broken, when the file was read but its content breaks a rule of SPEC §2.
    public var topologyError: TopologyError?

    /// An error.
    public init(line: Int?, path: String, message: String, topologyError: TopologyError? = nil) {
        self.line = line
        self.path = path
        self.message = message
        self.topologyError = topologyError
    }

    /// `line N: path: message`, leaving out what is unknown.
    public var description: String {
        var text = ""
        if let line { text += "line \(line): " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}
