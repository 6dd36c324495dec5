import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The case store in PostgreSQL: the ``FallRepository`` of the service (migrations 0004-0006).
///
/// Every operation is one transaction as `gewerbe_app` (reads of the `pruefung` role as
/// `gewerbe_report`), scoped to the actor's municipalities: row-level security shows nothing else,
/// and every query filters by the actor's municipalities as well. The behaviour is the contract of
/// ``FallRepository`` as the in-memory twin documents it (`InMemoryFallRepository`), plus:
///
/// - **Writes** store the immutable Anzeige version, the case, the Betrieb's state (derived with
///   ``Lebenszyklus``), an audit event and a filing job (the outbox, ``PostgresAblageauftragQueue``)
///   in one transaction. The Aktenzeichen counter and the audit chain head are locked last, just
///   before the commit, because both serialize the writes of one municipality.
/// - **Einreichen** takes five round trips: BEGIN; role, scope and (with an Idempotency-Key) the
///   key's advisory lock; one query for the idempotency record, the Betrieb (locked `FOR UPDATE`),
///   similar Betriebe and the Rueckmeldung's former Betrieb; one statement writing everything;
///   COMMIT. Validation (``Pruefer``) runs in between, in Swift.
/// - **Rueckmeldeverfahren**: an accepted Anmeldung "Verlegung aus anderem Meldebezirk" (on or after
///   1 November 2025) whose `herkunft` names a municipality of this instance ends the former
///   Betrieb there in the same transaction: the Abmeldung of ``Lebenszyklus/rueckmeldungsAbmeldung(anmeldung:alterBetrieb:eingang:)``
///   becomes a case of the former municipality (own Aktenzeichen, `ausloesendeAnzeigeId`, audit
///   event by the system, filing job). The former Betrieb is the one `herkunft.betriebId` names if
///   it is open there, else the only open Betrieb at the former Betriebsstaette with the same
///   person or firm. When that fails (or the municipality is not in this instance, or the built
///   Abmeldung has `fehler`), a pending Rueckmeldung is recorded instead (``offeneRueckmeldungen(akteur:)``).
/// - **Intake** tokens see only the cases they submitted (others answer ``FallFehler/nichtGefunden(_:)``),
///   no Betrieb, no register; they may not give an Auskunft.
/// - **Audit**: every write appends an event in its transaction; every read of personal data
///   appends one event per municipality concerned, naming the cases or Betriebe. Read transactions
///   commit without waiting for the WAL flush (``Einstellungen/leseprotokollOhneFlush``).
public struct PostgresFallRepository: FallRepository {
    /// Limits and switches, read once from the configuration.
    public struct Einstellungen: Sendable, Hashable {
        /// The largest page a list returns (the requested size is clamped to 1...this).
        public var maxSeitengroesse: Int
        /// The most Betriebe one Registerauskunft discloses.
        public var maxAuskunftsTreffer: Int
        /// Thresholds of the plausibility rules.
        public var pruefeinstellungen: Pruefeinstellungen
        /// Read transactions (whose only write is their audit event) commit with
        /// `synchronous_commit = off`: they do not wait for the disk, at the risk of losing the audit
        /// events of the last fraction of a second if the server crashes.
        public var leseprotokollOhneFlush: Bool
        /// How often a transaction is tried when PostgreSQL aborts it for a deadlock.
        public var versuche: Int

        public init(
            maxSeitengroesse: Int = 200, maxAuskunftsTreffer: Int = 100,
            pruefeinstellungen: Pruefeinstellungen = Pruefeinstellungen(), leseprotokollOhneFlush: Bool = true,
            versuche: Int = 3
        ) {
            self.maxSeitengroesse = maxSeitengroesse
            self.maxAuskunftsTreffer = maxAuskunftsTreffer
            self.pruefeinstellungen = pruefeinstellungen
            self.leseprotokollOhneFlush = leseprotokollOhneFlush
            self.versuche = versuche
        }
    }

    let database: Database
    let uhr: any Uhr
    let logger: Logger
    let einstellungen: Einstellungen

    /// - Parameters:
    ///   - database: the pool (it must be running).
    ///   - uhr: "now" and "today" (Europe/Berlin) for dates of receipt, deadlines and the records.
    public init(
        database: Database, uhr: any Uhr = SystemUhr(), logger: Logger = Logger(label: "gewerbe.faelle"),
        einstellungen: Einstellungen = Einstellungen()
    ) {
        self.database = database
        self.uhr = uhr
        self.logger = logger
        self.einstellungen = einstellungen
    }

    // MARK: - Scope

    /// What an actor may see, resolved: the municipalities (all of them for the system) and, for
    /// the intake role, the token whose cases alone it sees.
    struct Sicht: Sendable {
        var kommunen: [String]
        var akteur: Akteur
        /// Intake: only cases created by this token ...
        var nurToken: UUID?
        /// ... or, for an actor without a token id, by this label.
        var nurVon: String?

