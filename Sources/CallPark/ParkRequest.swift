import SIPCore

/// The body of a park with a control dialog, `application/park-request+xml` (SPEC §5 A):
/// ```xml
/// <park-request version="1.0" request-id="r-17">
///   <parkee uri="sip:alice@192.0.2.1:5062"/>
///   <replaces call-id="a84b4c76e66710" to-tag="314159" from-tag="1928301774"/>
/// </park-request>
/// ```
/// `parkee` is the parkee's contact, where the park service sends its INVITE; `replaces` names the parker's dialog
/// with the parkee *as the parkee sees it* (RFC 3891 §3: `to-tag` is the parkee's local tag), ready for the
/// `Replaces` header of that INVITE.
public struct ParkRequest: Hashable, Sendable {
    /// `application/park-request+xml`.
    public static let mediaType = SIPMediaType(type: "application", subtype: "park-request+xml")

    /// The format version, `1.0`.
    public var version: String
    /// The parker's identifier for this request, echoed in the park response; optional.
    public var requestID: String?
    /// The parkee's contact.
    public var parkee: SIPURI
    /// The dialog to take over, as the parkee sees it.
    public var replaces: SIPReplaces

    /// A park request.
    public init(version: String = "1.0", requestID: String?, parkee: SIPURI, replaces: SIPReplaces) {
        self.version = version
        self.requestID = requestID
        self.parkee = parkee
        self.replaces = replaces
    }

    /// Reads a park-request body; the error says which part is missing or malformed (the driver answers `400`
    /// with it, see ``ParkRefusal/Reason/malformedParkRequest(_:)``). Unknown elements and attributes are ignored.
    public init(parsing body: [UInt8]) throws(ParkBodyError) {
        let root = try ParkXML.root(body, named: "park-request")
        version = root.attribute("version") ?? "1.0"
        requestID = root.attribute("request-id")
        if requestID?.isEmpty == true { throw ParkBodyError("the request-id attribute of <park-request> is empty") }
        let uriText = try root.only("parkee").required("uri")
        do {
            parkee = try SIPURI(uriText)
        } catch {
            throw ParkBodyError("the parkee uri \"\(uriText)\" is not a URI: \(error)")
        }
        guard parkee.isSIP else { throw ParkBodyError("the parkee uri \"\(uriText)\" is not a sip: or sips: URI") }
        let element = try root.only("replaces")
        let callID = try element.required("call-id"), toTag = try element.required("to-tag"), fromTag = try element.required("from-tag")
        // The values go into a Replaces header (RFC 3891 §6.1): they must read back as themselves from it.
        let candidate = SIPReplaces(callID: callID, toTag: toTag, fromTag: fromTag)
        guard let reread = try? SIPReplaces(candidate.description), reread == candidate else {
            throw ParkBodyError("<replaces> call-id \"\(callID)\", to-tag \"\(toTag)\" or from-tag \"\(fromTag)\" is not a valid Call-ID or tag")
        }
        replaces = candidate
    }

    /// ``init(parsing:)-([UInt8])`` from text.
    public init(parsing text: String) throws(ParkBodyError) { try self.init(parsing: Array(text.utf8)) }

    /// The body as XML text.
    public var xml: String {
        "<park-request" + ParkXML.attributes(["version": version, "request-id": requestID]) + ">"
            + "<parkee" + ParkXML.attributes(["uri": parkee.description]) + "/>"
            + "<replaces"
            + ParkXML.attributes(["call-id": replaces.callID, "to-tag": replaces.toTag, "from-tag": replaces.fromTag]) + "/>"
            + "</park-request>"
    }

    /// The body as bytes.
    public var body: [UInt8] { Array(xml.utf8) }
}
