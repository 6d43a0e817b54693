import SIPCore
import SIPDialog
import SIPTransport

/// Registration (RFC 3261 §10.2): REGISTER with Digest, 423 retried with Min-Expires, removal of one or all bindings,
/// and an optional refresh before expiry.
extension SIPTestAgent {
    /// What a REGISTER came back with.
    public struct Registration: Hashable, Sendable {
        /// A binding the registrar listed in its 2xx (§10.2.4): a contact and the seconds it was granted.
        public struct Binding: Hashable, Sendable {
            /// The contact address.
            public var contact: SIPURI
            /// Its `expires` parameter, or the response's Expires when it has none.
            public var expires: UInt32?
        }

        /// The final status code.
        public var status: Int
        /// The reason phrase.
        public var reasonPhrase: String
        /// The bindings of the address of record, as the 2xx listed them.
        public var bindings: [Binding]
        /// The seconds granted to this agent's own contact, when the 2xx listed it.
        public var expires: UInt32?
        /// The text of the first Warning header (e.g. `resiliency mode: call park unavailable`, SPEC §3).
        public var warning: String?
        /// For a 3xx, the first Contact: where to register instead (SPEC §3: `301` names the home pool).
        public var movedTo: SIPURI?

        /// Whether the status is 2xx.
        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// What this agent keeps about its registration with one registrar.
    struct RegistrationState {
        /// §10.2: the same Call-ID for every REGISTER to a registrar, and a CSeq that grows.
        var callID = SIPIdentifiers.callID()
        var fromTag = SIPIdentifiers.tag()
        var sequence: UInt32 = 0
        var registrarURI: SIPURI
        var addressOfRecord: SIPURI
        var requested: UInt32 = 3600
        /// Protection spaces answered, whose nonces later REGISTERs reuse (RFC 7616 §3.4).
        var realms: [SIPDigestSession.Realm] = []
        var refreshes = false
        var refresh: Task<Void, Never>?
    }

    /// Registers this agent's contact at the registrar at `destination` for `expires` seconds: the address of record
    /// is `sip:user@` the registrar's host, the Request-URI `registrarURI` (by default the registrar's address). A
    /// 401/407 is answered with the credentials of ``setCredentials(username:password:)``, a 423 is retried once with
    /// its Min-Expires (§10.2.8); later REGISTERs reuse the nonce with the next nonce count. With
    /// `refreshAutomatically` the registration is renewed before it expires until ``unregister(at:)``.
    @discardableResult
    public func register(
        at destination: SIPDestination, expires: Int = 3600, registrarURI: SIPURI? = nil, refreshAutomatically: Bool = false
    ) async -> Registration {
        let key = SIPDestination(transport: destination.transport, address: destination.address)
        var state = registrations[key] ?? newRegistration(at: key, registrarURI: registrarURI)
        if let registrarURI {
            state.registrarURI = registrarURI
            state.addressOfRecord = SIPURI(user: user, host: registrarURI.host ?? state.addressOfRecord.host!, port: registrarURI.port)
        }
        state.requested = UInt32(clamping: max(0, expires))
        state.refreshes = refreshAutomatically
        registrations[key] = state
        let result = await sendRegister(key, expires: state.requested, all: false)
        record(.registration(result, refreshed: false))
        return result
    }

    /// Removes this agent's binding: REGISTER with its Contact and `Expires: 0` (§10.2.2); stops any refresh.
    @discardableResult
    public func unregister(at destination: SIPDestination) async -> Registration {
        await removeBindings(at: destination, all: false)
    }

    /// Removes every binding of the address of record: `Contact: *` with `Expires: 0` (§10.2.2).
    @discardableResult
    public func unregisterAll(at destination: SIPDestination) async -> Registration {
        await removeBindings(at: destination, all: true)
    }

    private func removeBindings(at destination: SIPDestination, all: Bool) async -> Registration {
        let key = SIPDestination(transport: destination.transport, address: destination.address)
        var state = registrations[key] ?? newRegistration(at: key, registrarURI: nil)
        state.refresh?.cancel()
        state.refresh = nil
        state.refreshes = false
        registrations[key] = state
        let result = await sendRegister(key, expires: 0, all: all)
        record(.registration(result, refreshed: false))
        return result
    }

