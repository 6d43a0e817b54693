/// Why an administrator's request could not be carried out, in a sentence that names the problem.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence.
    public var description: String

    /// An error with `description`.
    public init(_ description: String) {
        self.description = description
    }

    /// The store holds no deployment yet.
    public static let emptyStore = ServiceError(
        "the store holds no deployment yet: run `callpark serve` once (it creates the demo deployment) or `callpark config import FILE`")

    /// No `kind` named `name`; lists the known ones when there are few.
    public static func notFound(_ kind: String, _ name: String, known: [String]) -> ServiceError {
        let hint = known.isEmpty || known.count > 10 ? "" : " (known: \(known.joined(separator: ", ")))"
        return ServiceError("no \(kind) named \(name)\(hint)")
    }

    /// A value that makes no sense.
    public static func invalid(_ text: String) -> ServiceError { ServiceError(text) }
}
