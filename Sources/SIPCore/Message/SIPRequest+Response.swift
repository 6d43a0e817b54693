extension SIPRequest {
    /// A response to this request (RFC 3261 §8.2.6.2): Via, From, Call-ID and CSeq copied, To copied with `toTag`
    /// added when it has no tag yet, Content-Length 0. A 100 Trying never gets a To tag (§8.2.6.1), and copies
    /// Timestamp (§8.2.6.1).
    public func makeResponse(_ status: SIPResponseStatus, toTag: String? = nil) -> SIPResponse {
        var fields = SIPHeaderFields()
        for via in headerFields.values(.via) { fields.append(.via, via) }
        if let from = headerFields[.from] { fields.append(.from, from) }
        if var to = headerFields[.to] {
            let existingTag = (try? headerFields.to)?.tag
            if status.code != 100, let toTag, existingTag == nil {
                to += ";tag=" + toTag
            }
            fields.append(.to, to)
        }
        if let callID = headerFields[.callID] { fields.append(.callID, callID) }
        if let cseq = headerFields[.cSeq] { fields.append(.cSeq, cseq) }
        if status.code == 100, let timestamp = headerFields[SIPHeaderName("Timestamp")!] {
            fields.append(SIPHeaderName("Timestamp")!, timestamp)
        }
        fields.append(.contentLength, "0")
        return SIPResponse(status: status, headerFields: fields)
    }
}

extension SIPResponse {
    /// Adds `Warning: 399 <agent> "<text>"` (RFC 3261 §20.43): the readable reason for a refusal.
    public mutating func addWarning(agent: String, _ text: String, code: Int = 399) {
        headerFields.append(.warning, SIPWarning(code: code, agent: agent, text: text).description)
    }
}
