/// What one REGISTER (or an expiry sweep) changed in a user's bindings, for logs and, later, registration-event
/// notifications (RFC 3680 §5.2.2 events: `created`, `refreshed`, `unregistered`, `expired`).
public struct BindingChanges: Hashable, Sendable {
    /// New bindings (`created`).
    public var added: [Binding]
    /// Existing bindings written again, as they are now (`refreshed`).
    public var refreshed: [Binding]
    /// Bindings removed by the request (`unregistered`).
    public var removed: [Binding]
    /// Bindings found expired and dropped while applying the request (`expired`).
    public var expired: [Binding]

    /// Changes; nothing by default.
    public init(added: [Binding] = [], refreshed: [Binding] = [], removed: [Binding] = [], expired: [Binding] = []) {
        self.added = added
        self.refreshed = refreshed
        self.removed = removed
        self.expired = expired
    }

    /// Whether nothing changed.
    public var isEmpty: Bool { added.isEmpty && refreshed.isEmpty && removed.isEmpty && expired.isEmpty }
}
