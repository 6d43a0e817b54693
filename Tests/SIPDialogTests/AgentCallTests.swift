import SIPCore
import SIPDialog
import SIPTesting
import SIPTransport
import Testing

/// Two callpark test agents calling each other over real sockets on 127.0.0.1.
@Suite struct AgentCallTests {
    @Test(arguments: [SIPTransportKind.udp, .tcp])
    func callAnswerAndHangUp(_ transport: SIPTransportKind) async throws {
        let alice = try await SIPTestAgent.start(user: "alice")
        let bob = try await SIPTestAgent.start(user: "bob")
        defer {
            Task {
                await alice.stop(); await bob.stop()
            }
        }
        let call = try await alice.call(bob.uri, at: bob.destination(transport))
        let callID = call.id.callID
        try await bob.waitFor { $0 == .confirmed(callID: callID) }
        try await alice.hangUp(call)
        try await bob.waitFor { $0 == .ended(callID: callID, byRemote: true) }
        #expect(await alice.events.contains(.established(callID: callID)))
        #expect(await bob.events.contains(.answered(callID: callID)))
    }

    @Test func rejectedCall() async throws {
        let alice = try await SIPTestAgent.start(user: "alice")
        let bob = try await SIPTestAgent.start(user: "bob")
        defer {
            Task {
                await alice.stop(); await bob.stop()
            }
        }
        await bob.setAnswerPolicy(.reject(486))
        await #expect(throws: SIPTestAgentError.rejected(486, "Busy Here")) {
            _ = try await alice.call(bob.uri, at: bob.destination())
        }
    }

    @Test func optionsGetsAnswered() async throws {
        let alice = try await SIPTestAgent.start(user: "alice")
        let bob = try await SIPTestAgent.start(user: "bob")
        defer {
            Task {
                await alice.stop(); await bob.stop()
            }
        }
        var fields = SIPHeaderFields()
        fields.append(.from, "<sip:alice@127.0.0.1>;tag=\(SIPIdentifiers.tag())")
        fields.append(.to, "<\(await bob.uri)>")
        fields.append(.callID, SIPIdentifiers.callID())
        fields.append(.cSeq, "1 OPTIONS")
        let options = SIPRequest(method: .options, uri: await bob.uri, headerFields: fields)
        let response = await alice.endpoint.request(options, to: await bob.destination())
        #expect(response.status.code == 200)
        #expect(response.headerFields[.allow]?.contains("INVITE") == true)
    }

    /// RFC 3264 §8.4: hold is a re-INVITE offering sendonly, answered recvonly; resume offers sendrecv again.
    @Test func holdAndResume() async throws {
        let alice = try await SIPTestAgent.start(user: "alice")
        let bob = try await SIPTestAgent.start(user: "bob")
        defer {
            Task {
                await alice.stop(); await bob.stop()
            }
        }
        let call = try await alice.call(bob.uri, at: bob.destination())
        let callID = call.id.callID
        #expect(try await alice.hold(call) == .recvonly)
        try await bob.waitFor { $0 == .held(callID: callID) }
        #expect(try await alice.resume(call) == .sendrecv)
        try await bob.waitFor { $0 == .resumed(callID: callID) }
        try await alice.hangUp(call)
        try await bob.waitFor { $0 == .ended(callID: callID, byRemote: true) }
    }

    @Test func messageAndInfo() async throws {
        let alice = try await SIPTestAgent.start(user: "alice")
        let bob = try await SIPTestAgent.start(user: "bob")
        defer {
            Task {
                await alice.stop(); await bob.stop()
            }
        }
        #expect(await alice.sendMessage("Call from Alice parked on *3042", to: bob.uri, at: bob.destination()) == 200)
        try await bob.waitFor { if case .message(_, "Call from Alice parked on *3042") = $0 { return true } else { return false } }
        let call = try await alice.call(bob.uri, at: bob.destination())
        let callID = call.id.callID
        #expect(await alice.sendInfo(call, body: "Signal=5", contentType: "application/dtmf-relay") == 200)
        try await bob.waitFor { $0 == .info(callID: callID, contentType: "application/dtmf-relay", body: "Signal=5") }
        try await alice.hangUp(call)
    }
}
