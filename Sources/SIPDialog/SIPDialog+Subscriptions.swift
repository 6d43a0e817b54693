import SIPCore

/// Requests of a subscription usage in a dialog (RFC 6665 §4.1.2, §4.2.2) and the dialog a NOTIFY creates.
extension SIPDialog {
    /// A NOTIFY in this dialog with `Event` and `Subscription-State` (RFC 6665 §8.1.2, §8.2.3) and the body.
    public mutating func makeNotify(event: SIPEvent, state: SIPSubscriptionState, body: [UInt8] = [], contentType: String? = nil) -> SIPRequest {
        var notify = makeRequest(.notify, body: body, contentType: contentType)
        notify.headerFields.append(.event, event.description)
        notify.headerFields.append(.subscriptionState, state.description)
        return notify
    }

    /// A SUBSCRIBE in this dialog: a refresh, or with `expires` 0 an unsubscribe (RFC 6665 §4.1.2.2, §4.1.2.3).
    public mutating func makeSubscribe(event: SIPEvent, expires: UInt32) -> SIPRequest {
        var subscribe = makeRequest(.subscribe)
        subscribe.headerFields.append(.event, event.description)
        subscribe.headerFields.append(.expires, String(expires))
        return subscribe
    }

    /// The dialog a subscriber gets from a NOTIFY that arrives before the 2xx to its `subscribe` (RFC 6665 §4.1.2.4):
    /// the NOTIFY's Contact is the remote target and its Record-Route the route set, as for a request received
    /// (RFC 3261 §12.1.1); the local CSeq goes on from the SUBSCRIBE's.
    public init(subscribe: SIPRequest, notify: SIPRequest, localContact: SIPURI) throws(SIPParseError) {
        guard let from = try subscribe.headerFields.from, let localTag = from.tag, let cseq = try subscribe.headerFields.cSeq else {
            throw SIPParseError(.missingHeader, "a SUBSCRIBE needs From with a tag and CSeq")
        }
        try self.init(uasRequest: notify, localTag: localTag, localContact: localContact)
        localAddress = from
        localSequence = cseq.sequence
    }
}
