extension Pool {
    /// Ports a pool may name: real ports only (tests bind port 0 through a runtime override, not the deployment).
    public static let portBounds = 1...65535

    /// Checks the pool on its own: its name, hosts and ports. References to other pools are checked by
    /// ``Deployment/validate()``.
    public func validate() throws(TopologyError) {
        if let problem = TopologySyntax.nameProblem(name) {
            throw TopologyError(.invalidName, "pool name \"\(name)\" \(problem)")
        }
        try Self.check(host: sipHost, port: sipPort, of: "SIP", pool: name)
        try Self.check(host: adminHost, port: adminPort, of: "admin", pool: name)
    }

    private static func check(host: String, port: Int, of server: String, pool: String) throws(TopologyError) {
        if let problem = TopologySyntax.hostProblem(host) {
            throw TopologyError(.invalidAddress, "pool \(pool): \(server) host \"\(host)\" \(problem)")
        }
        guard portBounds.contains(port) else {
            throw TopologyError(.invalidAddress, "pool \(pool): \(server) port \(port) is outside 1…65535")
        }
    }

    /// The SIP address as compared for conflicts: host names compare case-insensitively.
    var sipEndpointKey: String { "\(sipHost.lowercased())|\(sipPort)" }
    /// The admin address as compared for conflicts.
    var adminEndpointKey: String { "\(adminHost.lowercased())|\(adminPort)" }
}
