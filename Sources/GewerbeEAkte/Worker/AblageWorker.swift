import Foundation
import GewerbeDokumente
import GewerbeDomain
import GewerbeOutbox
import Logging
import Metrics
import ServiceLifecycle

/// The outbox worker: files the jobs of the transactional outbox (``AblageauftragQueue``) into
/// the eAkte (``EAkteAblage``). It runs as a swift-service-lifecycle `Service` in the server and
/// once-through as `gewerbe filing run` (``drain(maxRunden:)``).
///
/// **One job.** The worker renders the documents of the job's art from the case
/// (``Anzeigedokumente``: Anzeige as PDF and JSON for `anzeige` and `berichtigung`, the
/// Empfangsbescheinigung, the Ruecknahme-Vermerk), then calls `ensureAkte` (one Akte per
/// Betrieb), `ensureVorgang` (one Vorgang per case, keyed by the case id, named by the
/// Aktenzeichen) and `fileDokument` for each document, checks that the hash the eAkte reports is
/// the hash of the rendered bytes, and records the object ids and hashes with
/// ``AblageauftragQueue/erledigt(_:worker:akte:vorgang:dokumente:)``. Every eAkte call is
/// idempotent (looked up before created) and the documents render to the same bytes every time,
/// so a job that is repeated after a crash, a lost lease or a failed bookkeeping step never
/// files anything twice.
///
/// **When the Vorgang is closed.** `markVorgangErledigt` is called after the
/// Empfangsbescheinigung is filed (the office's work on the Anzeige is complete: received,
/// certified, filed) and after the Ruecknahme-Vermerk is filed (the case is withdrawn). A
/// Berichtigung later still files into the same Vorgang.
///
/// **Failures.** Transient eAkte errors (`EAkteFehler.voruebergehend`: network, timeouts, 5xx,
/// 429, a full share) are retried forever with capped exponential backoff and jitter
/// (``Backoff``), so that the backlog after an outage of any length drains by itself.
/// Permanent errors (`EAkteFehler.dauerhaft`: rejected by the eAkte, configuration missing; a
/// document that cannot be rendered; any other unexpected error) are retried with the same
/// backoff, and park the job once its permanent failures (``Ablageauftrag/dauerhafteFehlschlaege``,
/// which transient failures do not count) reach ``AblageWorkerConfiguration/maxPermanentFailures``; a
/// parked job waits for an operator (`gewerbe filing retry`). A job interrupted by cancellation
/// is released for an immediate new attempt. If the outcome cannot be recorded in the outbox
/// (database unreachable), the job's lease runs out and it is taken up again.
///
/// **Service.** ``run()`` claims up to ``AblageWorkerConfiguration/concurrency`` jobs at a time
/// (with `SKIP LOCKED` in PostgreSQL, so several workers share the outbox), polls every
/// ``AblageWorkerConfiguration/pollInterval`` and at once after ``wecken()``. On graceful shutdown
/// it claims nothing more and finishes the jobs in flight; on cancellation the jobs in flight
/// are released. It starts no detached or unstructured tasks.
///
/// **Logs and metrics.** Log metadata carry ids, the job's art, the AGS and the error text of
/// the adapters (never names, addresses or credentials). Metrics (swift-metrics):
/// `gewerbe_ablage_auftraege_total{ergebnis,art}`, `gewerbe_ablage_dokumente_total{dokumentart}`,
/// `gewerbe_ablage_dauer_seconds{art}` (timer), `gewerbe_ablage_in_arbeit` (gauge) and
/// `gewerbe_ablage_outbox_fehler_total{schritt}`.
public final class AblageWorker: Service, Sendable {
    public let configuration: AblageWorkerConfiguration
    private let queue: any AblageauftragQueue
    private let ablage: any EAkteAblage
    private let uhr: any Uhr
    private let logger: Logger
    private let weckruf = Weckruf()

