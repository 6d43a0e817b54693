/// What a test waited for did not come in time.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, throwing ``TimedOut`` if it takes longer than `timeout` (the operation is cancelled).
/// Tests never sleep to wait: they wait on what they expect, and the deadline only bounds a test that would hang.
func withTimeout<T: Sendable>(
    _ timeout: Duration = .seconds(10), _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)  // a deadline, not a wait: cancelled when the operation ends
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
