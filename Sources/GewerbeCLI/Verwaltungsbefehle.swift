import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbePostgres
import Logging

/// Options shared by commands that talk to the database.
struct Gemeinsam: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Datenordner des eingebetteten PostgreSQL (Standard: GEWERBE_DATA_DIR oder .gewerbe).")
    var datenordner: String?

    @Flag(name: .customLong("verbose"), help: "Ausführliches Protokoll auf stderr.")
    var ausfuehrlich = false

    /// The configuration (environment, then the configuration file) with the options applied.
    func konfiguration() async throws -> Konfiguration {
        var konfiguration = try await Konfiguration.laden()
        if let datenordner { konfiguration.datenordner = datenordner }
        if ausfuehrlich { konfiguration.logLevel = .debug }
        return konfiguration
    }

    func zugang(_ konfiguration: Konfiguration, label: String) -> Datenbankzugang {
        Protokoll.einrichten(level: konfiguration.logLevel == .info ? .warning : konfiguration.logLevel)
        return Datenbankzugang(konfiguration: konfiguration, logger: Logger(label: label))
    }
}

/// The user running the CLI, for the audit trail of administrative commands.
func cliAkteur() -> Auditakteur {
    Auditakteur.cli(
        benutzer: ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"]
            ?? "unbekannt")
}

/// `gewerbe migrate`: applies pending migrations (or shows the status).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Wendet ausstehende Datenbank-Migrationen an (vorwärts, mit Prüfsummen).",
        discussion: "Ohne DATABASE_URL wird das eingebettete PostgreSQL im Datenordner verwendet.")

    @OptionGroup var gemeinsam: Gemeinsam

    @Flag(name: .customLong("status"), help: "Nur anzeigen, was angewendet ist und was aussteht.")
    var nurStatus = false

    func run() async throws {
        let konfiguration = try await gemeinsam.konfiguration()
        let zugang = gemeinsam.zugang(konfiguration, label: "gewerbe.migrate")
        let nurStatus = self.nurStatus
        let ausgabe = try await zugang.mitDatenbank(migrationenPruefen: false) { database, _ in
            let migrator = Migrator(logger: database.logger)
            if nurStatus {
                let status = try await migrator.verify(database)
                var zeilen = status.applied.map {
                    "angewendet  \(Migration(version: $0.version, name: $0.name, sql: "").fileName)  \($0.appliedAt)"
                }
                zeilen += status.pending.map { "ausstehend  \($0.fileName)" }
                zeilen.append(
                    status.isUpToDate ? "Stand: aktuell." : "Stand: \(status.pending.count) Migration(en) ausstehend.")
                return zeilen.joined(separator: "\n")
            }
            let angewendet = try await migrator.migrate(database)
            return angewendet.isEmpty
                ? "Nichts zu tun: die Datenbank ist aktuell."
                : angewendet.map { "angewendet: \($0.fileName)" }.joined(separator: "\n")
        }
        print(ausgabe)
    }
}

/// `gewerbe tenants ...`: the municipalities (tenants) are configuration: imported from a CSV.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants",
        abstract: "Verwaltet die Gemeinden (Mandanten, je eine AGS).",
        subcommands: [Import.self, List.self, Deactivate.self, Activate.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Liest Gemeinden aus einer CSV-Datei (Spalten ags,name,art) und legt sie an oder aktualisiert sie.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "CSV-Datei, z. B. config/kommunen.csv.") var datei: String

        func run() async throws {
            let eintraege = try KommunenDatei.lesen(datei)
            let konfiguration = try await gemeinsam.konfiguration()
            let ergebnis = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tenants").mitDatenbank {
                database, _ in
                try await KommunenStore(database: database).upsert(eintraege, actor: cliAkteur())
            }
            print(
                "neu: \(ergebnis.inserted.count), geändert: \(ergebnis.updated.count), unverändert: \(ergebnis.unchanged.count)"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Listet die Gemeinden.")
        @OptionGroup var gemeinsam: Gemeinsam
        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let liste = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tenants").mitDatenbank {
                database, _ in
                try await KommunenStore(database: database).list()
            }
            print(
                Tabelle.text(
                    kopf: ["AGS", "Name", "Art", "aktiv"],
                    zeilen: liste.map { [$0.ags, $0.name, $0.art, $0.aktiv ? "ja" : "nein"] }))
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deaktiviert eine Gemeinde (ihre Token gelten dann nicht mehr für sie).")
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "AGS der Gemeinde.") var ags: String
        func run() async throws {
            let ags = self.ags
            let konfiguration = try await gemeinsam.konfiguration()
            let geaendert = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tenants").mitDatenbank {
                database, _ in
                try await KommunenStore(database: database).deactivate(ags: ags, actor: cliAkteur())
            }
            print(geaendert ? "\(ags) deaktiviert." : "\(ags) war bereits deaktiviert.")
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Aktiviert eine deaktivierte Gemeinde wieder.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "AGS der Gemeinde.") var ags: String
        func run() async throws {
            let ags = self.ags
            let konfiguration = try await gemeinsam.konfiguration()
            let geaendert = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tenants").mitDatenbank {
                database, _ in
                try await KommunenStore(database: database).activate(ags: ags, actor: cliAkteur())
            }
            print(geaendert ? "\(ags) aktiviert." : "\(ags) war bereits aktiv.")
        }
    }
}

