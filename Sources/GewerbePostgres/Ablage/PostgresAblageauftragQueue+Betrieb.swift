import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// A filing job as the operator sees it (`gewerbe filing status`).
public struct AblageauftragUebersicht: Sendable, Hashable {
    public var auftrag: Ablageauftrag
    public var aktenzeichen: String
    /// The worker holding the job (`inArbeit`) or the one that finished it.
    public var gesperrtVon: String?
    public var gesperrtBis: Date?
    public var akteId: EAkteObjektID?
    public var vorgangId: EAkteObjektID?
}

/// A filed document with what `gewerbe filing verify` needs to look it up in the eAkte and
/// compare its hash.
public struct AbgelegtesDokumentEintrag: Sendable, Hashable {
    public var gemeindeschluessel: String
    public var auftragId: UUID
    public var art: Ablageauftragsart
    public var version: Int
    public var fallId: UUID
    public var aktenzeichen: String
    public var betriebId: UUID
    public var meldeart: Meldeart
    public var eingangsdatum: Datum
    /// The case's name (the Betrieb's name as declared), for the Akte and Vorgang titles.
    public var name: String
    public var akteId: EAkteObjektID?
    public var vorgangId: EAkteObjektID?
    public var dokument: AbgelegtesDokument
    public var abgelegtAm: Date
}

extension PostgresAblageauftragQueue {
    /// Jobs of `status` (all but `erledigt` when nil), parked first, then by due time; at most
    /// `limit`, optionally of one municipality.
    public func auftraege(
        status: Set<Ablageauftragsstatus>? = nil, kommune: String? = nil, limit: Int = 100
    )
        async throws -> [AblageauftragUebersicht]
    {
        guard let scope = try await alleGemeinden() else { return [] }
        let gewaehlt = (status ?? [.ausstehend, .inArbeit, .geparkt]).map(\.rawValue).sorted()
        return try await database.transaktion(Transaktionsart(scope: scope, ohneFlush: true)) { connection in
            let zeilen = try await connection.zeilen(
                """
                SELECT \(unescaped: Self.jobSpalten()), f.aktenzeichen, a.gesperrt_von, a.gesperrt_bis, a.akte_id,
                       a.vorgang_id
                FROM ablageauftraege a
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE a.status = ANY (\(gewaehlt)::text[])
                  AND (\(kommune)::char(8) IS NULL OR a.ags = \(kommune)::char(8))
                ORDER BY a.status = 'geparkt' DESC, a.naechster_versuch, a.erstellt_am, a.id
                LIMIT \(max(1, limit))
                """, Uebersichtszeile.self, logger: logger)
            return zeilen.compactMap { z in
                guard let auftrag = Self.auftrag(z.job) else { return nil }
                return AblageauftragUebersicht(
                    auftrag: auftrag, aktenzeichen: z.aktenzeichen, gesperrtVon: z.gesperrtVon,
                    gesperrtBis: z.gesperrtBis,
                    akteId: z.akteId.map(EAkteObjektID.init), vorgangId: z.vorgangId.map(EAkteObjektID.init))
            }
        }
    }

    /// A row of the overview: the job's columns, then its case and its lock and eAkte objects.
    struct Uebersichtszeile: Zeile {
        var job: Jobzeile, aktenzeichen: String, gesperrtVon: String?, gesperrtBis: Date?, akteId: String?
        var vorgangId: String?

        init(_ row: PostgresRow) throws {
            job = try Jobzeile(row)
            let spalten = row.makeRandomAccess()
            aktenzeichen = try spalten[12].decode(String.self)
            gesperrtVon = try spalten[13].decode(String?.self)
            gesperrtBis = try spalten[14].decode(Date?.self)
            akteId = try spalten[15].decode(String?.self)
            vorgangId = try spalten[16].decode(String?.self)
        }
    }

    /// Number of jobs per status (for metrics and `gewerbe filing status`).
    public func anzahlJeStatus() async throws -> [Ablageauftragsstatus: Int] {
        guard let scope = try await alleGemeinden() else { return [:] }
        return try await database.transaktion(Transaktionsart(scope: scope, ohneFlush: true)) { connection in
            var ergebnis: [Ablageauftragsstatus: Int] = [:]
            for (status, anzahl) in try await connection.zeilen(
                "SELECT status, count(*)::integer FROM ablageauftraege GROUP BY status", (String, Int).self,
                logger: logger)
            {
                if let status = Ablageauftragsstatus(rawValue: status) { ergebnis[status] = anzahl }
            }
            return ergebnis
        }
    }

    /// Puts a parked (or waiting) job back: `ausstehend`, due now, attempts counted from 0 again
    /// (`gewerbe filing retry`). Returns false for an unknown or finished job, or one in work.
    /// Appends `ablage.erneut` to the job's municipality's audit chain.
    @discardableResult
    public func erneutVersuchen(auftragId: UUID, akteur: Auditakteur) async throws -> Bool {
        guard let scope = try await alleGemeinden() else { return false }
        return try await erneutVersuchen(
            scope: scope, akteur: akteur, auswahl: "id", id: auftragId, kommune: nil) > 0
    }

    /// Puts every parked job (of one municipality, or all) back; returns how many.
    @discardableResult
    public func erneutVersuchenGeparkte(kommune: String? = nil, akteur: Auditakteur) async throws -> Int {
        guard let scope = try await alleGemeinden() else { return 0 }
        return try await erneutVersuchen(scope: scope, akteur: akteur, auswahl: "geparkt", id: nil, kommune: kommune)
    }

