import SIPCore
import Testing

@testable import Registrar

#if canImport(Glibc)
    import Glibc
#endif

/// ``LocationService`` on its own.
@Suite struct LocationServiceTests {
    static func update(_ uri: String, expires: Int = 600, q: Double? = nil, instance: String? = nil) -> ContactUpdate {
        ContactUpdate(uri: try! SIPURI(uri), expires: expires, q: q, instanceID: instance)
    }

    @Test func updateAddsRefreshesAndRemoves() throws {
        var location = LocationService()
        let added = try location.update(
            user: "alice", contacts: [Self.update("sip:alice@192.0.2.1")], callID: "c", cSeq: 1, source: "udp:192.0.2.1:5060",
            now: 10)
        #expect(added.added.map(\.contact) == ["sip:alice@192.0.2.1"])
        #expect(added.added.first?.expiresAt == 610)
        let refreshed = try location.update(
            user: "alice", contacts: [Self.update("sip:alice@192.0.2.1", expires: 60)], callID: "c", cSeq: 2, source: "tcp:x",
            resiliency: true, now: 20)
        #expect(refreshed.refreshed.first?.source == "tcp:x")
        #expect(refreshed.refreshed.first?.resiliency == true)
        #expect(location.bindings(of: "alice", now: 79).count == 1)
        #expect(location.bindings(of: "alice", now: 80).isEmpty)
        let removed = try location.update(
            user: "alice", contacts: [Self.update("sip:alice@192.0.2.1", expires: 0)], callID: "c", cSeq: 3, source: "tcp:x", now: 30)
        #expect(removed.removed.count == 1)
        #expect(location.registeredUsers.isEmpty)
    }

    @Test func expiredBindingsAreReportedWhenTheUserUpdates() throws {
        var location = LocationService()
        try location.update(user: "bob", contacts: [Self.update("sip:bob@a", expires: 10)], callID: "1", cSeq: 1, source: "s", now: 0)
        let changes = try location.update(
            user: "bob", contacts: [Self.update("sip:bob@b")], callID: "2", cSeq: 1, source: "s", now: 50)
        #expect(changes.expired.map(\.contact) == ["sip:bob@a"])
        #expect(changes.added.map(\.contact) == ["sip:bob@b"])
        #expect(location.bindingCount == 1)
    }

    @Test func anExpiredBindingDoesNotBlockAnOlderCSeq() throws {
        var location = LocationService()
        try location.update(user: "bob", contacts: [Self.update("sip:bob@a", expires: 10)], callID: "1", cSeq: 9, source: "s", now: 0)
        // The binding no longer exists at 20, so there is nothing to be out of order with.
        let changes = try location.update(user: "bob", contacts: [Self.update("sip:bob@a")], callID: "1", cSeq: 2, source: "s", now: 20)
        #expect(changes.added.count == 1)
    }

