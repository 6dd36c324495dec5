import Foundation
import GewerbeDomain
import Logging
import PostgresNIO
import Synchronization

/// The statistics export's source in PostgreSQL (docs/export-statistik.md).
///
/// - **Selection**: one SQL query selects the candidate cases of the month: certified in the
///   month, or certified earlier and corrected (a version above 1 recorded) or withdrawn around
///   the month (a day's margin on each side, so that the time zone cannot lose one). That is a
///   superset; every candidate goes through ``Statistikauswahl/satz(fuer:monat:zeitzone:)``,
///   the single source of truth for which record a case gives.
/// - **Order**: AGS, then Aktenzeichen (byte order, `COLLATE "C"`), then version: the rows of one
///   case arrive together and become one ``Fall``.
/// - **Only the statistics' fields are read**: SQL extracts from each stored Anzeige exactly the
///   fields of ``GewerbeDomain/Anzeige/statistikauszug`` (``Statistikzeile``); date and place of
///   birth, private addresses, contacts, permits and the findings never leave the database. The
///   versions of the ``Fall`` handed out carry these reduced Anzeigen (and no findings). This is
///   also what makes the export fast: no JSON document is decoded per row.
/// - **Streaming**: the rows come through PostgresNIO's row sequence, which asks the server for
///   more only as the consumer takes them (backpressure), so memory stays constant; one query,
///   one snapshot.
/// - **Scope**: the transaction runs as `gewerbe_report` (reads, appends audit events, writes
///   nothing else), scoped to the exported municipalities by row-level security; the query
///   filters by them too.
/// - **Audit**: one `statistik.export` event per municipality, in the same transaction after the
///   last record: who, month, municipalities, number of records (by Satzart). When the consumer
///   fails midway, an event marked `vollstaendig: false` with the records read so far is
///   appended in a transaction of its own.
public struct PostgresStatistikQuelle: StatistikQuelle {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "gewerbe.statistik")) {
        self.database = database
        self.logger = logger
    }

    public func saetze<Ergebnis: Sendable>(
        monat: Berichtsmonat, kommunen: [String]?, akteur: Akteur,
        _ verarbeite: (Statistiksaetze) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        let alle = akteur.rolle == .system ? try await alleKommunen() : []
        let auswahl = try Statistikauswahl.kommunen(kommunen, akteur: akteur, alle: alle)
        let scope = try TenantScope(kommunen: auswahl)
        let zaehler = Zaehler()
        let logger = self.logger
        do {
            return try await database.withTransaction(tenant: scope, role: .report) { connection in
                let rows = try await connection.query(Self.abfrage(monat: monat, kommunen: auswahl), logger: logger)
                var leser = Fallleser(rows: rows, monat: monat)
                let saetze = Statistiksaetze {
                    guard let satz = try await leser.naechsterSatz() else { return nil }
                    zaehler.zaehle(satz)
                    return satz
                }
                let ergebnis = try await verarbeite(saetze)
                // Whatever the consumer left unread must be read before the next statement.
                try await leser.verwerfeRest()
                try await Self.protokolliere(
                    monat: monat, kommunen: auswahl, akteur: akteur, zaehler: zaehler, vollstaendig: true,
                    on: connection, logger: logger)
                return ergebnis
            }
        } catch {
            if zaehler.gesamt > 0 {
                // Records went out before the failure: on record, in a transaction of its own.
                try? await database.withTransaction(tenant: scope, role: .report) { connection in
                    try await Self.protokolliere(
                        monat: monat, kommunen: auswahl, akteur: akteur, zaehler: zaehler, vollstaendig: false,
                        on: connection, logger: logger)
                }
            }
            throw error
        }
    }

    /// The candidate rows of `monat`: every version of every candidate case, ordered by AGS,
    /// Aktenzeichen and version.
    static func abfrage(monat: Berichtsmonat, kommunen: [String]) -> PostgresQuery {
        let erster = monat.erster.iso
        let letzter = monat.letzter.iso
        return """
            WITH kandidaten AS (
                SELECT f.ags, f.id FROM faelle f
                WHERE f.ags = ANY (\(kommunen)::char(8)[])
                  AND f.empfang_am BETWEEN \(erster)::date AND \(letzter)::date
                UNION
                SELECT f.ags, f.id FROM faelle f
                WHERE f.ags = ANY (\(kommunen)::char(8)[])
                  AND f.ruecknahme_am >= (\(erster)::date - 1)::timestamptz
                  AND f.ruecknahme_am < (\(letzter)::date + 2)::timestamptz
                UNION
                SELECT v.ags, v.fall_id FROM anzeige_versionen v
                WHERE v.ags = ANY (\(kommunen)::char(8)[]) AND v.version > 1
                  AND v.erfasst_am >= (\(erster)::date - 1)::timestamptz
                  AND v.erfasst_am < (\(letzter)::date + 2)::timestamptz
            ), geordnet AS (
                SELECT f.* FROM kandidaten k
                JOIN faelle f ON f.ags = k.ags AND f.id = k.id
                WHERE f.empfang_am <= \(letzter)::date
                ORDER BY f.ags, f.aktenzeichen
            )
            SELECT \(unescaped: Statistikzeile.spalten)
            FROM geordnet f
            CROSS JOIN LATERAL (
                SELECT v.version, v.erfasst_am, v.erfasst_von, v.berichtigungsgrund, v.anzeige AS a
                FROM anzeige_versionen v WHERE v.ags = f.ags AND v.fall_id = f.id ORDER BY v.version
            ) v
            ORDER BY f.ags, f.aktenzeichen, v.version
            """
    }

    /// Appends one `statistik.export` event per municipality.
    static func protokolliere(
        monat: Berichtsmonat, kommunen: [String], akteur: Akteur, zaehler: Zaehler, vollstaendig: Bool,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let actor = Auditakteur(tokenId: akteur.tokenId, bezeichnung: akteur.bezeichnung, rolle: akteur.rolle.rawValue)
        for ags in kommunen {
            let anzahl = zaehler.anzahl(ags)
            let details = Exportdetails(
                monat: monat.description, kommunen: kommunen, saetze: anzahl.values.reduce(0, +),
                neu: anzahl[.neu] ?? 0, korrektur: anzahl[.korrektur] ?? 0, storno: anzahl[.storno] ?? 0,
                saetzeGesamt: zaehler.gesamt, vollstaendig: vollstaendig)
            try await AuditLog.append(
                AuditEvent(
                    actor: actor, action: "statistik.export", ags: ags, objectType: "statistik",
                    objectID: monat.description, details: details),
                on: connection, logger: logger)
        }
    }

    struct Exportdetails: Encodable {
        var monat: String
        var kommunen: [String]
        /// Records of this municipality.
        var saetze: Int
        var neu: Int
        var korrektur: Int
        var storno: Int
        /// Records of the whole export (all municipalities).
        var saetzeGesamt: Int
        var vollstaendig: Bool
    }

    /// The AGS of every municipality of the instance (for the system actor).
    func alleKommunen() async throws -> [String] {
        let logger = self.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query("SELECT ags::text FROM kommunen ORDER BY ags", logger: logger)
            var alle: [String] = []
            for try await ags in rows.decode(String.self) { alle.append(ags) }
            return alle
        }
    }
}

