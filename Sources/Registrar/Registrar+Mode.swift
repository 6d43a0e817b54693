import Topology

extension Registrar {
    /// The registration mode of `user` at this pool (SPEC §3):
    ///
    /// - this pool is the user's serving pool (``Deployment/servingPool(of:)``: its home pool, or the partner while
    ///   the home pool is failed over) → ``RegistrationMode/normal``;
    /// - this pool is the partner of the serving pool and has detected it down (``partnerDown``) →
    ///   ``RegistrationMode/resiliency``;
    /// - otherwise (e.g. after failback, a refresh arriving at the backup) → ``RegistrationMode/moved(toPool:)``
    ///   naming the serving pool. Should that pool be missing from the deployment (a store being edited), the domain
    ///   itself is named on port 5060, so that DNS finds a pool.
    public func mode(for user: User) -> RegistrationMode {
        let serving = deployment.servingPool(of: user)
        if serving == pool { return .normal }
        if partnerDown, deployment.partner(of: serving) == pool { return .resiliency }
        let target =
            deployment.pools[serving]
            ?? Pool(name: serving, sipHost: deployment.domain, sipPort: 5060, adminHost: deployment.domain, adminPort: 0)
        return .moved(toPool: target)
    }

    /// Users holding bindings here whose mode is now ``RegistrationMode/moved(toPool:)`` (after a failback, or when
    /// the partner came back): the driver tells their agents that the registration is `deactivated` (RFC 3680
    /// §5.2.2) so that they register with their serving pool at once. Their bindings stay until they expire, so that
    /// calls keep reaching them in between.
    public func movedUsers(now: Double) -> [String] {
        location.registeredUsers.filter { name in
            guard let user = deployment.users[name], location.isRegistered(name, now: now) else { return false }
            if case .moved = mode(for: user) { return true }
            return false
        }.sorted()
    }
}
