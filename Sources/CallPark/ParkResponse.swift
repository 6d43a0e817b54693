import SIPCore
import Topology

/// The body of the 200 OK that makes a park request's INVITE the control dialog, `application/park-response+xml`
/// (SPEC §5 A step 3):
/// ```xml
/// <park-response version="1.0" request-id="r-17"><orbit>*3042</orbit><parked-call id="…"/></park-response>
/// ```
public struct ParkResponse: Hashable, Sendable {
    /// `application/park-response+xml`.
    public static let mediaType = SIPMediaType(type: "application", subtype: "park-response+xml")

    /// The format version, `1.0`.
    public var version: String
    /// The park request's `request-id`, echoed.
    public var requestID: String?
    /// Where the call is parked.
    public var orbit: Orbit
    /// The parked call's identifier (the store's record id).
    public var parkedCallID: String

    /// A park response.
    public init(version: String = "1.0", requestID: String?, orbit: Orbit, parkedCallID: String) {
        self.version = version
        self.requestID = requestID
        self.orbit = orbit
        self.parkedCallID = parkedCallID
    }

    /// Reads a park-response body (for smart clients and tests).
    public init(parsing body: [UInt8]) throws(ParkBodyError) {
        let root = try ParkXML.root(body, named: "park-response")
        version = root.attribute("version") ?? "1.0"
        requestID = root.attribute("request-id")
        let text = try root.only("orbit").text.trimmingXMLSpace()
        do {
            orbit = try Orbit(parsing: text)
        } catch {
            throw ParkBodyError("<orbit> \"\(text)\" is not an orbit: \(error)")
        }
        parkedCallID = try root.only("parked-call").required("id")
    }

    /// ``init(parsing:)-([UInt8])`` from text.
    public init(parsing text: String) throws(ParkBodyError) { try self.init(parsing: Array(text.utf8)) }

    /// The body as XML text.
    public var xml: String {
        "<park-response" + ParkXML.attributes(["version": version, "request-id": requestID]) + ">"
            + "<orbit>\(ParkXML.escaped(orbit.description))</orbit>"
            + "<parked-call" + ParkXML.attributes(["id": parkedCallID]) + "/>"
            + "</park-response>"
    }

    /// The body as bytes.
    public var body: [UInt8] { Array(xml.utf8) }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLSpace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
