import ArgumentParser
import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbePostgres
import Logging
import ServiceLifecycle

/// The eAkte of every municipality, from the configuration file or (without one) the folder
/// `<data>/eakte`, with the HTTP client it uses (shut it down when done).
struct EAkteZugang {
    let ablage: EAkteMandantenAblage
    let konfiguration: EAkteKonfiguration
    let httpClient: HTTPClient

    static func laden(_ konfiguration: Konfiguration, kommunen: [String]) throws -> EAkteZugang {
        let eakte =
            try konfiguration.eakteKonfiguration.map(EAkteKonfiguration.laden)
            ?? .ordner(konfiguration.datenordnerAbsolut + "/eakte")
        let client = EAkteHTTPClient.make(connectTimeout: .seconds(5))
        do {
            let ablage = try EAkteMandantenAblage(
                anbindungen: try eakte.anbindungen(alleKommunen: kommunen, umgebung: konfiguration.geheimnis),
                httpClient: client, logger: Logger(label: "gewerbe.eakte"))
            return EAkteZugang(ablage: ablage, konfiguration: eakte, httpClient: client)
        } catch {
            try? client.syncShutdown()
            throw error
        }
    }

    func schliessen() async { try? await httpClient.shutdown() }
}

/// `gewerbe filing ...`: the eAkte outbox for operators.
struct FilingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filing",
        abstract:
            "Ablage in die eAkte: Warteschlange ansehen, geparkte Aufträge erneut versuchen, mit der eAkte abgleichen.",
        subcommands: [Status.self, Retry.self, Verify.self, Run.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zeigt offene und geparkte Ablageaufträge (geparkte zuerst) mit dem letzten Fehler.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Option(help: "Nur diese Gemeinde (AGS).") var kommune: String?
        @Flag(help: "Nur geparkte Aufträge.") var geparkt = false
        @Option(help: "Höchstens so viele Aufträge listen.") var limit = 100
        @Option(help: "Ausgabe: text oder json.") var format: ValidateCommand.Format = .text

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let kommune = self.kommune
            let status: Set<Ablageauftragsstatus>? = geparkt ? [.geparkt] : nil
            let limit = self.limit
            let (zaehler, liste) = try await gemeinsam.zugang(konfiguration, label: "gewerbe.filing").mitDatenbank {
                database, _ in
                let queue = PostgresAblageauftragQueue(database: database)
                return (
                    try await queue.anzahlJeStatus(),
                    try await queue.auftraege(status: status, kommune: kommune, limit: limit)
                )
            }
            switch format {
            case .json:
                struct Zeile: Encodable {
                    var id, aktenzeichen, gemeinde, art, status: String
                    var version, versuche, dauerhafteFehlschlaege: Int
                    var naechsterVersuch: Date
                    var letzterFehler: String?
                    var gesperrtVon: String?
                }
                struct Ausgabe: Encodable {
                    var anzahl: [String: Int]
                    var auftraege: [Zeile]
                }
                let ausgabe = Ausgabe(
                    anzahl: Dictionary(uniqueKeysWithValues: zaehler.map { ($0.key.rawValue, $0.value) }),
                    auftraege: liste.map {
                        Zeile(
                            id: $0.auftrag.id.lowercased, aktenzeichen: $0.aktenzeichen,
                            gemeinde: $0.auftrag.gemeindeschluessel, art: $0.auftrag.art.rawValue,
                            status: $0.auftrag.status.rawValue, version: $0.auftrag.version,
                            versuche: $0.auftrag.versuche,
                            dauerhafteFehlschlaege: $0.auftrag.dauerhafteFehlschlaege,
                            naechsterVersuch: $0.auftrag.naechsterVersuch, letzterFehler: $0.auftrag.letzterFehler,
                            gesperrtVon: $0.gesperrtVon)
                    })
                print(try JSONForm.text(ausgabe, lesbar: true))
            case .text:
                let summe = Ablageauftragsstatus.allCases.map { "\($0.rawValue): \(zaehler[$0] ?? 0)" }
                print("Ablageaufträge – " + summe.joined(separator: ", "))
                guard !liste.isEmpty else {
                    print("Keine offenen oder geparkten Aufträge.")
                    return
                }
                let zeit = ISO8601DateFormatter()
                print(
                    Tabelle.text(
                        kopf: [
                            "Auftrag", "Aktenzeichen", "Art", "Status", "Versuche", "nächster Versuch",
                            "letzter Fehler",
                        ],
                        zeilen: liste.map { eintrag in
                            let a = eintrag.auftrag
                            return [
                                a.id.lowercased, eintrag.aktenzeichen, a.art.rawValue, a.status.rawValue,
                                "\(a.versuche) (\(a.dauerhafteFehlschlaege) dauerhaft)",
                                a.status == .geparkt ? "-" : zeit.string(from: a.naechsterVersuch),
                                String((a.letzterFehler ?? "").prefix(80)),
                            ]
                        }))
                if zaehler[.geparkt, default: 0] > 0 {
                    print(
                        "\nGeparkte Aufträge: Ursache beheben (siehe docs/operations.md), dann 'gewerbe filing retry ID' oder '--alle-geparkten'."
                    )
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stellt geparkte Aufträge wieder in die Warteschlange (nachdem die Ursache behoben ist).")
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "IDs geparkter Aufträge (aus 'gewerbe filing status').") var ids: [String] = []
        @Flag(name: .customLong("alle-geparkten"), help: "Alle geparkten Aufträge (ggf. nur einer --kommune).")
        var alleGeparkten = false
        @Option(help: "Mit --alle-geparkten: nur diese Gemeinde.") var kommune: String?

        func validate() throws {
            guard alleGeparkten != !ids.isEmpty else {
                throw ValidationError("Entweder Auftrags-IDs oder --alle-geparkten angeben.")
            }
            for id in ids where UUID(uuidString: id) == nil { throw ValidationError("'\(id)' ist keine Auftrags-ID.") }
        }

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let ids = self.ids.compactMap(UUID.init(uuidString:))
            let alle = alleGeparkten
            let kommune = self.kommune
            let anzahl = try await gemeinsam.zugang(konfiguration, label: "gewerbe.filing").mitDatenbank {
                database, _ in
                let queue = PostgresAblageauftragQueue(database: database)
                if alle { return try await queue.erneutVersuchenGeparkte(kommune: kommune, akteur: cliAkteur()) }
                var anzahl = 0
                for id in ids where try await queue.erneutVersuchen(auftragId: id, akteur: cliAkteur()) { anzahl += 1 }
                return anzahl
            }
            print("\(anzahl) Auftrag/Aufträge wieder in der Warteschlange; der laufende Dienst legt sie ab.")
            if !alle && anzahl < ids.count {
                print("\(ids.count - anzahl) ID(s) waren nicht geparkt oder unbekannt.")
                throw ExitCode(1)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gleicht die abgelegten Dokumente mit der eAkte ab (vorhanden, SHA-256 gleich).",
            discussion:
                "Exit-Status 0: alles vorhanden und gleich; 1: fehlende oder abweichende Dokumente (werden genannt).")
        @OptionGroup var gemeinsam: Gemeinsam
        @Option(help: "Nur diese Gemeinde (AGS).") var kommune: String?

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let kommune = self.kommune
            let (geprueft, befunde) = try await gemeinsam.zugang(konfiguration, label: "gewerbe.filing").mitDatenbank {
                database, _ in
                let kommunen = try await KommunenStore(database: database).list().map(\.ags)
                let eakte = try EAkteZugang.laden(konfiguration, kommunen: kommunen)
                let queue = PostgresAblageauftragQueue(database: database)
                var geprueft = 0
                var befunde: [String] = []
                var letzter: AbgelegtesDokumentEintrag? = nil
                while true {
                    let seite: [AbgelegtesDokumentEintrag]
                    do {
                        seite = try await queue.abgelegteDokumente(kommune: kommune, nach: letzter, limit: 500)
                    } catch {
                        await eakte.schliessen()
                        throw error
                    }
                    guard !seite.isEmpty else { break }
                    for eintrag in seite {
                        geprueft += 1
                        let akte = AkteMetadaten(
                            betriebId: eintrag.betriebId, gemeindeschluessel: eintrag.gemeindeschluessel,
                            titel: eintrag.name)
                        let vorgang = VorgangMetadaten(
                            anzeigeId: eintrag.fallId, betriebId: eintrag.betriebId,
                            gemeindeschluessel: eintrag.gemeindeschluessel, aktenzeichen: eintrag.aktenzeichen,
                            meldeart: eintrag.meldeart.rawValue, eingangsdatum: eintrag.eingangsdatum,
                            titel: eintrag.name)
                        do {
                            if let quittung = try await eakte.ablage.lookupDokument(
                                name: eintrag.dokument.name, vorgang: vorgang, akte: akte)
                            {
                                if quittung.sha256 != eintrag.dokument.sha256 {
                                    befunde.append(
                                        "\(eintrag.aktenzeichen) \(eintrag.dokument.name): SHA-256 abweichend (erwartet \(eintrag.dokument.sha256.prefix(12))…, eAkte \(quittung.sha256.prefix(12))…)"
                                    )
                                }
                            } else {
                                befunde.append("\(eintrag.aktenzeichen) \(eintrag.dokument.name): fehlt in der eAkte")
                            }
                        } catch {
                            befunde.append("\(eintrag.aktenzeichen) \(eintrag.dokument.name): nicht prüfbar (\(error))")
                        }
                    }
                    letzter = seite.last
                }
                await eakte.schliessen()
                return (geprueft, befunde)
            }
            if befunde.isEmpty {
                print("\(geprueft) abgelegte Dokumente geprüft: alle in der eAkte vorhanden, SHA-256 gleich.")
                return
            }
            print("\(geprueft) Dokumente geprüft, \(befunde.count) Befund(e):")
            for befund in befunde { print("  \(befund)") }
            throw ExitCode(1)
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Legt ab: arbeitet die Warteschlange ab (als eigener Prozess neben oder statt 'serve').",
            discussion:
                "Mit --einmal wird die Warteschlange einmal abgearbeitet und beendet; sonst läuft der Worker bis SIGTERM."
        )
        @OptionGroup var gemeinsam: Gemeinsam
        @Flag(help: "Einmal abarbeiten (fällige Aufträge) und beenden.") var einmal = false

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            Protokoll.einrichten(level: konfiguration.logLevel)
            let logger = Logger(label: "gewerbe.filing")
            let einmal = self.einmal
            try await Datenbankzugang(konfiguration: konfiguration, logger: logger).mitDatenbank { database, _ in
                let kommunen = try await KommunenStore(database: database).list(includeInactive: false).map(\.ags)
                let eakte = try EAkteZugang.laden(konfiguration, kommunen: kommunen)
                let worker = AblageWorker(
                    queue: PostgresAblageauftragQueue(database: database), ablage: eakte.ablage,
                    configuration: eakte.konfiguration.workerKonfiguration(
                        workerId: "\(ProcessInfo.processInfo.hostName)-\(getpid())-filing"),
                    logger: Logger(label: "gewerbe.ablage"))
                try await betreibeWorker(
                    worker, einmal: einmal, logger: logger, drain: { "Ablage: \(try await worker.drain())" },
                    schliessen: { await eakte.schliessen() })
            }
        }
    }
}
