import SIPCore

extension SIPRequest {
    /// The ACK that an INVITE client transaction sends for a non-2xx final `response` to this INVITE
    /// (RFC 3261 §17.1.1.3).
    ///
    /// Request-URI, Call-ID and From are those of the INVITE; To is that of the response (with its tag); the
    /// CSeq number is the INVITE's with the method ACK; the single Via is the INVITE's top Via; the INVITE's
    /// Route headers are kept; Max-Forwards is 70 and there is no body. (The ACK for a 2xx is a request of the
    /// dialog, built by the TU — §13.2.2.4.)
    public func makeACK(for response: SIPResponse) -> SIPRequest {
        var fields = fieldsForTransactionRequest()
        fields.append(.maxForwards, "70")
        if let to = response.headerFields[.to] ?? headerFields[.to] { fields.append(.to, to) }
        copy(.from, .callID, into: &fields)
        if let number = cSeqNumber { fields.append(.cSeq, "\(number) ACK") }
        fields.append(.contentLength, "0")
        return SIPRequest(method: .ack, uri: uri, headerFields: fields)
    }

    /// The CANCEL for this request (RFC 3261 §9.1).
    ///
    /// Request-URI, Call-ID, To, From (tags included) and the CSeq number are those of the request, with the
    /// method CANCEL; the single Via is the request's top Via, so the CANCEL has the same branch; the request's
    /// Route headers are kept; Max-Forwards is 70 and there is no body. §9.1 forbids sending it before a
    /// provisional response arrived, that is before the ``ClientInviteTransaction`` reached `.proceeding`.
    public func makeCANCEL() -> SIPRequest {
        var fields = fieldsForTransactionRequest()
        fields.append(.maxForwards, "70")
        copy(.to, .from, .callID, into: &fields)
        if let number = cSeqNumber { fields.append(.cSeq, "\(number) CANCEL") }
        fields.append(.contentLength, "0")
        return SIPRequest(method: .cancel, uri: uri, headerFields: fields)
    }

    /// The top Via (the first element across all Via lines, as written) and every Route line.
    private func fieldsForTransactionRequest() -> SIPHeaderFields {
        var fields = SIPHeaderFields()
        if let topVia = headerFields.elements(.via).first { fields.append(.via, topVia) }
        for route in headerFields.values(.route) { fields.append(.route, route) }
        return fields
    }

    private func copy(_ names: SIPHeaderName..., into fields: inout SIPHeaderFields) {
        for name in names {
            if let value = headerFields[name] { fields.append(name, value) }
        }
    }

    /// The CSeq sequence number, read leniently: these requests are our own, so a value the strict parser
    /// refuses still yields its leading number rather than no CSeq at all.
    var cSeqNumber: String? {
        if let cSeq = try? headerFields.cSeq { return String(cSeq.sequence) }
        return headerFields[.cSeq]?.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
    }
}
