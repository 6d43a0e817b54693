/// Reads typed values out of one row, column by column, and says which column was wrong when a row does not fit.
struct StoreRowReader {
    /// The table the row comes from (for error messages).
    let table: StoreTable
    /// The row's values, in the table's column order.
    let values: [StoreValue]

    private func wrong(_ index: Int, _ expected: String) -> StoreError {
        let column = index < table.columns.count ? table.columns[index].name : "#\(index)"
        let found = index < values.count ? "\(values[index])" : "nothing"
        return StoreError.database("reading \(table.name).\(column)", "expected \(expected), found \(found)")
    }

    /// The text in column `index`.
    func text(_ index: Int) throws(StoreError) -> String {
        guard index < values.count, case .text(let value) = values[index] else { throw wrong(index, "text") }
        return value
    }

    /// The text in column `index`, or nil for NULL.
    func optionalText(_ index: Int) throws(StoreError) -> String? {
        if index < values.count, values[index] == .null { return nil }
        return try text(index)
    }

    /// The integer in column `index`.
    func integer(_ index: Int) throws(StoreError) -> Int {
        guard index < values.count, case .integer(let value) = values[index], let int = Int(exactly: value) else {
            throw wrong(index, "an integer")
        }
        return int
    }

    /// The integer in column `index`, or nil for NULL.
    func optionalInteger(_ index: Int) throws(StoreError) -> Int? {
        if index < values.count, values[index] == .null { return nil }
        return try integer(index)
    }

    /// The number in column `index`.
    func real(_ index: Int) throws(StoreError) -> Double {
        guard index < values.count else { throw wrong(index, "a number") }
        switch values[index] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw wrong(index, "a number")
        }
    }

    /// The boolean in column `index`.
    func bool(_ index: Int) throws(StoreError) -> Bool {
        guard index < values.count else { throw wrong(index, "a boolean") }
        switch values[index] {
        case .bool(let value): return value
        case .integer(let value): return value != 0
        default: throw wrong(index, "a boolean")
        }
    }
}
