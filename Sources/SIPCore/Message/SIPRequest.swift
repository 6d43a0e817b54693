/// A SIP request (RFC 3261 §7.1).
public struct SIPRequest: Hashable, Sendable {
    /// The method of the request line.
    public var method: SIPMethod
    /// The Request-URI.
    public var uri: SIPURI
    /// The header fields, in order.
    public var headerFields: SIPHeaderFields
    /// The message body (its length is the Content-Length written when serialising).
    public var body: [UInt8]

    /// Creates a request.
    public init(method: SIPMethod, uri: SIPURI, headerFields: SIPHeaderFields = SIPHeaderFields(), body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headerFields = headerFields
        self.body = body
    }

    public static func == (lhs: SIPRequest, rhs: SIPRequest) -> Bool {
        lhs.method == rhs.method && lhs.uri == rhs.uri && lhs.headerFields == rhs.headerFields && lhs.body == rhs.body
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(uri)
        hasher.combine(body)
    }
}

/// A SIP response (RFC 3261 §7.2).
public struct SIPResponse: Hashable, Sendable {
    /// The status code and reason phrase.
    public var status: SIPResponseStatus
    /// The header fields, in order.
    public var headerFields: SIPHeaderFields
    /// The message body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: SIPResponseStatus, headerFields: SIPHeaderFields = SIPHeaderFields(), body: [UInt8] = []) {
        self.status = status
        self.headerFields = headerFields
        self.body = body
    }

    public static func == (lhs: SIPResponse, rhs: SIPResponse) -> Bool {
        lhs.status == rhs.status && lhs.headerFields == rhs.headerFields && lhs.body == rhs.body
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
    }
}

/// A SIP message: a request or a response.
public enum SIPMessage: Hashable, Sendable {
    /// A request.
    case request(SIPRequest)
    /// A response.
    case response(SIPResponse)

    /// The header fields of either kind.
    public var headerFields: SIPHeaderFields {
        get {
            switch self {
            case .request(let r): return r.headerFields
            case .response(let r): return r.headerFields
            }
        }
        set {
            switch self {
            case .request(var r):
                r.headerFields = newValue
                self = .request(r)
            case .response(var r):
                r.headerFields = newValue
                self = .response(r)
            }
        }
    }

    /// The body of either kind.
    public var body: [UInt8] {
        switch self {
        case .request(let r): return r.body
        case .response(let r): return r.body
        }
    }

    /// The request, if this is one.
    public var request: SIPRequest? {
        if case .request(let r) = self { return r }
        return nil
    }

    /// The response, if this is one.
    public var response: SIPResponse? {
        if case .response(let r) = self { return r }
        return nil
    }
}