    /// - Parameters:
    ///   - queue: the outbox.
    ///   - ablage: the eAkte (usually an ``EAkteMandantenAblage`` routing by municipality).
    ///   - uhr: the clock for the times of next attempts (the outbox compares them with its own).
    public init(
        queue: any AblageauftragQueue, ablage: any EAkteAblage, configuration: AblageWorkerConfiguration,
        uhr: any Uhr = SystemUhr(), logger: Logger = Logger(label: "gewerbe.ablage")
    ) {
        self.queue = queue
        self.ablage = ablage
        self.configuration = configuration
        self.uhr = uhr
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerId)"
        self.logger = logger
    }

    /// Tells the worker that new jobs are due (e.g. after a case was stored), so that it claims
    /// them now instead of at the next poll.
    public func wecken() {
        weckruf.wecken()
    }

    // MARK: - Service

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        logger.info(
            "filing worker started",
            metadata: [
                "parallel": "\(configuration.concurrency)", "eakte": "\(ablage.art)",
                "lease": "\(configuration.leaseDuration)",
            ])
        await withGracefulShutdownHandler {
            await schleife()
        } onGracefulShutdown: {
            self.weckruf.beenden()
        }
        logger.info("filing worker stopped")
    }

    private func schleife() async {
        let gauge = Gauge(label: "gewerbe_ablage_in_arbeit")
        let (queue, configuration, logger) = (self.queue, self.configuration, self.logger)
        await Outboxschleife.laufe(
            parallel: configuration.concurrency, pollIntervall: configuration.pollInterval, weckruf: weckruf,
            beanspruche: { anzahl in
                try await queue.beanspruche(
                    anzahl: anzahl, worker: configuration.workerId, sperrdauer: configuration.leaseDuration)
            },
            bearbeite: { _ = await self.bearbeite($0) },
            beanspruchenFehlgeschlagen: { error in
                Counter(label: "gewerbe_ablage_outbox_fehler_total", dimensions: [("schritt", "beanspruchen")])
                    .increment()
                logger.error("filing jobs could not be claimed", metadata: ["error": "\(error)"])
            },
            inArbeit: { gauge.record($0) })
    }

    // MARK: - Once-through (CLI)

    /// Claims up to ``AblageWorkerConfiguration/concurrency`` due jobs once and files them in
    /// parallel.
    /// - Throws: if the outbox cannot be read.
    public func runOnce() async throws -> AblageDurchlauf {
        let vorlagen = try await queue.beanspruche(
            anzahl: configuration.concurrency, worker: configuration.workerId, sperrdauer: configuration.leaseDuration)
        var durchlauf = AblageDurchlauf(beansprucht: vorlagen.count)
        await withTaskGroup(of: Ausgang.self) { gruppe in
            for vorlage in vorlagen {
                gruppe.addTask { await self.bearbeite(vorlage) }
            }
            for await ausgang in gruppe {
                switch ausgang {
                case .erledigt: durchlauf.erledigt += 1
                case .fehlgeschlagen: durchlauf.fehlgeschlagen += 1
                case .geparkt: durchlauf.geparkt += 1
                case .nichtVermerkt: durchlauf.nichtVermerkt += 1
                }
            }
        }
        return durchlauf
    }

    /// Repeats ``runOnce()`` until a round finds no due job (failed jobs wait for their next
    /// attempt and end the drain), or `maxRunden` rounds have run.
    public func drain(maxRunden: Int = .max) async throws -> AblageDurchlauf {
        var summe = AblageDurchlauf()
        var runden = 0
        while runden < maxRunden {
            try Task.checkCancellation()
            let runde = try await runOnce()
            summe = summe + runde
            runden += 1
            if runde.beansprucht == 0 { break }
        }
        return summe
    }

    // MARK: - One job

    enum Ausgang: Sendable, Hashable {
        case erledigt
        case fehlgeschlagen
        case geparkt
        case nichtVermerkt
    }

    /// Files one claimed job and records the outcome.
    func bearbeite(_ vorlage: Ablagevorlage) async -> Ausgang {
        let auftrag = vorlage.auftrag
        var logger = self.logger
        logger[metadataKey: "job"] = "\(auftrag.id.lowercased)"
        logger[metadataKey: "fall_id"] = "\(auftrag.fallId.lowercased)"
        logger[metadataKey: "kind"] = "\(auftrag.art.rawValue)"
        logger[metadataKey: "ags"] = "\(auftrag.gemeindeschluessel)"
        logger[metadataKey: "attempt"] = "\(auftrag.versuche + 1)"
        let start = ContinuousClock.now
        do {
            let ergebnis = try await ablegen(vorlage)
            Timer(label: "gewerbe_ablage_dauer_seconds", dimensions: [("art", auftrag.art.rawValue)])
                .recordNanoseconds((ContinuousClock.now - start).nanoseconds)
            do {
                try await queue.erledigt(
                    auftrag, worker: configuration.workerId, akte: ergebnis.akte, vorgang: ergebnis.vorgang,
                    dokumente: ergebnis.dokumente)
            } catch {
                Counter(label: "gewerbe_ablage_outbox_fehler_total", dimensions: [("schritt", "erledigt")]).increment()
                logger.error("filed, but the result could not be recorded; will retry", metadata: ["error": "\(error)"])
                return .nichtVermerkt
            }
            for dokument in ergebnis.dokumente {
                Counter(label: "gewerbe_ablage_dokumente_total", dimensions: [("dokumentart", dokument.dokumentart)])
                    .increment()
            }
            Self.zaehle(.erledigt, auftrag.art)
            logger.info("filing job done", metadata: ["documents": "\(ergebnis.dokumente.count)"])
            return .erledigt
        } catch {
            let (art, meldung) = Self.klassifiziere(error)
            let versuche = auftrag.versuche + 1
            let abgebrochen = Task.isCancelled || error is CancellationError
            let dauerhaft = !abgebrochen && art == .dauerhaft
            let parken = dauerhaft && auftrag.dauerhafteFehlschlaege + 1 >= configuration.maxPermanentFailures
            let naechsterVersuch: Date
            if abgebrochen {
                naechsterVersuch = uhr.jetzt()
            } else {
                let warten = configuration.backoff.wartezeit(nachVersuchen: versuche, zufall: Double.random(in: 0..<1))
                naechsterVersuch = uhr.jetzt().addingTimeInterval(Backoff.sekunden(warten))
            }
            do {
                try await queue.fehlgeschlagen(
                    auftrag, worker: configuration.workerId, fehler: meldung, dauerhaft: dauerhaft,
                    naechsterVersuch: naechsterVersuch, parken: parken)
            } catch {
                Counter(label: "gewerbe_ablage_outbox_fehler_total", dimensions: [("schritt", "fehlgeschlagen")])
                    .increment()
                logger.error("failure could not be recorded", metadata: ["error": "\(error)"])
                return .nichtVermerkt
            }
            let metadaten: Logger.Metadata = ["error_kind": "\(art.rawValue)", "error": "\(meldung)"]
            if parken {
                Self.zaehle(.geparkt, auftrag.art)
                logger.error("filing job parked", metadata: metadaten)
                return .geparkt
            }
            Self.zaehle(.fehlgeschlagen, auftrag.art)
            if abgebrochen {
                logger.notice("filing job cancelled and released", metadata: metadaten)
            } else {
                logger.warning(
                    "filing job failed",
                    metadata: metadaten.merging(["naechsterVersuch": "\(naechsterVersuch)"]) { $1 })
            }
            return .fehlgeschlagen
        }
    }

    struct Ergebnis: Sendable {
        var akte: EAkteObjektID
        var vorgang: EAkteObjektID
        var dokumente: [AbgelegtesDokument]
    }

    /// Whether filing a job of this art closes the Vorgang (see the type's documentation).
    public static func schliesstVorgang(_ art: Ablageauftragsart) -> Bool {
        switch art {
        case .empfangsbescheinigung, .ruecknahme: true
        case .anzeige, .berichtigung: false
        }
    }

    /// The metadata of the Akte and the Vorgang of a case.
    public static func metadaten(_ vorlage: Ablagevorlage) -> (akte: AkteMetadaten, vorgang: VorgangMetadaten) {
        let fall = vorlage.fall
        let dokumente = Anzeigedokumente(fall: fall, betrieb: vorlage.betrieb)
        let erste = fall.versionen.first
        let akte = AkteMetadaten(
            betriebId: fall.betriebId, gemeindeschluessel: fall.gemeindeschluessel, titel: dokumente.aktentitel)
        let vorgang = VorgangMetadaten(
            anzeigeId: fall.id, betriebId: fall.betriebId, gemeindeschluessel: fall.gemeindeschluessel,
            aktenzeichen: fall.aktenzeichen, meldeart: fall.meldeart.rawValue,
            eingangsdatum: erste?.anzeige.eingangsdatum ?? Datum(erste?.erfasstAm ?? Date(timeIntervalSince1970: 0)),
            titel: dokumente.vorgangstitel)
        return (akte, vorgang)
    }

    /// The documents a job files, as the port takes them (with their SHA-256).
    public static func dokumente(_ vorlage: Ablagevorlage) throws -> [AblageDokument] {
        let (_, vorgang) = metadaten(vorlage)
        let dateien = try Anzeigedokumente(fall: vorlage.fall, betrieb: vorlage.betrieb)
            .dokumente(fuer: vorlage.auftrag.art, version: vorlage.auftrag.version)
        return dateien.map {
            AblageDokument(
                name: $0.name, mimeType: $0.mimeType, inhalt: $0.inhalt, dokumentart: $0.dokumentart.rawValue,
                vorgang: vorgang)
        }
    }

    private func ablegen(_ vorlage: Ablagevorlage) async throws -> Ergebnis {
        guard vorlage.fall.id == vorlage.auftrag.fallId, !vorlage.fall.versionen.isEmpty else {
            throw DokumentFehler("Der Auftrag gehört nicht zu dem mitgelieferten Fall")
        }
        let (akteMetadaten, vorgangMetadaten) = Self.metadaten(vorlage)
        let dokumente = try Self.dokumente(vorlage)
        try Task.checkCancellation()
        let akte = try await ablage.ensureAkte(akteMetadaten)
        let vorgang = try await ablage.ensureVorgang(vorgangMetadaten, inAkte: akte)
        var abgelegt: [AbgelegtesDokument] = []
        for dokument in dokumente {
            try Task.checkCancellation()
            let quittung = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            guard quittung.sha256.lowercased() == dokument.sha256.lowercased() else {
                throw EAkteFehler(
                    .voruebergehend,
                    "\(dokument.name): die eAkte meldet SHA-256 \(quittung.sha256), abgelegt wurde \(dokument.sha256)")
            }
            abgelegt.append(
                AbgelegtesDokument(
                    name: dokument.name, dokumentart: dokument.dokumentart, sha256: dokument.sha256,
                    groesse: quittung.groesse, objektId: quittung.objektId))
        }
        if Self.schliesstVorgang(vorlage.auftrag.art) {
            try await ablage.markVorgangErledigt(vorgang, metadaten: vorgangMetadaten)
        }
        return Ergebnis(akte: akte, vorgang: vorgang, dokumente: abgelegt)
    }

    /// Transient or permanent, and the text recorded as the job's last error.
    static func klassifiziere(_ error: any Error) -> (EAkteFehler.Art, String) {
        switch error {
        case let fehler as EAkteFehler:
            (fehler.art, fehler.description)
        case let fehler as DokumentFehler:
            (.dauerhaft, "dokument: \(fehler.meldung)")
        case is CancellationError:
            (.voruebergehend, "abgebrochen")
        default:
            (.dauerhaft, "unerwartet: \(String(describing: type(of: error))): \(error)")
        }
    }

    private static func zaehle(_ ausgang: Ausgang, _ art: Ablageauftragsart) {
        let ergebnis: String
        switch ausgang {
        case .erledigt: ergebnis = "erledigt"
        case .fehlgeschlagen: ergebnis = "fehlgeschlagen"
        case .geparkt: ergebnis = "geparkt"
        case .nichtVermerkt: ergebnis = "nicht_vermerkt"
        }
        Counter(label: "gewerbe_ablage_auftraege_total", dimensions: [("ergebnis", ergebnis), ("art", art.rawValue)])
            .increment()
    }
}
