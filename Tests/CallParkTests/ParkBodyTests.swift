import CallPark
import SIPCore
import Testing
import Topology

/// The park XML bodies of SPEC §5 A: park request, park response, unpark notification.
@Suite("Park bodies (XML)")
struct ParkBodyTests {
    let f = Fixtures.self

    static let specExample = """
        <park-request version="1.0" request-id="r-17">
          <parkee uri="sip:alice@192.0.2.1:5062"/>                  <!-- the parkee's contact: where to send the INVITE -->
          <replaces call-id="a84b4c76e66710" to-tag="314159" from-tag="1928301774"/>  <!-- D as the parkee sees it -->
        </park-request>
        """

    @Test("The park request of SPEC §5 A, comments and all")
    func specRequest() throws {
        let request = try ParkRequest(parsing: Self.specExample)
        #expect(request == f.parkRequest)
        #expect(request.version == "1.0")
        #expect(ParkRequest.mediaType.description == "application/park-request+xml")
    }

    @Test("Tolerant reading: declaration, BOM, attribute order, single quotes, entities, unknown parts, namespace prefix")
    func tolerant() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a smart client -->
            <p:park-request xmlns:p="urn:callpark:park" request-id='r&amp;17'   version = '1.1' extra="ignored">
              <p:note>hello &lt;world&gt;</p:note>
              <p:replaces from-tag="1928301774" to-tag='314159' call-id="a84b4c76e66710@host"></p:replaces>
              <p:parkee
                 uri="sip:alice@192.0.2.1:5062;transport=tcp"/>
            </p:park-request>

