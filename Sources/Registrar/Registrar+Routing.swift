import SIPCore
import Topology

extension Registrar {
    /// Routes a request other than REGISTER arriving at this pool (RFC 3261 §16; SPEC §3, §5).
    ///
    /// `cameFromPool` names the pool that forwarded it, if it came from one (the driver knows the pools' addresses).
    /// A request is forwarded between pools at most once (the loop prevention of RFC 3261 §16.3 step 4, by
    /// construction): whatever cannot be served where it lands after one hop gets `480`.
    ///
    /// In order:
    /// 1. a Request-URI that is not `sip:`/`sips:` → `416`; not this deployment (the domain or a pool's SIP address)
    ///    → `403`: we are not an open relay;
    /// 2. no user part → ``RouteDecision/thisPool``; the user `park` → ``RouteDecision/parkService``;
    /// 3. a user of the deployment (the user part is compared decoded, RFC 3261 §19.1.4):
    ///    - with bindings here (normal or resiliency mode) → ``RouteDecision/localUser(_:contacts:)``;
    ///    - served by this pool but not registered here → its backup pool, where it may be registered in resiliency
    ///      mode (after an outage or a failback, until it re-registers here), unless the request came from a pool or
    ///      the backup is down or missing → `480`;
    ///    - served by another pool → that pool, unless the request came from a pool, or that pool is our partner and
    ///      is down → `480`;
    /// 4. an orbit (parsed exactly, never normalised: `*3042` ≠ `3042`; `%2A3042` is `*3042` once decoded, and `#`
    ///    must be written `%23` in a URI) in a range this pool owns → ``RouteDecision/orbit(_:range:)``; owned by
    ///    another pool → that pool (once);
    /// 5. anything else → `404`.
    ///
    /// `Max-Forwards: 0` gives `483` when the request would be forwarded (to a user's contacts or another pool,
    /// §16.3 step 3); the park service and `thisPool` consume the request here, so it does not matter to them.
    public func route(_ request: SIPRequest, cameFromPool: String?, now: Double) -> RouteDecision {
        do {
            return try decide(request, cameFromPool: cameFromPool, now: now)
        } catch {
            return .reject(error.response(to: request, agent: warningAgent))
        }
    }

    private func decide(_ request: SIPRequest, cameFromPool: String?, now: Double) throws(Refusal) -> RouteDecision {
        let uri = request.uri
        guard uri.isSIP else { throw Refusal(416, "\(uri.scheme):" + " URIs are not routed by \(deployment.domain)") }
        guard deployment.isLocalAddress(uri) else {
            throw Refusal(403, "not an open relay", warning: "\(uri.hostPort) is not served here: \(deployment.domain) is not an open relay")
        }
        guard let name = uri.decodedUser, !name.isEmpty else { return .thisPool }
        if name == Self.parkUser { return .parkService }
        if let user = deployment.users[name] {
            return try routeUser(user, request, cameFromPool: cameFromPool, now: now)
        }
        if let orbit = try? Orbit(parsing: name), let range = deployment.range(holding: orbit) {
            if range.pool == pool { return .orbit(orbit, range: range) }
            let owner = try configuredPool(range.pool)
            try checkForwarding(request, cameFromPool: cameFromPool, unavailable: "orbit \(orbit) belongs to \(owner.name)")
            return .pool(owner, reason: "orbit \(orbit) is in range \(range.name), owned by \(owner.name)")
        }
        throw Refusal(404, "no user or orbit named \(name) in \(deployment.domain)")
    }

    /// Step 3 of ``route(_:cameFromPool:now:)``.
    private func routeUser(_ user: User, _ request: SIPRequest, cameFromPool: String?, now: Double) throws(Refusal) -> RouteDecision {
        let here = location.bindings(of: user.name, now: now)
        if !here.isEmpty {
            try checkMaxForwards(request)
            return .localUser(user, contacts: Self.byPreference(here))
        }
        let notRegistered = "\(user.name) is not registered"
        let serving = deployment.servingPool(of: user)
        if serving == pool {
            guard !partnerDown, let backup = deployment.partner(of: pool).flatMap({ deployment.pools[$0] }) else {
                throw Refusal(480, notRegistered)
            }
            try checkForwarding(request, cameFromPool: cameFromPool, unavailable: notRegistered)
            return .pool(backup, reason: "\(notRegistered) on \(pool); trying backup pool \(backup.name) (resiliency mode)")
        }
        let target = try configuredPool(serving)
        if partnerDown, deployment.partner(of: pool) == serving {
            throw Refusal(480, notRegistered, warning: "\(notRegistered) here and its pool \(serving) is down")
        }
        try checkForwarding(request, cameFromPool: cameFromPool, unavailable: notRegistered)
        return .pool(target, reason: "\(user.name) is served by \(serving)")
    }

    /// Refuses forwarding a request that another pool already forwarded (one hop between pools at most) or whose
    /// Max-Forwards is spent.
    private func checkForwarding(_ request: SIPRequest, cameFromPool: String?, unavailable: String) throws(Refusal) {
        try checkMaxForwards(request)
        if let cameFromPool {
            throw Refusal(480, unavailable, warning: "\(unavailable) (forwarded by \(cameFromPool); not forwarding again)")
        }
    }

    /// RFC 3261 §16.3 step 3: a request with `Max-Forwards: 0` is not forwarded.
    private func checkMaxForwards(_ request: SIPRequest) throws(Refusal) {
        let maxForwards: Int?
        do {
            maxForwards = try request.headerFields.maxForwards
        } catch {
            throw Refusal(400, "malformed header: \(error.description)")
        }
        if maxForwards == 0 { throw Refusal(483, "Max-Forwards reached 0") }
    }

    /// The pool named `name`; a missing one is a configuration error (500).
    private func configuredPool(_ name: String) throws(Refusal) -> Pool {
        guard let found = deployment.pools[name] else { throw Refusal(500, "pool \(name) is not configured") }
        return found
    }

    /// Bindings by `q`, highest first, stable (no `q` counts as 1.0).
    static func byPreference(_ bindings: [Binding]) -> [Binding] {
        bindings.enumerated().sorted { a, b in
            let qa = a.element.q ?? 1, qb = b.element.q ?? 1
            return qa != qb ? qa > qb : a.offset < b.offset
        }.map(\.element)
    }
}
