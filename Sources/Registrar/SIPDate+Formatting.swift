import SIPCore

extension SIPDate {
    /// `unixTime` (seconds since 1970, UTC) as an RFC 1123 date in GMT, e.g. `Sat, 13 Nov 2010 23:29:00 GMT`
    /// (RFC 3261 §20.17). Pure arithmetic: no clock or locale is read.
    static func string(unixTime: Double) -> String {
        let seconds = unixTime.isFinite ? Int64(unixTime.rounded(.down)) : 0
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // 1970-01-01 was a Thursday (index 3 with Monday = 0).
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let hours = secondOfDay / 3600, minutes = secondOfDay / 60 % 60, secs = secondOfDay % 60
        return "\(Self.weekdayNames[weekday]), \(two(day)) \(Self.monthNames[Int(month) - 1]) \(year) \(two(hours)):\(two(minutes)):\(two(secs)) GMT"
    }

    private static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Year, month (1–12) and day (1–31) of a day count since 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
