import Foundation

/// Exponential backoff with jitter for the failed jobs of an outbox (filing, transmission).
///
/// After the `n`-th failed attempt of a job the next attempt waits
/// `d = min(cap, base * 2^(n-1))`, of which the fraction ``jitter`` is random:
/// the wait lies in `[d * (1 - jitter), d]`. Jitter spreads the retries of many jobs that failed
/// together (an eAkte or gateway outage) so that they do not all hit the recovering peer at once.
public struct Backoff: Sendable, Hashable {
    /// Wait after the first failure (before jitter).
    public var base: Duration
    /// Upper bound of the wait, however many failures.
    public var cap: Duration
    /// Random fraction of the wait, `0` (none) to `1` (full jitter).
    public var jitter: Double

    public init(base: Duration = .seconds(2), cap: Duration = .seconds(15 * 60), jitter: Double = 0.5) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The wait after `versuche` failed attempts (at least 1), with `zufall` in `0..<1`.
    public func wartezeit(nachVersuchen versuche: Int, zufall: Double) -> Duration {
        let basis = Self.sekunden(base)
        let obergrenze = Self.sekunden(cap)
        let exponent = Double(min(max(versuche, 1) - 1, 62))
        let ungestreut = min(obergrenze, basis * pow(2, exponent))
        let anteil = min(max(jitter, 0), 1)
        let gestreut = ungestreut * (1 - anteil * min(max(zufall, 0), 1))
        return .milliseconds(Int64((gestreut * 1000).rounded()))
    }

    public static func sekunden(_ dauer: Duration) -> Double {
        let teile = dauer.components
        return Double(teile.seconds) + Double(teile.attoseconds) / 1e18
    }
}

extension Duration {
    /// The duration in whole nanoseconds (for timers and client deadlines).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
