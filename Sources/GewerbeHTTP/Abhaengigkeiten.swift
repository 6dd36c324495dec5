import Foundation
import GewerbeDomain
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// Limits of the API, read once from the configuration.
public struct APILimits: Sendable, Hashable {
    /// Largest accepted request body in bytes (413 above).
    public var maxBodyBytes: Int
    /// Longest accepted text in the small request documents (reason, requester), in characters.
    /// The Anzeige's own texts are limited by rule GEW-FMT-010.
    public var maxTextLaenge: Int
    /// Page size when `limit` is not given.
    public var standardSeitengroesse: Int
    /// Largest page size a client may ask for (400 above).
    public var maxSeitengroesse: Int

    public init(
        maxBodyBytes: Int = 256 * 1024, maxTextLaenge: Int = 2000, standardSeitengroesse: Int = 50,
        maxSeitengroesse: Int = 200
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTextLaenge = maxTextLaenge
        self.standardSeitengroesse = standardSeitengroesse
        self.maxSeitengroesse = maxSeitengroesse
    }
}

/// Everything the HTTP API needs from outside: the ports, the clock, the logger, the limits and
/// the Prometheus registry. Only the executable (and tests) build one.
public struct APIDependencies: Sendable {
    /// The use cases of the case work.
    public var fallbearbeitung: Fallbearbeitung
    public var tokenPruefer: any TokenPruefer
    public var bereitschaft: any Bereitschaft
    public var uhr: any Uhr
    public var logger: Logger
    public var limits: APILimits
    /// Where the HTTP metrics go and what `/metrics` prints.
    public var metrics: PrometheusCollectorRegistry
    /// The statistics export's source (`GET /v1/export/statistik`).
    public var statistik: any StatistikQuelle

    public init(
        fallbearbeitung: Fallbearbeitung, tokenPruefer: any TokenPruefer, bereitschaft: any Bereitschaft,
        statistik: any StatistikQuelle, uhr: any Uhr = SystemUhr(), logger: Logger = Logger(label: "gewerbe.http"),
        limits: APILimits = APILimits(), metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) {
        self.fallbearbeitung = fallbearbeitung
        self.tokenPruefer = tokenPruefer
        self.bereitschaft = bereitschaft
        self.uhr = uhr
        self.logger = logger
        self.limits = limits
        self.metrics = metrics
        self.statistik = statistik
    }
}

/// The request context of the API: Hummingbird's core storage, the request id, the actor once
/// a token named one, and notes for the access log (who acted).
public struct GewerbeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request id (from `X-Request-Id` if well-formed, else generated); in every log line
    /// and problem detail.
    public var requestId: String
    /// The actor of the bearer token, set by the token authenticator; the routes that need it run
    /// in the child context `AngemeldeterKontext`, which requires it.
    public var akteur: Akteur?
    /// Shared with the outer middlewares, which see the context as it was before the inner ones ran.
    public let notizen: Anfragenotizen

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestId = ""
        akteur = nil
        notizen = Anfragenotizen()
    }
}

/// What the inner middlewares learned that the access log should say (the acting token).
public final class Anfragenotizen: Sendable {
    private let akteurBox = Mutex<String?>(nil)
    public init() {}
    public var akteur: String? {
        get { akteurBox.withLock { $0 } }
        set { akteurBox.withLock { $0 = newValue } }
    }
}
