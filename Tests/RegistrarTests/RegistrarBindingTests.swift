import SIPCore
import Testing
import Topology

@testable import Registrar

/// RFC 3261 §10.3 steps 1–8: addresses, several contacts, removal, `*`, Call-ID/CSeq ordering.
@Suite struct RegistrarBindingTests {
    static let desk = "<sip:alice@192.0.2.1:5062>"
    static let mobile = "<sip:alice@198.51.100.7:5080;transport=tcp>"

    var registrar = Fixture.registrar("pool-a")

    mutating func register(
        _ contacts: [String], expires: UInt32? = nil, callID: String = "reg-1", cSeq: UInt32, now: Double = 0,
        user: User = Fixture.alice
    ) -> RegistrationOutcome {
        registrar.register(
            Fixture.register(user.name, contacts: contacts, expires: expires, callID: callID, cSeq: cSeq), user: user,
            source: "udp:192.0.2.1:5062", now: now)
    }

    @Test mutating func severalContactsAreAllListed() {
        let outcome = register([Self.desk, Self.mobile + ";expires=300"], expires: 900, cSeq: 1)
        #expect(outcome.response.status.code == 200)
        #expect(
            outcome.response.contactExpiries
                == ["sip:alice@192.0.2.1:5062": 900, "sip:alice@198.51.100.7:5080;transport=tcp": 300])
        #expect(outcome.changes.added.count == 2)
        // A second agent (another Call-ID) adds a third binding; the 200 lists all three (§10.3 step 8).
        let third = register(["<sip:alice@203.0.113.5>"], callID: "reg-2", cSeq: 1, now: 100)
        #expect(third.response.headerFields.values(.contact).count == 3)
        #expect(third.response.contactExpiries["sip:alice@192.0.2.1:5062"] == 800)
        #expect(third.changes.added.map(\.contact) == ["sip:alice@203.0.113.5"])
        #expect(third.bindings.count == 3)
    }

    @Test mutating func refreshUpdatesInPlace() throws {
        _ = register([Self.desk], expires: 600, cSeq: 1)
        let refresh = register([Self.desk], expires: 1200, cSeq: 2, now: 300)
        #expect(refresh.changes.added.isEmpty)
        #expect(refresh.changes.refreshed.map(\.contact) == ["sip:alice@192.0.2.1:5062"])
        let binding = try #require(refresh.bindings.first)
        #expect(binding.expiresAt == 1500)
        #expect(binding.cSeq == 2)
        #expect(refresh.bindings.count == 1)
    }

    @Test mutating func equivalentURIsMatchTheSameBinding() {
        _ = register(["<sip:alice@EXAMPLE.org:5062;transport=UDP>"], cSeq: 1)
        // Host case and parameter value case do not matter; the escaped user is the same user (§19.1.4).
        let refresh = register(["<sip:%61lice@example.org:5062;transport=udp>"], cSeq: 2)
        #expect(refresh.changes.refreshed.count == 1)
        #expect(refresh.bindings.count == 1)
        // Another port is another binding.
        let other = register(["<sip:alice@example.org:5063;transport=udp>"], cSeq: 3)
        #expect(other.changes.added.count == 1)
        #expect(other.bindings.count == 2)
    }

    @Test mutating func unregisterOne() {
        _ = register([Self.desk, Self.mobile], cSeq: 1)
        let outcome = register([Self.mobile], expires: 0, cSeq: 2)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.changes.removed.map(\.contact) == ["sip:alice@198.51.100.7:5080;transport=tcp"])
        #expect(outcome.response.contactExpiries.keys.sorted() == ["sip:alice@192.0.2.1:5062"])
    }

    @Test mutating func unregisterOneByParameter() {
        _ = register([Self.desk, Self.mobile], cSeq: 1)
        let outcome = register([Self.desk + ";expires=0", Self.mobile + ";expires=600"], cSeq: 2)
        #expect(outcome.changes.removed.count == 1)
        #expect(outcome.changes.refreshed.count == 1)
        #expect(outcome.response.contactExpiries == ["sip:alice@198.51.100.7:5080;transport=tcp": 600])
    }

    @Test mutating func unregisterUnknownContactIsHarmless() {
        _ = register([Self.desk], cSeq: 1)
        let outcome = register(["<sip:alice@192.0.2.99>"], expires: 0, cSeq: 2)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.changes.isEmpty)
        #expect(outcome.bindings.count == 1)
    }

    @Test mutating func starRemovesAll() {
        _ = register([Self.desk, Self.mobile], cSeq: 1)
        _ = register(["<sip:alice@203.0.113.5>"], callID: "other-phone", cSeq: 40)
        let outcome = register(["*"], expires: 0, cSeq: 2)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.changes.removed.count == 3)
        #expect(outcome.response.headerFields.values(.contact).isEmpty)
        #expect(!registrar.location.isRegistered("alice", now: 0))
        #expect(registrar.location.registeredUsers.isEmpty)
    }

    @Test(arguments: [
        (["*"], UInt32?.none, "Contact: * is only allowed with Expires: 0"),
        (["*"], UInt32?.some(60), "Contact: * is only allowed with Expires: 0"),
        (["*", "<sip:alice@192.0.2.1>"], UInt32?.some(0), "Contact: * must be the only contact"),
        (["*, <sip:alice@192.0.2.1>"], UInt32?.some(0), "Contact: * must be the only contact"),
    ])
    func starRules(contacts: [String], expires: UInt32?, reason: String) {
        var registrar = Fixture.registrar("pool-a")
        _ = registrar.register(
            Fixture.register("alice", contacts: [Self.desk], cSeq: 1), user: Fixture.alice, source: "udp:x", now: 0)
        let outcome = registrar.register(
            Fixture.register("alice", contacts: contacts, expires: expires, cSeq: 2), user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.status.code == 400)
        #expect(outcome.response.status.reasonPhrase == "Bad Request (\(reason))")
        #expect(outcome.response.warningList.first?.text == reason)
        #expect(registrar.location.isRegistered("alice", now: 0))
    }

    @Test mutating func sameCallIDWithLowerOrEqualCSeqIsRefused() {
        _ = register([Self.desk], expires: 600, cSeq: 5)
        for cSeq: UInt32 in [4, 5] {
            let stale = register([Self.desk], expires: 0, cSeq: cSeq, now: 10)
            #expect(stale.response.status.code == 500)
            #expect(stale.response.status.reasonPhrase == "Server Internal Error (out-of-order REGISTER)")
            #expect(stale.response.warningList.first?.text.contains("CSeq \(cSeq) is not above 5") == true)
            #expect(stale.changes.isEmpty)
            #expect(registrar.location.isRegistered("alice", now: 10))
        }
        let newer = register([Self.desk], expires: 0, cSeq: 6, now: 10)
        #expect(newer.response.status.code == 200)
        #expect(!registrar.location.isRegistered("alice", now: 10))
    }

    @Test mutating func anotherCallIDMayHaveAnyCSeq() {
        _ = register([Self.desk], expires: 600, callID: "before-reboot", cSeq: 900)
        let afterReboot = register([Self.desk], expires: 600, callID: "after-reboot", cSeq: 1, now: 20)
        #expect(afterReboot.response.status.code == 200)
        #expect(afterReboot.changes.refreshed.first?.callID == "after-reboot")
    }

    @Test mutating func outOfOrderAbortsTheWholeRequest() {
        _ = register([Self.desk], expires: 600, cSeq: 5)
        // The new contact would be fine, but the desk binding is newer than this request: nothing is applied.
        let outcome = register([Self.mobile, Self.desk], expires: 600, cSeq: 3)
        #expect(outcome.response.status.code == 500)
        #expect(registrar.location.bindings(of: "alice", now: 0).map(\.contact) == ["sip:alice@192.0.2.1:5062"])
    }

    @Test mutating func starWithOutOfOrderCSeqIsRefused() {
        _ = register([Self.desk], cSeq: 5)
        let outcome = register(["*"], expires: 0, cSeq: 5)
        #expect(outcome.response.status.code == 500)
        #expect(registrar.location.isRegistered("alice", now: 0))
    }

    @Test mutating func aContactListedTwiceIsNotOutOfOrderWithItself() {
        let outcome = register([Self.desk + ";expires=600", Self.desk + ";expires=900"], cSeq: 1)
        #expect(outcome.response.status.code == 200)
        #expect(outcome.response.contactExpiries == ["sip:alice@192.0.2.1:5062": 900])
    }

    @Test mutating func instanceIDReplacesTheOldAddress() throws {
        let instance = "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
        _ = register([Self.desk + ";+sip.instance=" + instance], callID: "boot-1", cSeq: 1)
        // The phone restarted on another port with a new Call-ID: its binding moves instead of doubling (RFC 5626 §6).
        let outcome = register(["<sip:alice@192.0.2.1:6000>;+sip.instance=" + instance], callID: "boot-2", cSeq: 1)
        #expect(outcome.changes.refreshed.count == 1)
        let binding = try #require(outcome.bindings.first)
        #expect(outcome.bindings.count == 1)
        #expect(binding.contact == "sip:alice@192.0.2.1:6000")
        #expect(binding.instanceID == "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>")
        #expect(
            outcome.response.headerFields.values(.contact)
                == ["<sip:alice@192.0.2.1:6000>;expires=1800;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""])
    }

    @Test mutating func qIsKeptAndEchoed() {
        let outcome = register([Self.desk + ";q=0.5", Self.mobile + ";q=1.0"], expires: 600, cSeq: 1)
        #expect(
            outcome.response.headerFields.values(.contact)
                == ["<sip:alice@192.0.2.1:5062>;expires=600;q=0.5", "<sip:alice@198.51.100.7:5080;transport=tcp>;expires=600;q=1"])
        #expect(outcome.bindings.map(\.q) == [0.5, 1])
    }

    @Test(arguments: ["<sip:alice@192.0.2.1>;q=1.5", "<sip:alice@192.0.2.1>;q=high", "<mailto:alice@example.org>", "sip:alice@"])
    mutating func badContactsGet400(contact: String) {
        let outcome = register([contact], cSeq: 1)
        #expect(outcome.response.status.code == 400)
        #expect(registrar.location.userCount == 0)
    }

    @Test mutating func tooManyContactsGet403() {
        registrar.location.maxBindingsPerUser = 2
        let outcome = register(["<sip:alice@192.0.2.1>", "<sip:alice@192.0.2.2>", "<sip:alice@192.0.2.3>"], cSeq: 1)
        #expect(outcome.response.status.code == 403)
        #expect(outcome.response.warningList.first?.text == "at most 2 contacts may be registered per user")
        #expect(registrar.location.userCount == 0)
    }

    // MARK: Addresses (§10.3 steps 1–5)

    @Test mutating func registeringSomeoneElsesAddressIsForbidden() {
        let request = Fixture.register("alice", contacts: [Self.desk], to: "sip:bob@callpark.test")
        let outcome = registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.status.code == 403)
        #expect(outcome.response.status.reasonPhrase == "Forbidden (alice may not register sip:bob@callpark.test)")
        #expect(registrar.location.userCount == 0)
    }

    @Test mutating func foreignAddressOfRecordIsNotFound() {
        let request = Fixture.register("alice", contacts: [Self.desk], to: "sip:alice@example.org")
        #expect(registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0).response.status.code == 404)
    }

    @Test(arguments: ["sip:callpark.test", "sip:CallPark.TEST", "sip:127.0.0.1:5060", "sip:127.0.0.1", "sip:127.0.0.1:5070"])
    mutating func requestURIsThatAreOurs(uri: String) {
        let request = Fixture.register("alice", contacts: [Self.desk], requestURI: uri)
        #expect(registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0).response.status.code == 200)
    }

    @Test(arguments: ["sip:example.org", "sip:127.0.0.1:5099", "sip:192.0.2.50"])
    mutating func requestURIsThatAreNotOurs(uri: String) {
        let request = Fixture.register("alice", contacts: [Self.desk], requestURI: uri)
        let outcome = registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.status.code == 404)
        #expect(outcome.response.warningList.first?.text.hasSuffix("is not a registrar of callpark.test") == true)
    }

    @Test mutating func requiredExtensionsGet420() {
        let request = Fixture.register("alice", contacts: [Self.desk], extra: [(.require, "gruu")])
        let outcome = registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.status.code == 420)
        #expect(outcome.response.headerFields[.unsupported] == "gruu")
    }

    @Test mutating func missingCallIDGets400() {
        var request = Fixture.register("alice", contacts: [Self.desk])
        request.headerFields.removeAll(.callID)
        let outcome = registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.status.code == 400)
        #expect(outcome.response.status.reasonPhrase == "Bad Request (no Call-ID)")
    }

    @Test mutating func responseCopiesTheTransactionHeadersAndAddsAToTag() throws {
        let request = Fixture.register("alice", contacts: [Self.desk], callID: "copy-me", cSeq: 7)
        let outcome = registrar.register(request, user: Fixture.alice, source: "udp:x", now: 0)
        #expect(outcome.response.headerFields[.callID] == "copy-me")
        #expect(outcome.response.headerFields[.cSeq] == "7 REGISTER")
        #expect(try outcome.response.headerFields.to?.tag != nil)
    }
}
