import Logging
import ServiceLifecycle

/// Runs an outbox worker from the command line (`gewerbe filing run`, `gewerbe transmissions
/// run`): once through (`einmal`: `drain`, whose summary goes to standard output) or as a
/// service until SIGTERM/SIGINT. `schliessen` (the adapter's HTTP client) runs either way.
func betreibeWorker(
    _ worker: some Service, einmal: Bool, logger: Logger, drain: () async throws -> String,
    schliessen: () async -> Void
) async throws {
    do {
        if einmal {
            print(try await drain())
        } else {
            let gruppe = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await gruppe.run()
        }
    } catch {
        await schliessen()
        throw error
    }
    await schliessen()
}