    @Test func outOfOrderThrowsAndChangesNothing() throws {
        var location = LocationService()
        try location.update(user: "bob", contacts: [Self.update("sip:bob@a")], callID: "1", cSeq: 9, source: "s", now: 0)
        #expect(throws: LocationError.outOfOrder(contact: "sip:bob@a", storedCSeq: 9, receivedCSeq: 8)) {
            try location.update(
                user: "bob", contacts: [Self.update("sip:bob@new"), Self.update("sip:bob@a")], callID: "1", cSeq: 8, source: "s",
                now: 1)
        }
        #expect(location.bindings(of: "bob", now: 1).map(\.contact) == ["sip:bob@a"])
    }

    @Test func removeAllUnconditionally() throws {
        var location = LocationService()
        try location.update(
            user: "bob", contacts: [Self.update("sip:bob@a"), Self.update("sip:bob@b")], callID: "1", cSeq: 1, source: "s", now: 0)
        #expect(location.removeAll(of: "bob").count == 2)
        #expect(location.userCount == 0)
        #expect(location.removeAll(of: "bob").isEmpty)
    }

    @Test func expireSweepsOnlyWhenDueAndReportsBindings() throws {
        var location = LocationService()
        try location.update(user: "a", contacts: [Self.update("sip:a@x", expires: 100)], callID: "1", cSeq: 1, source: "s", now: 0)
        try location.update(
            user: "b", contacts: [Self.update("sip:b@x", expires: 100), Self.update("sip:b@y", expires: 200)], callID: "2", cSeq: 1,
            source: "s", now: 0)
        #expect(location.removeExpired(now: 99).isEmpty)
        let swept = location.removeExpired(now: 100)
        #expect(swept.mapValues { $0.map(\.contact) } == ["a": ["sip:a@x"], "b": ["sip:b@x"]])
        #expect(location.registeredUsers == ["b"])
        #expect(location.expire(now: 150).isEmpty)
        #expect(location.expire(now: 200) == ["b"])
    }

    @Test func matchingByInstanceOrEquivalentURI() throws {
        let instance = "<urn:uuid:00000000-0000-0000-0000-000000000001>"
        let binding = Binding(
            contact: "sip:alice@192.0.2.1:5062;transport=tcp", expiresAt: 100, callID: "c", cSeq: 1, source: "s", instanceID: instance)
        #expect(binding.matches(Self.update("sip:alice@192.0.2.1:5062;transport=TCP")))
        #expect(binding.matches(Self.update("sip:alice@192.0.2.1:5062;transport=tcp;ob")))
        #expect(!binding.matches(Self.update("sip:alice@192.0.2.1:5062")))  // transport only on one side
        #expect(!binding.matches(Self.update("sip:alice@192.0.2.1:5063;transport=tcp")))
        #expect(!binding.matches(Self.update("sip:Alice@192.0.2.1:5062;transport=tcp")))  // users are case-sensitive
        #expect(binding.matches(Self.update("sip:alice@192.0.2.77", instance: instance)))
    }

    @Test func bindingContactValues() {
        var binding = Binding(contact: "sip:alice@192.0.2.1", expiresAt: 100.4, callID: "c", cSeq: 1, source: "s")
        #expect(binding.contactValue(now: 0) == "<sip:alice@192.0.2.1>;expires=100")
        #expect(binding.contactValue(now: 200) == "<sip:alice@192.0.2.1>;expires=0")
        binding.q = 0.25
        #expect(binding.contactValue(now: 0) == "<sip:alice@192.0.2.1>;expires=100;q=0.25")
        binding.q = 0
        #expect(binding.contactValue(now: 0).hasSuffix(";q=0"))
        binding.q = nil
        #expect(binding.q == nil)
    }

    /// Memory per registered user, printed (not asserted): set REGISTRAR_MEMORY=1 to run it. Measured as the growth
    /// of the resident set (`/proc/self/statm`), since Glibc's module map does not export `mallinfo2`.
    @Test(.enabled(if: Environment.measureMemory))
    func memoryPerUser() throws {
        #if canImport(Glibc)
            let users = 100_000
            let before = Environment.residentBytes()
            var location = LocationService()
            for k in 0..<users {
                let update = ContactUpdate(
                    uri: try SIPURI("sip:user\(k)@192.0.2.\(k % 250 + 1):\(5060 + k % 1000);transport=udp"), expires: 3600,
                    instanceID: "<urn:uuid:f81d4fae-7dec-11d0-a765-\(String(100_000_000_000 + k))>")
                try location.update(
                    user: "user\(k)", contacts: [update], callID: "\(k)-a84b4c76e66710@192.0.2.\(k % 250 + 1)", cSeq: 1,
                    source: "udp:192.0.2.\(k % 250 + 1):\(5060 + k % 1000)", now: 0)
            }
            let after = Environment.residentBytes()
            print(
                "LocationService: \(users) users, \((Int(after) - Int(before)) / users) bytes of resident memory per user (1 binding with instance-id)"
            )
            #expect(location.userCount == users)
        #endif
    }
}

enum Environment {
    static var measureMemory: Bool {
        #if canImport(Glibc)
            return getenv("REGISTRAR_MEMORY") != nil
        #else
            return false
        #endif
    }

    /// The resident set size in bytes, from `/proc/self/statm` (0 when unreadable).
    static func residentBytes() -> Int {
        #if canImport(Glibc)
            guard let file = fopen("/proc/self/statm", "r") else { return 0 }
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 256)
            guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
            let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
            return 0
        #endif
    }
}
