/// The location service of one pool (RFC 3261 §10.3): the bindings of each registered user, by user name (the
/// address-of-record is `sip:<name>@<domain>`). A pure value: time comes in as `now`, seconds on the caller's
/// monotonic clock.
///
/// ```swift
/// var location = LocationService()
/// let update = ContactUpdate(uri: try SIPURI("sip:alice@192.0.2.1:5062"), expires: 3600)
/// try location.update(user: "alice", contacts: [update], callID: "a84b4c76e66710", cSeq: 1, source: "udp:192.0.2.1:5062",
///                     now: 100)
/// location.bindings(of: "alice", now: 200).count  // 1
/// _ = location.expire(now: 4000)                  // ["alice"]
/// ```
///
/// Memory: one `[Binding]` per user in a dictionary; a user with one binding costs a few hundred bytes.
public struct LocationService: Sendable {
    /// Bindings by user name; expired ones stay until ``expire(now:)`` or the user's next update drops them.
    private var table: [String: [Binding]] = [:]
    /// No binding expires before this time, so ``expire(now:)`` skips its sweep until then.
    private var earliestExpiry = Double.infinity
    /// The most bindings one user may hold (a guard against an agent registering contacts without end).
    public var maxBindingsPerUser: Int

    /// An empty location service.
    public init(maxBindingsPerUser: Int = 10) {
        self.maxBindingsPerUser = maxBindingsPerUser
    }

    // MARK: Reading

    /// The unexpired bindings of `user`, in the order they were first registered.
    public func bindings(of user: String, now: Double) -> [Binding] {
        guard let list = table[user] else { return [] }
        return list.filter { !$0.isExpired(now: now) }
    }

    /// Whether `user` has an unexpired binding.
    public func isRegistered(_ user: String, now: Double) -> Bool {
        table[user]?.contains { !$0.isExpired(now: now) } ?? false
    }

    /// Users holding bindings, in no particular order; users whose bindings all expired stay listed until
    /// ``expire(now:)`` runs.
    public var registeredUsers: [String] { Array(table.keys) }

    /// How many users hold bindings (as ``registeredUsers``).
    public var userCount: Int { table.count }

    /// How many bindings are held, expired ones not yet swept included.
    public var bindingCount: Int { table.values.reduce(0) { $0 + $1.count } }

    // MARK: Changing

    /// Applies the Contacts of one REGISTER for `user` (RFC 3261 §10.3 step 7), all or nothing.
    ///
    /// Each contact is matched to an existing binding (``Binding`` matching: same `+sip.instance` or equivalent URI).
    /// A matched binding written by the same Call-ID with a CSeq at least as high aborts the whole request
    /// (``LocationError/outOfOrder(contact:storedCSeq:receivedCSeq:)``); otherwise it is removed when `expires` is 0,
    /// updated when not. An unmatched contact with a non-zero expiry becomes a new binding; with 0 it is ignored.
    /// Nothing is changed when an error is thrown ("committed if and only if all binding updates and additions
    /// succeed").
    @discardableResult
    public mutating func update(
        user: String, contacts: [ContactUpdate], callID: String, cSeq: UInt32, source: String, resiliency: Bool = false,
        now: Double
    ) throws(LocationError) -> BindingChanges {
        var changes = BindingChanges()
        var current = unexpired(of: user, now: now, into: &changes)
        // Bindings this request already wrote: a Contact listed twice must not trip the CSeq check against itself.
        var written = [Bool](repeating: false, count: current.count)
        for update in contacts {
            if let k = current.firstIndex(where: { $0.matches(update) }) {
                let old = current[k]
                if !written[k], old.callID == callID, cSeq <= old.cSeq {
                    throw .outOfOrder(contact: old.contact, storedCSeq: old.cSeq, receivedCSeq: cSeq)
                }
                if update.expires <= 0 {
                    current.remove(at: k)
                    written.remove(at: k)
                    changes.removed.append(old)
                } else {
                    let binding = Self.binding(update, callID, cSeq, source, resiliency, now)
                    current[k] = binding
                    written[k] = true
                    changes.refreshed.append(binding)
                }
            } else if update.expires > 0 {
                let binding = Self.binding(update, callID, cSeq, source, resiliency, now)
                current.append(binding)
                written.append(true)
                changes.added.append(binding)
            }
        }
        guard current.count <= maxBindingsPerUser else { throw .tooManyBindings(limit: maxBindingsPerUser) }
        store(current, for: user)
        return changes
    }