            """
        let request = try ParkRequest(parsing: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(request.requestID == "r&17")
        #expect(request.version == "1.1")
        #expect(request.parkee.description == "sip:alice@192.0.2.1:5062;transport=tcp")
        #expect(request.replaces == SIPReplaces(callID: "a84b4c76e66710@host", toTag: "314159", fromTag: "1928301774"))
    }

    @Test("Character references decode; request-id is optional")
    func references() throws {
        let request = try ParkRequest(
            parsing:
                #"<park-request version="1.0"><parkee uri="sip:&#97;lice@h"/><replaces call-id="c" to-tag="&#x74;1" from-tag="f"/></park-request>"#)
        #expect(request.parkee.user == "alice")
        #expect(request.replaces.toTag == "t1")
        #expect(request.requestID == nil)
    }

    @Test("Round trips, with characters that need escaping")
    func roundTrips() throws {
        let request = ParkRequest(requestID: #"<"r&'17'">"#, parkee: f.aliceContact, replaces: f.parkRequest.replaces)
        #expect(try ParkRequest(parsing: request.body) == request)
        #expect(request.xml.contains(#"request-id="&lt;&quot;r&amp;&apos;17&apos;&quot;&gt;""#))
        let response = ParkResponse(requestID: "a\"b", orbit: f.orbit("#4005"), parkedCallID: "pc-<1>")
        #expect(try ParkResponse(parsing: response.body) == response)
        let notification = UnparkNotification(orbit: f.orbit3042, reason: .retrieved, by: f.uri("sip:dave@callpark.test;x=a&b"))
        #expect(try UnparkNotification(parsing: notification.body) == notification)
        for reason in UnparkReason.allCases {
            let plain = UnparkNotification(orbit: f.orbit3042, reason: reason)
            #expect(try UnparkNotification(parsing: plain.xml) == plain)
        }
    }

    @Test("The park response is exactly SPEC §5 A step 3's shape")
    func responseText() throws {
        let response = ParkResponse(requestID: "r-17", orbit: f.orbit3042, parkedCallID: "pc-1")
        #expect(
            response.xml == #"<park-response version="1.0" request-id="r-17"><orbit>*3042</orbit><parked-call id="pc-1"/></park-response>"#)
        #expect(ParkResponse(requestID: nil, orbit: f.orbit3042, parkedCallID: "x").xml.hasPrefix(#"<park-response version="1.0">"#))
        #expect(ParkResponse.mediaType.description == "application/park-response+xml")
        let spaced = try ParkResponse(parsing: "<park-response version='1.0'><orbit>\n  *3042 </orbit><parked-call id='x'/></park-response>")
        #expect(spaced.orbit == f.orbit3042)
        let cdata = try ParkResponse(parsing: "<park-response version='1.0'><orbit><![CDATA[*3042]]></orbit><parked-call id='x'/></park-response>")
        #expect(cdata.orbit == f.orbit3042)
    }

    @Test("The unpark notification is exactly SPEC §5 A step 4's shape")
    func notificationText() {
        let retrieved = UnparkNotification(orbit: f.orbit3042, reason: .retrieved, by: f.uri("sip:dave@callpark.test"))
        #expect(retrieved.xml == #"<unpark-notification orbit="*3042" reason="retrieved" by="sip:dave@callpark.test"/>"#)
        #expect(UnparkNotification(orbit: f.orbit3042, reason: .hangUp).xml == #"<unpark-notification orbit="*3042" reason="hang-up"/>"#)
        #expect(UnparkReason.allCases.map(\.rawValue) == ["retrieved", "hang-up", "ringback", "fallback", "drop"])
        #expect(UnparkNotification.mediaType.description == "application/unpark-notification+xml")
    }

    static let goodParkee = #"<parkee uri="sip:alice@h"/>"#
    static let goodReplaces = #"<replaces call-id="c" to-tag="t" from-tag="f"/>"#

    static func request(_ inner: String, root: String = #"<park-request version="1.0">"#) -> String { root + inner + "</park-request>" }

    @Test(
        "Malformed park requests: the error says what is wrong",
        arguments: [
            ("", "no XML element in the body"),
            ("   \n ", "no XML element in the body"),
            ("park me", "expected '<' to start the root element"),
            (#"<park-request version="1.0">"#, "missing </park-request>"),
            (#"<park-response version="1.0"/>"#, "expected <park-request>, found <park-response>"),
            (request(goodParkee + goodReplaces, root: "<park-request>"), "<park-request> has no version attribute"),
            (request(goodParkee + goodReplaces, root: #"<park-request version="2.0">"#), "unsupported <park-request> version \"2.0\""),
            (
                request(goodParkee + goodReplaces, root: #"<park-request version="1.0" request-id="">"#),
                "request-id attribute of <park-request> is empty"
            ),
            (request(goodReplaces), "<park-request> has no <parkee> element"),
            (request(goodParkee + goodParkee + goodReplaces), "<park-request> has 2 <parkee> elements, expected one"),
            (request("<parkee/>" + goodReplaces), "<parkee> has no uri attribute"),
            (request(#"<parkee uri=""/>"# + goodReplaces), "the uri attribute of <parkee> is empty"),
            (request(#"<parkee uri="alice at home"/>"# + goodReplaces), "the parkee uri \"alice at home\" is not a URI"),
            (request(#"<parkee uri="tel:+15551234"/>"# + goodReplaces), "is not a sip: or sips: URI"),
            (request(goodParkee), "<park-request> has no <replaces> element"),
            (request(goodParkee + #"<replaces call-id="c" from-tag="f"/>"#), "<replaces> has no to-tag attribute"),
            (request(goodParkee + #"<replaces call-id="c d" to-tag="t" from-tag="f"/>"#), "is not a valid Call-ID or tag"),
            (request(goodParkee + #"<replaces call-id="c" to-tag="t;early-only" from-tag="f"/>"#), "is not a valid Call-ID or tag"),
            (request(goodParkee + goodReplaces + "</parkee>"), "</parkee> closes <park-request>"),
            (request(#"<parkee uri="a" uri="b"/>"#), "duplicate attribute uri in <parkee>"),
            (request("<parkee uri=sip:a@h/>"), "the value of attribute uri must be quoted"),
            (request(#"<parkee uri="sip:a@h"x="1"/>"#), "expected a space before the next attribute of <parkee>"),
            (request(#"<parkee uri="sip:&bob;@h"/>"#), "unknown entity &bob;"),
            (request(#"<parkee uri="sip:&#0;@h"/>"#), "invalid character reference &#0;"),
            (request(#"<parkee uri="sip:&#xD800;@h"/>"#), "invalid character reference &#xD800;"),
            (request(#"<parkee uri="sip:a&amp@h"/>"#), "unterminated entity reference"),
            (request(#"<parkee uri="<sip:a@h>"/>"#), "'<' in the value of attribute uri"),
            (#"<park-request version="1.0"><parkee uri="sip:a@h/>"#, "unterminated value of attribute uri"),
            ("<!DOCTYPE park-request [<!ENTITY x \"y\">]>" + request(goodParkee + goodReplaces), "DOCTYPE and other declarations are not allowed"),
            ("<!-- never closed " + request(goodParkee + goodReplaces), "unterminated comment"),
            (request(goodParkee + goodReplaces) + "<extra/>", "content after the root element <park-request>"),
            (request(goodParkee + goodReplaces + "<![CDATA[ never closed"), "unterminated CDATA section"),
            (String(repeating: "<a>", count: 20), "elements nested deeper than 16"),
            (request(goodParkee + goodReplaces + "<!ELEMENT x ANY>"), "declarations are not allowed inside <park-request>"),
            (#"<park-request version="1.0""#, "unterminated start tag <park-request>"),
            ("< park-request/>", "expected an element name"),
        ])
    func malformed(text: String, expected: String) {
        #expect {
            _ = try ParkRequest(parsing: text)
        } throws: { error in
            let description = (error as? ParkBodyError)?.description ?? ""
            return description.contains(expected)
        }
    }

    @Test("Bodies over 64 KiB and invalid UTF-8 are refused")
    func limits() {
        let padding = "<!--" + String(repeating: "x", count: 70_000) + "-->"
        #expect(throws: ParkBodyError.self) { try ParkRequest(parsing: padding + Self.request(Self.goodParkee + Self.goodReplaces)) }
        let invalid = Array(#"<park-request version="1.0"><parkee uri="sip:"#.utf8) + [0xFF, 0xFE] + Array(#"@h"/></park-request>"#.utf8)
        #expect {
            _ = try ParkRequest(parsing: invalid)
        } throws: { error in (error as? ParkBodyError)?.description.contains("invalid UTF-8") == true }
    }

    @Test(
        "Malformed responses and notifications",
        arguments: [
            ("<park-response version='1.0'><parked-call id='x'/></park-response>", "<park-response> has no <orbit> element"),
            ("<park-response version='1.0'><orbit>*0042</orbit><parked-call id='x'/></park-response>", "<orbit> \"*0042\" is not an orbit"),
            ("<park-response version='1.0'><orbit>*3042</orbit></park-response>", "<park-response> has no <parked-call> element"),
            ("<park-response version='1.0'><orbit>*3042</orbit><parked-call/></park-response>", "<parked-call> has no id attribute"),
        ])
    func malformedResponse(text: String, expected: String) {
        #expect {
            _ = try ParkResponse(parsing: text)
        } throws: { error in (error as? ParkBodyError)?.description.contains(expected) == true }
    }

    @Test(
        "Malformed unpark notifications",
        arguments: [
            (#"<unpark-notification reason="drop"/>"#, "<unpark-notification> has no orbit attribute"),
            (#"<unpark-notification orbit="*3042"/>"#, "<unpark-notification> has no reason attribute"),
            (
                #"<unpark-notification orbit="*3042" reason="gone"/>"#,
                "unknown reason \"gone\" (expected one of retrieved, hang-up, ringback, fallback, drop)"
            ),
            (#"<unpark-notification orbit="x" reason="drop"/>"#, "orbit \"x\" is not an orbit"),
            (#"<unpark-notification orbit="*3042" reason="drop" by="not a uri"/>"#, "by \"not a uri\" is not a URI"),
            (#"<unpark-notification version="3" orbit="*3042" reason="drop"/>"#, "unsupported <unpark-notification> version"),
        ])
    func malformedNotification(text: String, expected: String) {
        #expect {
            _ = try UnparkNotification(parsing: text)
        } throws: { error in (error as? ParkBodyError)?.description.contains(expected) == true }
    }
}
