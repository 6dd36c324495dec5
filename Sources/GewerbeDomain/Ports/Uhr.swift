import Foundation

/// The clock, injected so that tests control "today".
public protocol Uhr: Sendable {
    func jetzt() -> Date
}

extension Uhr {
    /// Today in the offices' legal time zone (Europe/Berlin).
    public func heute() -> Datum { Datum(jetzt()) }
}

/// The real clock.
public struct SystemUhr: Uhr {
    public init() {}
    public func jetzt() -> Date { Date() }
}
