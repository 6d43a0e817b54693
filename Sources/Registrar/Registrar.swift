import SIPCore
import Topology

/// The registrar of one pool (RFC 3261 §10.3, SPEC §3): pure decisions over the pool's ``LocationService``. The
/// driver authenticates the REGISTER first (``Authenticator``), calls ``register(_:user:source:now:wallClock:)`` and
/// sends the response in the outcome; it routes other requests with ``route(_:cameFromPool:now:)``.
///
/// ```swift
/// var registrar = Registrar(pool: "pool-a", deployment: deployment)
/// let outcome = registrar.register(request, user: alice, source: "udp:127.0.0.1:5062", now: clock.now)
/// send(outcome.response)  // 200 OK listing alice's bindings, 301 to her serving pool, or a refusal
/// ```
public struct Registrar: Sendable {
    /// The user part of the park service's address: `sip:park@<domain>` (SPEC §5A).
    public static let parkUser = "park"
    /// The Warning text of a 200 OK in resiliency mode (SPEC §3).
    public static let resiliencyWarning = "resiliency mode: call park unavailable"

    /// The name of the pool this registrar belongs to.
    public let pool: String
    /// The deployment; the driver replaces it whenever the management store changes.
    public var deployment: Deployment
    /// Whether this pool has detected its partner down (set by the partner prober). With it, this pool accepts the
    /// partner's users in resiliency mode (SPEC §3).
    public var partnerDown: Bool
    /// The bindings held by this pool.
    public var location: LocationService

    /// A registrar for `pool`.
    public init(pool: String, deployment: Deployment, partnerDown: Bool = false, location: LocationService = LocationService()) {
        self.pool = pool
        self.deployment = deployment
        self.partnerDown = partnerDown
        self.location = location
    }

    /// The warn-agent of this pool's Warnings: its SIP `host:port` (``Deployment/warningAgent(of:)``).
    public var warningAgent: String { deployment.warningAgent(of: pool) }

    // MARK: REGISTER

    /// Handles a REGISTER already authenticated as `user` (RFC 3261 §10.3; SPEC §3).
    ///
    /// - `source` names where it came from (kept in each binding, e.g. `udp:127.0.0.1:5062`).
    /// - `now` is the driver's monotonic clock in seconds; binding expiry is measured on it.
    /// - `wallClock`, Unix seconds, when given, is written as the 200 OK's `Date` (§10.3 step 8: "SHOULD include").
    ///
    /// Steps: the Request-URI must name this deployment (§10.3 step 1, else 404); `Require` must be empty (step 2,
    /// else 420); the To address-of-record must be `user` in this domain (steps 3 and 5, else 403 or 404). Then by
    /// ``mode(for:)``: in moved mode a REGISTER that adds or refreshes a contact gets `301` and changes nothing,
    /// while removals and fetches are served (removing bindings is harmless); in normal and resiliency mode the
    /// contacts are applied (steps 6–7) and `200 OK` lists every binding with its remaining `expires` (step 8).
    public mutating func register(
        _ request: SIPRequest, user: User, source: String, now: Double, wallClock: Double? = nil
    ) -> RegistrationOutcome {
        let mode = mode(for: user)
        do {
            return try handle(request, user: user, mode: mode, source: source, now: now, wallClock: wallClock)
        } catch {
            return RegistrationOutcome(
                response: error.response(to: request, agent: warningAgent), mode: mode, user: user.name,
                bindings: location.bindings(of: user.name, now: now))
        }
    }

    /// Drops expired bindings; returns the users whose last binding went away (``LocationService/expire(now:)``).
    public mutating func expire(now: Double) -> [String] { location.expire(now: now) }

    private mutating func handle(
        _ request: SIPRequest, user: User, mode: RegistrationMode, source: String, now: Double, wallClock: Double?
    ) throws(Refusal) -> RegistrationOutcome {
        try checkAddresses(request, user: user)
        let register = try RegisterRequest(request)
        let settings = deployment.service
        var changes = BindingChanges()
        switch register.contacts {
        case .fetch:
            break  // §10.3 step 6 (no Contact): list the bindings.
        case .all:
            changes = try applying { (location) throws(LocationError) -> BindingChanges in
                try location.removeAll(of: user.name, callID: register.callID, cSeq: register.cSeq, now: now)
            }
        case .addresses(let contacts):
            let adds = contacts.contains { $0.requestedExpires != 0 }
            if case .moved(let target) = mode, adds { return moved(request, user: user, to: target, now: now) }
            // §10.3 step 7: 0 < expiry < Min-Expires → 423 with Min-Expires; the whole request fails.
            if let brief = contacts.compactMap(\.requestedExpires).first(where: { $0 > 0 && Int($0) < settings.minExpires }) {
                throw Refusal(
                    423, "\(brief) s is below the minimum of \(settings.minExpires) s",
                    headerFields: [SIPHeaderField(name: .minExpires, value: "\(settings.minExpires)")])
            }
            let updates = contacts.map { contact in
                ContactUpdate(
                    uri: contact.uri, expires: granted(contact.requestedExpires, mode: mode), q: contact.q,
                    instanceID: contact.instanceID)
            }
            changes = try applying { (location) throws(LocationError) -> BindingChanges in
                try location.update(
                    user: user.name, contacts: updates, callID: register.callID, cSeq: register.cSeq, source: source,
                    resiliency: mode == .resiliency, now: now)
            }
        }
        let bindings = location.bindings(of: user.name, now: now)
        var response = request.makeResponse(.ok, toTag: SIPIdentifiers.tag())
        for binding in bindings { response.headerFields.append(.contact, binding.contactValue(now: now)) }
        if let wallClock { response.headerFields.append(.date, SIPDate.string(unixTime: wallClock)) }
        if mode == .resiliency { response.addWarning(agent: warningAgent, Self.resiliencyWarning) }
        return RegistrationOutcome(response: response, mode: mode, user: user.name, changes: changes, bindings: bindings)
    }

