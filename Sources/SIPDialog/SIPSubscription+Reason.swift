extension SIPSubscription {
    /// A `reason` of `Subscription-State: terminated` (RFC 6665 §4.1.3, §8.2.3 `event-reason-value`). Reasons are
    /// tokens; they are kept in lower case, so comparisons ignore case.
    public struct Reason: Hashable, Sendable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The token, in lower case.
        public let rawValue: String

        /// A reason from its token.
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        /// A reason from a literal.
        public init(stringLiteral value: String) { self.init(rawValue: value) }

        public var description: String { rawValue }

        /// Ended, but the subscriber should subscribe again at once (e.g. the subscription moved to another node).
        public static let deactivated: Reason = "deactivated"
        /// Ended; the subscriber should try again later, after `retry-after` when given.
        public static let probation: Reason = "probation"
        /// Ended because authorization was refused; do not subscribe again.
        public static let rejected: Reason = "rejected"
        /// Not refreshed in time (also the end of a fetch or an unsubscribe); the subscriber may subscribe again.
        public static let timeout: Reason = "timeout"
        /// The notifier could not get authorization in time; try again after `retry-after`.
        public static let giveup: Reason = "giveup"
        /// The resource no longer exists; do not subscribe again.
        public static let noresource: Reason = "noresource"
        /// The resource will never change state; do not subscribe again.
        public static let invariant: Reason = "invariant"
    }
}
