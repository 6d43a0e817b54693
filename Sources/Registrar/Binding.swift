import SIPCore

/// One registered contact of a user (RFC 3261 §10.3 step 7): where one of its agents is reached, until when, and
/// which REGISTER wrote it.
///
/// Kept lean, because a pool holds tens of thousands: the contact stays text (parsed on use with ``uri``), q is two
/// bytes, times are one `Double` on the driver's monotonic clock.
public struct Binding: Hashable, Sendable {
    /// The contact URI as the agent wrote it, e.g. `sip:alice@192.0.2.1:5062;transport=tcp`.
    public var contact: String
    /// When the binding expires, in seconds on the caller's monotonic clock.
    public var expiresAt: Double
    /// The Call-ID of the REGISTER that last wrote it (ordering, §10.3 step 7).
    public var callID: String
    /// Where that REGISTER came from, as the driver names it, e.g. `udp:127.0.0.1:5062`.
    public var source: String
    /// The `+sip.instance` of the agent (RFC 5626 §4.1), without its quotes, e.g. `<urn:uuid:…>`.
    public var instanceID: String?
    /// The CSeq number of that REGISTER.
    public var cSeq: UInt32
    /// Whether it was made in resiliency mode (SPEC §3): the user registered with a pool other than its serving one.
    public var resiliency: Bool
    /// q in thousandths (RFC 3261 §20.10), or `UInt16.max` when the agent gave none.
    private var qThousandths: UInt16

    /// A binding.
    public init(
        contact: String, expiresAt: Double, callID: String, cSeq: UInt32, source: String, q: Double? = nil,
        instanceID: String? = nil, resiliency: Bool = false
    ) {
        self.contact = contact
        self.expiresAt = expiresAt
        self.callID = callID
        self.cSeq = cSeq
        self.source = source
        self.instanceID = instanceID
        self.resiliency = resiliency
        self.qThousandths = Self.thousandths(q)
    }

    /// The `q` preference, 0…1 (RFC 3261 §20.10), or `nil` when the agent gave none.
    public var q: Double? {
        get { qThousandths == .max ? nil : Double(qThousandths) / 1000 }
        set { qThousandths = Self.thousandths(newValue) }
    }

    /// The contact parsed, or `nil` if the stored text does not parse (it parsed when registered).
    public var uri: SIPURI? { try? SIPURI(contact) }

    /// Whole seconds left at `now`, never negative.
    public func expires(now: Double) -> Int { max(0, Int((expiresAt - now).rounded())) }

    /// Whether the binding has expired at `now`.
    public func isExpired(now: Double) -> Bool { expiresAt <= now }

    /// The Contact value listing this binding in a 200 OK (RFC 3261 §10.3 step 8): `<uri>;expires=N`, with `q` and
    /// `+sip.instance` when the agent gave them.
    public func contactValue(now: Double) -> String {
        var value = "<" + contact + ">;expires=\(expires(now: now))"
        if qThousandths != .max { value += ";q=" + Self.qText(qThousandths) }
        if let instanceID { value += ";+sip.instance=" + SIPNameAddress.quoted(instanceID) }
        return value
    }

    /// Whether a Contact of a REGISTER names this binding: the same `+sip.instance` (RFC 5626 §6: an agent that
    /// restarts with a new address replaces its old binding instead of leaving a dead one), or an equivalent URI
    /// (RFC 3261 §10.3 step 7, §19.1.4).
    func matches(_ update: ContactUpdate) -> Bool {
        if let instanceID, instanceID == update.instanceID { return true }
        if contact == update.contact { return true }
        return uri?.isEquivalent(to: update.uri) ?? false
    }

    /// q (0…1) in thousandths; `UInt16.max` for none.
    private static func thousandths(_ q: Double?) -> UInt16 {
        guard let q, q.isFinite else { return .max }
        return UInt16((min(max(q, 0), 1) * 1000).rounded())
    }

    /// `qvalue` text (RFC 3261 §25.1): `1`, `0`, or `0.` and up to three digits.
    private static func qText(_ thousandths: UInt16) -> String {
        if thousandths >= 1000 { return "1" }
        if thousandths == 0 { return "0" }
        var digits = String(thousandths)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "0." + digits
    }
}
