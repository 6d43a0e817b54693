import SIPCore

/// A dialog's identity (RFC 3261 §12): Call-ID, local tag and remote tag, as seen from this side.
public struct SIPDialogID: Hashable, Sendable, CustomStringConvertible {
    /// The Call-ID.
    public var callID: String
    /// This side's tag (From of requests it sends).
    public var localTag: String
    /// The peer's tag.
    public var remoteTag: String

    /// Creates an identifier.
    public init(callID: String, localTag: String, remoteTag: String) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
    }

    /// The identifier a UAS uses for a request it received inside a dialog (§12.2.2: local tag = To tag).
    public static func forReceived(_ request: SIPRequest) -> SIPDialogID? {
        guard let callID = try? request.headerFields.callID, let to = try? request.headerFields.to, let from = try? request.headerFields.from,
            let localTag = to.tag, let remoteTag = from.tag
        else { return nil }
        return SIPDialogID(callID: callID, localTag: localTag, remoteTag: remoteTag)
    }

    /// The identifier a UAC uses for a response it received (§12.1.2: local tag = From tag, remote = To tag).
    public static func forReceived(_ response: SIPResponse) -> SIPDialogID? {
        guard let callID = try? response.headerFields.callID, let to = try? response.headerFields.to,
            let from = try? response.headerFields.from, let remoteTag = to.tag, let localTag = from.tag
        else { return nil }
        return SIPDialogID(callID: callID, localTag: localTag, remoteTag: remoteTag)
    }

    /// The Replaces value that names this dialog as the peer sees it (RFC 3891 §3: to-tag is the recipient's
    /// local tag, so when sent to the peer, to-tag = our remote tag).
    public var replacesForPeer: SIPReplaces { SIPReplaces(callID: callID, toTag: remoteTag, fromTag: localTag) }

    public var description: String { "\(callID);local=\(localTag);remote=\(remoteTag)" }
}
