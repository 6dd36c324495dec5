import Foundation
import GewerbeDomain
import GewerbeOutbox
import Logging
import Metrics
import ServiceLifecycle

/// Configuration of the transmission worker, read once at start.
public struct UebermittlungsWorkerConfiguration: Sendable, Hashable {
    /// Name of this worker in the outbox (who holds a lease), e.g. `<host>-<pid>`.
    public var workerId: String
    /// Messages sent in parallel.
    public var concurrency: Int
    /// How long a claimed job stays locked to this worker (well above one request's time limit).
    public var leaseDuration: Duration
    /// How often an idle worker looks for due jobs (new ones also arrive by ``UebermittlungsWorker/wecken()``).
    public var pollInterval: Duration
    /// Waits between the attempts of a message the gateway could not take.
    public var backoff: Backoff

    public init(
        workerId: String, concurrency: Int = 4, leaseDuration: Duration = .seconds(120),
        pollInterval: Duration = .seconds(5), backoff: Backoff = Backoff()
    ) {
        self.workerId = workerId
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.backoff = backoff
    }
}

/// What one round or a whole drain of the transmission worker did.
public struct UebermittlungsDurchlauf: Sendable, Hashable, CustomStringConvertible {
    public var beansprucht = 0
    public var gesendet = 0
    /// Of `gesendet`: the gateway had the message already (a repeat after a lost answer).
    public var doppelt = 0
    public var fehlgeschlagen = 0
    public var abgewiesen = 0
    public var geparkt = 0
    /// Outcomes that could not be recorded (the lease runs out; the message goes again, once).
    public var nichtVermerkt = 0

    public init() {}

    mutating func zaehle(_ ausgang: UebermittlungsWorker.Ausgang) {
        switch ausgang {
        case .gesendet(let doppelt):
            gesendet += 1
            if doppelt { self.doppelt += 1 }
        case .fehlgeschlagen: fehlgeschlagen += 1
        case .abgewiesen: abgewiesen += 1
        case .geparkt: geparkt += 1
        case .nichtVermerkt: nichtVermerkt += 1
        }
    }

    public var description: String {
        "beansprucht \(beansprucht), gesendet \(gesendet) (davon doppelt \(doppelt)), fehlgeschlagen \(fehlgeschlagen), "
            + "abgewiesen \(abgewiesen), geparkt \(geparkt)"
            + (nichtVermerkt > 0 ? ", nicht vermerkt \(nichtVermerkt)" : "")
    }
}

/// The transmission worker: sends the messages of the outbox (``UebermittlungsauftragQueue``)
/// through the gateway (``Uebermittlungstransport``), exactly once by message UUID.
///
/// **One job.** ``Nachrichtenbau`` writes the message from the job, its Satz and the case, and
/// checks it against schema and profile; the transport hands it over; the outcome is recorded.
/// A message that fails its own checks or has no address never leaves: it is parked with the
/// reason. A gateway answer "doppelt" counts as sent (the first answer was lost, e.g. by a
/// crash between sending and recording). A rejection parks the message as `abgewiesen` with its
/// code until the office corrects and retries (`gewerbe transmissions retry`).
///
/// **Failures.** Transient transport errors (gateway down or slow, 5xx, network) are retried
/// forever with capped exponential backoff and jitter, so a backlog drains by itself when the
/// gateway is back. Permanent ones (credentials refused, a 4xx other than 422) park the message.
/// A job interrupted by cancellation is released for an immediate new attempt.
///
/// **Logs and metrics.** Log metadata carry the message UUID, type, AGS and the error text, never
/// personal data. Metrics: `gewerbe_uebermittlung_nachrichten_total{ergebnis,empfaenger}`,
/// `gewerbe_uebermittlung_dauer_seconds{empfaenger}`, `gewerbe_uebermittlung_in_arbeit`,
/// `gewerbe_uebermittlung_outbox_fehler_total{schritt}`.
public final class UebermittlungsWorker: Service, Sendable {
    public let configuration: UebermittlungsWorkerConfiguration
    private let queue: any UebermittlungsauftragQueue
    private let transport: any Uebermittlungstransport
    private let bau: Nachrichtenbau
    private let uhr: any Uhr
    private let logger: Logger
    private let weckruf = Weckruf()

