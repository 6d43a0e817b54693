extension Deployment {
    /// Checks every rule of SPEC §2; the first broken one is thrown.
    public func validate() throws(TopologyError) {
        // Filled in by the validation work: names, domain, addresses, pairs, users, ranges, settings bounds.
    }
}
