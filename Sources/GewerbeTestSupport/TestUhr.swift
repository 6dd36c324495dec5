import Foundation
import GewerbeDomain
import Synchronization

/// A clock that tests set and move by hand (the fake clock of the in-memory twins).
///
/// Starts at the given instant and stays there until ``setze(_:)`` or ``vorstellen(tage:)``
/// move it; thread-safe.
public final class TestUhr: Uhr, Sendable {
    private let zeit: Mutex<Date>

    /// A clock standing at `start`.
    public init(_ start: Date) { zeit = Mutex(start) }

    /// A clock standing at 10:00 Berlin time (09:00 UTC in winter) on `datum`.
    public convenience init(heute datum: Datum) {
        self.init(TestUhr.mittag(datum))
    }

    public func jetzt() -> Date { zeit.withLock { $0 } }

    /// Sets the clock to `datum` (10:00 Berlin time).
    public func setze(_ datum: Datum) { zeit.withLock { $0 = TestUhr.mittag(datum) } }

    /// Moves the clock forward by `sekunden`.
    public func vorstellen(sekunden: Double) { zeit.withLock { $0 = $0.addingTimeInterval(sekunden) } }

    /// Moves the clock forward by whole days.
    public func vorstellen(tage: Int) { zeit.withLock { $0 = $0.addingTimeInterval(Double(tage) * 86_400) } }

    /// 10:00 in Europe/Berlin on `datum` (well clear of midnight in any season).
    static func mittag(_ datum: Datum) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return calendar.date(from: DateComponents(year: datum.jahr, month: datum.monat, day: datum.tag, hour: 10))!
    }
}
