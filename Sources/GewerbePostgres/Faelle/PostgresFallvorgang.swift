import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// One transaction of ``PostgresFallspeicher``: the reads a decision needs (locking what it
/// changes) and the writes of what it decided.
struct PostgresFallvorgang: Fallvorgang {
    let connection: PostgresConnection
    let logger: Logger

    // MARK: - Reads for decisions

    /// The one read of a submission: idempotency record, the named Betrieb (locked), similar open
    /// Betriebe, and for the Rueckmeldeverfahren the former municipality and its candidate
    /// Betriebe (locked). Conditions on absent values compare with NULL and match nothing.
    func einreichungslage(_ a: Einreichung.Abfrage) async throws -> Einreichung.Lage {
        let kommunen = a.sicht.kommunen
        let zeilen = try await connection.zeilen(
            """
            WITH betrieb AS MATERIALIZED (
                SELECT b.ags, b.id, b.zustand, b.anzahl_faelle
                FROM betriebe b
                WHERE b.id = \(a.betriebId) AND b.ags = ANY (\(kommunen)::char(8)[])
                FOR UPDATE
            ), herkunft AS MATERIALIZED (
                SELECT b.ags, b.id, b.zustand, b.anzahl_faelle
                FROM betriebe b
                WHERE b.ags = \(a.herkunftAGS)::char(8) AND b.status = 'offen'
                  AND (b.id = \(a.herkunftBetriebId)
                       OR (b.vergleich_ort = \(a.fruehererOrt)
                           AND (b.vergleich_personen && \(a.namen)::text[] OR b.vergleich_firma = \(a.firma))))
                ORDER BY (b.id = \(a.herkunftBetriebId)) IS TRUE DESC, b.id
                LIMIT 2
                FOR UPDATE
            )
            SELECT 'idempotenz', i.ags::text, i.fall_id, i.anfrage_sha256::text, NULL::integer
            FROM idempotenz i
            WHERE i.ags = ANY (\(kommunen)::char(8)[]) AND i.akteur = \(a.idempotenz?.kennung)
              AND i.schluessel = \(a.idempotenz?.schluessel)
            UNION ALL
            SELECT 'betrieb', b.ags::text, b.id, b.zustand::text, b.anzahl_faelle FROM betrieb b
            UNION ALL
            (SELECT 'aehnlich', b.ags::text, b.id, b.zustand::text, b.anzahl_faelle
             FROM betriebe b
             WHERE b.ags = ANY (\(kommunen)::char(8)[]) AND b.status = 'offen' AND b.vergleich_ort = \(a.ort)
               AND b.vergleich_personen && \(a.namen)::text[]
             ORDER BY b.id
             LIMIT 20)
            UNION ALL
            SELECT 'kommune', k.ags::text, NULL, NULL, NULL FROM kommunen k WHERE k.ags = \(a.herkunftAGS)::char(8)
            UNION ALL
            SELECT 'herkunft', h.ags::text, h.id, h.zustand::text, h.anzahl_faelle FROM herkunft h
            """, (String, String, UUID?, String?, Int?).self, logger: logger)

        var lage = Einreichung.Lage()
        for (art, ags, id, daten, anzahl) in zeilen {
            let zustand = art == "idempotenz" ? nil : try daten.map { try JSONText.lies(BetriebZustand.self, $0) }
            switch art {
            case "idempotenz":
                guard let id, let hash = daten else { continue }
                guard
                    let fall = try await PostgresFallspeicher.ladeFaelle(
                        [id], kommunen: kommunen, on: connection, logger: logger
                    ).first
                else { throw FallFehler.fallNichtGefunden(id) }
                lage.frueher = (fall, hash == sha256Hex(Data(a.anzeigeJSON.utf8)))
                _ = ags
            case "betrieb":
                if let id {
                    lage.betrieb = GespeicherterBetrieb(ags: ags, id: id, zustand: zustand, anzahlFaelle: anzahl ?? 0)
                }
            case "aehnlich":
                if let zustand { lage.aehnliche.append(zustand) }
            case "kommune":
                lage.herkunftInInstanz = true
            case "herkunft":
                if let id {
                    lage.herkunft.append(
                        GespeicherterBetrieb(ags: ags, id: id, zustand: zustand, anzahlFaelle: anzahl ?? 0))
                }
            default: break
            }
        }
        return lage
    }

