import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbePostgres
import PostgresNIO

extension Berichtsszenario {
    /// What ``spielePostgres(_:ablage:)`` stored.
    public struct Stand: Sendable {
        /// Case ids by label (`A1`, ..., `H1`).
        public var ids: [String: UUID]
        /// The clock, standing on ``Berichtsszenario/stichtag`` afterwards.
        public var uhr: TestUhr
        /// The document whose recorded hash was altered (with ``Ablage/mitManipulation``).
        public var manipuliertesDokument: String?
    }

    /// How far the filing of the scenario's cases gets.
    public enum Ablage: Sendable {
        /// Every filing job stays pending.
        case keine
        /// Every job is filed except: A7's job failed once and waits (`ausstehend`), W2's jobs are
        /// parked after a permanent error; then the recorded SHA-256 of A1's Anzeige PDF is
        /// altered behind the service's back (as the owner role), so that it disagrees with the
        /// filing's audit event and with the document rendered again.
        case mitManipulation
    }

    /// Creates the three municipalities, plays the scenario through the real
    /// `Fallbearbeitung` over `PostgresFallspeicher` and, if asked, files the cases (``Ablage``).
    @discardableResult
    public static func spielePostgres(_ database: Database, ablage: Ablage = .keine) async throws -> Stand {
        _ = try await KommunenStore(database: database).upsert(
            kommunen.map { KommuneStammdaten(ags: $0, name: name($0), art: "Stadt") }, actor: .cli(benutzer: "test"))
        let uhr = TestUhr(heute: tag(10, 1))
        let repo = Fallbearbeitung(
            speicher: PostgresFallspeicher(database: database, logger: TestPostgres.logger), uhr: uhr)
        let ids = try await spiele(repo, uhr: uhr)
        var stand = Stand(ids: ids, uhr: uhr)
        guard case .mitManipulation = ablage else { return stand }

        let queue = PostgresAblageauftragQueue(database: database, uhr: uhr, logger: TestPostgres.logger)
        let vorlagen = try await queue.beanspruche(anzahl: 1000, worker: "szenario", sperrdauer: .seconds(3600))
        for vorlage in vorlagen {
            let auftrag = vorlage.auftrag
            switch vorlage.fall.id {
            case ids["A7"]:
                try await queue.fehlgeschlagen(
                    auftrag, worker: "szenario", fehler: "voruebergehend: eAkte nicht erreichbar (HTTP 503)",
                    dauerhaft: false,
                    naechsterVersuch: uhr.jetzt().addingTimeInterval(3600), parken: false)
            case ids["W2"]:
                try await queue.fehlgeschlagen(
                    auftrag, worker: "szenario", fehler: "dauerhaft: HTTP 403, keine Schreibrechte im Aktenplan",
                    dauerhaft: true,
                    naechsterVersuch: uhr.jetzt(), parken: true)
            default:
                let dokumente = try AblageWorker.dokumente(vorlage).map {
                    AbgelegtesDokument(
                        name: $0.name, dokumentart: $0.dokumentart, sha256: $0.sha256, groesse: $0.inhalt.count,
                        objektId: EAkteObjektID("obj:\($0.name)"))
                }
                try await queue.erledigt(
                    auftrag, worker: "szenario", akte: EAkteObjektID("akte:\(vorlage.fall.betriebId)"),
                    vorgang: EAkteObjektID("vorgang:\(vorlage.fall.id)"), dokumente: dokumente)
            }
        }
        let a1 = ids["A1"]!
        stand.manipuliertesDokument = try await database.withTransaction { connection in
            let rows = try await connection.query(
                """
                UPDATE ablage_dokumente d SET sha256 = repeat('a', 64)
                FROM ablageauftraege a
                WHERE a.ags = d.ags AND a.id = d.auftrag_id AND a.fall_id = \(a1) AND a.art = 'anzeige'
                  AND d.dokumentart = 'anzeige-pdf'
                RETURNING d.name
                """, logger: TestPostgres.logger)
            var name: String?
            for try await wert in rows.decode(String.self) { name = wert }
            return name
        }
        return stand
    }
}
