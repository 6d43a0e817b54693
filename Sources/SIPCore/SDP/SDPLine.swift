/// A line this package does not model (`i=`, `u=`, `e=`, `p=`, `b=`, `z=`, `k=`, …), kept verbatim.
public struct SDPLine: Hashable, Sendable, CustomStringConvertible {
    /// The one-letter type before `=`.
    public var type: Character
    /// Everything after `=`.
    public var value: String

    /// Creates a line.
    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }

    /// `type=value`.
    public var description: String { "\(type)=\(value)" }
}
