import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The outbox of XGewO messages in PostgreSQL (tables `uebermittlungssaetze`,
/// `uebermittlungsauftraege`, migration 0010): the ``UebermittlungsauftragQueue`` the XGewO
/// worker claims from, plus the operator's view (`gewerbe transmissions status|retry`).
///
/// Claiming and reporting work as in the filing outbox (``PostgresAblageauftragQueue``): due
/// jobs are claimed with `FOR UPDATE SKIP LOCKED` under a lease; a report counts only while the
/// reporting worker still holds the job. Every message sent, rejected or parked appends an audit
/// event to its municipality's chain (a transmission discloses personal data to another body).
public struct PostgresUebermittlungsauftragQueue: UebermittlungsauftragQueue {
    let database: Database
    let uhr: any Uhr
    let logger: Logger
    private let faelle: PostgresFallspeicher

    public init(
        database: Database, uhr: any Uhr = SystemUhr(), logger: Logger = Logger(label: "gewerbe.uebermittlung")
    ) {
        self.database = database
        self.uhr = uhr
        self.logger = logger
        self.faelle = PostgresFallspeicher(database: database, logger: logger)
    }

    func alleGemeinden() async throws -> TenantScope? {
        try? TenantScope(kommunen: try await faelle.alleKommunen())
    }

    static let spalten = """
        a.ags::text, a.id, a.satz_id, a.fall_id, a.nachricht::text, a.status, a.versuche, a.naechster_versuch,
        a.letzter_fehler, a.erstellt_am, a.gesendet_am, a.leser, a.rueckweisung_grund, a.rueckweisung_text,
        a.rueckweisung_details
        """

    struct Auftragszeile: Zeile {
        var auftrag: Uebermittlungsauftrag?

        init(_ row: PostgresRow) throws {
            let (ags, id, satzId, fallId, nachricht, status, versuche, naechster, fehler, erstellt, gesendet, leser) =
                try row.decode(
                    (String, UUID, UUID, UUID, String, String, Int, Date, String?, Date, Date?, String?).self)
            let cells = Array(row)
            let grund = try cells[12].decode(String?.self)
            let text = try cells[13].decode(String?.self)
            let details = try cells[14].decode([String]?.self)
            guard let status = Uebermittlungsstatus(rawValue: status) else {
                auftrag = nil
                return
            }
            auftrag = Uebermittlungsauftrag(
                id: id, gemeindeschluessel: ags, satzId: satzId, fallId: fallId,
                nachricht: try JSONText.lies(GeplanteNachricht.self, nachricht), status: status, versuche: versuche,
                naechsterVersuch: naechster, letzterFehler: fehler, erstelltAm: erstellt, gesendetAm: gesendet,
                leser: leser,
                rueckweisung: grund.map { Rueckweisung(grund: $0, text: text ?? "", details: details ?? []) })
        }
    }

    // MARK: - UebermittlungsauftragQueue

    public func beanspruche(
        anzahl: Int, worker: String, sperrdauer: Duration
    ) async throws
        -> [Uebermittlungsvorlage]
    {
        guard anzahl > 0, let scope = try await alleGemeinden() else { return [] }
        let jetzt = uhr.jetzt()
        let teile = sperrdauer.components
        let bis = jetzt.addingTimeInterval(Double(teile.seconds) + Double(teile.attoseconds) / 1e18)
        return try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            let auftraege = try await connection.zeilen(
                """
                WITH faellig AS (
                    SELECT a.ags, a.id
                    FROM uebermittlungsauftraege a
                    WHERE a.status IN ('ausstehend', 'inArbeit')
                      AND ((a.status = 'ausstehend' AND a.naechster_versuch <= \(jetzt))
                           OR (a.status = 'inArbeit' AND a.gesperrt_bis <= \(jetzt)))
                    ORDER BY a.naechster_versuch, a.erstellt_am
                    LIMIT \(anzahl)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE uebermittlungsauftraege a
                SET status = 'inArbeit', gesperrt_von = \(worker), gesperrt_bis = \(bis)
                FROM faellig f
                WHERE a.ags = f.ags AND a.id = f.id
                RETURNING \(unescaped: Self.spalten)
                """, Auftragszeile.self, logger: logger
            ).compactMap(\.auftrag).sorted { ($0.erstelltAm, $0.id.uuidString) < ($1.erstelltAm, $1.id.uuidString) }
            guard !auftraege.isEmpty else { return [] }
            let saetze = try await Self.saetze(Array(Set(auftraege.map(\.satzId))), on: connection, logger: logger)
            let faelle = Dictionary(
                try await PostgresFallspeicher.ladeFaelle(
                    Array(Set(auftraege.map(\.fallId))), kommunen: scope.kommunen, on: connection, logger: logger
                ).map { ($0.id, $0) }, uniquingKeysWith: { erster, _ in erster })
            return auftraege.compactMap { auftrag in
                guard let satz = saetze[auftrag.satzId], let fall = faelle[auftrag.fallId] else { return nil }
                return Uebermittlungsvorlage(auftrag: auftrag, satz: satz, fall: fall)
            }
        }
    }

    static func saetze(
        _ ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [UUID: Uebermittlungssatz]
    {
        let zeilen = try await connection.zeilen(
            """
            SELECT s.ags::text, s.id, s.fall_id, s.version, s.nachrichtenart, s.vorher::text, s.nachher::text,
                   s.anhaltspunkte_zoll, s.erstellt_am
            FROM uebermittlungssaetze s
            WHERE s.id = ANY (\(ids)::uuid[])
            """, (String, UUID, UUID, Int, String, String?, String?, String?, Date).self, logger: logger)
        var ergebnis: [UUID: Uebermittlungssatz] = [:]
        for (ags, id, fallId, version, art, vorher, nachher, anhaltspunkte, erstellt) in zeilen {
            guard let art = Nachrichtenart(rawValue: art) else { continue }
            ergebnis[id] = Uebermittlungssatz(
                id: id, gemeindeschluessel: ags, fallId: fallId, version: version, nachrichtenart: art,
                vorher: try vorher.map { try JSONText.lies(Anzeige.self, $0) },
                nachher: try nachher.map { try JSONText.lies(Anzeige.self, $0) }, anhaltspunkteZoll: anhaltspunkte,
                erstelltAm: erstellt)
        }
        return ergebnis
    }

    public func gesendet(_ auftrag: Uebermittlungsauftrag, worker: String, quittung: Quittung) async throws {
        let details = Auditwert.objekt([
            "nachricht": .text(auftrag.id.lowercased), "typ": .text(auftrag.nachricht.nachrichtentyp),
            "leser": .text(quittung.leser), "sha256": .text(quittung.sha256), "doppelt": .wahr(quittung.doppelt),
        ])
        try await melde(
            auftrag, worker: worker, aktion: "uebermittlung.gesendet", details: details,
            """
            UPDATE uebermittlungsauftraege a
            SET status = 'gesendet', gesendet_am = \(uhr.jetzt()), gesperrt_von = NULL, gesperrt_bis = NULL,
                leser = \(quittung.leser), sha256 = \(quittung.sha256.lowercased()), groesse = \(quittung.groesse),
                letzter_fehler = NULL
            WHERE a.ags = \(auftrag.gemeindeschluessel)::char(8) AND a.id = \(auftrag.id) AND a.status = 'inArbeit'
              AND a.gesperrt_von = \(worker)
            RETURNING a.ags, a.id
            """, versuch: nil)
    }

    public func fehlgeschlagen(
        _ auftrag: Uebermittlungsauftrag, worker: String, fehler: String, naechsterVersuch: Date, parken: Bool
    ) async throws {
        let details = Auditwert.objekt([
            "nachricht": .text(auftrag.id.lowercased), "typ": .text(auftrag.nachricht.nachrichtentyp),
            "fehler": .text(fehler),
        ])
        try await melde(
            auftrag, worker: worker, aktion: parken ? "uebermittlung.geparkt" : nil, details: details,
            """
            UPDATE uebermittlungsauftraege a
            SET status = CASE WHEN \(parken) THEN 'geparkt' ELSE 'ausstehend' END, versuche = a.versuche + 1,
                letzter_fehler = \(fehler), naechster_versuch = \(naechsterVersuch), gesperrt_von = NULL,
                gesperrt_bis = NULL
            WHERE a.ags = \(auftrag.gemeindeschluessel)::char(8) AND a.id = \(auftrag.id) AND a.status = 'inArbeit'
              AND a.gesperrt_von = \(worker)
            RETURNING a.ags, a.id
            """, versuch: (fehler, parken ? "geparkt" : "wiederholen"))
    }

    public func abgewiesen(_ auftrag: Uebermittlungsauftrag, worker: String, rueckweisung: Rueckweisung) async throws {
        let details = Auditwert.objekt([
            "nachricht": .text(auftrag.id.lowercased), "typ": .text(auftrag.nachricht.nachrichtentyp),
            "grund": .text(rueckweisung.grund), "text": .text(rueckweisung.text),
        ])
        let jetzt = uhr.jetzt()
        try await melde(
            auftrag, worker: worker, aktion: "uebermittlung.abgewiesen", details: details,
            """
            UPDATE uebermittlungsauftraege a
            SET status = 'abgewiesen', versuche = a.versuche + 1, gesperrt_von = NULL, gesperrt_bis = NULL,
                rueckweisung_grund = \(rueckweisung.grund), rueckweisung_text = \(rueckweisung.text),
                rueckweisung_details = \(rueckweisung.details)::text[], abgewiesen_am = \(jetzt),
                letzter_fehler = \("\(rueckweisung.grund): \(rueckweisung.text)")
            WHERE a.ags = \(auftrag.gemeindeschluessel)::char(8) AND a.id = \(auftrag.id) AND a.status = 'inArbeit'
              AND a.gesperrt_von = \(worker)
            RETURNING a.ags, a.id
            """, versuch: ("\(rueckweisung.grund): \(rueckweisung.text)", "abgewiesen"))
    }

    /// Runs a worker's report (`aenderung` returns the job if the worker still held it), logs the
    /// attempt and appends the audit event, in one transaction.
    private func melde(
        _ auftrag: Uebermittlungsauftrag, worker: String, aktion: String?, details: Auditwert,
        _ aenderung: PostgresQuery, versuch: (fehler: String, ergebnis: String)?
    ) async throws {
        let scope: TenantScope
        do { scope = try TenantScope(ags: auftrag.gemeindeschluessel) } catch { return }
        let jetzt = uhr.jetzt()
        let angenommen = try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            guard try await !connection.zeilen(aenderung, (String, UUID).self, logger: logger).isEmpty else {
                return false
            }
            if let versuch {
                try await connection.ausfuehren(
                    """
                    INSERT INTO uebermittlung_versuche (ags, auftrag_id, nummer, am, worker, fehler, ergebnis)
                    SELECT \(auftrag.gemeindeschluessel), \(auftrag.id),
                           (SELECT count(*) + 1 FROM uebermittlung_versuche v
                            WHERE v.ags = \(auftrag.gemeindeschluessel)::char(8) AND v.auftrag_id = \(auftrag.id)),
                           \(jetzt), \(worker), \(versuch.fehler), \(versuch.ergebnis)
                    """, logger: logger)
            }
            if let aktion {
                try await connection.ausfuehren(
                    """
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    VALUES (gen_random_uuid(), \(auftrag.gemeindeschluessel), NULL, \(Auditakteur.system.bezeichnung), NULL,
                            \(aktion), 'fall', \(auftrag.fallId.lowercased), \(try JSONText.kodiere(details))::jsonb)
                    """, logger: logger)
            }
            return true
        }
        if !angenommen {
            logger.notice(
                "transmission report ignored: the worker no longer holds the job",
                metadata: ["job": "\(auftrag.id)", "worker": "\(worker)"])
        }
    }
}
