/// `Event: refer;id=93809824` (RFC 6665 §8.2.1).
public struct SIPEvent: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// The event package (`refer`, `reg`, `dialog`, …), with template suffixes.
    public var package: String
    /// Parameters; `id` identifies the subscription.
    public var parameters: SIPParameters

    /// Creates an Event value.
    public init(package: String, parameters: SIPParameters = SIPParameters()) {
        self.package = package
        self.parameters = parameters
    }

    /// Parses `event-type *( SEMI event-param )`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPEvent.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPEvent {
        let package = try s.token("event package")
        let params = try s.headerParameters()
        return SIPEvent(package: package, parameters: params)
    }

    /// The `id` parameter.
    public var id: String? { parameters.value("id") }

    public var description: String { package + parameters.serialized }
}

/// `Subscription-State: active;expires=600` (RFC 6665 §8.2.3).
public struct SIPSubscriptionState: Hashable, Sendable, CustomStringConvertible, SIPHeaderValue {
    /// `active`, `pending`, `terminated` or an extension.
    public var state: String
    /// Parameters (`reason`, `expires`, `retry-after`).
    public var parameters: SIPParameters

    /// Creates a value.
    public init(state: String, parameters: SIPParameters = SIPParameters()) {
        self.state = state
        self.parameters = parameters
    }

    /// Parses `substate-value *( SEMI subexp-params )`.
    public init(_ text: String) throws(SIPParseError) {
        self = try SIPSubscriptionState.parseWhole(text)
    }

    static func parse(_ s: inout ByteScanner) throws(SIPParseError) -> SIPSubscriptionState {
        let state = try s.token("subscription state")
        let params = try s.headerParameters()
        for name in ["expires", "retry-after"] {
            if let v = params[name] {
                guard let v, !v.isEmpty, v.utf8.allSatisfy(ByteClass.isDigit) else {
                    throw s.error("\(name) must be a number of seconds")
                }
            }
        }
        return SIPSubscriptionState(state: state, parameters: params)
    }

    /// The `expires` parameter, clamped to 2³²−1.
    public var expires: UInt32? { parameters.value("expires").map(clampedSeconds) }
    /// The `reason` parameter.
    public var reason: String? { parameters.value("reason") }

    public var description: String { state + parameters.serialized }
}

/// Decimal seconds clamped to 2³²−1 (RFC 3261 §10.2.1.1); 0 for text that is not a number.
func clampedSeconds(_ text: String) -> UInt32 {
    var v: UInt64 = 0
    for b in text.utf8 {
        guard ByteClass.isDigit(b) else { return 0 }
        v = Swift.min(v * 10 + UInt64(b - 0x30), UInt64(UInt32.max) + 1)
    }
    return UInt32(clamping: v)
}
