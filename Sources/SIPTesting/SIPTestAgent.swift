import NIOCore
import SIPCore
import SIPDialog
import SIPTransport

/// A scriptable user agent for tests: it calls, answers, hangs up and records what it saw. Every wait has a
/// deadline; nothing sleeps.
///
/// ```swift
/// let bob = try await SIPTestAgent.start(user: "bob")
/// let call = try await alice.call(bob.uri, at: bob.destination)
/// try await alice.hangUp(call)
/// try await bob.waitFor(within: .seconds(5)) { $0 == .ended(call.id.callID, byRemote: true) }
/// ```
public actor SIPTestAgent {
    /// What the agent saw or did.
    public enum Event: Hashable, Sendable {
        /// An INVITE arrived for a new call.
        case incomingCall(callID: String)
        /// This agent answered a call (2xx sent).
        case answered(callID: String)
        /// The ACK for this agent's 2xx arrived.
        case confirmed(callID: String)
        /// A call this agent placed was answered.
        case established(callID: String)
        /// A call ended; `byRemote` when the peer sent the BYE.
        case ended(callID: String, byRemote: Bool)
        /// An INVITE was cancelled by the caller.
        case cancelled(callID: String)
        /// A request passed Digest authentication (RFC 3261 §22) for `user`.
        case authenticated(user: String)
        /// Credentials were present but wrong.
        case authenticationFailed(String)
        /// A request this agent does not handle arrived and got 501 or another answer.
        case request(method: String, answered: Int)
        /// The peer put the call on hold (re-INVITE offering sendonly or inactive).
        case held(callID: String)
        /// The peer took the call off hold (re-INVITE offering sendrecv).
        case resumed(callID: String)
        /// A MESSAGE arrived (RFC 3428).
        case message(from: String, text: String)
        /// The final response of a call this agent placed, with its body (e.g. a park response, SPEC §5 A).
        case answeredWith(callID: String, contentType: String, body: String)
        /// An INFO arrived in a call (RFC 6086).
        case info(callID: String, contentType: String, body: String)
        /// An INVITE arrived with `Referred-By` (RFC 3892): who referred the caller here.
        case referredBy(callID: String, referrer: SIPURI)
        /// A REFER arrived in this call and was accepted (RFC 3515): this agent is the transferee.
        case referred(callID: String, target: SIPURI)
        /// As transferee, this agent's call to the Refer-To target ended with `status`, reported in the final NOTIFY.
        case transferResult(callID: String, status: Int)
        /// As transferor, a NOTIFY for this call's REFER reported `status` (its `message/sipfrag` status line).
        case transferNotified(callID: String, status: Int)
        /// An INVITE with Replaces (RFC 3891) took over call `callID`; the new call is `by`.
        case replaced(callID: String, by: String)
        /// A REGISTER was answered (RFC 3261 §10.2); `refreshed` when the automatic refresh sent it.
        case registration(Registration, refreshed: Bool)
        /// A NOTIFY arrived for one of this agent's subscriptions (RFC 6665 §4.1.3) and was answered 200.
        case notified(Notification)
        /// One of this agent's subscriptions ended: by a final NOTIFY, a failed SUBSCRIBE, Timer N or expiry.
        case subscriptionEnded(callID: String, package: String, SIPSubscription.Termination)
        /// As notifier, this agent accepted a SUBSCRIBE that created the subscription `key` (RFC 6665 §4.2.1).
        case subscriptionAccepted(SIPSubscriptionKey)
        /// As notifier, this agent's subscription `key` ended (unsubscribed, expired, ended by this side, or refused).
        case subscriptionRemoved(SIPSubscriptionKey, SIPSubscription.Termination)
    }

    /// How the agent answers INVITEs.
    public enum AnswerPolicy: Sendable {
        /// 180 Ringing then 200 OK with an SDP answer.
        case answer
        /// A final error status.
        case reject(Int)
        /// 180 Ringing and nothing else (for CANCEL tests).
        case ringForever
    }

    /// A call and its dialog.
    public struct Call: Sendable {
        /// The dialog.
        public var dialog: SIPDialog
        /// Where in-dialog requests go.
        public var destination: SIPDestination
        /// The dialog identifier.
        public var id: SIPDialogID { dialog.id }
    }

    /// The endpoint underneath.
    public let endpoint: SIPEndpoint
    /// The user part of this agent's address.
    public let user: String
    /// How INVITEs are answered.
    public var answerPolicy: AnswerPolicy = .answer
    /// The domain of this agent's address of record (`sip:user@domain`), used in the From of what it originates, as
    /// a phone configured with a SIP domain does; `nil` uses its own IP address.
    public private(set) var domain: String?
    /// Where requests to targets this agent cannot reach by their address go (a host name such as the domain): the
    /// user's pool, as a phone's outbound proxy setting does.
    public private(set) var outboundProxy: SIPDestination?
    /// Everything seen so far, in order.
    public private(set) var events: [Event] = []
    /// Calls in progress, by Call-ID.
    public internal(set) var calls: [String: Call] = [:]
    private var waiters: [(id: Int, predicate: @Sendable (Event) -> Bool, continuation: CheckedContinuation<Event, any Error>)] = []
    private var nextWaiter = 0
    private var loopTask: Task<Void, Never>?
    private var contact: SIPURI = SIPURI(host: .ipv4("127.0.0.1"))
    var tcpContact: SIPURI = SIPURI(host: .ipv4("127.0.0.1"))
    /// Digest server, users and methods when this agent challenges requests (see `requireAuthentication`).
    var authentication: Authentication?
    /// Credentials and answered challenges, for requests this agent sends.
    var digest: SIPDigestSession?
    /// Registrations, by registrar.
    var registrations: [SIPDestination: RegistrationState] = [:]
    /// Subscriptions this agent made (and REFERs it sent), by number.
    var subscribers: [Int: OutgoingSubscription] = [:]
    var nextSubscriber = 0
    /// Subscriptions to this agent, by key.
    var notifiers: [SIPSubscriptionKey: IncomingSubscription] = [:]
    /// The event packages this agent accepts SUBSCRIBEs for.
    var packages: [String: NotifierPackage] = [:]
    /// The o= version of the last SDP this agent sent (RFC 3264 §8: it grows with each new offer or answer).
    var mediaVersion: UInt64 = 1

    init(endpoint: SIPEndpoint, user: String) {
        self.endpoint = endpoint
        self.user = user
    }

    /// Starts an agent listening on 127.0.0.1 (UDP and TCP, ports chosen by the system).
    public static func start(user: String) async throws -> SIPTestAgent {
        let endpoint = SIPEndpoint(configuration: .init(listen: [.udp("127.0.0.1", port: 0), .tcp("127.0.0.1", port: 0)]))
        let agent = SIPTestAgent(endpoint: endpoint, user: user)
        try await agent.begin()
        return agent
    }

    private func begin() async throws {
        let bound = try await endpoint.start()
        let udp = bound.first { $0.transport == .udp }!
        contact = SIPURI(user: user, host: .ipv4(udp.host), port: UInt16(udp.port))
        if let tcp = bound.first(where: { $0.transport == .tcp }) {
            tcpContact = SIPURI(user: user, host: .ipv4(tcp.host), port: UInt16(tcp.port), parameters: ["transport": "tcp"])
        }
        let endpoint = self.endpoint
        loopTask = Task { [weak self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await endpoint.run() }
                for await incoming in endpoint.requests {
                    await self?.handle(incoming)
                }
            }
        }
    }

    /// Stops the agent and closes its sockets.
    public func stop() async {
        for r in registrations.values { r.refresh?.cancel() }
        for s in subscribers.values { s.timer?.cancel() }
        for n in notifiers.values { n.timer?.cancel() }
        await endpoint.shutdown()
        loopTask?.cancel()
        for w in waiters { w.continuation.resume(throwing: SIPTestAgentError.stopped) }
        waiters.removeAll()
    }

    /// This agent's address: `sip:user@127.0.0.1:udpPort`.
    public var uri: SIPURI { contact }

    /// Where to send requests for this agent over `transport`.
    public func destination(_ transport: SIPTransportKind = .udp) async -> SIPDestination {
        let bound = await endpoint.boundAddresses.first { $0.transport == transport }!
        return SIPDestination(transport: transport, address: bound.address)
    }

    /// Sets the answer policy.
    public func setAnswerPolicy(_ policy: AnswerPolicy) { answerPolicy = policy }

    /// Sets the domain of this agent's address of record (see ``domain``).
    public func setDomain(_ domain: String?) { self.domain = domain }

    /// Sets the outbound proxy (see ``outboundProxy``).
    public func setOutboundProxy(_ proxy: SIPDestination?) { outboundProxy = proxy }

    /// This agent's identity for From headers: `sip:user@domain`, or its contact address without a domain.
    public var identity: SIPURI {
        if let domain { return SIPURI(user: user, host: .name(domain)) }
        return SIPURI(user: user, host: uri.host!, port: uri.port)
    }

    // MARK: Waiting

    /// Waits until an event matching `predicate` has happened (including before the call, from index `since` of
    /// ``events`` on), or throws after `timeout`.
    @discardableResult
    public func waitFor(
        within timeout: Duration = .seconds(10), since start: Int = 0, _ predicate: @escaping @Sendable (Event) -> Bool
    ) async throws -> Event {
        if let seen = events[min(start, events.count)...].first(where: predicate) { return seen }
        let id = nextWaiter
        nextWaiter += 1
        let deadline = Task { [weak self] in
            try? await Task.sleep(for: timeout)  // the deadline of a wait, not a wait for the event itself
            await self?.expire(id, timeout)
        }
        defer { deadline.cancel() }
        return try await withCheckedThrowingContinuation { waiters.append((id, predicate, $0)) }
    }

    private func expire(_ id: Int, _ timeout: Duration) {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return }
        let w = waiters.remove(at: i)
        w.continuation.resume(throwing: SIPTestAgentError.timedOut("no matching event within \(timeout); saw \(events)"))
    }

    func record(_ event: Event) {
        events.append(event)
        var kept: [(id: Int, predicate: @Sendable (Event) -> Bool, continuation: CheckedContinuation<Event, any Error>)] = []
        for w in waiters {
            if w.predicate(event) { w.continuation.resume(returning: event) } else { kept.append(w) }
        }
        waiters = kept
    }
}

/// Why a test agent operation failed.
public enum SIPTestAgentError: Error, Equatable, Sendable {
    /// A wait ran past its deadline.
    case timedOut(String)
    /// The agent was stopped while waiting.
    case stopped
    /// A request got a final non-2xx response.
    case rejected(Int, String)
    /// A response could not be used (no dialog could be built).
    case malformed(String)
}
