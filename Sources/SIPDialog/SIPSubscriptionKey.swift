import SIPCore

/// Which subscription a SUBSCRIBE or NOTIFY belongs to: its dialog, Event package and `id` (RFC 6665 §4.1.2, §8.2.1).
///
/// Equal keys are matching subscriptions: the package and `id` compare byte by byte, and an `id` never matches its
/// absence (§8.2.1). Several subscriptions can share one dialog (§4.5.2) when their packages or ids differ.
public struct SIPSubscriptionKey: Hashable, Sendable, CustomStringConvertible {
    /// The dialog, as seen from this side.
    public var dialog: SIPDialogID
    /// The event package (`dialog`, `reg`, `refer`, `message-summary`, …).
    public var package: String
    /// The Event header's `id` parameter.
    public var id: String?

    /// Creates a key.
    public init(dialog: SIPDialogID, package: String, id: String? = nil) {
        self.dialog = dialog
        self.package = package
        self.id = id
    }

    /// The key for a subscription in `dialog` to `event`.
    public init(dialog: SIPDialogID, event: SIPEvent) {
        self.init(dialog: dialog, package: event.package, id: event.id)
    }

    /// The key of the subscription an in-dialog SUBSCRIBE or NOTIFY names, from the recipient's side (local tag = To
    /// tag); `nil` without both tags or an Event header.
    public static func forReceived(_ request: SIPRequest) -> SIPSubscriptionKey? {
        guard let dialog = SIPDialogID.forReceived(request), let event = try? request.headerFields.event else { return nil }
        return SIPSubscriptionKey(dialog: dialog, event: event)
    }

    /// The Event header value: the package with its `id`.
    public var event: SIPEvent {
        var parameters = SIPParameters()
        if let id { parameters.append("id", id) }
        return SIPEvent(package: package, parameters: parameters)
    }

    /// Whether `event` names this key's package and id (RFC 6665 §8.2.1).
    public func matches(_ event: SIPEvent) -> Bool { self.event.matches(event) }

    public var description: String { "\(dialog) \(event)" }
}

extension SIPEvent {
    /// RFC 6665 §8.2.1: Event values match when their packages are equal byte by byte and so are their `id`
    /// parameters, an `id` never matching its absence; other parameters do not count.
    public func matches(_ other: SIPEvent) -> Bool { package == other.package && id == other.id }
}
