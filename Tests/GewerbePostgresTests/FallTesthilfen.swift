import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// A case store on a fresh database with the eleven municipalities, its clock on
/// `Beispielanzeigen.heute` (20 November 2026), and the actors the tests use.
struct Fallumgebung: Sendable {
    let database: Database
    let uhr: TestUhr
    let repo: Fallbearbeitung
    let queue: PostgresAblageauftragQueue

    static let sontra = Beispielanzeigen.sontra.ags
    static let witzenhausen = Beispielanzeigen.witzenhausen.ags
    static let waldkappel = Beispielanzeigen.waldkappel.ags

    static let sbSontra = Akteur(
        tokenId: UUID(), bezeichnung: "Sachbearbeitung Sontra", rolle: .sachbearbeitung, kommunen: [sontra])
    static let sbWitzenhausen = Akteur(
        tokenId: UUID(), bezeichnung: "Sachbearbeitung Witzenhausen", rolle: .sachbearbeitung, kommunen: [witzenhausen])
    /// A clerk of two municipalities (a shared office).
    static let sbBeide = Akteur(
        tokenId: UUID(), bezeichnung: "Ordnungsamt Sontra/Witzenhausen", rolle: .leitung,
        kommunen: [sontra, witzenhausen])
    static let intake = Akteur(
        tokenId: UUID(), bezeichnung: "Online-Dienst", rolle: .intake, kommunen: [sontra, witzenhausen])
    static let pruefung = Akteur(tokenId: UUID(), bezeichnung: "Rechnungsprüfung", rolle: .pruefung, kommunen: [sontra])

    /// Runs `body` with a store on a fresh, seeded database.
    static func mit<T: Sendable>(
        verbindungen: Int = 8, _ body: @Sendable (Fallumgebung) async throws -> T
    ) async throws -> T {
        try await TestPostgres.withDatabase(maximumConnections: verbindungen) { database in
            try await seedGruppe(database)
            let uhr = TestUhr(heute: Beispielanzeigen.heute)
            let umgebung = Fallumgebung(
                database: database, uhr: uhr,
                repo: Fallbearbeitung(
                    speicher: PostgresFallspeicher(database: database, logger: TestPostgres.logger), uhr: uhr),
                queue: PostgresAblageauftragQueue(database: database, uhr: uhr, logger: TestPostgres.logger))
            return try await mitServermeldung { try await body(umgebung) }
        }
    }

    /// A valid Anmeldung in `gemeinde` (a different street per Betrieb keeps them apart).
    static func anmeldung(
        _ gemeinde: String = sontra, strasse: String = "Marktplatz", familienname: String = "Weiß",
        geschaeft: String = "Änderungsschneiderei Weiß"
    ) -> Anzeige {
        Testanzeigen.anmeldung(
            gemeinde: gemeinde, eingang: Beispielanzeigen.heute, familienname: familienname, geschaeft: geschaeft,
            strasse: strasse, ort: gemeinde == witzenhausen ? "Witzenhausen" : "Sontra")
    }

    static func ummeldung(_ betriebId: UUID, strasse: String = "Bahnhofstraße", tag: Int = 2) -> Anzeige {
        Testanzeigen.ummeldung(
            betriebId: betriebId, eingang: Beispielanzeigen.heute, aenderung: Beispielanzeigen.heute.plusTage(tag),
            strasse: strasse)
    }

    static func abmeldung(_ betriebId: UUID) -> Anzeige {
        Testanzeigen.abmeldung(
            betriebId: betriebId, eingang: Beispielanzeigen.heute, aufgabe: Beispielanzeigen.heute.plusTage(3))
    }

    /// Submits and expects acceptance.
    func angenommen(_ anzeige: Anzeige, _ akteur: Akteur = sbSontra, schluessel: String? = nil) async throws -> Fall {
        switch try await repo.einreichen(anzeige, akteur: akteur, idempotenzSchluessel: schluessel) {
        case .angenommen(let fall, _): return fall
        case .abgelehnt(let ergebnis):
            throw TestFailure("abgelehnt: \(ergebnis.fehler.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" })")
        }
    }

    /// Rows per table, counted as the owner (no row-level security).
    func zeilen() async throws -> [String: Int] {
        try await database.withConnection { connection in
            var ergebnis: [String: Int] = [:]
            for tabelle in Self.tabellen {
                ergebnis[tabelle] = try await connection.scalar(
                    PostgresQuery(unsafeSQL: "SELECT count(*)::integer FROM \(tabelle)"), as: Int.self)
            }
            return ergebnis
        }
    }

    static let tabellen = [
        "betriebe", "faelle", "anzeige_versionen", "aktenzeichen_zaehler", "idempotenz", "rueckmeldungen",
        "auskunft_protokoll", "ablageauftraege", "ablage_dokumente", "ablage_versuche", "audit_events",
    ]

    /// The audit actions of a municipality's chain, in order (without the set-up's `kommune.*`).
    func auditAktionen(_ ags: String) async throws -> [String] {
        try await database.withConnection { connection in
            try await connection.scalar(
                """
                SELECT coalesce(array_agg(action ORDER BY seq), '{}') FROM audit_events
                WHERE ags = \(ags) AND action NOT LIKE 'kommune.%'
                """, as: [String].self)
        }
    }

    /// Whether every audit chain verifies.
    func auditIntakt() async throws -> Bool {
        try await AuditVerifier(database: database).verify().isIntact
    }
}

/// Expects `body` to throw a `FallFehler` of the given case name (e.g. `nichtGefunden`).
func erwarteFallFehler(
    _ art: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("erwartet \(art), nichts geworfen", sourceLocation: sourceLocation)
    } catch let fehler as FallFehler {
        #expect(fehler.art == art, "\(fehler)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("erwartet \(art), geworfen \(error)", sourceLocation: sourceLocation)
    }
}