        var istIntake: Bool { akteur.rolle == .intake }

        func sieht(_ ags: String) -> Bool { kommunen.contains(ags) }

        /// The municipalities of a list or search: those of `kommune` (if given and visible) or all.
        func auswahl(_ kommune: String?) -> [String] {
            guard let kommune else { return kommunen }
            return kommunen.contains(kommune) ? [kommune] : []
        }

        var audit: AuditActor {
            AuditActor(tokenID: akteur.tokenId, label: akteur.bezeichnung, role: akteur.rolle.rawValue)
        }
    }

    func sicht(_ akteur: Akteur) async throws -> Sicht {
        let kommunen: [String]
        if akteur.rolle == .system {
            kommunen = try await alleKommunen()
        } else {
            kommunen = akteur.kommunen.filter(AGS.isValid).sorted()
        }
        guard !kommunen.isEmpty else {
            throw FallFehler.nichtBerechtigt("Das Token ist für keine Gemeinde zugelassen.")
        }
        var sicht = Sicht(kommunen: kommunen, akteur: akteur)
        if akteur.rolle == .intake {
            if let token = akteur.tokenId { sicht.nurToken = token } else { sicht.nurVon = akteur.bezeichnung }
        }
        return sicht
    }

    /// The AGS of every municipality of the instance (for the system actor).
    func alleKommunen() async throws -> [String] {
        let logger = self.logger
        return try await database.withConnection { connection in
            try await connection.zeilen("SELECT ags::text FROM kommunen ORDER BY ags", (String).self, logger: logger)
        }
    }

    /// The transaction of an operation: `gewerbe_report` for reads of auditors, `gewerbe_app` else.
    func art(_ sicht: Sicht, lesend: Bool, zusaetzlich: [String] = [], sperre: Int64? = nil) throws -> Transaktionsart {
        let scope: TenantScope
        do {
            scope = try TenantScope(kommunen: sicht.kommunen + zusaetzlich)
        } catch {
            throw FallFehler.nichtBerechtigt("Das Token ist für keine Gemeinde zugelassen.")
        }
        let rolle: DatabaseRole = lesend && sicht.akteur.rolle == .pruefung ? .report : .app
        return Transaktionsart(
            scope: scope, rolle: rolle, sperre: sperre, ohneFlush: lesend && einstellungen.leseprotokollOhneFlush)
    }

    /// Refuses writes of roles that only read (auditors, statistics).
    func pruefeSchreibrecht(_ akteur: Akteur) throws {
        if akteur.rolle == .pruefung || akteur.rolle == .statistik {
            throw FallFehler.nichtBerechtigt("Die Rolle \(akteur.rolle.rawValue) darf keine Fälle ändern.")
        }
    }

    /// The page size asked for, clamped to 1...maxSeitengroesse.
    func seitengroesse(_ limit: Int) -> Int { min(max(limit, 1), einstellungen.maxSeitengroesse) }

    // MARK: - Loading cases

    /// The columns ``fallAusZeilen(_:)`` reads: one row per case version.
    static let fallSpalten = """
        f.ags::text, f.id, f.aktenzeichen, f.betrieb_id, f.meldeart, f.status, f.revision, f.empfang_am::text,
        f.empfang_von, f.ablage, f.ruecknahme_grund, f.ruecknahme_am, f.ruecknahme_von, f.ausloesende_anzeige_id,
        v.version, v.anzeige::text, v.hinweise::text, v.erfasst_am, v.erfasst_von, v.berichtigungsgrund
        """

    typealias Fallzeilentyp = (
        String, UUID, String, UUID, String, String, Int, String?, String?, String, String?, Date?, String?, UUID?,
        Int, String, String, Date, String, String?
    )

    /// Cases from rows of ``fallSpalten`` (ordered by case, then version), in the order of the rows.
    static func faelle(aus zeilen: [Fallzeilentyp]) throws -> [Fall] {
        var faelle: [Fall] = []
        for z in zeilen {
            let version = Fallversion(
                version: z.14, anzeige: try JSONText.lies(Anzeige.self, z.15),
                hinweise: try JSONText.lies([Befund].self, z.16), erfasstAm: z.17, erfasstVon: z.18,
                berichtigungsgrund: z.19)
            if let letzter = faelle.last, letzter.id == z.1 {
                faelle[faelle.count - 1].versionen.append(version)
                continue
            }
            guard let meldeart = Meldeart(rawValue: z.4), let status = Fallstatus(rawValue: z.5),
                let ablage = Ablagestatus(rawValue: z.9)
            else { throw FallFehler.konflikt("Fall \(z.2): gespeicherte Werte sind ungültig.") }
            let empfang = z.7.flatMap(Datum.init(iso:)).map {
                Empfangsbescheinigung(ausgestelltAm: $0, ausgestelltVon: z.8 ?? "")
            }
            let ruecknahme = z.10.map {
                Ruecknahme(grund: $0, am: z.11 ?? Date(timeIntervalSince1970: 0), von: z.12 ?? "")
            }
            faelle.append(
                Fall(
                    id: z.1, aktenzeichen: z.2, gemeindeschluessel: z.0, betriebId: z.3, meldeart: meldeart,
                    status: status, versionen: [version], empfangsbescheinigung: empfang, ablage: ablage,
                    revision: z.6, ruecknahme: ruecknahme, ausloesendeAnzeigeId: z.13))
        }
        return faelle
    }

