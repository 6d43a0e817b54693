import SIPCore

/// The state of one dialog (RFC 3261 §12): identity, sequence numbers, remote target and route set.
///
/// Pure: it builds in-dialog requests and checks received ones; the UA core sends and receives them.
/// ```swift
/// var dialog = try SIPDialog(uacRequest: invite, response: ok, localContact: contact)
/// var bye = dialog.makeRequest(.bye)
/// ```
public struct SIPDialog: Sendable {
    /// Early (from a tagged 1xx) or confirmed (from a 2xx) (§12).
    public enum State: Hashable, Sendable {
        /// Created by a provisional response.
        case early
        /// Created or confirmed by a 2xx.
        case confirmed
    }

    /// Why a request does not fit this dialog.
    public enum RequestError: Error, Equatable, Sendable {
        /// CSeq lower than or equal to the last one received (§12.2.2): answer 500.
        case outOfOrder(received: UInt32, last: UInt32)
        /// Headers needed to process it are missing or malformed: answer 400.
        case malformed(String)
    }

    /// The identity.
    public var id: SIPDialogID
    /// Early or confirmed.
    public var state: State
    /// This side's address, with its tag (From of requests this side sends).
    public var localAddress: SIPNameAddress
    /// The peer's address, with its tag.
    public var remoteAddress: SIPNameAddress
    /// The CSeq number of the last request this side sent in the dialog.
    public var localSequence: UInt32
    /// The CSeq number of the last request received in the dialog, if any.
    public var remoteSequence: UInt32?
    /// Where requests go: the peer's Contact (§12.1.1, §12.1.2), updated by target refreshes.
    public var remoteTarget: SIPURI
    /// This side's Contact.
    public var localContact: SIPURI
    /// The route set, in the order requests use it (§12.1.1: Record-Route as received; §12.1.2: reversed).
    public var routeSet: [SIPNameAddress]
    /// Whether this side created the dialog by sending the request.
    public let isUAC: Bool

    /// The dialog a UAC gets from a tagged response to its request (§12.1.2).
    public init(uacRequest request: SIPRequest, response: SIPResponse, localContact: SIPURI) throws(SIPParseError) {
        let f = response.headerFields
        guard let id = SIPDialogID.forReceived(response) else {
            throw SIPParseError(.missingHeader, "a dialog needs Call-ID, a From tag and a To tag")
        }
        guard let from = try request.headerFields.from, let to = try f.to, let cseq = try request.headerFields.cSeq else {
            throw SIPParseError(.missingHeader, "a dialog needs From, To and CSeq")
        }
        guard case .addresses(let contacts)? = try f.contacts, let target = contacts.first?.uri else {
            throw SIPParseError(.missingHeader, "a dialog-creating response needs a Contact", header: "Contact")
        }
        self.id = id
        self.state = response.status.isSuccess ? .confirmed : .early
        self.localAddress = from
        self.remoteAddress = to
        self.localSequence = cseq.sequence
        self.remoteSequence = nil
        self.remoteTarget = target
        self.localContact = localContact
        self.routeSet = try f.recordRoute.reversed()
        self.isUAC = true
    }

    /// The dialog a UAS gets when it answers `request` with a tag of its own (§12.1.1).
    public init(uasRequest request: SIPRequest, localTag: String, localContact: SIPURI) throws(SIPParseError) {
        let f = request.headerFields
        guard let callID = try f.callID, let from = try f.from, let remoteTag = from.tag, var to = try f.to,
            let cseq = try f.cSeq
        else {
            throw SIPParseError(.missingHeader, "a dialog needs Call-ID, From with a tag, To and CSeq")
        }
        guard case .addresses(let contacts)? = try f.contacts, let target = contacts.first?.uri else {
            throw SIPParseError(.missingHeader, "a dialog-creating request needs a Contact", header: "Contact")
        }
        to.tag = localTag
        self.id = SIPDialogID(callID: callID, localTag: localTag, remoteTag: remoteTag)
        self.state = .confirmed
        self.localAddress = to
        self.remoteAddress = from
        self.localSequence = 0
        self.remoteSequence = cseq.sequence
        self.remoteTarget = target
        self.localContact = localContact
        self.routeSet = try f.recordRoute
        self.isUAC = false
    }

    /// A new request inside the dialog (§12.2.1.1), without Via (the UA core adds it with a new branch).
    /// ACK and CANCEL reuse `sequence` (the INVITE's CSeq number); every other method takes the next number.
    public mutating func makeRequest(_ method: SIPMethod, sequence: UInt32? = nil, body: [UInt8] = [], contentType: String? = nil)
        -> SIPRequest
    {
        let number: UInt32
        if let sequence {
            number = sequence
        } else {
            localSequence &+= 1
            number = localSequence
        }
        var uri = remoteTarget
        var routes = routeSet
        // §12.2.1.1: a first route without `lr` is a strict router: it becomes the Request-URI and the remote
        // target goes last in the Route header.
        if let first = routes.first, !first.uri.parameters.contains("lr") {
            uri = first.uri
            uri.headers = []
            routes.removeFirst()
            routes.append(SIPNameAddress(uri: remoteTarget))
        }
        var fields = SIPHeaderFields()
        fields.append(.maxForwards, "70")
        fields.append(.from, localAddress.description)
        fields.append(.to, remoteAddress.description)
        fields.append(.callID, id.callID)
        fields.append(.cSeq, SIPCSeq(number, method).description)
        for route in routes { fields.append(.route, route.description) }
        if method != .ack, method != .cancel, method != .bye {
            fields.append(.contact, SIPNameAddress(uri: localContact).description)
        }
        if let contentType, !body.isEmpty { fields.append(.contentType, contentType) }
        fields.append(.contentLength, String(body.count))
        return SIPRequest(method: method, uri: uri, headerFields: fields, body: body)
    }

    /// Checks a request received in this dialog and records its CSeq (§12.2.2); a target refresh request
    /// (re-INVITE, UPDATE) with a Contact moves the remote target (§12.2.2).
    public mutating func receivedRequest(_ request: SIPRequest) throws(RequestError) {
        guard let cseq = try? request.headerFields.cSeq else { throw .malformed("no valid CSeq") }
        if request.method != .ack, request.method != .cancel {
            if let last = remoteSequence, cseq.sequence <= last {
                throw .outOfOrder(received: cseq.sequence, last: last)
            }
            remoteSequence = cseq.sequence
        }
        if request.method == .invite || request.method == .update, case .addresses(let c)? = try? request.headerFields.contacts,
            let target = c.first?.uri
        {
            remoteTarget = target
        }
    }

    /// Takes a response to a request this side sent in the dialog: a 2xx to a target refresh moves the remote
    /// target; a 2xx confirms an early dialog and fixes its route set (§12.2.1.2, §13.2.2.4).
    public mutating func receivedResponse(_ response: SIPResponse, to method: SIPMethod) {
        guard response.status.isSuccess else { return }
        if method == .invite || method == .update, case .addresses(let c)? = try? response.headerFields.contacts,
            let target = c.first?.uri
        {
            remoteTarget = target
        }
        if state == .early, method == .invite {
            state = .confirmed
            if let rr = try? response.headerFields.recordRoute { routeSet = rr.reversed() }
        }
    }
}
