import Foundation
import GewerbeDomain
import PostgresNIO

/// A transmission job as the operator and the clerk see it: with its case's Aktenzeichen.
public struct UebermittlungsUebersicht: Sendable, Hashable {
    public var auftrag: Uebermittlungsauftrag
    public var aktenzeichen: String
    public var gesperrtVon: String?
}

extension PostgresUebermittlungsauftragQueue {
    /// Jobs of `status` (all but `gesendet` and `entfallen` when nil): rejected first, then parked,
    /// then by due time; at most `limit`, optionally of one municipality or one case.
    public func auftraege(
        status: Set<Uebermittlungsstatus>? = nil, kommune: String? = nil, fallId: UUID? = nil, limit: Int = 100
    ) async throws -> [UebermittlungsUebersicht] {
        guard let scope = try await alleGemeinden() else { return [] }
        let gewaehlt = (status ?? [.ausstehend, .inArbeit, .abgewiesen, .geparkt]).map(\.rawValue).sorted()
        return try await database.transaktion(Transaktionsart(scope: scope, ohneFlush: true)) { connection in
            try await connection.zeilen(
                """
                SELECT \(unescaped: Self.spalten), f.aktenzeichen, a.gesperrt_von
                FROM uebermittlungsauftraege a
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE a.status = ANY (\(gewaehlt)::text[])
                  AND (\(kommune)::char(8) IS NULL OR a.ags = \(kommune)::char(8))
                  AND (\(fallId)::uuid IS NULL OR a.fall_id = \(fallId)::uuid)
                ORDER BY a.status = 'abgewiesen' DESC, a.status = 'geparkt' DESC, a.naechster_versuch, a.erstellt_am,
                         a.id
                LIMIT \(max(1, limit))
                """, Uebersichtszeile.self, logger: logger
            ).compactMap { z in
                z.auftrag.map {
                    UebermittlungsUebersicht(auftrag: $0, aktenzeichen: z.aktenzeichen, gesperrtVon: z.von)
                }
            }
        }
    }

    struct Uebersichtszeile: Zeile {
        var auftrag: Uebermittlungsauftrag?
        var aktenzeichen: String
        var von: String?

        init(_ row: PostgresRow) throws {
            auftrag = try Auftragszeile(row).auftrag
            let spalten = row.makeRandomAccess()
            aktenzeichen = try spalten[15].decode(String.self)
            von = try spalten[16].decode(String?.self)
        }
    }

    /// Number of jobs per status.
    public func anzahlJeStatus() async throws -> [Uebermittlungsstatus: Int] {
        guard let scope = try await alleGemeinden() else { return [:] }
        return try await database.transaktion(Transaktionsart(scope: scope, ohneFlush: true)) { connection in
            var ergebnis: [Uebermittlungsstatus: Int] = [:]
            for (status, anzahl) in try await connection.zeilen(
                "SELECT status, count(*)::integer FROM uebermittlungsauftraege GROUP BY status", (String, Int).self,
                logger: logger)
            {
                if let status = Uebermittlungsstatus(rawValue: status) { ergebnis[status] = anzahl }
            }
            return ergebnis
        }
    }

    /// Puts rejected and parked jobs back (`ausstehend`, due now, attempts from 0): one job by its
    /// message UUID, or every one of a municipality (or all). The message keeps its UUID: a
    /// gateway that accepted it before answers "doppelt". Appends `uebermittlung.erneut` to the
    /// municipality's audit chain. Returns how many.
    @discardableResult
    public func erneutVersuchen(
        auftragId: UUID? = nil, kommune: String? = nil, akteur: Auditakteur
    ) async throws
        -> Int
    {
        guard let scope = try await alleGemeinden() else { return 0 }
        let jetzt = uhr.jetzt()
        return try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            try await connection.zeilen(
                """
                WITH erneut AS (
                    UPDATE uebermittlungsauftraege a
                    SET status = 'ausstehend', versuche = 0, naechster_versuch = \(jetzt), gesperrt_von = NULL,
                        gesperrt_bis = NULL, rueckweisung_grund = NULL, rueckweisung_text = NULL,
                        rueckweisung_details = NULL
                    WHERE a.status IN ('abgewiesen', 'geparkt')
                      AND (\(auftragId)::uuid IS NULL OR a.id = \(auftragId)::uuid)
                      AND (\(kommune)::char(8) IS NULL OR a.ags = \(kommune)::char(8))
                    RETURNING a.ags, a.id, a.fall_id
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), e.ags, \(akteur.tokenId)::uuid, \(akteur.bezeichnung), \(akteur.rolle)::text,
                           'uebermittlung.erneut', 'fall', e.fall_id::text, jsonb_build_object('nachricht', e.id::text)
                    FROM erneut e
                )
                SELECT count(*)::integer FROM erneut
                """, (Int).self, logger: logger
            ).first ?? 0
        }
    }
}
