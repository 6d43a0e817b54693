/// Why a deployment or a change to it was refused. Every case names the rule broken, in words an administrator
/// reads (``description``).
public struct TopologyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of rule was broken (for tests and scripts).
    public enum Rule: String, Hashable, Sendable, Codable {
        case duplicate, notFound, inUse, invalidName, invalidDomain, invalidAddress, invalidPair, invalidOrbit, invalidRange
        case rangeOverlap, rangeTooLarge, poolTooManyOrbits, invalidSetting, invalidCredentials, invalidUser
        /// Two pools (or a pool's SIP and admin servers) on the same host and port.
        case addressConflict
    }
    /// The rule broken.
    public var rule: Rule
    /// The full sentence.
    public var description: String

    /// An error.
    public init(_ rule: Rule, _ description: String) {
        self.rule = rule
        self.description = description
    }

    /// `kind` `name` already exists.
    public static func duplicate(_ kind: String, _ name: String) -> TopologyError {
        TopologyError(.duplicate, "\(kind) \(name) already exists")
    }
    /// No `kind` named `name`.
    public static func notFound(_ kind: String, _ name: String) -> TopologyError {
        TopologyError(.notFound, "no \(kind) named \(name)")
    }
    /// Something still refers to what is being removed.
    public static func inUse(_ text: String) -> TopologyError { TopologyError(.inUse, text) }

    /// The same error with `context` put in front of the sentence (`pool pool-a: …`).
    func prefixed(_ context: String) -> TopologyError { TopologyError(rule, "\(context): \(description)") }
}
