import SIPCore

/// A dialog named by a park request, whichever party names it: Call-ID and the two tags, unordered, so that the
/// parker and the parkee both asking to park the same call is a double park too (SPEC §5 `409`).
public struct ParkedDialogKey: Hashable, Sendable {
    /// The Call-ID.
    public var callID: String
    /// The two tags, sorted.
    public var tags: [String]

    /// The key of the dialog `replaces` names (RFC 3891).
    public init(_ replaces: SIPReplaces) {
        callID = replaces.callID
        tags = [replaces.toTag, replaces.fromTag].sorted()
    }
}
