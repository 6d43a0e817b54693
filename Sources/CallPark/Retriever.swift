import SIPCore

/// Who takes a parked call: a user who dialled the orbit, or the parker answering a ring-back (SPEC §5). The
/// handover REFERs the parkee to ``contact`` with `Replaces` naming ``dialog`` (RFC 3891, FLOWS 4).
public struct Retriever: Hashable, Sendable {
    /// Its identity (address of record, the From of its INVITE or the To of the ring-back): the `by` of the unpark
    /// notification and the retriever of the park event.
    public var identity: SIPURI
    /// Its contact on its dialog R with the service: where the parkee sends the INVITE with Replaces.
    public var contact: SIPURI
    /// Dialog R as the retriever sees it (RFC 3891 §3: `to-tag` is the retriever's own tag). For a retrieve (the
    /// retriever is the UAC of R) that is its From tag; for a ring-back (the parker is the UAS) the To tag of its
    /// 200 OK. With SIPDialog: `dialogID.replacesForPeer`.
    public var dialog: SIPReplaces

    /// A retriever.
    public init(identity: SIPURI, contact: SIPURI, dialog: SIPReplaces) {
        self.identity = identity
        self.contact = contact
        self.dialog = dialog
    }

    /// The `Refer-To` URI for the parkee: ``contact`` without its own headers, plus `?Replaces=` naming ``dialog``,
    /// escaped as a URI header value (RFC 3261 §19.1.1, RFC 3891 §3, RFC 3515 §2.1).
    public var referTo: SIPURI {
        var uri = contact
        uri.headers = [SIPURI.Header(name: "Replaces", value: Retriever.uriHeaderEscaped(dialog.description))]
        return uri
    }

    /// `text` with everything but `unreserved` %-escaped (RFC 3261 §25.1 `hvalue`, conservatively).
    static func uriHeaderEscaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"), UInt8(ascii: "*"),
                UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// The parked party (SPEC §5): its contact, and who it is when known.
public struct Parkee: Hashable, Sendable {
    /// Its contact: the park request's `parkee uri` (SPEC §5 A) or the Contact of its INVITE (SPEC §5 B, C).
    public var contact: SIPURI
    /// Its identity (the From of its INVITE), when known.
    public var identity: SIPURI?
    /// Its display name, when known.
    public var displayName: String?

    /// A parkee.
    public init(contact: SIPURI, identity: SIPURI? = nil, displayName: String? = nil) {
        self.contact = contact
        self.identity = identity
        self.displayName = displayName
    }

    /// A name for people: the display name, else the user part of the identity or contact, else the contact.
    public var name: String {
        if let displayName, !displayName.isEmpty { return displayName }
        return identity?.decodedUser ?? contact.decodedUser ?? contact.description
    }

    /// The address events record: the identity when known, else the contact.
    public var address: SIPURI { identity ?? contact }
}