/// Records counted per municipality and Satzart while they are handed out.
final class Zaehler: Sendable {
    private let stand = Mutex<[String: [Satzart: Int]]>([:])

    func zaehle(_ satz: Statistiksatz) {
        stand.withLock { $0[satz.fall.gemeindeschluessel, default: [:]][satz.satzart, default: 0] += 1 }
    }

    func anzahl(_ ags: String) -> [Satzart: Int] { stand.withLock { $0[ags] ?? [:] } }

    var gesamt: Int { stand.withLock { $0.values.reduce(0) { $0 + $1.values.reduce(0, +) } } }
}

/// Turns the rows of ``PostgresStatistikQuelle/abfrage(monat:kommunen:)`` (one per case version,
/// grouped by case) into the month's records, one case at a time.
struct Fallleser {
    var iterator: PostgresRowSequence.AsyncIterator
    let monat: Berichtsmonat
    var leser = Statistikzeile.Leser()
    /// The next case's first version, read ahead.
    var vorgriff: (fall: Fall, version: Fallversion)?
    var fertig = false

    init(rows: PostgresRowSequence, monat: Berichtsmonat) {
        iterator = rows.makeAsyncIterator()
        self.monat = monat
    }

    /// The next case with all its versions, or `nil` at the end.
    mutating func naechsterFall() async throws -> Fall? {
        guard !fertig else { return nil }
        var fall = vorgriff.map { vorgriff -> Fall in
            var fall = vorgriff.fall
            fall.versionen = [vorgriff.version]
            return fall
        }
        vorgriff = nil
        while let row = try await iterator.next() {
            let (gelesen, version) = try leser.lies(row)
            if let bisher = fall, bisher.id != gelesen.id {
                vorgriff = (gelesen, version)
                break
            }
            if fall == nil {
                fall = gelesen
                fall?.versionen = [version]
            } else {
                fall?.versionen.append(version)
            }
        }
        if vorgriff == nil { fertig = true }
        return fall
    }

    /// The next record of the month (cases that give none are skipped), or `nil` at the end.
    mutating func naechsterSatz() async throws -> Statistiksatz? {
        while let fall = try await naechsterFall() {
            if let satz = Statistikauswahl.satz(fuer: fall, monat: monat) { return satz }
        }
        return nil
    }

    /// Reads and drops the rows not yet read.
    mutating func verwerfeRest() async throws {
        guard !fertig else { return }
        while try await iterator.next() != nil {}
        fertig = true
        vorgriff = nil
    }
}
