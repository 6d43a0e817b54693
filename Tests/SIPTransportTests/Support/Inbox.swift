/// What a test waited for did not come.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// The stream ended before the element a test waited for.
struct StreamFinished: Error {}

/// Collects what an `AsyncStream` yields, so a test can wait for the next element with a deadline.
/// Tests never sleep to wait: they wait here, and the deadline only bounds a test that would otherwise hang.
actor Inbox<Element: Sendable> {
    private var buffered: [Element] = []
    private var waiter: (id: Int, continuation: CheckedContinuation<Element, any Error>)?
    private var timers: [Int: Task<Void, Never>] = [:]
    private var lastID = 0
    private(set) var isFinished = false

    init(_ stream: AsyncStream<Element>) {
        Task { [self] in
            for await element in stream { await push(element) }
            await finish()
        }
    }

    /// Elements received and not yet taken.
    var pending: [Element] { buffered }

    /// The next element; throws ``TimedOut`` after `timeout`, ``StreamFinished`` when the stream ended.
    func next(within timeout: Duration = .seconds(10), _ what: String = "the next element") async throws -> Element {
        if !buffered.isEmpty { return buffered.removeFirst() }
        if isFinished { throw StreamFinished() }
        precondition(waiter == nil, "one waiter at a time")
        lastID += 1
        let id = lastID
        return try await withCheckedThrowingContinuation { continuation in
            waiter = (id, continuation)
            timers[id] = Task { [self] in
                try? await Task.sleep(for: timeout)  // a deadline, not a wait: cancelled when the element comes
                if !Task.isCancelled { expire(id, what) }
            }
        }
    }

    /// Waits until the stream has finished (the element stream of a closed connection, a shut-down transport).
    func finished(within timeout: Duration = .seconds(10)) async throws {
        while true {
            do { _ = try await next(within: timeout, "the end of the stream") } catch is StreamFinished { return }
        }
    }

    private func push(_ element: Element) {
        if let (id, continuation) = waiter {
            waiter = nil
            timers.removeValue(forKey: id)?.cancel()
            continuation.resume(returning: element)
        } else {
            buffered.append(element)
        }
    }

    private func finish() {
        isFinished = true
        if let (id, continuation) = waiter {
            waiter = nil
            timers.removeValue(forKey: id)?.cancel()
            continuation.resume(throwing: StreamFinished())
        }
    }

    private func expire(_ id: Int, _ what: String) {
        guard let current = waiter, current.id == id else { return }
        waiter = nil
        timers[id] = nil
        current.continuation.resume(throwing: TimedOut(what: what))
    }
}

/// Runs `operation`, throwing ``TimedOut`` if it takes longer than `timeout` (the operation is cancelled).
func withTimeout<T: Sendable>(
    _ timeout: Duration = .seconds(10), _ what: String = "the operation", _ operation: @escaping @Sendable () async throws -> T
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
