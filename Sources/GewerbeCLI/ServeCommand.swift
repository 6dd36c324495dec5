import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbeEmbeddedPostgres
import GewerbeGateway
import GewerbeHTTP
import GewerbePostgres
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `gewerbe serve`: the HTTP API and the filing worker, on the embedded PostgreSQL cluster (no
/// `DATABASE_URL`) or the given server. Migrates on start (refusing an unknown or changed
/// history), stops gracefully on SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Startet den Dienst (HTTP-API und eAkte-Ablage).",
        discussion: """
            Ohne DATABASE_URL startet der Dienst ein eigenes PostgreSQL im Datenordner (beim ersten Start
            angelegt, danach weiterverwendet) und beendet es wieder. Mit --demo werden die Gemeinden aus
            config/kommunen.csv angelegt, ein Demo-Token erzeugt und die eAkte in einen Ordner geschrieben.
            """)

    @OptionGroup var gemeinsam: Gemeinsam

    @Flag(help: "Demo: Gemeinden anlegen, Demo-Token ausgeben, eAkte als Ordner im Datenordner.")
    var demo = false

    @Option(help: "Adresse, an der die API lauscht (Standard: GEWERBE_HTTP_HOST oder 127.0.0.1).")
    var host: String?

    @Option(help: "Port der API (Standard: GEWERBE_HTTP_PORT oder 8080).")
    var port: Int?

    @Option(help: "CSV der Gemeinden für --demo.")
    var kommunen = "config/kommunen.csv"

    @Flag(
        name: .customLong("ohne-ablage"), help: "Keinen Ablage-Worker starten (z. B. wenn ein anderer Prozess ablegt).")
    var ohneAblage = false

    @Flag(
        name: .customLong("ohne-uebermittlung"),
        help: "Keinen Übermittlungs-Worker starten (die Nachrichten warten in der Warteschlange).")
    var ohneUebermittlung = false

    @Flag(name: .customLong("keine-migration"), help: "Nicht migrieren: mit ausstehenden Migrationen nicht starten.")
    var keineMigration = false

    func run() async throws {
        var konfiguration = try await gemeinsam.konfiguration()
        if let host { konfiguration.httpHost = host }
        if let port { konfiguration.httpPort = port }
        Protokoll.einrichten(level: konfiguration.logLevel)
        let logger = Logger(label: "gewerbe")
        let zugang = Datenbankzugang(konfiguration: konfiguration, logger: logger)

        // The database: the given server, or the embedded cluster (started here, stopped at the end).
        let datenbankKonfiguration: DatabaseConfiguration
        var cluster: EmbeddedPostgres? = nil
        if let url = konfiguration.databaseURL {
            datenbankKonfiguration = try DatabaseConfiguration(url: url)
        } else {
            let eingebettet = zugang.eingebetteterCluster()
            try await eingebettet.start()
            if await !eingebettet.adoptedExistingServer { cluster = eingebettet }
            try await eingebettet.createDatabaseIfMissing(konfiguration.datenbankname)
            datenbankKonfiguration = eingebettet.configuration(database: konfiguration.datenbankname)
        }
        do {
            let demoToken = try await vorbereiten(datenbankKonfiguration, konfiguration: konfiguration, logger: logger)
            try await betreiben(
                datenbankKonfiguration, konfiguration: konfiguration, demoToken: demoToken, logger: logger)
        } catch {
            if let cluster { try? await cluster.stop() }
            throw error
        }
        if let cluster { try await cluster.stop() }
    }

    /// Migrates (or verifies) and, for the demo, creates the municipalities and a token.
    func vorbereiten(
        _ datenbank: DatabaseConfiguration, konfiguration: Konfiguration, logger: Logger
    ) async throws
        -> String?
    {
        let demo = self.demo
        let keineMigration = self.keineMigration
        let kommunenDatei = self.kommunen
        return try await Database.withRunning(datenbank, logger: logger) { database in
            let migrator = Migrator(logger: logger)
            let status = try await migrator.verify(database)
            if !status.isUpToDate {
                if keineMigration {
                    throw ValidationError(
                        "\(status.pending.count) Migration(en) ausstehen; 'gewerbe migrate' ausführen oder ohne --keine-migration starten."
                    )
                }
                for migration in try await migrator.migrate(database) {
                    logger.info("migration applied", metadata: ["migration": "\(migration.fileName)"])
                }
            }
            guard demo else { return nil }
            let eintraege = try KommunenDatei.lesen(kommunenDatei)
            _ = try await KommunenStore(database: database).upsert(eintraege, actor: .system)
            let erzeugt = try await TokenStore(database: database).create(
                label: "Demo Sachbearbeitung \(eintraege.first(where: { $0.ags == "06636011" })?.name ?? "Sontra")",
                role: .sachbearbeitung, kommunen: ["06636011"], expiresAt: Date().addingTimeInterval(7 * 86_400),
                actor: .system)
            return erzeugt.secret
        }
    }

    /// Runs the API and the filing worker until SIGTERM/SIGINT.
    func betreiben(
        _ datenbankKonfiguration: DatabaseConfiguration, konfiguration: Konfiguration, demoToken: String?,
        logger: Logger
    )
        async throws
    {
        let database = Database(configuration: datenbankKonfiguration, logger: Logger(label: "gewerbe.postgres"))
        let uhr = SystemUhr()
        let metriken = PrometheusCollectorRegistry()
        MetricsSystem.bootstrapOnce(PrometheusMetricsFactory(registry: metriken))

        var dienste: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: database.client)]
        var worker: AblageWorker? = nil
        var eakte: EAkteZugang? = nil
        let kommunen = try await Database.withRunning(datenbankKonfiguration, logger: logger) { db in
            try await KommunenStore(database: db).list(includeInactive: false)
        }
        let alleKommunen = kommunen.map(\.ags)
        let verzeichnis = try GatewayZugang.verzeichnis(konfiguration)
        var gateway: GatewayZugang? = nil
        var sender: UebermittlungsWorker? = nil
        if !ohneUebermittlung {
            let zugang = try GatewayZugang.laden(konfiguration, kommunen: kommunen)
            gateway = zugang
            sender = zugang.worker(database, workerId: "\(ProcessInfo.processInfo.hostName)-\(getpid())", uhr: uhr)
        }
        if !ohneAblage {
            let zugang = try EAkteZugang.laden(konfiguration, kommunen: alleKommunen)
            eakte = zugang
            worker = AblageWorker(
                queue: PostgresAblageauftragQueue(database: database), ablage: zugang.ablage,
                configuration: zugang.konfiguration.workerKonfiguration(
                    workerId: "\(ProcessInfo.processInfo.hostName)-\(getpid())"),
                uhr: uhr, logger: Logger(label: "gewerbe.ablage"))
        }
        let faelleLogger = Logger(label: "gewerbe.faelle")
        // The filing worker is woken after every committed write that queued a job, so that new
        // jobs are filed at once rather than at the next poll.
        let fallbearbeitung = Fallbearbeitung(
            speicher: PostgresFallspeicher(database: database, logger: faelleLogger), uhr: uhr,
            uebermittlung: { verzeichnis.einstellungen(ags: $0) }, nachAblageauftrag: { [worker] in worker?.wecken() },
            nachUebermittlungsauftrag: { [sender] in sender?.wecken() }, warnung: { faelleLogger.warning("\($0)") })
        let abhaengigkeiten = APIDependencies(
            fallbearbeitung: fallbearbeitung, tokenPruefer: PostgresTokenPruefer(database: database),
            bereitschaft: PostgresBereitschaft(database: database),
            statistik: PostgresStatistikQuelle(database: database), uhr: uhr, logger: Logger(label: "gewerbe.http"),
            metrics: metriken)
        let app = buildApplication(
            configuration: ApplicationConfiguration(
                address: .hostname(konfiguration.httpHost, port: konfiguration.httpPort), serverName: "gewerbe"),
            dependencies: abhaengigkeiten)
        dienste.append(.init(service: app))
        if let worker { dienste.append(.init(service: worker)) }
        if let sender { dienste.append(.init(service: sender)) }
        dienste.append(
            .init(
                service: Startmeldung(
                    adresse: "http://\(konfiguration.httpHost):\(konfiguration.httpPort)", demoToken: demoToken,
                    datenbank: demoToken == nil ? nil : konfiguration.datenordnerAbsolut)))
        let gruppe = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: dienste, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await gruppe.run()
        } catch {
            await eakte?.schliessen()
            await gateway?.schliessen()
            throw error
        }
        await eakte?.schliessen()
        await gateway?.schliessen()
    }
}

