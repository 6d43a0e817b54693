import Foundation
import NIOCore
import SIPCore
import SIPTesting
import SIPTransport
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
        service:
          digestAlgorithms: [MD5, SHA-256]   # sipp answers only the first challenge, and only MD5
          recordRoute: true                  # sipp answers in-dialog requests to the call's first hop, not by Via
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

    /// Runs a scenario of ours. sipp's digest `uri` is the remote address unless `-auth_uri` names the Request-URI,
    /// which the pools check (RFC 2617 §3.2.2.5); sipp adds the `sip:` itself.
    func sipp(_ scenario: String, to port: Int, user: String, keys: [String: String], auth: String, authURI: String)
        async throws -> SIPp.Result
    {
        var args = ["127.0.0.1:\(port)", "-sf", CallparkProcess.scenarios.appendingPathComponent(scenario).path, "-m", "1"]
        args += ["-auth_uri", authURI]
        args += ["-p", "\(SIPp.freePort())", "-au", auth, "-ap", passwords[auth] ?? auth, "-key", "sipdomain", "callpark.test"]
        for (k, v) in keys.merging(["user": user], uniquingKeysWith: { a, _ in a }) { args += ["-key", k, v] }
        return try await SIPp.run(args, timeout: .seconds(20))
    }

    /// Registers `user` (its contact: a sipp UAS on `contactPort`) at the pool on `port`.
    func register(_ user: String, at port: Int, contactPort: Int) async throws {
        let result = try await sipp(
            "pool-register.xml", to: port, user: user, keys: ["contact_port": "\(contactPort)"], auth: user,
            authURI: "callpark.test")
        #expect(result.exitCode == 0, "REGISTER \(user) at \(port): \(result.output)")
    }

    /// A call from `caller` (at its pool) to `callee` (a sipp UAS registered at its pool).
    func call(from caller: String, at callerPort: Int, to callee: String, at calleePort: Int) async throws {
        let uasPort = SIPp.freePort()
        try await register(callee, at: calleePort, contactPort: uasPort)
        async let uas = SIPp.run(
            ["-sf", CallparkProcess.scenarios.appendingPathComponent("pool-callee.xml").path, "-p", "\(uasPort)", "-m", "1"],
            timeout: .seconds(20))
        // UDP: the pool retransmits the INVITE (Timer A) until this sipp has opened its socket.
        let uac = try await sipp(
            "pool-call.xml", to: callerPort, user: callee, keys: ["caller": caller], auth: caller,
            authURI: "\(callee)@callpark.test")
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
            keys: ["contact_port": "\(SIPp.freePort())", "home": "127.0.0.1:\(portA)"], auth: "alice", authURI: "callpark.test")
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
                "-key", "contact_port", "\(SIPp.freePort())", "-auth_uri", "callpark.test",
            ], timeout: .seconds(20))
        #expect(zoe.exitCode == 0, "zoe: \(zoe.output)")
        #expect(serve.stop() == 0, "callpark serve exits cleanly on SIGTERM: \(serve.printed)")
    }

    /// With the default settings (no Record-Route, SHA-256 challenges first), phones that follow Via: callpark test
    /// agents register, call across pools and are redirected home; the call's own requests go end to end, so the
    /// call outlives both pools (SPEC §1: an ordinary call does not depend on a pool).
    @Test func agentsCallAcrossPoolsAndOutliveThem() async throws {
        let config = directory.appendingPathComponent("deployment.yaml")
        try yaml.replacingOccurrences(of: "  digestAlgorithms: [MD5, SHA-256]", with: "  minExpires: 60")
            .replacingOccurrences(of: "  recordRoute: true", with: "  recordRoute: false")
            .write(to: config, atomically: true, encoding: .utf8)
        let serve = try CallparkProcess(["serve", "--config", config.path, "--data-dir", directory.path], in: directory)
        defer { _ = serve.stop() }
        _ = try await serve.waitForLine(containing: "serving pool-a, pool-b")
        let poolA = SIPDestination(transport: .udp, address: try SocketAddress(ipAddress: "127.0.0.1", port: portA))
        let poolB = SIPDestination(transport: .udp, address: try SocketAddress(ipAddress: "127.0.0.1", port: portB))
        let domain = try SIPURI("sip:callpark.test")
        let alice = try await SIPTestAgent.start(user: "alice")
        let dave = try await SIPTestAgent.start(user: "dave")
        defer {
            Task {
                await alice.stop(); await dave.stop()
            }
        }
        await alice.setDomain("callpark.test")
        await dave.setDomain("callpark.test")
        await alice.setCredentials(username: "alice", password: passwords["alice"]!)
        await dave.setCredentials(username: "dave", password: passwords["dave"]!)

        // alice at the wrong pool: 301 to her home pool's address (SPEC §3).
        let moved = await alice.register(at: poolB, expires: 300, registrarURI: domain)
        #expect(moved.status == 301)
        #expect(moved.movedTo?.host?.address == "127.0.0.1" && moved.movedTo.map { Int($0.port ?? 0) } == portA, "\(moved)")
        let home = await alice.register(at: poolA, expires: 300, registrarURI: domain)
        #expect(home.status == 200 && home.warning == nil, "\(home)")
        #expect(await dave.register(at: poolB, expires: 300, registrarURI: domain).status == 200)

        // alice calls dave through her pool (407, then through pool-b to dave's contact).
        let call = try await alice.call(try SIPURI("sip:dave@callpark.test"), at: poolA)
        try await dave.waitFor(within: .seconds(10)) { $0 == .confirmed(callID: call.id.callID) }

        // Both pools stop; the call goes on: hold, resume and hang-up go end to end.
        #expect(serve.stop() == 0)
        #expect(try await alice.hold(call) == .recvonly)
        try await dave.waitFor(within: .seconds(10)) { $0 == .held(callID: call.id.callID) }
        _ = try await alice.resume(call)
        try await alice.hangUp(call)
        try await dave.waitFor(within: .seconds(10)) { $0 == .ended(callID: call.id.callID, byRemote: true) }
    }
}