    private func newRegistration(at destination: SIPDestination, registrarURI: SIPURI?) -> RegistrationState {
        let host: SIPHost = destination.address.ipAddress.map { $0.contains(":") ? .ipv6($0) : .ipv4($0) } ?? .ipv4("127.0.0.1")
        let registrar = registrarURI ?? SIPURI(host: host, port: destination.address.port.map { UInt16($0) })
        return RegistrationState(registrarURI: registrar, addressOfRecord: SIPURI(user: user, host: registrar.host ?? host, port: registrar.port))
    }

    /// Sends one REGISTER (and its retries) and schedules the next refresh when asked to.
    private func sendRegister(_ key: SIPDestination, expires: UInt32, all: Bool) async -> Registration {
        guard var state = registrations[key] else { return Registration(status: 0, reasonPhrase: "", bindings: []) }
        let contact = contactURI(for: key.transport)
        var expires = expires
        var exchange: Exchange
        var retried423 = false
        repeat {
            state.sequence += 1
            var fields = SIPHeaderFields()
            fields.append(.from, SIPNameAddress(uri: state.addressOfRecord).description + ";tag=" + state.fromTag)
            fields.append(.to, SIPNameAddress(uri: state.addressOfRecord).description)
            fields.append(.callID, state.callID)
            fields.append(.cSeq, SIPCSeq(state.sequence, .register).description)
            fields.append(.contact, all ? "*" : SIPNameAddress(uri: contact).description)
            fields.append(.expires, String(expires))
            var request = SIPRequest(method: .register, uri: state.registrarURI, headerFields: fields)
            if !state.realms.isEmpty { digest?.preauthorize(&request, realms: state.realms) }
            registrations[key] = state
            exchange = await self.exchange(request, to: key)
            state = registrations[key] ?? state
            state.sequence = max(state.sequence, (try? exchange.request.headerFields.cSeq)?.sequence ?? state.sequence)
            if !exchange.realms.isEmpty { state.realms = exchange.realms }
            // §10.2.8: 423 Interval Too Brief: once more, asking for Min-Expires.
            guard exchange.response.status.code == 423, !retried423, let minimum = try? exchange.response.headerFields.minExpires,
                minimum > expires
            else { break }
            retried423 = true
            expires = minimum
            state.requested = minimum
        } while true
        let result = Self.registration(from: exchange.response, contact: contact)
        state.refresh?.cancel()
        state.refresh = nil
        if state.refreshes, result.isSuccess, let granted = result.expires, granted > 0 {
            state.refresh = scheduleRegistrationRefresh(key, after: .seconds(Int64(granted)))
        }
        registrations[key] = state
        return result
    }

    /// A task that refreshes at the deadline before expiry: 32 s before it, or half-way for short grants.
    private func scheduleRegistrationRefresh(_ key: SIPDestination, after granted: Duration) -> Task<Void, Never> {
        let deadline = ContinuousClock.now + granted - min(.seconds(32), granted / 2)
        return Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)  // the refresh deadline, not a wait in a test
            guard !Task.isCancelled, let self else { return }
            await self.refreshRegistration(key)
        }
    }

    private func refreshRegistration(_ key: SIPDestination) async {
        guard let state = registrations[key], state.refreshes else { return }
        let result = await sendRegister(key, expires: state.requested, all: false)
        record(.registration(result, refreshed: true))
    }

    /// Reads a REGISTER's final response (§10.2.4): bindings with their expiry, this contact's, Warning, 3xx Contact.
    static func registration(from response: SIPResponse, contact: SIPURI) -> Registration {
        let fields = response.headerFields
        var bindings: [Registration.Binding] = []
        if case .addresses(let addresses)? = try? fields.contacts {
            let headerExpires = try? fields.expires
            bindings = addresses.map { Registration.Binding(contact: $0.uri, expires: $0.expires ?? headerExpires) }
        }
        var result = Registration(status: response.status.code, reasonPhrase: response.status.reasonPhrase, bindings: [])
        result.warning = (try? fields.warnings)?.first?.text
        if (300..<400).contains(response.status.code) {
            result.movedTo = bindings.first?.contact
        } else if response.status.isSuccess {
            result.bindings = bindings
            result.expires =
                bindings.first { $0.contact.user == contact.user && $0.contact.host == contact.host && $0.contact.port == contact.port }?
                .expires
        }
        return result
    }
}
