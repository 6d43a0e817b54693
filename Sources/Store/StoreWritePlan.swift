import Topology

/// What to write to turn the stored deployment `old` into `new`: only the rows that changed, by key. Both engines
/// carry out the same plan, so failing a pool over writes one pool row whatever the number of users.
///
/// Steps come parents first (the deployment row, pools, pairs) and removals last (pools after what refers to
/// them), so foreign keys hold at every step as well as at commit.
struct StoreWritePlan: Sendable {
    /// One write.
    enum Step: Hashable, Sendable {
        /// Insert or update these rows (in the table's column order).
        case upsert(StoreTable, [[StoreValue]])
        /// Delete the rows with these keys.
        case delete(StoreTable, [StoreValue])
        /// Delete every row.
        case deleteAll(StoreTable)
    }

    /// The writes, in order.
    private(set) var steps: [Step] = []

    /// The writes from `old` (nil for an empty store) to `new`.
    init(from old: Deployment?, to new: Deployment) {
        if old?.domain != new.domain || old?.service != new.service {
            add(.upsert(StoreSchema.deployment, [StoreSchema.deploymentRow(new)]))
        }
        let poolChanges = Self.changes(old?.pools ?? [:], new.pools) { StoreSchema.poolRow($1) }
        let userChanges = Self.changes(old?.users ?? [:], new.users) { StoreSchema.userRow($1) }
        let rangeChanges = Self.changes(old?.orbitRanges ?? [:], new.orbitRanges) { StoreSchema.orbitRangeRow($1) }
        let settingsChanges = Self.changes(old?.callParkSettings ?? [:], new.callParkSettings) {
            StoreSchema.callParkSettingsRow($0, $1)
        }

        add(.upsert(StoreSchema.pools, poolChanges.upserts))
        if old?.pairs != new.pairs {
            // A handful of rows whose order matters: rewrite them all.
            if old != nil { add(.deleteAll(StoreSchema.pairs)) }
            add(.upsert(StoreSchema.pairs, new.pairs.enumerated().map { StoreSchema.pairRow($0.offset, $0.element) }))
        }
        add(.upsert(StoreSchema.users, userChanges.upserts))
        add(.upsert(StoreSchema.orbitRanges, rangeChanges.upserts))
        add(.upsert(StoreSchema.callParkSettings, settingsChanges.upserts))
        add(.delete(StoreSchema.callParkSettings, settingsChanges.deletes))
        add(.delete(StoreSchema.orbitRanges, rangeChanges.deletes))
        add(.delete(StoreSchema.users, userChanges.deletes))
        add(.delete(StoreSchema.pools, poolChanges.deletes))
    }

    /// How many rows the plan writes or deletes (``Step/deleteAll(_:)`` counts one).
    var rowCount: Int {
        steps.reduce(0) { count, step in
            switch step {
            case .upsert(_, let rows): count + rows.count
            case .delete(_, let keys): count + keys.count
            case .deleteAll: count + 1
            }
        }
    }

    private mutating func add(_ step: Step) {
        switch step {
        case .upsert(_, let rows) where rows.isEmpty: return
        case .delete(_, let keys) where keys.isEmpty: return
        default: steps.append(step)
        }
    }

    /// Rows of new or changed entries and keys of removed ones, sorted by key so that runs are repeatable.
    private static func changes<Value: Equatable>(
        _ old: [String: Value], _ new: [String: Value], row: (String, Value) -> [StoreValue]
    ) -> (upserts: [[StoreValue]], deletes: [StoreValue]) {
        var upserts: [(String, [StoreValue])] = []
        for (key, value) in new where old[key] != value {
            upserts.append((key, row(key, value)))
        }
        let deletes = old.keys.filter { new[$0] == nil }.sorted().map { StoreValue.text($0) }
        return (upserts.sorted { $0.0 < $1.0 }.map(\.1), deletes)
    }
}