    /// The cases with the given ids in the given municipalities (any creator), with all versions.
    func ladeFaelle(_ ids: [UUID], kommunen: [String], on connection: PostgresConnection) async throws -> [Fall] {
        guard !ids.isEmpty else { return [] }
        let zeilen = try await connection.zeilen(
            """
            SELECT \(unescaped: Self.fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.ags = ANY (\(kommunen)::char(8)[]) AND f.id = ANY (\(ids)::uuid[])
            ORDER BY f.ags, f.id, v.version
            """, Fallzeilentyp.self, logger: logger)
        let faelle = try Self.faelle(aus: zeilen)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return faelle.sorted { (position[$0.id] ?? 0) < (position[$1.id] ?? 0) }
    }

    /// Every case of a Betrieb, oldest first (by their place in its history), with all versions.
    func ladeFaelle(betrieb: UUID, ags: String, on connection: PostgresConnection) async throws -> [Fall] {
        let zeilen = try await connection.zeilen(
            """
            SELECT \(unescaped: Self.fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.ags = \(ags)::char(8) AND f.betrieb_id = \(betrieb)
            ORDER BY f.position, v.version
            """, Fallzeilentyp.self, logger: logger)
        return try Self.faelle(aus: zeilen)
    }

    // MARK: - Audit

    /// One audit event to append within an operation's transaction.
    struct Protokolleintrag: Sendable {
        var ags: String
        var aktion: String
        var objektTyp: String?
        var objektId: String?
        var details: String
    }

    /// Appends the events in one statement (the audit trigger links each into its chain).
    func protokolliere(
        _ eintraege: [Protokolleintrag], akteur: AuditActor, on connection: PostgresConnection
    )
        async throws
    {
        guard !eintraege.isEmpty else { return }
        try await connection.ausfuehren(
            """
            INSERT INTO audit_events
                (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
            SELECT gen_random_uuid(), e.ags, \(akteur.tokenID)::uuid, \(akteur.label), \(akteur.role)::text, e.aktion,
                   nullif(e.typ, ''), nullif(e.objekt, ''), e.details::jsonb
            FROM unnest(\(eintraege.map(\.ags))::text[], \(eintraege.map(\.aktion))::text[],
                        \(eintraege.map { $0.objektTyp ?? "" })::text[], \(eintraege.map { $0.objektId ?? "" })::text[],
                        \(eintraege.map(\.details))::text[])
                 AS e(ags, aktion, typ, objekt, details)
            """, logger: logger)
    }

    /// One read event per municipality of `treffer` (AGS and object id), naming its objects; when
    /// nothing was found, one event in `leer` (if given), so that a search for a person is on record.
    static func leseprotokoll(
        aktion: String, objektTyp: String, treffer: [(ags: String, objekt: String)], leer: String?,
        details: [String: JSONWert]
    ) throws -> [Protokolleintrag] {
        var nachGemeinde: [String: [String]] = [:]
        for (ags, objekt) in treffer { nachGemeinde[ags, default: []].append(objekt) }
        if nachGemeinde.isEmpty, let leer { nachGemeinde[leer] = [] }
        return try nachGemeinde.keys.sorted().map { ags in
            let objekte = nachGemeinde[ags] ?? []
            var alle = details
            alle["objekte"] = .liste(objekte.map(JSONWert.text))
            return Protokolleintrag(
                ags: ags, aktion: aktion, objektTyp: objektTyp, objektId: objekte.count == 1 ? objekte[0] : nil,
                details: try JSONText.kodiere(alle))
        }
    }
}

/// A small JSON value for audit details.
enum JSONWert: Encodable, Sendable {
    case text(String)
    case zahl(Int)
    case wahr(Bool)
    case liste([JSONWert])
    case objekt([String: JSONWert])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let wert): try container.encode(wert)
        case .zahl(let wert): try container.encode(wert)
        case .wahr(let wert): try container.encode(wert)
        case .liste(let wert): try container.encode(wert)
        case .objekt(let wert): try container.encode(wert)
        }
    }

    /// The non-nil entries of `werte` as an object.
    static func objekt(_ werte: [String: String?]) -> JSONWert {
        .objekt(werte.compactMapValues { $0.map(JSONWert.text) })
    }
}