/// Reads the tenant CSV (`ags,name,art`, header row, UTF-8).
enum KommunenDatei {
    struct Fehler: Error, CustomStringConvertible {
        var description: String
    }

    static func lesen(_ pfad: String) throws -> [KommuneStammdaten] {
        guard let text = try? String(contentsOfFile: pfad, encoding: .utf8) else {
            throw Fehler(description: "\(pfad): nicht lesbar")
        }
        var ergebnis: [KommuneStammdaten] = []
        for (nummer, zeile) in text.split(whereSeparator: \.isNewline).enumerated() {
            let felder = zeile.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if nummer == 0, felder.first?.lowercased() == "ags" { continue }
            guard felder.count >= 3, AGS.istGueltig(felder[0]), !felder[1].isEmpty else {
                throw Fehler(description: "\(pfad), Zeile \(nummer + 1): erwartet 'ags,name,art' mit achtstelliger AGS")
            }
            ergebnis.append(KommuneStammdaten(ags: felder[0], name: felder[1], art: felder[2]))
        }
        return ergebnis
    }
}

/// `gewerbe tokens ...`: bearer tokens for staff and services.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Erzeugt, listet und widerruft Zugangstoken (gespeichert nur als Hash).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erzeugt ein Token; es wird genau einmal angezeigt.",
            discussion: "Rollen: sachbearbeitung, leitung, statistik, pruefung, intake.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Option(help: "Rolle des Tokens.") var role: String
        @Option(name: .customLong("kommune"), help: "AGS einer Gemeinde, für die das Token gilt (mehrfach möglich).")
        var kommunen: [String] = []
        @Option(help: "Bezeichnung (wer/wofür), erscheint im Prüfprotokoll.") var label: String?
        @Option(name: .customLong("gueltig-tage"), help: "Gültigkeit in Tagen (Standard 365; 0 = unbegrenzt).")
        var gueltigTage: Int = 365
        @Flag(name: .customLong("nur-token"), help: "Nur das Token ausgeben (für Skripte).") var nurToken = false

        func validate() throws {
            guard let rolle = Rolle(rawValue: role), Rolle.vergebbar.contains(rolle) else {
                throw ValidationError(
                    "--role: '\(role)' ist keine Rolle (\(Rolle.vergebbar.map(\.rawValue).joined(separator: ", ")))."
                )
            }
            guard !kommunen.isEmpty else { throw ValidationError("Mindestens eine --kommune angeben.") }
            for ags in kommunen where !AGS.istGueltig(ags) {
                throw ValidationError("--kommune: '\(ags)' ist kein achtstelliger Gemeindeschlüssel.")
            }
            guard gueltigTage >= 0 else { throw ValidationError("--gueltig-tage darf nicht negativ sein.") }
        }

        func run() async throws {
            let rolle = Rolle(rawValue: role)!
            let kommunen = self.kommunen
            let bezeichnung = label ?? "\(role) \(kommunen.joined(separator: ","))"
            let ablauf = gueltigTage == 0 ? nil : Date().addingTimeInterval(Double(gueltigTage) * 86_400)
            let konfiguration = try await gemeinsam.konfiguration()
            let erzeugt = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tokens").mitDatenbank {
                database, _ in
                try await TokenStore(database: database).create(
                    label: bezeichnung, role: rolle, kommunen: kommunen, expiresAt: ablauf, actor: cliAkteur())
            }
            if nurToken {
                print(erzeugt.secret)
                return
            }
            print("Token (nur jetzt sichtbar, bitte sicher aufbewahren):")
            print("  \(erzeugt.secret)")
            print(
                "ID: \(erzeugt.token.id.lowercased)  Rolle: \(rolle.rawValue)  Gemeinden: \(kommunen.joined(separator: ", "))"
            )
            print(
                "gültig bis: \(erzeugt.token.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "unbegrenzt")"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Listet die Token (ohne Geheimnis).")
        @OptionGroup var gemeinsam: Gemeinsam
        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let liste = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tokens").mitDatenbank { database, _ in
                try await TokenStore(database: database).list()
            }
            let format = ISO8601DateFormatter()
            print(
                Tabelle.text(
                    kopf: ["ID", "Bezeichnung", "Rolle", "Gemeinden", "gültig bis", "Status"],
                    zeilen: liste.map { token in
                        let status =
                            token.revokedAt != nil
                            ? "widerrufen" : (token.expiresAt.map { $0 < Date() } ?? false) ? "abgelaufen" : "aktiv"
                        return [
                            token.id.lowercased, token.label, token.role.rawValue,
                            token.kommunen.joined(separator: ","),
                            token.expiresAt.map { format.string(from: $0) } ?? "-",
                            status,
                        ]
                    }))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Widerruft ein Token sofort.")
        @OptionGroup var gemeinsam: Gemeinsam
        @Argument(help: "ID des Tokens (aus 'gewerbe tokens list').") var id: String
        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("'\(id)' ist keine Token-ID.") }
            let konfiguration = try await gemeinsam.konfiguration()
            let widerrufen = try await gemeinsam.zugang(konfiguration, label: "gewerbe.tokens").mitDatenbank {
                database, _ in
                try await TokenStore(database: database).revoke(id: uuid, actor: cliAkteur())
            }
            print(widerrufen ? "Token \(id) widerrufen." : "Kein aktives Token mit der ID \(id).")
            if !widerrufen { throw ExitCode(1) }
        }
    }
}

