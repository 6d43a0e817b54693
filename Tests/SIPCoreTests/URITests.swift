import Testing

@testable import SIPCore

@Suite struct URITests {
    @Test func fullSIPURI() throws {
        let uri = try SIPURI("sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?Subject=hi&Priority=urgent")
        #expect(uri.scheme == .sips)
        #expect(uri.user == "alice")
        #expect(uri.password == "secret")
        #expect(uri.host == .ipv6("2001:db8::1"))
        #expect(uri.port == 5061)
        #expect(uri.parameters.value("transport") == "tcp")
        #expect(uri.parameters["lr"] == .some(nil))
        #expect(uri.parameters["maddr"] == nil)
        #expect(uri.headers == [.init(name: "Subject", value: "hi"), .init(name: "Priority", value: "urgent")])
        #expect(uri.description == "sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?Subject=hi&Priority=urgent")
    }

    @Test func hostKinds() throws {
        #expect(try SIPURI("sip:192.0.2.1").host == .ipv4("192.0.2.1"))
        #expect(try SIPURI("sip:pool-a.callpark.test").host == .name("pool-a.callpark.test"))
        #expect(try SIPURI("sip:[::ffff:192.0.2.10]:19823").host == .ipv6("::ffff:192.0.2.10"))
        #expect(try SIPURI("SIP:Bob@Example.COM").scheme == .sip)
    }

    @Test func escapesAreKeptAndDecodable() throws {
        let uri = try SIPURI("sip:I%20have%20spaces@example.net")
        #expect(uri.user == "I%20have%20spaces")
        #expect(uri.decodedUser == "I have spaces")
        #expect(uri.description == "sip:I%20have%20spaces@example.net")
    }

    @Test func telURI() throws {
        let uri = try SIPURI("tel:+1-201-555-0123;phone-context=example.com")
        #expect(uri.scheme == .tel)
        #expect(uri.user == "+1-201-555-0123")
        #expect(uri.host == nil)
        #expect(uri.parameters.value("phone-context") == "example.com")
        #expect(uri.description == "tel:+1-201-555-0123;phone-context=example.com")
    }

    @Test func otherSchemesAreKeptVerbatim() throws {
        let uri = try SIPURI("mailto:alice@example.com")
        #expect(uri.scheme.rawValue == "mailto")
        #expect(uri.opaque == "alice@example.com")
        #expect(uri.description == "mailto:alice@example.com")
    }

    @Test(arguments: [
        ("sip:", "expected a host"),
        ("alice@example.com", "is not followed by ':'"),
        ("sip:alice@", "expected a host"),
        ("sip:@example.com", "empty user part"),
        ("sip:a@example.com:99999", "port 99999 exceeds 65535"),
        ("sip:a@example.com:", "port after ':' is not a number"),
        ("sip:a@example.com;;lr", "empty URI parameter"),
        ("sip:a@example.com;x=", "has '=' but no value"),
        ("sip:a%2@example.com", "not followed by two hex digits"),
        ("sip:a@[2001:db8::1", "without closing ']'"),
        ("sip:a@[2001:db8::g]", "is not an IPv6 address"),
        ("sip:a@256.1.1.1", "is not an IPv4 address"),
        ("sip:a@-bad.example.com", "starts or ends with '-'"),
        ("sip:a@example..com", "empty label"),
        ("sip:2001:db8::10", "must be enclosed in '[' ']'"),
        ("sip:a b@example.com", "space is not allowed in the user part"),
        ("sip:alice@example.com foo", "unexpected space in URI"),
    ])
    func malformed(_ text: String, _ expected: String) {
        do {
            let uri = try SIPURI(text)
            Issue.record("\(text) parsed as \(uri)")
        } catch {
            #expect(error.description.contains(expected), "\(text): \(error)")
        }
    }

    @Test func ipv6Forms() {
        func ok(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer(SIPHost.isIPv6) }
        #expect(ok("2001:db8::10"))
        #expect(ok("::1"))
        #expect(ok("::"))
        #expect(ok("1:2:3:4:5:6:7:8"))
        #expect(ok("::ffff:192.0.2.10"))
        #expect(ok("2001:db8::192.0.2.1"))
        #expect(ok("2001:db8:::192.0.2.1"))  // RFC 5118 §4.10 tolerance
        #expect(!ok("1:2:3:4:5:6:7"))
        #expect(!ok("1::2::3"))
        #expect(!ok("12345::"))
        #expect(!ok("1:2:3:4:5:6:7:8:9"))
        #expect(!ok("2001:db8:"))
    }
}
