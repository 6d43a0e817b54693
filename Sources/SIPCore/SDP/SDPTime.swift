/// A `t=` line with its `r=` repeat lines (RFC 4566 §5.9, §5.10).
public struct SDPTime: Hashable, Sendable {
    /// The NTP start time, 0 for an unbounded session.
    public var start: UInt64
    /// The NTP stop time, 0 for an unbounded session.
    public var stop: UInt64
    /// The values of the `r=` lines that follow, verbatim.
    public var repeats: [String]

    /// Creates a time description; `t=0 0` by default.
    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }
}
