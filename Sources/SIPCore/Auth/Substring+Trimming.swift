extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWSP() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
