import SIPCore

/// What ``Registrar/register(_:user:source:now:wallClock:)`` decided: the response to send, and what changed for logs
/// and (later) registration-event notifications (RFC 3680).
public struct RegistrationOutcome: Hashable, Sendable {
    /// The response to send: 200, 301, or a refusal with a Warning.
    public var response: SIPResponse
    /// The user's registration mode at this pool.
    public var mode: RegistrationMode
    /// The user's name (the address-of-record's user part).
    public var user: String
    /// Bindings added, refreshed, removed or found expired; empty when the request was refused or redirected.
    public var changes: BindingChanges
    /// The user's bindings at this pool after the request (those listed in a 200 OK).
    public var bindings: [Binding]

    /// An outcome.
    public init(
        response: SIPResponse, mode: RegistrationMode, user: String, changes: BindingChanges = BindingChanges(),
        bindings: [Binding] = []
    ) {
        self.response = response
        self.mode = mode
        self.user = user
        self.changes = changes
        self.bindings = bindings
    }
}
