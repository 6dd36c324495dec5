import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeGateway
import GewerbePostgres
import Logging

// `gewerbe transmissions status|retry|run`: the outbox of XGewO messages for operators.
extension TransmissionsCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Zeigt wartende, abgewiesene und geparkte Nachrichten (abgewiesene zuerst) mit Grund und letztem Fehler."
        )
        @OptionGroup var gemeinsam: Gemeinsam
        @Option(help: "Nur diese Gemeinde (AGS).") var kommune: String?
        @Flag(help: "Nur abgewiesene und geparkte Nachrichten.") var offen = false
        @Option(help: "Höchstens so viele Nachrichten listen.") var limit = 100
        @Option(help: "Ausgabe: text oder json.") var format: ValidateCommand.Format = .text

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let (kommune, limit) = (self.kommune, self.limit)
            let status: Set<Uebermittlungsstatus>? = offen ? [.abgewiesen, .geparkt] : nil
            let (zaehler, liste) = try await gemeinsam.zugang(konfiguration, label: "gewerbe.uebermittlung")
                .mitDatenbank { database, _ in
                    let queue = PostgresUebermittlungsauftragQueue(database: database)
                    return (
                        try await queue.anzahlJeStatus(),
                        try await queue.auftraege(status: status, kommune: kommune, limit: limit)
                    )
                }
            switch format {
            case .json:
                struct Zeile: Encodable {
                    var nachricht, aktenzeichen, gemeinde, empfaenger, nachrichtentyp, status: String
                    var versuche: Int
                    var naechsterVersuch: Date
                    var letzterFehler: String?
                    var rueckweisung: Rueckweisung?
                }
                struct Ausgabe: Encodable {
                    var anzahl: [String: Int]
                    var nachrichten: [Zeile]
                }
                let ausgabe = Ausgabe(
                    anzahl: Dictionary(uniqueKeysWithValues: zaehler.map { ($0.key.rawValue, $0.value) }),
                    nachrichten: liste.map {
                        let a = $0.auftrag
                        return Zeile(
                            nachricht: a.id.lowercased, aktenzeichen: $0.aktenzeichen, gemeinde: a.gemeindeschluessel,
                            empfaenger: a.nachricht.empfaenger.rawValue, nachrichtentyp: a.nachricht.nachrichtentyp,
                            status: a.status.rawValue, versuche: a.versuche, naechsterVersuch: a.naechsterVersuch,
                            letzterFehler: a.letzterFehler, rueckweisung: a.rueckweisung)
                    })
                print(try JSONForm.text(ausgabe, lesbar: true))
            case .text:
                let summe = Uebermittlungsstatus.allCases.map { "\($0.rawValue): \(zaehler[$0] ?? 0)" }
                print("Nachrichten – " + summe.joined(separator: ", "))
                guard !liste.isEmpty else {
                    print("Keine wartenden, abgewiesenen oder geparkten Nachrichten.")
                    return
                }
                let zeit = ISO8601DateFormatter()
                print(
                    Tabelle.text(
                        kopf: ["Nachricht", "Aktenzeichen", "Typ", "Status", "Versuche", "nächster Versuch", "Grund"],
                        zeilen: liste.map { eintrag in
                            let a = eintrag.auftrag
                            let wartet = a.status == .ausstehend || a.status == .inArbeit
                            return [
                                a.id.lowercased, eintrag.aktenzeichen, a.nachricht.nachrichtentyp, a.status.rawValue,
                                "\(a.versuche)", wartet ? zeit.string(from: a.naechsterVersuch) : "-",
                                String((a.letzterFehler ?? "").prefix(80)),
                            ]
                        }))
                if zaehler[.abgewiesen, default: 0] + zaehler[.geparkt, default: 0] > 0 {
                    print(
                        "\nAbgewiesene und geparkte Nachrichten: Ursache beheben (Fall berichtigen, Empfängerverzeichnis "
                            + "ergänzen; docs/uebermittlung.md), dann 'gewerbe transmissions retry ID' oder '--alle'.")
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Stellt abgewiesene und geparkte Nachrichten wieder in die Warteschlange (nachdem die Ursache behoben ist).",
            discussion: """
                Die Nachricht behält ihre UUID; sie wird beim nächsten Versuch neu geschrieben (mit der Adresse aus
                dem Empfängerverzeichnis von jetzt) und geprüft. Eine Berichtigung des Falls sendet ohnehin eine
                Datenaktualisierung an die Empfänger der ersten Nachricht.
                """)
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "Nachrichten-UUIDs (aus 'gewerbe transmissions status').") var ids: [String] = []
        @Flag(help: "Alle abgewiesenen und geparkten Nachrichten (ggf. nur einer --kommune).") var alle = false
        @Option(help: "Mit --alle: nur diese Gemeinde.") var kommune: String?

        func validate() throws {
            guard alle != !ids.isEmpty else { throw ValidationError("Entweder Nachrichten-UUIDs oder --alle angeben.") }
            for id in ids where UUID(uuidString: id) == nil {
                throw ValidationError("'\(id)' ist keine Nachrichten-UUID.")
            }
        }

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let ids = self.ids.compactMap(UUID.init(uuidString:))
            let (alle, kommune) = (self.alle, self.kommune)
            let anzahl = try await gemeinsam.zugang(konfiguration, label: "gewerbe.uebermittlung").mitDatenbank {
                database, _ in
                let queue = PostgresUebermittlungsauftragQueue(database: database)
                if alle { return try await queue.erneutVersuchen(kommune: kommune, akteur: cliAkteur()) }
                var anzahl = 0
                for id in ids { anzahl += try await queue.erneutVersuchen(auftragId: id, akteur: cliAkteur()) }
                return anzahl
            }
            print("\(anzahl) Nachricht(en) wieder in der Warteschlange; der laufende Dienst sendet sie.")
            if !alle && anzahl < ids.count {
                print("\(ids.count - anzahl) UUID(s) waren weder abgewiesen noch geparkt, oder unbekannt.")
                throw ExitCode(1)
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sendet die fälligen Nachrichten (ohne den HTTP-Dienst), bis SIGTERM oder mit --einmal bis leer.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Flag(help: "Nur die fälligen Nachrichten senden, dann enden.") var einmal = false

        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            Protokoll.einrichten(level: konfiguration.logLevel)
            let logger = Logger(label: "gewerbe.uebermittlung")
            let einmal = self.einmal
            try await Datenbankzugang(konfiguration: konfiguration, logger: logger).mitDatenbank { database, _ in
                let kommunen = try await KommunenStore(database: database).list(includeInactive: false)
                let gateway = try GatewayZugang.laden(konfiguration, kommunen: kommunen)
                let worker = gateway.worker(
                    database, workerId: "\(ProcessInfo.processInfo.hostName)-\(getpid())-uebermittlung")
                try await betreibeWorker(
                    worker, einmal: einmal, logger: logger,
                    drain: {
                        let start = ContinuousClock.now
                        let ergebnis = try await worker.drain()
                        return "Übermittlung: \(ergebnis) in \(ContinuousClock.now - start)"
                    }, schliessen: { await gateway.schliessen() })
            }
        }
    }
}