    public init(
        queue: any UebermittlungsauftragQueue, transport: any Uebermittlungstransport, bau: Nachrichtenbau,
        configuration: UebermittlungsWorkerConfiguration, uhr: any Uhr = SystemUhr(),
        logger: Logger = Logger(label: "gewerbe.uebermittlung")
    ) {
        self.queue = queue
        self.transport = transport
        self.bau = bau
        self.configuration = configuration
        self.uhr = uhr
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerId)"
        self.logger = logger
    }

    /// Tells the worker that new messages are due, so that it claims them now.
    public func wecken() { weckruf.wecken() }

    public var transportArt: String { transport.art }

    // MARK: - Service

    public func run() async throws {
        logger.info(
            "transmission worker started",
            metadata: ["parallel": "\(configuration.concurrency)", "transport": "\(transport.art)"])
        let gauge = Gauge(label: "gewerbe_uebermittlung_in_arbeit")
        let (queue, configuration, logger) = (self.queue, self.configuration, self.logger)
        await withGracefulShutdownHandler {
            await Outboxschleife.laufe(
                parallel: configuration.concurrency, pollIntervall: configuration.pollInterval, weckruf: weckruf,
                beanspruche: { anzahl in
                    try await queue.beanspruche(
                        anzahl: anzahl, worker: configuration.workerId, sperrdauer: configuration.leaseDuration)
                },
                bearbeite: { _ = await self.bearbeite($0) },
                beanspruchenFehlgeschlagen: { error in
                    Counter(
                        label: "gewerbe_uebermittlung_outbox_fehler_total", dimensions: [("schritt", "beanspruchen")]
                    )
                    .increment()
                    logger.error("transmission jobs could not be claimed", metadata: ["error": "\(error)"])
                },
                inArbeit: { gauge.record($0) })
        } onGracefulShutdown: {
            self.weckruf.beenden()
        }
        logger.info("transmission worker stopped")
    }

    // MARK: - Once-through (CLI, tests)

    /// Claims up to ``UebermittlungsWorkerConfiguration/concurrency`` due jobs once and sends them.
    public func runOnce() async throws -> UebermittlungsDurchlauf {
        let vorlagen = try await queue.beanspruche(
            anzahl: configuration.concurrency, worker: configuration.workerId, sperrdauer: configuration.leaseDuration)
        var durchlauf = UebermittlungsDurchlauf()
        durchlauf.beansprucht = vorlagen.count
        await withTaskGroup(of: Ausgang.self) { gruppe in
            for vorlage in vorlagen { gruppe.addTask { await self.bearbeite(vorlage) } }
            for await ausgang in gruppe { durchlauf.zaehle(ausgang) }
        }
        return durchlauf
    }

    /// Repeats ``runOnce()`` until a round finds no due job, or `maxRunden` rounds have run.
    public func drain(maxRunden: Int = .max) async throws -> UebermittlungsDurchlauf {
        var summe = UebermittlungsDurchlauf()
        for _ in 0..<maxRunden {
            try Task.checkCancellation()
            let runde = try await runOnce()
            summe.beansprucht += runde.beansprucht
            summe.gesendet += runde.gesendet
            summe.doppelt += runde.doppelt
            summe.fehlgeschlagen += runde.fehlgeschlagen
            summe.abgewiesen += runde.abgewiesen
            summe.geparkt += runde.geparkt
            summe.nichtVermerkt += runde.nichtVermerkt
            if runde.beansprucht == 0 { break }
        }
        return summe
    }

    // MARK: - One job

    enum Ausgang: Sendable, Hashable {
        case gesendet(doppelt: Bool)
        case fehlgeschlagen
        case abgewiesen
        case geparkt
        case nichtVermerkt
    }

    func bearbeite(_ vorlage: Uebermittlungsvorlage) async -> Ausgang {
        let auftrag = vorlage.auftrag
        var logger = self.logger
        logger[metadataKey: "message"] = "\(auftrag.id.lowercased)"
        logger[metadataKey: "type"] = "\(auftrag.nachricht.nachrichtentyp)"
        logger[metadataKey: "ags"] = "\(auftrag.gemeindeschluessel)"
        logger[metadataKey: "attempt"] = "\(auftrag.versuche + 1)"
        let empfaenger = auftrag.nachricht.empfaenger.rawValue
        let nachricht: AusgehendeNachricht
        switch bau.baue(vorlage) {
        case .success(let gebaut): nachricht = gebaut
        case .failure(let fehler):
            return await melde(auftrag, logger) {
                try await self.queue.fehlgeschlagen(
                    auftrag, worker: self.configuration.workerId, fehler: fehler.meldung,
                    naechsterVersuch: self.uhr.jetzt(), parken: true)
                logger.error("message parked", metadata: ["error": "\(fehler.meldung)"])
                return .geparkt
            }
        }
        let start = ContinuousClock.now
        do {
            let zustellung = try await transport.sende(nachricht)
            Timer(label: "gewerbe_uebermittlung_dauer_seconds", dimensions: [("empfaenger", empfaenger)])
                .recordNanoseconds((ContinuousClock.now - start).nanoseconds)
            switch zustellung {
            case .angenommen(let doppelt):
                return await melde(auftrag, logger) {
                    try await self.queue.gesendet(
                        auftrag, worker: self.configuration.workerId,
                        quittung: Quittung(
                            leser: nachricht.adresse, sha256: nachricht.sha256, groesse: nachricht.xml.count,
                            doppelt: doppelt))
                    logger.info("message sent", metadata: ["reader": "\(nachricht.adresse)", "repeat": "\(doppelt)"])
                    return .gesendet(doppelt: doppelt)
                }
            case .abgewiesen(let rueckweisung):
                return await melde(auftrag, logger) {
                    try await self.queue.abgewiesen(
                        auftrag, worker: self.configuration.workerId, rueckweisung: rueckweisung)
                    logger.error(
                        "message rejected", metadata: ["code": "\(rueckweisung.grund)", "text": "\(rueckweisung.text)"])
                    return .abgewiesen
                }
            }
        } catch {
            let abgebrochen = Task.isCancelled || error is CancellationError
            let fehler = error as? Transportfehler
            let parken = !abgebrochen && fehler?.art == .dauerhaft
            let meldung = abgebrochen ? "abgebrochen" : fehler?.meldung ?? "unerwartet: \(error)"
            let warten = configuration.backoff.wartezeit(
                nachVersuchen: auftrag.versuche + 1, zufall: Double.random(in: 0..<1))
            let naechster = abgebrochen ? uhr.jetzt() : uhr.jetzt().addingTimeInterval(Backoff.sekunden(warten))
            return await melde(auftrag, logger) {
                try await self.queue.fehlgeschlagen(
                    auftrag, worker: self.configuration.workerId, fehler: meldung, naechsterVersuch: naechster,
                    parken: parken)
                if parken {
                    logger.error("message parked", metadata: ["error": "\(meldung)"])
                    return .geparkt
                }
                logger.warning("message not sent", metadata: ["error": "\(meldung)", "next": "\(naechster)"])
                return .fehlgeschlagen
            }
        }
    }

    /// Records an outcome; if the outbox cannot be reached, the lease runs out and the message
    /// goes again (the gateway answers "doppelt").
    private func melde(
        _ auftrag: Uebermittlungsauftrag, _ logger: Logger, _ schritt: () async throws -> Ausgang
    ) async -> Ausgang {
        let ausgang: Ausgang
        do {
            ausgang = try await schritt()
        } catch {
            Counter(label: "gewerbe_uebermittlung_outbox_fehler_total", dimensions: [("schritt", "vermerken")])
                .increment()
            logger.error("outcome could not be recorded; the message goes again", metadata: ["error": "\(error)"])
            return .nichtVermerkt
        }
        let ergebnis: String
        switch ausgang {
        case .gesendet(let doppelt): ergebnis = doppelt ? "doppelt" : "gesendet"
        case .fehlgeschlagen: ergebnis = "fehlgeschlagen"
        case .abgewiesen: ergebnis = "abgewiesen"
        case .geparkt: ergebnis = "geparkt"
        case .nichtVermerkt: ergebnis = "nicht_vermerkt"
        }
        Counter(
            label: "gewerbe_uebermittlung_nachrichten_total",
            dimensions: [("ergebnis", ergebnis), ("empfaenger", auftrag.nachricht.empfaenger.rawValue)]
        ).increment()
        return ausgang
    }
}