    /// Removes every binding of `user` for `Contact: *` with `Expires: 0` (RFC 3261 §10.3 step 6), all or nothing: a
    /// binding written by the same Call-ID with a CSeq at least as high aborts the request.
    @discardableResult
    public mutating func removeAll(of user: String, callID: String, cSeq: UInt32, now: Double) throws(LocationError)
        -> BindingChanges
    {
        var changes = BindingChanges()
        let current = unexpired(of: user, now: now, into: &changes)
        if let newer = current.first(where: { $0.callID == callID && cSeq <= $0.cSeq }) {
            throw .outOfOrder(contact: newer.contact, storedCSeq: newer.cSeq, receivedCSeq: cSeq)
        }
        changes.removed = current
        table[user] = nil
        return changes
    }

    /// Removes every binding of `user` unconditionally (an administrator's action, a removed user) and returns them.
    @discardableResult
    public mutating func removeAll(of user: String) -> [Binding] {
        table.removeValue(forKey: user) ?? []
    }

    // MARK: Expiry

    /// Drops expired bindings and returns the users whose last binding went away.
    public mutating func expire(now: Double) -> [String] {
        removeExpired(now: now).compactMap { user, _ in table[user] == nil ? user : nil }
    }

    /// Drops expired bindings and returns them by user (for `expired` registration events, RFC 3680 §5.2.2).
    /// Costs one pass over the users, and nothing when no binding is due yet.
    public mutating func removeExpired(now: Double) -> [String: [Binding]] {
        guard now >= earliestExpiry else { return [:] }
        var expired: [String: [Binding]] = [:]
        var emptied: [String] = []
        var next = Double.infinity
        var k = table.startIndex
        while k != table.endIndex {
            // Mutating through `values` keeps the dictionary's indices valid.
            let list = table.values[k]
            if list.contains(where: { $0.isExpired(now: now) }) {
                expired[table.keys[k]] = list.filter { $0.isExpired(now: now) }
                table.values[k].removeAll { $0.isExpired(now: now) }
                if table.values[k].isEmpty { emptied.append(table.keys[k]) }
            }
            for binding in table.values[k] { next = min(next, binding.expiresAt) }
            table.formIndex(after: &k)
        }
        for user in emptied { table[user] = nil }
        earliestExpiry = next
        return expired
    }

    // MARK: Helpers

    /// The unexpired bindings of `user`; the expired ones go to `changes.expired`.
    private func unexpired(of user: String, now: Double, into changes: inout BindingChanges) -> [Binding] {
        guard let list = table[user] else { return [] }
        var kept: [Binding] = []
        kept.reserveCapacity(list.count)
        for binding in list {
            if binding.isExpired(now: now) { changes.expired.append(binding) } else { kept.append(binding) }
        }
        return kept
    }

    /// Stores `list` for `user` (removing the user when empty) and keeps ``earliestExpiry`` a lower bound.
    private mutating func store(_ list: [Binding], for user: String) {
        if list.isEmpty {
            table[user] = nil
            return
        }
        table[user] = list
        for binding in list { earliestExpiry = min(earliestExpiry, binding.expiresAt) }
    }

    /// A binding written by this request.
    private static func binding(
        _ update: ContactUpdate, _ callID: String, _ cSeq: UInt32, _ source: String, _ resiliency: Bool, _ now: Double
    ) -> Binding {
        Binding(
            contact: update.contact, expiresAt: now + Double(update.expires), callID: callID, cSeq: cSeq, source: source,
            q: update.q, instanceID: update.instanceID, resiliency: resiliency)
    }
}
