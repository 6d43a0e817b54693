import SIPCore

/// The parts of a REGISTER a registrar acts on (RFC 3261 §10.2, §10.3), read and checked once. Anything malformed
/// is a ``Refusal`` with status 400 and the reason.
struct RegisterRequest {
    /// One Contact address and what it asks for.
    struct Contact {
        /// The contact URI.
        var uri: SIPURI
        /// Its `expires` parameter, else the Expires header, else nothing (§10.2.1.1).
        var requestedExpires: UInt32?
        /// Its `q` parameter, 0…1.
        var q: Double?
        /// Its `+sip.instance`, unquoted (RFC 5626 §4.1).
        var instanceID: String?
    }

    /// The Contact header: absent (a fetch, §10.2.3), `*` (remove all, §10.2.2) or addresses.
    enum Contacts {
        case fetch
        case all
        case addresses([Contact])
    }

    /// The Call-ID.
    var callID: String
    /// The CSeq number.
    var cSeq: UInt32
    /// The Expires header, if any.
    var expires: UInt32?
    /// The Contacts.
    var contacts: Contacts

    /// Reads `request`.
    init(_ request: SIPRequest) throws(Refusal) {
        let fields = request.headerFields
        do {
            guard let callID = try fields.callID else { throw Refusal(400, "no Call-ID") }
            guard let cSeq = try fields.cSeq else { throw Refusal(400, "no CSeq") }
            guard cSeq.method == request.method else {
                throw Refusal(400, "CSeq method \(cSeq.method) is not \(request.method)")
            }
            self.callID = callID
            self.cSeq = cSeq.sequence
            self.expires = try fields.expires
            let elements = fields.elements(.contact)
            // RFC 3261 §10.2.2: `*` only alone and only with Expires: 0 (§10.3 step 6: otherwise 400).
            if elements.contains("*") {
                guard elements.count == 1 else { throw Refusal(400, "Contact: * must be the only contact") }
                guard expires == 0 else { throw Refusal(400, "Contact: * is only allowed with Expires: 0") }
                contacts = .all
                return
            }
            switch try fields.contacts {
            case nil: contacts = .fetch
            case .all?: throw Refusal(400, "Contact: * must be the only contact")
            case .addresses(let addresses)?:
                let headerExpires = expires
                contacts = .addresses(try addresses.map { (address) throws(Refusal) in try Self.contact(address, headerExpires) })
            }
        } catch let error as SIPParseError {
            throw Refusal(400, "malformed header: \(error.description)")
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(400, "\(error)")
        }
    }

    /// One Contact address checked: a SIP URI, a readable `q`.
    private static func contact(_ address: SIPNameAddress, _ headerExpires: UInt32?) throws(Refusal) -> Contact {
        guard address.uri.isSIP, address.uri.host != nil else {
            throw Refusal(400, "contact \(address.uri) is not a SIP URI")
        }
        var q: Double?
        if let text = address.parameters.value("q") {
            guard let value = Double(text), value >= 0, value <= 1 else { throw Refusal(400, "q=\(text) is not between 0 and 1") }
            q = value
        }
        let instance = address.parameters.value("+sip.instance").map(SIPAuthHeader.unquoted)
        // §10.2.1.1: the expires parameter wins over the Expires header.
        return Contact(uri: address.uri, requestedExpires: address.expires ?? headerExpires, q: q, instanceID: instance)
    }
}
