import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The case store in PostgreSQL (migrations 0004-0009): the ``Fallspeicher`` of the service. It
/// loads and writes; what to write is decided by ``Fallbearbeitung``.
///
/// Every ``vorgang(_:_:)`` is one transaction as `gewerbe_app` (reads of the `pruefung` role as
/// `gewerbe_report`), scoped to the operation's municipalities: row-level security shows nothing
/// else, and every query filters by them as well.
///
/// - **Round trips of a submission** (ADR 0005): BEGIN; role, scope and (with an Idempotency-Key)
///   the key's advisory lock; one query for the idempotency record, the Betrieb (locked
///   `FOR UPDATE`), similar Betriebe and the Rueckmeldung's former Betriebe; one statement writing
///   everything; COMMIT. The decision runs in between, in Swift.
/// - **Writes** store the immutable Anzeige version, the case, the Betrieb's state, an audit event
///   and a filing job (the outbox, ``PostgresAblageauftragQueue``) in one statement. The
///   Aktenzeichen counter and the audit chain head are locked last, just before the commit,
///   because both serialize the writes of one municipality.
/// - **Reads** commit without waiting for the WAL flush (``Einstellungen/leseprotokollOhneFlush``):
///   their only write is their audit event.
public struct PostgresFallspeicher: Fallspeicher {
    /// Switches of the store, read once from the configuration.
    public struct Einstellungen: Sendable, Hashable {
        /// Read transactions (whose only write is their audit event) commit with
        /// `synchronous_commit = off`: they do not wait for the disk, at the risk of losing the audit
        /// events of the last fraction of a second if the server crashes.
        public var leseprotokollOhneFlush: Bool
        /// How often a transaction is tried when PostgreSQL aborts it for a deadlock.
        public var versuche: Int

        public init(leseprotokollOhneFlush: Bool = true, versuche: Int = 3) {
            self.leseprotokollOhneFlush = leseprotokollOhneFlush
            self.versuche = versuche
        }
    }

    let database: Database
    let logger: Logger
    let einstellungen: Einstellungen

    /// - Parameter database: the pool (it must be running).
    public init(
        database: Database, logger: Logger = Logger(label: "gewerbe.faelle"),
        einstellungen: Einstellungen = Einstellungen()
    ) {
        self.database = database
        self.logger = logger
        self.einstellungen = einstellungen
    }

    public func alleKommunen() async throws -> [String] {
        let logger = self.logger
        return try await database.withConnection { connection in
            try await connection.zeilen("SELECT ags::text FROM kommunen ORDER BY ags", (String).self, logger: logger)
        }
    }

    public func vorgang<Ergebnis: Sendable>(
        _ art: Vorgangsart, _ body: @Sendable (any Fallvorgang) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        let scope: TenantScope
        do {
            scope = try TenantScope(kommunen: art.kommunen)
        } catch {
            throw FallFehler.nichtBerechtigt("Das Token ist für keine Gemeinde zugelassen.")
        }
        let transaktion = Transaktionsart(
            scope: scope, rolle: art.lesend && art.rolle == .pruefung ? .report : .app,
            sperre: art.sperre.map(sperrschluessel), ohneFlush: art.lesend && einstellungen.leseprotokollOhneFlush)
        let logger = self.logger
        return try await database.transaktion(transaktion, versuche: einstellungen.versuche) { connection in
            try await body(PostgresFallvorgang(connection: connection, logger: logger))
        }
    }

    // MARK: - Loading cases (also for the filing queue and the reports)

    /// The columns ``faelle(aus:)`` reads: one row per case version.
    static let fallSpalten = """
        f.ags::text, f.id, f.aktenzeichen, f.betrieb_id, f.meldeart, f.status, f.revision, f.empfang_am::text,
        f.empfang_von, f.ablage, f.ruecknahme_grund, f.ruecknahme_am, f.ruecknahme_von, f.ausloesende_anzeige_id,
        v.version, v.anzeige::text, v.hinweise::text, v.erfasst_am, v.erfasst_von, v.berichtigungsgrund
        """

