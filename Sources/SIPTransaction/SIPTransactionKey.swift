import SIPCore

/// What identifies a transaction, for routing messages from the transport to the right state machine
/// (RFC 3261 §17.1.3, §17.2.3).
///
/// Client keys are the top Via branch and the CSeq method; server keys add the Via sent-by and map ACK to the
/// INVITE it acknowledges, or, for requests from RFC 2543 elements (no `z9hG4bK` magic cookie in the branch),
/// combine the fields §17.2.3 lists. Keys of the two sides never compare equal, so one table may hold both.
/// ```swift
/// let key = try SIPTransactionKey.server(for: ack)      // equals the key of the INVITE it acknowledges
/// transactions[key]?.receivedRequest(ack)
/// ```
/// The builders throw a ``SIPParseError`` (code ``SIPParseError/Code/missingHeader`` or the parse error of the
/// header) when a header they need is missing or malformed; such a message matches no transaction.
public struct SIPTransactionKey: Hashable, Sendable, CustomStringConvertible {
    /// Which side of the transaction a key identifies.
    public enum Side: Hashable, Sendable {
        /// A client transaction (we sent the request).
        case client
        /// A server transaction (we received the request).
        case server
    }

    /// The side.
    public let side: Side
    /// The method of the request that created the transaction (INVITE for an ACK to a non-2xx response).
    public let method: SIPMethod
    let identity: Identity

    enum Identity: Hashable, Sendable {
        /// §17.1.3, §17.2.3: the branch, and on the server side the sent-by (host lower-cased, port as written).
        case branch(String, sentBy: String?)
        /// §17.2.3: the fields an RFC 2543 request is matched by.
        case rfc2543(RFC2543Fields)
    }

    struct RFC2543Fields: Hashable, Sendable {
        var requestURI: SIPURI
        /// `nil` for INVITE and ACK: the ACK carries the tag of our response, the INVITE (normally) none.
        var toTag: String?
        var fromTag: String?
        var callID: String
        var sequence: UInt32
        var topVia: SIPVia
    }

    /// The branch the key was built from, `nil` for an RFC 2543 key.
    public var branch: String? {
        if case .branch(let branch, _) = identity { return branch }
        return nil
    }

    /// Whether the key follows the RFC 2543 fallback of §17.2.3 (the branch lacked the magic cookie).
    public var isRFC2543: Bool {
        if case .rfc2543 = identity { return true }
        return false
    }

    public var description: String {
        switch identity {
        case .branch(let branch, let sentBy):
            return "\(side) \(method) \(branch)" + (sentBy.map { " " + $0 } ?? "")
        case .rfc2543(let fields):
            return "\(side) \(method) rfc2543 \(fields.callID) \(fields.sequence) \(fields.topVia)"
        }
    }

    // MARK: Client side, RFC 3261 §17.1.3

    /// The key of the client transaction that sends `request`: its top Via branch and its method.
    public static func client(for request: SIPRequest) throws(SIPParseError) -> SIPTransactionKey {
        let via = try topVia(of: request.headerFields)
        return SIPTransactionKey(side: .client, method: request.method, identity: .branch(try branch(of: via), sentBy: nil))
    }

    /// The key of the client transaction `response` belongs to: its top Via branch and its CSeq method (§17.1.3).
    public static func client(for response: SIPResponse) throws(SIPParseError) -> SIPTransactionKey {
        let via = try topVia(of: response.headerFields)
        let method = try cSeq(of: response.headerFields).method
        return SIPTransactionKey(side: .client, method: method, identity: .branch(try branch(of: via), sentBy: nil))
    }

    // MARK: Server side, RFC 3261 §17.2.3

    /// The key of the server transaction `request` belongs to, or creates: an ACK gets the key of its INVITE,
    /// a CANCEL a key of its own (§17.2.3).
    public static func server(for request: SIPRequest) throws(SIPParseError) -> SIPTransactionKey {
        try server(for: request, method: request.method == .ack ? .invite : request.method)
    }

    /// The key of the INVITE server transaction that `cancel` cancels (§9.2: matched as in §17.2.3, with the
    /// method taken to be INVITE).
    public static func server(cancelling cancel: SIPRequest) throws(SIPParseError) -> SIPTransactionKey {
        try server(for: cancel, method: .invite)
    }

    private static func server(for request: SIPRequest, method: SIPMethod) throws(SIPParseError) -> SIPTransactionKey {
        let fields = request.headerFields
        let via = try topVia(of: fields)
        if via.hasMagicCookie, let branch = via.branch {
            let sentBy = via.host.description.lowercased() + (via.port.map { ":\($0)" } ?? "")
            return SIPTransactionKey(side: .server, method: method, identity: .branch(branch, sentBy: sentBy))
        }
        // §17.2.3, RFC 2543 fallback: Request-URI, To tag, From tag, Call-ID, CSeq and top Via. The To tag of an
        // ACK is checked against the response by ServerInviteTransaction, so INVITE and ACK keys leave it out.
        guard let callID = try fields.callID else { throw missing("Call-ID") }
        guard let from = try fields.from else { throw missing("From") }
        guard let to = try fields.to else { throw missing("To") }
        let sequence = try cSeq(of: fields).sequence
        let rfc2543 = RFC2543Fields(
            requestURI: request.uri, toTag: method == .invite ? nil : to.tag, fromTag: from.tag, callID: callID, sequence: sequence,
            topVia: via)
        return SIPTransactionKey(side: .server, method: method, identity: .rfc2543(rfc2543))
    }

    // MARK: Header access

    private static func topVia(of fields: SIPHeaderFields) throws(SIPParseError) -> SIPVia {
        guard let via = try fields.topVia else { throw missing("Via") }
        return via
    }

    private static func cSeq(of fields: SIPHeaderFields) throws(SIPParseError) -> SIPCSeq {
        guard let cSeq = try fields.cSeq else { throw missing("CSeq") }
        return cSeq
    }

    private static func branch(of via: SIPVia) throws(SIPParseError) -> String {
        guard let branch = via.branch, !branch.isEmpty else {
            throw SIPParseError(.missingHeader, "the top Via has no branch parameter", header: "Via")
        }
        return branch
    }

    private static func missing(_ header: String) -> SIPParseError {
        SIPParseError(.missingHeader, "missing \(header) header", header: header)
    }
}
