import Foundation
import GewerbeOutbox

/// Configuration of the outbox worker (``AblageWorker``), read once at start.
public struct AblageWorkerConfiguration: Sendable, Hashable {
    /// Name of this worker in the outbox (who holds a lease), e.g. `<host>-<pid>`.
    public var workerId: String
    /// Jobs filed in parallel.
    public var concurrency: Int
    /// How long a claimed job stays locked to this worker. After a crash another worker takes
    /// the job over when the lease has run out; keep it well above the time one job takes
    /// (a few HTTP requests, each bounded by the adapter's request timeout).
    public var leaseDuration: Duration
    /// How often an idle worker looks for due jobs (new jobs also arrive by ``AblageWorker/wecken()``).
    public var pollInterval: Duration
    /// Waits between the attempts of a failing job.
    public var backoff: Backoff
    /// Permanent failures (rejected by the eAkte, document cannot be rendered) after which a
    /// job is parked for an operator. Transient failures do not count (see ``AblageWorker``).
    public var maxPermanentFailures: Int

    public init(
        workerId: String, concurrency: Int = 4, leaseDuration: Duration = .seconds(300),
        pollInterval: Duration = .seconds(5), backoff: Backoff = Backoff(), maxPermanentFailures: Int = 5
    ) {
        self.workerId = workerId
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.backoff = backoff
        self.maxPermanentFailures = max(1, maxPermanentFailures)
    }
}

/// What one round (``AblageWorker/runOnce()``) or a whole ``AblageWorker/drain(maxRunden:)`` did.
public struct AblageDurchlauf: Sendable, Hashable, CustomStringConvertible {
    /// Jobs claimed.
    public var beansprucht: Int
    /// Jobs filed completely and recorded as done.
    public var erledigt: Int
    /// Jobs that failed and wait for their next attempt.
    public var fehlgeschlagen: Int
    /// Jobs parked after too many permanent failures.
    public var geparkt: Int
    /// Jobs whose outcome could not be recorded in the outbox (their lease runs out and they are
    /// taken up again; filing is idempotent).
    public var nichtVermerkt: Int

    public init(
        beansprucht: Int = 0, erledigt: Int = 0, fehlgeschlagen: Int = 0, geparkt: Int = 0, nichtVermerkt: Int = 0
    ) {
        self.beansprucht = beansprucht
        self.erledigt = erledigt
        self.fehlgeschlagen = fehlgeschlagen
        self.geparkt = geparkt
        self.nichtVermerkt = nichtVermerkt
    }

    public static func + (lhs: AblageDurchlauf, rhs: AblageDurchlauf) -> AblageDurchlauf {
        AblageDurchlauf(
            beansprucht: lhs.beansprucht + rhs.beansprucht, erledigt: lhs.erledigt + rhs.erledigt,
            fehlgeschlagen: lhs.fehlgeschlagen + rhs.fehlgeschlagen, geparkt: lhs.geparkt + rhs.geparkt,
            nichtVermerkt: lhs.nichtVermerkt + rhs.nichtVermerkt)
    }

    public var description: String {
        "beansprucht \(beansprucht), erledigt \(erledigt), fehlgeschlagen \(fehlgeschlagen), geparkt \(geparkt)"
            + (nichtVermerkt > 0 ? ", nicht vermerkt \(nichtVermerkt)" : "")
    }
}
