import Foundation
import SIPTesting
import Testing

/// `callpark serve` started as a user starts it (a child process), with sipp as the phones: registration with digest
/// auth on each pool, calls across pools both ways, a 301 for the wrong pool, and the admin commands (issue 4).
@Suite(.serialized, .enabled(if: SIPp.path != nil && CallparkProcess.binary != nil, "needs sipp and the callpark binary"))
struct ServeEndToEndTests {
    let directory: URL
    let portA = SIPp.freePort()
    let portB = SIPp.freePort()
    let passwords = ["alice": "alice-pw-1", "dave": "dave-pw-2"]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callpark-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var yaml: String {
        """
        domain: callpark.test
        pools:
          - name: pool-a
            sip: 127.0.0.1:\(portA)
            admin: 127.0.0.1:\(SIPp.freePort())
            partner: pool-b
          - name: pool-b
            sip: 127.0.0.1:\(portB)
            admin: 127.0.0.1:\(SIPp.freePort())
        users:
          - { name: alice, pool: pool-a, password: \(passwords["alice"]!) }
          - { name: dave, pool: pool-b, password: \(passwords["dave"]!) }
        orbitRanges:
          - { name: pool-a-main, start: "*3000", end: "*3099", pool: pool-a }
          - { name: pool-b-main, start: "*4000", end: "*4099", pool: pool-b }

        """
    }

    func sipp(_ scenario: String, to port: Int, user: String, keys: [String: String], auth: String) async throws -> SIPp.Result {
        var args = ["127.0.0.1:\(port)", "-sf", CallparkProcess.scenarios.appendingPathComponent(scenario).path, "-m", "1"]
        args += ["-p", "\(SIPp.freePort())", "-au", auth, "-ap", passwords[auth] ?? auth, "-key", "sipdomain", "callpark.test"]
        for (k, v) in keys.merging(["user": user], uniquingKeysWith: { a, _ in a }) { args += ["-key", k, v] }
        return try await SIPp.run(args, timeout: .seconds(20))
    }

    /// Registers `user` (its contact: a sipp UAS on `contactPort`) at the pool on `port`.
    func register(_ user: String, at port: Int, contactPort: Int) async throws {
        let result = try await sipp("pool-register.xml", to: port, user: user, keys: ["contact_port": "\(contactPort)"], auth: user)
        #expect(result.exitCode == 0, "REGISTER \(user) at \(port): \(result.output)")
    }

    /// A call from `caller` (at its pool) to `callee` (a sipp UAS registered at its pool).
    func call(from caller: String, at callerPort: Int, to callee: String, at calleePort: Int) async throws {
        let uasPort = SIPp.freePort()
        try await register(callee, at: calleePort, contactPort: uasPort)
        async let uas = SIPp.run(["-sn", "uas", "-p", "\(uasPort)", "-m", "1"], timeout: .seconds(20))
        // UDP: the pool retransmits the INVITE (Timer A) until this sipp has opened its socket.
        let uac = try await sipp("pool-call.xml", to: callerPort, user: callee, keys: ["caller": caller], auth: caller)
        let answered = try await uas
        #expect(uac.exitCode == 0, "\(caller) → \(callee): \(uac.output)")
        #expect(answered.exitCode == 0, "\(callee)'s phone: \(answered.output)")
    }

    @Test func serveRegisterCallMoveAndAdminister() async throws {
        let config = directory.appendingPathComponent("deployment.yaml")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        let serve = try CallparkProcess(["serve", "--config", config.path, "--data-dir", directory.path], in: directory)
        defer { _ = serve.stop() }
        _ = try await serve.waitForLine(containing: "serving pool-a, pool-b")

        // Registration with digest auth on each pool.
        try await register("alice", at: portA, contactPort: SIPp.freePort())
        try await register("dave", at: portB, contactPort: SIPp.freePort())
        // A user registering at the wrong pool is sent home (SPEC §3).
        let moved = try await sipp(
            "pool-register-moved.xml", to: portB, user: "alice",
            keys: ["contact_port": "\(SIPp.freePort())", "home": "127.0.0.1:\(portA)"], auth: "alice")
        #expect(moved.exitCode == 0, "alice at pool-b: \(moved.output)")

        // Calls across pools, both ways, through each caller's pool.
        try await call(from: "alice", at: portA, to: "dave", at: portB)
        try await call(from: "dave", at: portB, to: "alice", at: portA)

        // The admin commands, as an administrator runs them, against the running deployment's store.
        let store = ["--store", "sqlite:" + directory.appendingPathComponent("callpark.sqlite").path]
        let list = try CallparkProcess.run(["pool", "list"] + store, in: directory)
        #expect(list.status == 0)
        #expect(list.output.contains("pool-a") && list.output.contains("127.0.0.1:\(portA)") && list.output.contains("pool-b"))
        let added = try CallparkProcess.run(["user", "add", "zoe", "--pool", "pool-a", "--password", "zoe-pw"] + store, in: directory)
        #expect(added.status == 0 && added.output.contains("added user zoe on pool-a"), "\(added.output)")
        let users = try CallparkProcess.run(["user", "list", "--json"] + store, in: directory)
        #expect(users.output.contains("\"name\" : \"zoe\""), "\(users.output)")
        let overlap = try CallparkProcess.run(
            ["orbit-range", "add", "east", "--start", "*3050", "--end", "*3150", "--pool", "pool-b"] + store, in: directory)
        #expect(overlap.status != 0 && overlap.output.contains("overlap"), "\(overlap.output)")
        let badTimeout = try CallparkProcess.run(["cps", "set", "--pool", "pool-a", "--pickup-timeout", "5"] + store, in: directory)
        #expect(badTimeout.status != 0 && badTimeout.output.contains("pickupTimeout"), "\(badTimeout.output)")
        let cps = try CallparkProcess.run(["cps", "set", "--pool", "pool-b", "--pickup-timeout", "45"] + store, in: directory)
        #expect(cps.status == 0 && cps.output.contains("pickupTimeout      45 s"), "\(cps.output)")
        let status = try CallparkProcess.run(["status"] + store, in: directory)
        #expect(status.output.contains("200 OK"), "\(status.output)")

        // The running pool picks the new user up without a restart: zoe registers as soon as the pool has reloaded.
        _ = try await serve.waitForLine(containing: "deployment reloaded")
        let zoe = try await SIPp.run(
            [
                "127.0.0.1:\(portA)", "-sf", CallparkProcess.scenarios.appendingPathComponent("pool-register.xml").path, "-m", "1",
                "-p", "\(SIPp.freePort())", "-au", "zoe", "-ap", "zoe-pw", "-key", "sipdomain", "callpark.test", "-key", "user", "zoe",
                "-key", "contact_port", "\(SIPp.freePort())",
            ], timeout: .seconds(20))
        #expect(zoe.exitCode == 0, "zoe: \(zoe.output)")
        #expect(serve.stop() == 0, "callpark serve exits cleanly on SIGTERM: \(serve.printed)")
    }
}