/// `gewerbe audit verify`: checks the hash chains of the audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Prüfprotokoll (Audit-Trail).", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prüft die Hash-Ketten des Prüfprotokolls; nennt das erste gebrochene Ereignis.",
            discussion: "Exit-Status 0: intakt; 1: manipuliert oder unvollständig.")
        @OptionGroup var gemeinsam: Gemeinsam
        func run() async throws {
            let konfiguration = try await gemeinsam.konfiguration()
            let ergebnis = try await gemeinsam.zugang(konfiguration, label: "gewerbe.audit").mitDatenbank {
                database, _ in
                try await AuditVerifier(database: database).verify()
            }
            if ergebnis.isIntact {
                print("Prüfprotokoll intakt: \(ergebnis.eventCount) Ereignisse in \(ergebnis.chainCount) Ketten.")
                return
            }
            print("Prüfprotokoll NICHT intakt (\(ergebnis.problems.count) Befund(e)); erstes gebrochenes Ereignis:")
            for problem in ergebnis.problems {
                print("  \(problem)")
            }
            throw ExitCode(1)
        }
    }
}

/// Aligned text tables for terminals.
enum Tabelle {
    static func text(kopf: [String], zeilen: [[String]]) -> String {
        let alle = [kopf] + zeilen
        var breiten = Array(repeating: 0, count: kopf.count)
        for zeile in alle {
            for (index, feld) in zeile.enumerated() where index < breiten.count {
                breiten[index] = max(breiten[index], feld.count)
            }
        }
        func formatiert(_ zeile: [String]) -> String {
            zeile.enumerated().map { index, feld in
                index == zeile.count - 1 ? feld : feld + String(repeating: " ", count: breiten[index] - feld.count)
            }.joined(separator: "  ")
        }
        var zeilenText = [formatiert(kopf), breiten.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        zeilenText += zeilen.map(formatiert)
        return zeilenText.joined(separator: "\n")
    }
}