/// Prints where the service runs and, for the demo, how to submit a first Anzeige; then waits
/// for shutdown.
struct Startmeldung: Service {
    let adresse: String
    let demoToken: String?
    let datenbank: String?

    func run() async throws {
        try await Task.sleep(for: .milliseconds(300))
        var text =
            "Gewerbe-Fachverfahren läuft: \(adresse)  (Bereitschaft: \(adresse)/ready, API-Beschreibung: \(adresse)/openapi.yaml)\n"
        if let demoToken {
            text += """

                Demo-Token (Sachbearbeitung Sontra, AGS 06636011, 7 Tage gültig, nur jetzt sichtbar):
                  export TOKEN=\(demoToken)

                Erste Gewerbeanmeldung einreichen:
                  curl -s -X POST \(adresse)/v1/anzeigen -H "Authorization: Bearer $TOKEN" \\
                       -H "Content-Type: application/json" --data @docs/examples/anmeldung-einzelunternehmen.json

                Weitere Token (in einem zweiten Terminal, gleicher Datenordner):
                  swift run gewerbe tokens create --role leitung --kommune 06636011

                Die eAkte liegt im Demo-Betrieb als Ordner unter \(datenbank ?? ".gewerbe")/eakte, die
                XGewO-Nachrichten (nach der Empfangsbescheinigung) unter \(datenbank ?? ".gewerbe")/gateway;
                Nachrichten an Stellen ohne DVDV-Kennung in config/empfaenger.csv warten geparkt
                (gewerbe transmissions status).
                Beenden mit Strg-C.

                """
        }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
        try await gracefulShutdown()
    }
}

extension MetricsSystem {
    /// Bootstraps the metrics system once per process (tests may build several servers).
    static func bootstrapOnce(_ factory: some MetricsFactory) {
        MetricsBootstrap.einmal.bootstrap(factory)
    }
}

private final class MetricsBootstrap: @unchecked Sendable {
    static let einmal = MetricsBootstrap()
    private let lock = NSLock()
    private var erledigt = false
    func bootstrap(_ factory: some MetricsFactory) {
        lock.lock()
        defer { lock.unlock() }
        guard !erledigt else { return }
        MetricsSystem.bootstrap(factory)
        erledigt = true
    }
}