    /// RFC 3261 §10.3 steps 1–5 on the addresses: the Request-URI names this deployment, no extension is required,
    /// and the To address-of-record is `user` in this domain.
    private func checkAddresses(_ request: SIPRequest, user: User) throws(Refusal) {
        guard request.method == .register else { throw Refusal(405, "\(request.method) is not a REGISTER") }
        guard deployment.isLocalAddress(request.uri) else {
            throw Refusal(404, "\(request.uri) is not a registrar of \(deployment.domain)")
        }
        let to: SIPNameAddress?
        let required: [String]
        do {
            to = try request.headerFields.to
            required = try request.headerFields.require
        } catch {
            throw Refusal(400, "malformed header: \(error.description)")
        }
        if !required.isEmpty {
            throw Refusal(
                420, "unsupported extension \(required.joined(separator: ", "))",
                headerFields: [SIPHeaderField(name: .unsupported, value: required.joined(separator: ", "))])
        }
        guard let aor = to?.uri else { throw Refusal(400, "no To") }
        guard deployment.isLocalAddress(aor) else { throw Refusal(404, "\(aor) is not an address of \(deployment.domain)") }
        guard aor.decodedUser == user.name else { throw Refusal(403, "\(user.name) may not register \(aor)") }
    }

    /// The expiry granted for a requested one: the default when none is asked, at most ``ServiceSettings/maxExpires``
    /// (§10.3 step 7: the registrar MAY shorten it), and at most ``ServiceSettings/resiliencyExpires`` in resiliency
    /// mode, so that users go home soon after their pool is back.
    private func granted(_ requested: UInt32?, mode: RegistrationMode) -> Int {
        let settings = deployment.service
        guard let requested else { return grantedCap(settings.defaultExpires, mode: mode) }
        return requested == 0 ? 0 : grantedCap(Int(min(requested, UInt32(Int32.max))), mode: mode)
    }

    private func grantedCap(_ seconds: Int, mode: RegistrationMode) -> Int {
        let settings = deployment.service
        let capped = min(seconds, settings.maxExpires)
        return mode == .resiliency ? min(capped, settings.resiliencyExpires) : capped
    }

    /// Runs a location change, turning its refusal into a response: out of order → 500 (RFC 3261 §10.3 step 7 says
    /// only that "the request fails"; 500 is what §12.2.2 prescribes for an out-of-order CSeq in a dialog, and the
    /// agent's next REGISTER with a higher CSeq succeeds); too many contacts → 403.
    private mutating func applying(
        _ change: (inout LocationService) throws(LocationError) -> BindingChanges
    ) throws(Refusal) -> BindingChanges {
        do {
            return try change(&location)
        } catch {
            switch error {
            case .outOfOrder: throw Refusal(500, "out-of-order REGISTER", warning: error.description)
            case .tooManyBindings: throw Refusal(403, "too many contacts", warning: error.description)
            }
        }
    }

    /// `301 Moved Permanently` naming the serving pool's SIP address for the user (SPEC §3).
    private func moved(_ request: SIPRequest, user: User, to target: Pool, now: Double) -> RegistrationOutcome {
        let why = "\(user.name) is served by \(target.name)"
        var response = request.makeResponse(
            SIPResponseStatus(code: 301, reasonPhrase: "Moved Permanently (\(why))"), toTag: SIPIdentifiers.tag())
        response.headerFields.append(.contact, "<sip:\(user.name)@\(target.sipHostPort)>")
        response.addWarning(agent: warningAgent, "\(why) at \(target.sipHostPort): register there")
        return RegistrationOutcome(
            response: response, mode: .moved(toPool: target), user: user.name, bindings: location.bindings(of: user.name, now: now))
    }
}
