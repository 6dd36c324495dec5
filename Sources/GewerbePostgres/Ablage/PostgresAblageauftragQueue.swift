import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The outbox of filing jobs in PostgreSQL (table `ablageauftraege`, migration 0005): the
/// ``AblageauftragQueue`` the outbox worker (GewerbeEAkte) claims from, plus the operator's view
/// (`gewerbe filing status|retry|verify`).
///
/// The case store writes each job in the transaction of the case change it files. Workers claim
/// due jobs (`ausstehend` and due, or `inArbeit` whose lease ran out) with `FOR UPDATE SKIP LOCKED`,
/// oldest first, and hold them under a lease (`gesperrt_von`, `gesperrt_bis`). A report
/// (``erledigt(_:worker:akte:vorgang:dokumente:)``, ``fehlgeschlagen(_:worker:fehler:naechsterVersuch:parken:)``)
/// counts only while the reporting worker still holds the job; a late report of a worker whose
/// lease was taken over is ignored (logged), as the in-memory twin does.
///
/// Each report locks the case row first and then derives the case's filing state from all its
/// jobs in a second statement, so two jobs of one case finishing at once cannot leave it wrong.
/// Times come from the injected clock (leases, due times), so that workers on several machines
/// should share a synchronized clock.
///
/// The worker is the system: it works across all municipalities (its transactions are scoped to
/// every municipality in `kommunen`, as `gewerbe_app`). Done and parked jobs append an audit event
/// in their municipality's chain; transient failures are recorded in `ablage_versuche`.
public struct PostgresAblageauftragQueue: AblageauftragQueue {
    let database: Database
    let uhr: any Uhr
    let logger: Logger
    private let faelle: PostgresFallspeicher

    public init(database: Database, uhr: any Uhr = SystemUhr(), logger: Logger = Logger(label: "gewerbe.ablage")) {
        self.database = database
        self.uhr = uhr
        self.logger = logger
        self.faelle = PostgresFallspeicher(database: database, logger: logger)
    }

    /// All municipalities, as a scope; nil when there are none.
    func alleGemeinden() async throws -> TenantScope? {
        let kommunen = try await faelle.alleKommunen()
        return try? TenantScope(kommunen: kommunen)
    }

    static func jobSpalten() -> String {
        """
        a.ags::text, a.id, a.fall_id, a.art, a.version, a.status, a.versuche, a.naechster_versuch,
        a.letzter_fehler, a.erstellt_am, a.erledigt_am, a.dauerhafte_fehlschlaege
        """
    }

    /// A row of ``jobSpalten()``.
    struct Jobzeile: Zeile {
        var ags: String, id: UUID, fallId: UUID, art: String, version: Int, status: String, versuche: Int
        var naechsterVersuch: Date, letzterFehler: String?, erstelltAm: Date, erledigtAm: Date?
        var dauerhafteFehlschlaege: Int

        init(_ row: PostgresRow) throws {
            (
                ags, id, fallId, art, version, status, versuche, naechsterVersuch, letzterFehler, erstelltAm,
                erledigtAm, dauerhafteFehlschlaege
            ) = try row.decode((String, UUID, UUID, String, Int, String, Int, Date, String?, Date, Date?, Int).self)
        }
    }

    static func auftrag(_ z: Jobzeile) -> Ablageauftrag? {
        guard let art = Ablageauftragsart(rawValue: z.art), let status = Ablageauftragsstatus(rawValue: z.status)
        else { return nil }
        return Ablageauftrag(
            id: z.id, gemeindeschluessel: z.ags, fallId: z.fallId, art: art, version: z.version, status: status,
            versuche: z.versuche, naechsterVersuch: z.naechsterVersuch, letzterFehler: z.letzterFehler,
            erstelltAm: z.erstelltAm, erledigtAm: z.erledigtAm, dauerhafteFehlschlaege: z.dauerhafteFehlschlaege)
    }

    // MARK: - AblageauftragQueue

