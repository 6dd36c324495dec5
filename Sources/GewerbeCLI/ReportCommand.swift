import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbePostgres
import Logging

/// `gewerbe report ...`: the auditors' reports (docs/berichte.md). Every report reads as the
/// database role `gewerbe_report` in a transaction that cannot write, and is itself recorded in
/// the audit trail (`bericht.erstellt`).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Berichte für die Prüfung (Rechnungsprüfung, Datenschutz), nur lesend.",
        discussion: """
            Zeitraum: --monat JJJJ-MM oder --von/--bis JJJJ-MM-TT (ohne: gesamter Bestand). Gemeinden: --kommune
            (mehrfach; ohne: alle). Ausgabe: --format text (Tabelle), csv (eine Tabelle, --tabelle) oder json.
            Beschreibung der Kennzahlen: docs/berichte.md.
            """,
        subcommands: [Volumes.self, Durations.self, Filing.self, Auskunft.self, Uebermittlungen.self, AuditVerify.self])

    /// Options every report shares.
    struct Optionen: ParsableArguments {
        @OptionGroup var gemeinsam: Gemeinsam

        @Option(help: "Kalendermonat JJJJ-MM (statt --von/--bis).") var monat: String?
        @Option(help: "Erster Tag des Zeitraums, JJJJ-MM-TT.") var von: String?
        @Option(help: "Letzter Tag des Zeitraums, JJJJ-MM-TT.") var bis: String?

        @Option(name: .customLong("kommune"), help: "AGS einer Gemeinde (mehrfach möglich; Standard: alle).")
        var kommunen: [String] = []

        @Option(help: "Ausgabeformat: text, csv oder json.") var format: Berichtsformat = .text

        @Option(help: "Bei --format csv: die Tabelle des Berichts (Standard: die erste).") var tabelle: String?

        @Flag(help: "Fortschritt auf stderr auch ohne Terminal anzeigen.") var fortschritt = false

        func validate() throws {
            if monat != nil && (von != nil || bis != nil) {
                throw ValidationError("Entweder --monat oder --von/--bis angeben, nicht beides.")
            }
            if let monat, Berichtsmonat(monat) == nil {
                throw ValidationError("--monat: '\(monat)' ist kein Monat (JJJJ-MM).")
            }
            for (name, wert) in [("--von", von), ("--bis", bis)] {
                if let wert, Datum(iso: wert) == nil {
                    throw ValidationError("\(name): '\(wert)' ist kein Datum (JJJJ-MM-TT).")
                }
            }
            if let von = von.flatMap(Datum.init(iso:)), let bis = bis.flatMap(Datum.init(iso:)), bis < von {
                throw ValidationError("--bis liegt vor --von.")
            }
            for ags in kommunen where !AGS.istGueltig(ags) {
                throw ValidationError("--kommune: '\(ags)' ist kein achtstelliger Gemeindeschlüssel.")
            }
            if tabelle != nil && format != .csv { throw ValidationError("--tabelle gilt nur mit --format csv.") }
        }

        var zeitraum: Berichtszeitraum {
            if let monat = monat.flatMap(Berichtsmonat.init) { return .monat(monat) }
            return Berichtszeitraum(von: von.flatMap(Datum.init(iso:)), bis: bis.flatMap(Datum.init(iso:)))
        }

        /// Runs `erstellen` with the database and the report's scope, records the report in the
        /// audit trail and prints it. Returns the report.
        @discardableResult
        func ausfuehren(
            _ name: String, einheit: String,
            _ erstellen:
                @escaping @Sendable (PostgresBerichte, Berichtsumfang, Fortschritt) async throws -> (Bericht, Int)
        ) async throws -> Bericht {
            let konfiguration = try await gemeinsam.konfiguration()
            let gewuenscht = kommunen
            let zeitraum = self.zeitraum
            let anzeige = Fortschritt(titel: "Bericht \(name)", einheit: einheit, erzwungen: fortschritt)
            let bericht = try await gemeinsam.zugang(konfiguration, label: "gewerbe.report").mitDatenbank {
                database, _ in
                let umfang = try Berichtsumfang(
                    kommunen: try await Gemeindeauswahl.kommunen(gewuenscht, database: database), zeitraum: zeitraum)
                let berichte = PostgresBerichte(database: database, logger: database.logger)
                let (bericht, zeilen) = try await anzeige.begleite { try await erstellen(berichte, umfang, anzeige) }
                try await berichte.protokolliere(
                    bericht: name, umfang: umfang,
                    akteur: Auditakteur(
                        tokenId: nil, bezeichnung: cliAkteur().bezeichnung, rolle: Rolle.pruefung.rawValue),
                    zeilen: zeilen)
                return bericht
            }
            print(try bericht.ausgabe(format, tabelle: tabelle), terminator: "")
            return bericht
        }
    }

    /// The facts every report states.
    static func angaben(_ umfang: Berichtsumfang) -> (text: [(String, String)], json: [(String, String)]) {
        (
            [("Zeitraum", umfang.zeitraum.description), ("Gemeinden", umfang.kommunen.joined(separator: ", "))],
            [
                ("von", umfang.zeitraum.von.map { JSONText.string($0.iso) } ?? "null"),
                ("bis", umfang.zeitraum.bis.map { JSONText.string($0.iso) } ?? "null"),
                ("kommunen", JSONText.liste(umfang.kommunen)),
            ]
        )
    }

    // MARK: - volumes

    struct Volumes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anzeigen je Gemeinde, Monat des Eingangs und Meldeart.")
        @OptionGroup var optionen: Optionen

        func run() async throws {
            try await optionen.ausfuehren("volumes", einheit: "Zeilen") { berichte, umfang, _ in
                let zeilen = try await berichte.volumen(umfang)
                var (angaben, json) = ReportCommand.angaben(umfang)
                angaben.append(
                    ("gezählt nach", "Eingangsdatum; zurückgenommene Fälle sind enthalten und gesondert ausgewiesen"))
                var summen: [Meldeart: Int] = [:]
                for zeile in zeilen { summen[zeile.meldeart, default: 0] += zeile.anzahl }
                let gesamt = zeilen.reduce(0) { $0 + $1.anzahl }
                let zurueck = zeilen.reduce(0) { $0 + $1.zurueckgenommen }
                json.append(("summe", String(gesamt)))
                let bericht = Bericht(
                    name: "volumes", titel: "Anzeigen je Gemeinde, Monat und Meldeart", angaben: angaben,
                    angabenJSON: json,
                    tabellen: [
                        Berichtstabelle(
                            name: "volumen", titel: "Anzeigen",
                            spalten: ["ags", "gemeinde", "monat", "meldeart", "anzahl", "zurueckgenommen"],
                            zeilen: zeilen.map {
                                [
                                    .text($0.ags), .text($0.gemeinde), .text($0.monat), .text($0.meldeart.rawValue),
                                    .zahl($0.anzahl), .zahl($0.zurueckgenommen),
                                ]
                            })
                    ],
                    fusszeilen: [
                        "Summe: \(gesamt) Anzeigen ("
                            + Meldeart.allCases.map { "\($0.rawValue) \(summen[$0] ?? 0)" }.joined(separator: ", ")
                            + "), davon zurückgenommen \(zurueck)"
                    ])
                return (bericht, zeilen.count)
            }
        }
    }

    // MARK: - durations

    struct Durations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dauer vom Eingang bis zur Empfangsbescheinigung; Fälle über der Frist (§ 15 GewO: 3 Tage).")
        @OptionGroup var optionen: Optionen
        @Option(help: "Stichtag für offene Fälle, JJJJ-MM-TT (Standard: heute).") var stichtag: String?

        func validate() throws {
            if let stichtag, Datum(iso: stichtag) == nil {
                throw ValidationError("--stichtag: '\(stichtag)' ist kein Datum (JJJJ-MM-TT).")
            }
        }

        func run() async throws {
            let stichtag = stichtag.flatMap(Datum.init(iso:)) ?? Datum(Date())
            try await optionen.ausfuehren("durations", einheit: "Fälle") { berichte, umfang, anzeige in
                let ergebnis = try await berichte.dauern(umfang, stichtag: stichtag, fortschritt: anzeige.melde)
                var (angaben, json) = ReportCommand.angaben(umfang)
                angaben += [
                    ("Stichtag", stichtag.iso),
                    (
                        "Frist",
                        "3 Tage nach Eingang, Ende auf Wochenende/Feiertag (Hessen) -> nächster Werktag (§ 15 Abs. 1 GewO, § 31 VwVfG)"
                    ),
                    (
                        "gezählt",
                        "wirksame Fälle nach Eingangsdatum; Tage = Kalendertage vom Eingang bis zur Bescheinigung"
                    ),
                ]
                json.append(("stichtag", JSONText.string(stichtag.iso)))
                let bericht = Bericht(
                    name: "durations", titel: "Bearbeitungsdauer bis zur Empfangsbescheinigung", angaben: angaben,
                    angabenJSON: json,
                    tabellen: [
                        Berichtstabelle(
                            name: "zusammenfassung", titel: "Je Gemeinde und Monat des Eingangs",
                            spalten: [
                                "ags", "gemeinde", "monat", "anzahl", "bescheinigt", "fristgerecht", "verspaetet",
                                "offen",
                                "offen_ueberfaellig", "median_tage", "mittel_tage", "max_tage",
                            ],
                            zeilen: ergebnis.zusammenfassung.map {
                                [
                                    .text($0.ags), .text($0.gemeinde), .text($0.monat), .zahl($0.anzahl),
                                    .zahl($0.bescheinigt), .zahl($0.fristgerecht), .zahl($0.verspaetet),
                                    .zahl($0.offen),
                                    .zahl($0.offenUeberfaellig), .optional($0.medianTage), .optional($0.mittelTage),
                                    .optional($0.maxTage),
                                ]
                            }),
                        Berichtstabelle(
                            name: "ueberfaellig", titel: "Fälle über der Frist",
                            spalten: [
                                "ags", "aktenzeichen", "meldeart", "eingang", "faellig", "bescheinigt_am", "tage",
                                "tage_ueber_frist",
                            ],
                            zeilen: ergebnis.ueberfaellig.map {
                                [
                                    .text($0.ags), .text($0.aktenzeichen), .text($0.meldeart.rawValue),
                                    .datum($0.eingang), .datum($0.faellig), .datum($0.bescheinigtAm), .zahl($0.tage),
                                    .zahl($0.tageUeberFrist),
                                ]
                            }),
                    ])
                return (bericht, ergebnis.zusammenfassung.count + ergebnis.ueberfaellig.count)
            }
        }
    }

    // MARK: - filing

    struct Filing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fälle noch nicht in der eAkte, geparkte Ablageaufträge, abweichende Dokument-Hashes.",
            discussion: """
                Hashes: der bei der Ablage erfasste SHA-256 jedes Dokuments wird mit dem Hash im (hash-verketteten)
                Prüfprotokoll-Ereignis der Ablage verglichen; mit --dokumente-neu-berechnen zusätzlich mit dem Hash des
                aus den gespeicherten Falldaten neu erzeugten Dokuments. Die eAkte selbst fragt `gewerbe filing verify`.
                Exit-Status 1, wenn ein Hash abweicht.
                """)
        @OptionGroup var optionen: Optionen
        @Flag(
            name: .customLong("dokumente-neu-berechnen"),
            help: "Dokumente aus den Falldaten neu erzeugen und ihre Hashes vergleichen (langsamer).")
        var neuBerechnen = false

        func run() async throws {
            let neuBerechnen = self.neuBerechnen
            let bericht = try await optionen.ausfuehren("filing", einheit: "Fälle neu berechnet") {
                berichte, umfang, anzeige in
                let ergebnis = try await berichte.ablage(
                    umfang, neuBerechnen: neuBerechnen ? Filing.dokumenthashes : nil, fortschritt: anzeige.melde)
                var (angaben, json) = ReportCommand.angaben(umfang)
                angaben.append(("geprüfte Dokumente", String(ergebnis.dokumenteGeprueft)))
                angaben.append(("neu berechnet", neuBerechnen ? "ja" : "nein (--dokumente-neu-berechnen)"))
                json.append(("dokumenteGeprueft", String(ergebnis.dokumenteGeprueft)))
                json.append(("neuBerechnet", neuBerechnen ? "true" : "false"))
                let bericht = Bericht(
                    name: "filing", titel: "Ablage in der eAkte", angaben: angaben, angabenJSON: json,
                    tabellen: [
                        Berichtstabelle(
                            name: "nicht_abgelegt", titel: "Fälle noch nicht (vollständig) in der eAkte",
                            spalten: [
                                "ags", "aktenzeichen", "meldeart", "eingang", "ablage", "offene_auftraege", "seit",
                                "versuche", "letzter_fehler",
                            ],
                            zeilen: ergebnis.nichtAbgelegt.map {
                                [
                                    .text($0.ags), .text($0.aktenzeichen), .text($0.meldeart.rawValue),
                                    .datum($0.eingang),
                                    .text($0.ablage.rawValue), .zahl($0.offeneAuftraege), .zeit($0.seit),
                                    .zahl($0.versuche), .optional($0.letzterFehler),
                                ]
                            }),
                        Berichtstabelle(
                            name: "geparkt", titel: "Geparkte Ablageaufträge (gewerbe filing retry)",
                            spalten: [
                                "ags", "aktenzeichen", "auftrag", "art", "version", "versuche", "erstellt_am",
                                "letzter_versuch", "letzter_fehler",
                            ],
                            zeilen: ergebnis.geparkt.map {
                                [
                                    .text($0.ags), .text($0.aktenzeichen), .text($0.auftragId.lowercased),
                                    .text($0.art.rawValue), .zahl($0.version), .zahl($0.versuche), .zeit($0.erstelltAm),
                                    .zeit($0.letzterVersuch), .optional($0.letzterFehler),
                                ]
                            }),
                        Berichtstabelle(
                            name: "hash_abweichungen", titel: "Dokumente mit abweichendem Hash",
                            spalten: [
                                "ags", "aktenzeichen", "auftrag", "art", "dokument", "sha256_erfasst",
                                "sha256_pruefprotokoll", "sha256_neu", "befund",
                            ],
                            zeilen: ergebnis.hashabweichungen.map {
                                [
                                    .text($0.ags), .text($0.aktenzeichen), .text($0.auftragId.lowercased),
                                    .text($0.art.rawValue), .text($0.dokument), .text($0.sha256Erfasst),
                                    .optional($0.sha256Pruefprotokoll), .optional($0.sha256NeuBerechnet),
                                    .text($0.befund),
                                ]
                            }),
                    ])
                return (
                    bericht, ergebnis.nichtAbgelegt.count + ergebnis.geparkt.count + ergebnis.hashabweichungen.count
                )
            }
            if !(bericht.tabellen.last?.zeilen.isEmpty ?? true) { throw ExitCode(1) }
        }

        /// The documents of a filing job rendered again (as the outbox worker renders them).
        @Sendable static func dokumenthashes(
            _ fall: Fall, _ art: Ablageauftragsart, _ version: Int
        ) throws -> [String:
            String]
        {
            let auftrag = Ablageauftrag(
                id: UUID(), gemeindeschluessel: fall.gemeindeschluessel, fallId: fall.id, art: art, version: version,
                status: .erledigt, versuche: 0, naechsterVersuch: Date(timeIntervalSince1970: 0), letzterFehler: nil,
                erstelltAm: Date(timeIntervalSince1970: 0), erledigtAm: nil)
            let dokumente = try AblageWorker.dokumente(Ablagevorlage(auftrag: auftrag, fall: fall, betrieb: nil))
            return Dictionary(
                dokumente.map { ($0.name, $0.sha256.lowercased()) }, uniquingKeysWith: { erster, _ in erster })
        }
    }

    // MARK: - auskunft

    struct Auskunft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Protokoll der Registerauskünfte: wer fragte, mit welchem Interesse, was mitgeteilt wurde.")
        @OptionGroup var optionen: Optionen

        func run() async throws {
            try await optionen.ausfuehren("auskunft", einheit: "Auskünfte") { berichte, umfang, anzeige in
                let zeilen = try await berichte.auskuenfte(umfang, fortschritt: anzeige.melde)
                var (angaben, json) = ReportCommand.angaben(umfang)
                angaben.append(("Zeitpunkt", "Europe/Berlin"))
                json.append(("anzahl", String(zeilen.count)))
                let bericht = Bericht(
                    name: "auskunft", titel: "Registerauskünfte (§ 14 Abs. 5-7 GewO)", angaben: angaben,
                    angabenJSON: json,
                    tabellen: [
                        Berichtstabelle(
                            name: "auskuenfte", titel: "Erteilte Auskünfte",
                            spalten: [
                                "erteilt_am", "ags", "erteilt_von", "art", "rechtsgrundlage", "anfragender",
                                "begruendung", "aktenzeichen_anfragender", "suchkriterien", "betriebe", "felder",
                            ],
                            zeilen: zeilen.map {
                                [
                                    .zeit($0.erteiltAm), .text($0.ags), .text($0.akteur), .text($0.art),
                                    .text($0.rechtsgrundlage), .text($0.anfragender), .optional($0.begruendung),
                                    .optional($0.aktenzeichenAnfragender), .text($0.suchkriterien), .liste($0.betriebe),
                                    .liste($0.felder),
                                ]
                            })
                    ])
                return (bericht, zeilen.count)
            }
        }
    }

    // MARK: - audit-verify

    struct AuditVerify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-verify",
            abstract: "Prüft die Hash-Ketten des Prüfprotokolls (wie gewerbe audit verify).",
            discussion: "Exit-Status 0: intakt; 1: manipuliert oder unvollständig, mit dem ersten gebrochenen Ereignis."
        )
        @OptionGroup var gemeinsam: Gemeinsam

        func run() async throws {
            var argumente: [String] = []
            if let ordner = gemeinsam.datenordner { argumente += ["--data-dir", ordner] }
            if gemeinsam.ausfuehrlich { argumente.append("--verbose") }
            let pruefung = try AuditCommand.Verify.parse(argumente)
            try await pruefung.run()
        }
    }
}
