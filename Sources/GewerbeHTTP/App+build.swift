import GewerbeDomain
import Hummingbird

/// Builds the router of the API: the request-id, metrics, access-log and problem middlewares,
/// then the route collection of every area (``APIRouten``).
///
/// Callable from tests (`app.test(.router)`); ``buildApplication(configuration:dependencies:)``
/// wraps it into a server.
public func buildRouter(dependencies: APIDependencies) -> Router<GewerbeRequestContext> {
    APIRouten(dependencies: dependencies).router()
}

/// Builds the HTTP server application around ``buildRouter(dependencies:)``.
public func buildApplication(
    configuration: ApplicationConfiguration, dependencies: APIDependencies
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies: dependencies), configuration: configuration, logger: dependencies.logger)
}

/// The routes of the API: one Hummingbird `RouteCollection` per area, the tags of
/// `docs/openapi.yaml` (``AnzeigenRouten``, ``RegisterRouten``, ``ExportRouten``,
/// ``BetriebRouten``), and the ``Routenverzeichnis`` of what they registered.
public struct APIRouten {
    let dependencies: APIDependencies
    let bereiche: [Routenbereich]
    /// Every registered route in the order of registration.
    public let verzeichnis: Routenverzeichnis

    public init(dependencies: APIDependencies) {
        self.dependencies = dependencies
        bereiche = [
            AnzeigenRouten(dependencies: dependencies).bereich(),
            RegisterRouten(dependencies: dependencies).bereich(),
            ExportRouten(dependencies: dependencies).bereich(),
            BetriebRouten(dependencies: dependencies).bereich(),
        ]
        verzeichnis = Routenverzeichnis(alle: bereiche.flatMap(\.routen))
    }

    /// A router with every area's routes behind the API's middlewares.
    public func router() -> Router<GewerbeRequestContext> {
        let router = Router(context: GewerbeRequestContext.self)
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: MetricsMiddleware(registry: dependencies.metrics))
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: ProblemMiddleware(verzeichnis: verzeichnis))
        for bereich in bereiche {
            router.addRoutes(bereich.sammlung, atPath: bereich.pfad)
        }
        return router
    }
}