    func fall(_ id: UUID, sicht: Sicht, sperren: Bool) async throws -> Fall? {
        if sperren {
            let gesperrt = try await connection.zeilen(
                """
                SELECT f.id FROM faelle f
                WHERE f.id = \(id) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
                FOR UPDATE
                """, (UUID).self, logger: logger)
            guard !gesperrt.isEmpty else { return nil }
        }
        let zeilen = try await connection.zeilen(
            """
            SELECT \(unescaped: PostgresFallspeicher.fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.id = \(id) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
            ORDER BY v.version
            """, PostgresFallspeicher.Fallversionszeile.self, logger: logger)
        return try PostgresFallspeicher.faelle(aus: zeilen).first
    }

    /// Locks the Betrieb of case `id` (visible in `sicht`) and loads all its cases.
    func aenderungslage(_ id: UUID, sicht: Sicht) async throws -> Aenderungslage? {
        let zeilen = try await connection.zeilen(
            """
            SELECT b.ags::text, b.id
            FROM betriebe b
            WHERE (b.ags, b.id) IN (
                SELECT f.ags, f.betrieb_id
                FROM faelle f
                WHERE f.id = \(id) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon))))
            FOR UPDATE
            """, (String, UUID).self, logger: logger)
        guard let (ags, betriebId) = zeilen.first else { return nil }
        let faelle = try await faelle(betrieb: betriebId, ags: ags)
        guard let fall = faelle.first(where: { $0.id == id }) else { return nil }
        return Aenderungslage(
            fall: fall, faelle: faelle, betriebAGS: ags, betriebId: betriebId,
            uebermittelt: try await ersteUebermittlung(fall))
    }

    /// The messages of the case's first transmission (its oldest Satz), in the order planned.
    func ersteUebermittlung(_ fall: Fall) async throws -> [GeplanteNachricht] {
        try await connection.zeilen(
            """
            SELECT a.nachricht::text
            FROM uebermittlungsauftraege a
            WHERE a.ags = \(fall.gemeindeschluessel)::char(8) AND a.satz_id = (
                SELECT s.id FROM uebermittlungssaetze s
                WHERE s.ags = \(fall.gemeindeschluessel)::char(8) AND s.fall_id = \(fall.id)
                ORDER BY s.erstellt_am, s.id LIMIT 1)
            ORDER BY a.erstellt_am, a.id
            """, (String).self, logger: logger
        ).map { try JSONText.lies(GeplanteNachricht.self, $0) }
    }

    func ausgeloesteFaelle(von ausloesend: UUID, ags: String) async throws -> [UUID] {
        try await connection.zeilen(
            """
            SELECT id FROM faelle
            WHERE ags = \(ags)::char(8) AND ausloesende_anzeige_id = \(ausloesend) AND status = 'wirksam'
            """, (UUID).self, logger: logger)
    }

    func setzeKommunen(_ kommunen: [String]) async throws {
        let scope = try TenantScope(kommunen: kommunen)
        try await connection.ausfuehren("SELECT set_config('gewerbe.kommunen', \(scope.setting), true)", logger: logger)
    }

    /// Every case of a Betrieb, oldest first (by their place in its history), with all versions.
    func faelle(betrieb: UUID, ags: String) async throws -> [Fall] {
        let zeilen = try await connection.zeilen(
            """
            SELECT \(unescaped: PostgresFallspeicher.fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.ags = \(ags)::char(8) AND f.betrieb_id = \(betrieb)
            ORDER BY f.position, v.version
            """, PostgresFallspeicher.Fallversionszeile.self, logger: logger)
        return try PostgresFallspeicher.faelle(aus: zeilen)
    }
}
