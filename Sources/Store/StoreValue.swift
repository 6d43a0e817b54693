/// One column value, the same for both engines: the rows of ``StoreTable`` are arrays of these.
enum StoreValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case null

    /// A text or null value.
    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    /// An integer value.
    init(_ integer: Int) { self = .integer(Int64(integer)) }
    /// An integer or null value.
    init(_ integer: Int?) { self = integer.map { .integer(Int64($0)) } ?? .null }
}