    private func erneutVersuchen(
        scope: TenantScope, akteur: Auditakteur, auswahl: String, id: UUID?, kommune: String?
    ) async throws -> Int {
        let jetzt = uhr.jetzt()
        return try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            // Lock the cases first (as the worker's reports do), then change their jobs.
            let faelle = try await connection.zeilen(
                """
                SELECT f.ags::text, f.id
                FROM faelle f
                WHERE (f.ags, f.id) IN (
                    SELECT a.ags, a.fall_id FROM ablageauftraege a
                    WHERE (\(auswahl) = 'id' AND a.id = \(id) AND a.status IN ('geparkt', 'ausstehend'))
                       OR (\(auswahl) = 'geparkt' AND a.status = 'geparkt'
                           AND (\(kommune)::char(8) IS NULL OR a.ags = \(kommune)::char(8))))
                ORDER BY f.ags, f.id
                FOR UPDATE
                """, (String, UUID).self, logger: logger)
            guard !faelle.isEmpty else { return 0 }
            let geaendert =
                try await connection.zeilen(
                    """
                    WITH erneut AS (
                        UPDATE ablageauftraege a
                        SET status = 'ausstehend', versuche = 0, naechster_versuch = \(jetzt), gesperrt_von = NULL,
                            gesperrt_bis = NULL
                        WHERE a.fall_id = ANY (\(faelle.map(\.1))::uuid[])
                          AND ((\(auswahl) = 'id' AND a.id = \(id) AND a.status IN ('geparkt', 'ausstehend'))
                               OR (\(auswahl) = 'geparkt' AND a.status = 'geparkt'
                                   AND (\(kommune)::char(8) IS NULL OR a.ags = \(kommune)::char(8))))
                        RETURNING a.ags, a.id, a.fall_id
                    ), audit AS (
                        INSERT INTO audit_events
                            (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                        SELECT gen_random_uuid(), e.ags, \(akteur.tokenId)::uuid, \(akteur.bezeichnung), \(akteur.rolle)::text, 'ablage.erneut',
                               'fall', e.fall_id::text, jsonb_build_object('auftrag', e.id::text)
                        FROM erneut e
                    )
                    SELECT count(*)::integer FROM erneut
                    """, (Int).self, logger: logger
                ).first ?? 0
            for (ags, fallId) in faelle {
                try await Self.leiteAblagestatusAb(ags: ags, fallId: fallId, on: connection, logger: logger)
            }
            return geaendert
        }
    }

    /// Every filed document, keyset-paginated by (AGS, job id, name): pass the last entry of a page
    /// as `nach` to get the next. What `gewerbe filing verify` compares with the eAkte.
    public func abgelegteDokumente(
        kommune: String? = nil, nach: AbgelegtesDokumentEintrag? = nil, limit: Int = 1000
    ) async throws -> [AbgelegtesDokumentEintrag] {
        guard let scope = try await alleGemeinden() else { return [] }
        return try await database.transaktion(Transaktionsart(scope: scope, ohneFlush: true)) { connection in
            let zeilen = try await connection.zeilen(
                """
                SELECT d.ags::text, d.auftrag_id, a.art, a.version, f.id, f.aktenzeichen, f.betrieb_id, f.meldeart,
                       f.eingangsdatum::text, f.name, a.akte_id, a.vorgang_id, d.name, d.dokumentart, d.sha256::text,
                       d.groesse, d.objekt_id, d.abgelegt_am
                FROM ablage_dokumente d
                JOIN ablageauftraege a ON a.ags = d.ags AND a.id = d.auftrag_id
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE (\(kommune)::char(8) IS NULL OR d.ags = \(kommune)::char(8))
                  AND (\(nach?.gemeindeschluessel)::char(8) IS NULL
                       OR (d.ags, d.auftrag_id, d.name) > (\(nach?.gemeindeschluessel)::char(8), \(nach?.auftragId),
                                                          \(nach?.dokument.name)))
                ORDER BY d.ags, d.auftrag_id, d.name
                LIMIT \(max(1, limit))
                """,
                (
                    String, UUID, String, Int, UUID, String, UUID, String, String, String, String?, String?, String,
                    String, String, Int, String, Date
                ).self, logger: logger)
            return zeilen.compactMap {
                (
                    ags, auftragId, artText, version, fallId, aktenzeichen, betriebId, meldeartText, eingangText, name,
                    akteId, vorgangId, dokumentname, dokumentart, sha256, groesse, objektId, abgelegtAm
                ) in
                guard let art = Ablageauftragsart(rawValue: artText), let meldeart = Meldeart(rawValue: meldeartText),
                    let eingang = Datum(iso: eingangText)
                else { return nil }
                return AbgelegtesDokumentEintrag(
                    gemeindeschluessel: ags, auftragId: auftragId, art: art, version: version, fallId: fallId,
                    aktenzeichen: aktenzeichen, betriebId: betriebId, meldeart: meldeart, eingangsdatum: eingang,
                    name: name, akteId: akteId.map(EAkteObjektID.init), vorgangId: vorgangId.map(EAkteObjektID.init),
                    dokument: AbgelegtesDokument(
                        name: dokumentname, dokumentart: dokumentart, sha256: sha256, groesse: groesse,
                        objektId: EAkteObjektID(objektId)),
                    abgelegtAm: abgelegtAm)
            }
        }
    }
}