    /// A row of ``fallSpalten``: a case with one of its versions.
    struct Fallversionszeile: Zeile {
        var ags: String, id: UUID, aktenzeichen: String, betriebId: UUID, meldeart: String, status: String
        var revision: Int, empfangAm: String?, empfangVon: String?, ablage: String
        var ruecknahmeGrund: String?, ruecknahmeAm: Date?, ruecknahmeVon: String?, ausloesendeAnzeigeId: UUID?
        var version: Int, anzeige: String, hinweise: String, erfasstAm: Date, erfasstVon: String
        var berichtigungsgrund: String?

        init(_ row: PostgresRow) throws {
            (
                ags, id, aktenzeichen, betriebId, meldeart, status, revision, empfangAm, empfangVon, ablage,
                ruecknahmeGrund, ruecknahmeAm, ruecknahmeVon, ausloesendeAnzeigeId, version, anzeige, hinweise,
                erfasstAm, erfasstVon, berichtigungsgrund
            ) = try row.decode(
                (
                    String, UUID, String, UUID, String, String, Int, String?, String?, String, String?, Date?,
                    String?, UUID?, Int, String, String, Date, String, String?
                ).self)
        }
    }

    /// Cases from rows of ``fallSpalten`` (ordered by case, then version), in the order of the rows.
    static func faelle(aus zeilen: [Fallversionszeile]) throws -> [Fall] {
        var faelle: [Fall] = []
        for z in zeilen {
            let version = Fallversion(
                version: z.version, anzeige: try JSONText.lies(Anzeige.self, z.anzeige),
                hinweise: try JSONText.lies([Befund].self, z.hinweise), erfasstAm: z.erfasstAm,
                erfasstVon: z.erfasstVon, berichtigungsgrund: z.berichtigungsgrund)
            if let letzter = faelle.last, letzter.id == z.id {
                faelle[faelle.count - 1].versionen.append(version)
                continue
            }
            guard let meldeart = Meldeart(rawValue: z.meldeart), let status = Fallstatus(rawValue: z.status),
                let ablage = Ablagestatus(rawValue: z.ablage)
            else { throw GespeicherteDatenUngueltig("Fall \(z.aktenzeichen): gespeicherte Werte sind ungültig.") }
            let empfang = z.empfangAm.flatMap(Datum.init(iso:)).map {
                Empfangsbescheinigung(ausgestelltAm: $0, ausgestelltVon: z.empfangVon ?? "")
            }
            let ruecknahme = z.ruecknahmeGrund.map {
                Ruecknahme(grund: $0, am: z.ruecknahmeAm ?? Date(timeIntervalSince1970: 0), von: z.ruecknahmeVon ?? "")
            }
            faelle.append(
                Fall(
                    id: z.id, aktenzeichen: z.aktenzeichen, gemeindeschluessel: z.ags, betriebId: z.betriebId,
                    meldeart: meldeart, status: status, versionen: [version], empfangsbescheinigung: empfang,
                    ablage: ablage, revision: z.revision, ruecknahme: ruecknahme,
                    ausloesendeAnzeigeId: z.ausloesendeAnzeigeId))
        }
        return faelle
    }

    /// The cases with the given ids in the given municipalities (any creator), with all versions,
    /// in the order of `ids`.
    static func ladeFaelle(
        _ ids: [UUID], kommunen: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Fall] {
        guard !ids.isEmpty else { return [] }
        let zeilen = try await connection.zeilen(
            """
            SELECT \(unescaped: fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.ags = ANY (\(kommunen)::char(8)[]) AND f.id = ANY (\(ids)::uuid[])
            ORDER BY f.ags, f.id, v.version
            """, Fallversionszeile.self, logger: logger)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return try faelle(aus: zeilen).sorted { (position[$0.id] ?? 0) < (position[$1.id] ?? 0) }
    }
}

/// Stored data that cannot be read back (a fault of the store, answered as 500 and logged).
public struct GespeicherteDatenUngueltig: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