    public func beanspruche(anzahl: Int, worker: String, sperrdauer: Duration) async throws -> [Ablagevorlage] {
        guard anzahl > 0, let scope = try await alleGemeinden() else { return [] }
        let jetzt = uhr.jetzt()
        let teile = sperrdauer.components
        let bis = jetzt.addingTimeInterval(Double(teile.seconds) + Double(teile.attoseconds) / 1e18)
        return try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            let zeilen = try await connection.zeilen(
                """
                WITH faellig AS (
                    SELECT a.ags, a.id
                    FROM ablageauftraege a
                    WHERE a.status IN ('ausstehend', 'inArbeit')
                      AND ((a.status = 'ausstehend' AND a.naechster_versuch <= \(jetzt))
                           OR (a.status = 'inArbeit' AND a.gesperrt_bis <= \(jetzt)))
                    ORDER BY a.naechster_versuch, a.erstellt_am
                    LIMIT \(anzahl)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE ablageauftraege a
                SET status = 'inArbeit', gesperrt_von = \(worker), gesperrt_bis = \(bis)
                FROM faellig f
                WHERE a.ags = f.ags AND a.id = f.id
                RETURNING \(unescaped: Self.jobSpalten())
                """, Jobzeile.self, logger: logger)
            let auftraege = zeilen.compactMap(Self.auftrag).sorted {
                ($0.naechsterVersuch, $0.erstelltAm, $0.id.uuidString) < (
                    $1.naechsterVersuch, $1.erstelltAm, $1.id.uuidString
                )
            }
            guard !auftraege.isEmpty else { return [] }
            let kommunen = scope.kommunen
            let faelleNachId = Dictionary(
                try await PostgresFallspeicher.ladeFaelle(
                    Array(Set(auftraege.map(\.fallId))), kommunen: kommunen, on: connection, logger: logger
                )
                .map { ($0.id, $0) }, uniquingKeysWith: { erster, _ in erster })
            let betriebIds = Array(Set(faelleNachId.values.map(\.betriebId)))
            let betriebe = try await connection.zeilen(
                """
                SELECT b.id, b.zustand::text
                FROM betriebe b
                WHERE b.ags = ANY (\(kommunen)::char(8)[]) AND b.id = ANY (\(betriebIds)::uuid[])
                  AND b.zustand IS NOT NULL
                """, (UUID, String).self, logger: logger)
            var zustaende: [UUID: BetriebZustand] = [:]
            for (id, json) in betriebe { zustaende[id] = try JSONText.lies(BetriebZustand.self, json) }
            return auftraege.compactMap { auftrag in
                guard let fall = faelleNachId[auftrag.fallId] else { return nil }
                return Ablagevorlage(auftrag: auftrag, fall: fall, betrieb: zustaende[fall.betriebId])
            }
        }
    }

    public func erledigt(
        _ auftrag: Ablageauftrag, worker: String, akte: EAkteObjektID, vorgang: EAkteObjektID,
        dokumente: [AbgelegtesDokument]
    ) async throws {
        let jetzt = uhr.jetzt()
        let details = try JSONText.kodiere(
            Auditwert.objekt([
                "auftrag": .text(auftrag.id.lowercased), "art": .text(auftrag.art.rawValue),
                "version": .zahl(auftrag.version), "worker": .text(worker), "akte": .text(akte.rawValue),
                "vorgang": .text(vorgang.rawValue),
                "dokumente": .liste(dokumente.map { .objekt(["name": .text($0.name), "sha256": .text($0.sha256)]) }),
            ]))
        try await melde(auftrag, worker: worker) { connection in
            try await connection.zeilen(
                """
                WITH sperre AS MATERIALIZED (
                    SELECT f.ags, f.id FROM faelle f
                    WHERE f.ags = \(auftrag.gemeindeschluessel)::char(8) AND f.id = \(auftrag.fallId)
                    FOR UPDATE
                ), auftrag AS (
                    UPDATE ablageauftraege a
                    SET status = 'erledigt', erledigt_am = \(jetzt), gesperrt_bis = NULL, akte_id = \(akte.rawValue),
                        vorgang_id = \(vorgang.rawValue)
                    FROM sperre s
                    WHERE a.ags = s.ags AND a.id = \(auftrag.id) AND a.fall_id = s.id AND a.status = 'inArbeit'
                      AND a.gesperrt_von = \(worker)
                    RETURNING a.ags, a.id
                ), dokumente AS (
                    INSERT INTO ablage_dokumente (ags, auftrag_id, name, dokumentart, sha256, groesse, objekt_id, abgelegt_am)
                    SELECT a.ags, a.id, d.name, d.dokumentart, d.sha256, d.groesse, d.objekt_id, \(jetzt)
                    FROM auftrag a,
                         unnest(\(dokumente.map(\.name))::text[], \(dokumente.map(\.dokumentart))::text[],
                                \(dokumente.map { $0.sha256.lowercased() })::text[], \(dokumente.map(\.groesse))::bigint[],
                                \(dokumente.map(\.objektId.rawValue))::text[])
                             AS d(name, dokumentart, sha256, groesse, objekt_id)
                    ON CONFLICT (ags, auftrag_id, name) DO NOTHING
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), a.ags, NULL, \(Auditakteur.system.bezeichnung), NULL, 'ablage.erledigt', 'fall',
                           \(auftrag.fallId.lowercased), \(details)::jsonb
                    FROM auftrag a
                )
                SELECT count(*)::integer FROM auftrag
                """, (Int).self, logger: logger
            ).first ?? 0
        }
    }

    public func fehlgeschlagen(
        _ auftrag: Ablageauftrag, worker: String, fehler: String, dauerhaft: Bool, naechsterVersuch: Date, parken: Bool
    ) async throws {
        let jetzt = uhr.jetzt()
        let details = try JSONText.kodiere(
            Auditwert.objekt([
                "auftrag": .text(auftrag.id.lowercased), "art": .text(auftrag.art.rawValue),
                "worker": .text(worker), "fehler": .text(fehler),
            ]))
        try await melde(auftrag, worker: worker) { connection in
            try await connection.zeilen(
                """
                WITH sperre AS MATERIALIZED (
                    SELECT f.ags, f.id FROM faelle f
                    WHERE f.ags = \(auftrag.gemeindeschluessel)::char(8) AND f.id = \(auftrag.fallId)
                    FOR UPDATE
                ), auftrag AS (
                    UPDATE ablageauftraege a
                    SET status = CASE WHEN \(parken) THEN 'geparkt' ELSE 'ausstehend' END, versuche = a.versuche + 1,
                        dauerhafte_fehlschlaege = a.dauerhafte_fehlschlaege + CASE WHEN \(dauerhaft) THEN 1 ELSE 0 END,
                        letzter_fehler = \(fehler), naechster_versuch = \(naechsterVersuch), gesperrt_von = NULL,
                        gesperrt_bis = NULL
                    FROM sperre s
                    WHERE a.ags = s.ags AND a.id = \(auftrag.id) AND a.fall_id = s.id AND a.status = 'inArbeit'
                      AND a.gesperrt_von = \(worker)
                    RETURNING a.ags, a.id
                ), versuch AS (
                    INSERT INTO ablage_versuche (ags, auftrag_id, nummer, am, worker, fehler, geparkt)
                    SELECT a.ags, a.id,
                           (SELECT count(*) + 1 FROM ablage_versuche v WHERE v.ags = a.ags AND v.auftrag_id = a.id),
                           \(jetzt), \(worker), \(fehler), \(parken)
                    FROM auftrag a
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), a.ags, NULL, \(Auditakteur.system.bezeichnung), NULL, 'ablage.geparkt', 'fall',
                           \(auftrag.fallId.lowercased), \(details)::jsonb
                    FROM auftrag a
                    WHERE \(parken)
                )
                SELECT count(*)::integer FROM auftrag
                """, (Int).self, logger: logger
            ).first ?? 0
        }
    }

    /// Runs a worker's report (`schritt` returns how many jobs it changed: 0 when the worker no
    /// longer holds the job), then derives the case's filing state in a statement of its own.
    private func melde(
        _ auftrag: Ablageauftrag, worker: String, _ schritt: (PostgresConnection) async throws -> Int
    ) async throws {
        let scope: TenantScope
        do { scope = try TenantScope(ags: auftrag.gemeindeschluessel) } catch { return }
        let angenommen = try await database.transaktion(Transaktionsart(scope: scope)) { connection in
            guard try await schritt(connection) > 0 else { return false }
            try await Self.leiteAblagestatusAb(
                ags: auftrag.gemeindeschluessel, fallId: auftrag.fallId, on: connection, logger: logger)
            return true
        }
        if !angenommen {
            logger.notice(
                "filing report ignored: the worker no longer holds the job",
                metadata: ["job": "\(auftrag.id)", "worker": "\(worker)"])
        }
    }

    /// The case's filing state from its jobs: `geparkt` while any is parked, `ausstehend` while any
    /// is waiting or in work, else `abgelegt`. Call with the case row locked, in a statement after
    /// the job change (so it sees every job as committed by the other holders of the lock).
    static func leiteAblagestatusAb(
        ags: String, fallId: UUID, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        try await connection.ausfuehren(
            """
            UPDATE faelle f
            SET ablage = CASE
                WHEN EXISTS (SELECT FROM ablageauftraege a
                             WHERE a.ags = f.ags AND a.fall_id = f.id AND a.status = 'geparkt') THEN 'geparkt'
                WHEN EXISTS (SELECT FROM ablageauftraege a
                             WHERE a.ags = f.ags AND a.fall_id = f.id AND a.status IN ('ausstehend', 'inArbeit'))
                    THEN 'ausstehend'
                ELSE 'abgelegt' END
            WHERE f.ags = \(ags)::char(8) AND f.id = \(fallId)
            """, logger: logger)
    }
}
