import SIPCore

/// Why a request is refused: the status, the reason shown in the status line and the `Warning` a person reads
/// (STYLE: every refusal says why). Internal: the public API hands out the finished ``SIPResponse``.
struct Refusal: Error, Hashable, Sendable {
    /// The status code, e.g. 404.
    var code: Int
    /// Short text added to the reason phrase: `Forbidden (wrong credentials)`.
    var reason: String
    /// The `Warning: 399` text (RFC 3261 §20.43); the reason when not given.
    var warning: String
    /// Extra header fields (`Min-Expires`, `Unsupported`, …).
    var headerFields: [SIPHeaderField]

    /// A refusal; `warning` defaults to `reason`.
    init(_ code: Int, _ reason: String, warning: String? = nil, headerFields: [SIPHeaderField] = []) {
        self.code = code
        self.reason = reason
        self.warning = warning ?? reason
        self.headerFields = headerFields
    }

    /// The status with the readable reason phrase.
    var status: SIPResponseStatus {
        SIPResponseStatus(code: code, reasonPhrase: SIPResponseStatus.defaultReason(code) + " (" + reason + ")")
    }

    /// The response to `request`: status, extra headers and `Warning: 399 <agent> "<warning>"`.
    func response(to request: SIPRequest, agent: String) -> SIPResponse {
        var response = request.makeResponse(status, toTag: SIPIdentifiers.tag())
        for field in headerFields { response.headerFields.append(field.name, field.value) }
        response.addWarning(agent: agent, warning)
        return response
    }
}
