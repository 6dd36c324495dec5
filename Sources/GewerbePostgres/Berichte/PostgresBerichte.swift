import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The auditors' reports (`gewerbe report ...`, docs/berichte.md): volumes, processing times,
/// filing completeness and the Auskunft log.
///
/// Every report reads in one transaction that cannot write (``Database/transaktion(_:versuche:isolation:_:)`` with ``Transaktionsart/bericht(_:)``:
/// `READ ONLY`, one snapshot, role `gewerbe_report`, row-level security on the report's
/// municipalities). That the report was made is recorded afterwards by ``protokolliere(bericht:umfang:akteur:zeilen:)``
/// in a transaction of its own (the report role may append audit events, nothing else).
public struct PostgresBerichte: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "gewerbe.berichte")) {
        self.database = database
        self.logger = logger
    }

    // MARK: - volumes

    /// One row of the volumes report: the Anzeigen of one municipality, month of receipt and
    /// Meldeart.
    public struct Volumen: Sendable, Hashable, Codable {
        public var ags: String
        public var gemeinde: String
        /// `YYYY-MM` of the Eingangsdatum.
        public var monat: String
        public var meldeart: Meldeart
        /// Cases received (withdrawn ones included).
        public var anzahl: Int
        /// Of those, withdrawn as erroneous.
        public var zurueckgenommen: Int
    }

    /// Anzeigen per municipality, month of receipt (Eingangsdatum) and Meldeart, in that order.
    public func volumen(_ umfang: Berichtsumfang) async throws -> [Volumen] {
        let logger = self.logger
        let z = umfang.zeitraum
        return try await database.transaktion(.bericht(umfang.scope), versuche: 1) { connection in
            let rows = try await connection.query(
                """
                SELECT f.ags::text, coalesce(k.name, ''), to_char(f.eingangsdatum, 'YYYY-MM') AS monat, f.meldeart,
                       count(*)::bigint, (count(*) FILTER (WHERE f.status = 'zurueckgenommen'))::bigint
                FROM faelle f
                LEFT JOIN kommunen k ON k.ags = f.ags
                WHERE f.ags = ANY (\(umfang.kommunen)::char(8)[])
                  AND (\(z.von?.iso)::date IS NULL OR f.eingangsdatum >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR f.eingangsdatum <= \(z.bis?.iso)::date)
                GROUP BY f.ags, k.name, monat, f.meldeart
                ORDER BY f.ags, monat,
                         CASE f.meldeart WHEN 'anmeldung' THEN 1 WHEN 'ummeldung' THEN 2 ELSE 3 END
                """, logger: logger)
            var zeilen: [Volumen] = []
            for try await (ags, name, monat, meldeart, anzahl, zurueck) in rows.decode(
                (String, String, String, String, Int64, Int64).self)
            {
                guard let art = Meldeart(rawValue: meldeart) else { throw Berichtsfehler.ungueltig(meldeart) }
                zeilen.append(
                    Volumen(
                        ags: ags, gemeinde: name, monat: monat, meldeart: art, anzahl: Int(anzahl),
                        zurueckgenommen: Int(zurueck)))
            }
            return zeilen
        }
    }

    // MARK: - durations

    /// Processing times of one municipality and month of receipt.
    public struct Dauer: Sendable, Hashable, Codable {
        public var ags: String
        public var gemeinde: String
        /// `YYYY-MM` of the Eingangsdatum.
        public var monat: String
        /// Effective cases received (withdrawn ones do not count).
        public var anzahl: Int
        /// Of those, with an Empfangsbescheinigung.
        public var bescheinigt: Int
        /// Certified by the due day (``Fristen/empfangsbescheinigungFaellig(eingang:)``).
        public var fristgerecht: Int
        /// Certified after the due day.
        public var verspaetet: Int
        /// Not certified yet.
        public var offen: Int
        /// Not certified and past the due day on the reference day.
        public var offenUeberfaellig: Int
        /// Calendar days from receipt to Empfangsbescheinigung, over the certified cases.
        public var medianTage: Double?
        public var mittelTage: Double?
        public var maxTage: Int?
    }

    /// A case whose Empfangsbescheinigung came, or is still missing, after the due day.
    public struct Ueberfaellig: Sendable, Hashable, Codable {
        public var ags: String
        public var aktenzeichen: String
        public var meldeart: Meldeart
        public var eingang: Datum
        /// The due day: three days after receipt, moved to the next working day (section 15
        /// Abs. 1 GewO, section 31 VwVfG).
        public var faellig: Datum
        /// The day of the Empfangsbescheinigung, `nil` while open.
        public var bescheinigtAm: Datum?
        /// Calendar days from receipt to the Empfangsbescheinigung (or to the reference day).
        public var tage: Int
        /// Calendar days past the due day.
        public var tageUeberFrist: Int
    }

    /// The durations report: a summary per municipality and month, and the overdue cases.
    public struct Dauerbericht: Sendable, Hashable, Codable {
        /// The reference day for open cases.
        public var stichtag: Datum
        public var zusammenfassung: [Dauer]
        public var ueberfaellig: [Ueberfaellig]
    }

    /// Time from receipt (Eingangsdatum) to Empfangsbescheinigung for the effective cases received
    /// in the period, judged by ``Fristen/empfangsbescheinigungFaellig(eingang:)``; cases still
    /// open count as overdue when `stichtag` is past their due day. `fortschritt` gets the number
    /// of cases read so far.
    public func dauern(
        _ umfang: Berichtsumfang, stichtag: Datum, fortschritt: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Dauerbericht {
        let logger = self.logger
        let z = umfang.zeitraum
        return try await database.transaktion(.bericht(umfang.scope), versuche: 1) { connection in
            let namen = try await Self.gemeindenamen(umfang.kommunen, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                SELECT f.ags::text, f.aktenzeichen, f.meldeart, f.eingangsdatum::text, f.empfang_am::text
                FROM faelle f
                WHERE f.ags = ANY (\(umfang.kommunen)::char(8)[]) AND f.status = 'wirksam'
                  AND (\(z.von?.iso)::date IS NULL OR f.eingangsdatum >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR f.eingangsdatum <= \(z.bis?.iso)::date)
                ORDER BY f.ags, f.eingangsdatum, f.aktenzeichen
                """, logger: logger)
            var gruppen: [String: (ags: String, monat: String, tage: [Int], dauer: Dauer)] = [:]
            var reihenfolge: [String] = []
            var ueberfaellig: [Ueberfaellig] = []
            var gelesen = 0
            for try await (ags, aktenzeichen, meldeart, eingangText, empfangText) in rows.decode(
                (String, String, String, String, String?).self)
            {
                guard let art = Meldeart(rawValue: meldeart), let eingang = Datum(iso: eingangText) else {
                    throw Berichtsfehler.ungueltig(aktenzeichen)
                }
                let empfang = empfangText.flatMap(Datum.init(iso:))
                let monat = Berichtsmonat(eingang).description
                let schluessel = ags + monat
                if gruppen[schluessel] == nil {
                    reihenfolge.append(schluessel)
                    gruppen[schluessel] = (
                        ags, monat, [],
                        Dauer(
                            ags: ags, gemeinde: namen[ags] ?? "", monat: monat, anzahl: 0, bescheinigt: 0,
                            fristgerecht: 0, verspaetet: 0, offen: 0, offenUeberfaellig: 0)
                    )
                }
                let faellig = Fristen.empfangsbescheinigungFaellig(eingang: eingang)
                var gruppe = gruppen[schluessel]!
                gruppe.dauer.anzahl += 1
                if let empfang {
                    let tage = eingang.tage(bis: empfang)
                    gruppe.dauer.bescheinigt += 1
                    gruppe.tage.append(tage)
                    if empfang > faellig {
                        gruppe.dauer.verspaetet += 1
                        ueberfaellig.append(
                            Ueberfaellig(
                                ags: ags, aktenzeichen: aktenzeichen, meldeart: art, eingang: eingang, faellig: faellig,
                                bescheinigtAm: empfang, tage: tage, tageUeberFrist: faellig.tage(bis: empfang)))
                    } else {
                        gruppe.dauer.fristgerecht += 1
                    }
                } else {
                    gruppe.dauer.offen += 1
                    if Fristen.empfangsbescheinigungUeberfaellig(eingang: eingang, stichtag: stichtag) {
                        gruppe.dauer.offenUeberfaellig += 1
                        ueberfaellig.append(
                            Ueberfaellig(
                                ags: ags, aktenzeichen: aktenzeichen, meldeart: art, eingang: eingang, faellig: faellig,
                                bescheinigtAm: nil, tage: eingang.tage(bis: stichtag),
                                tageUeberFrist: faellig.tage(bis: stichtag)))
                    }
                }
                gruppen[schluessel] = gruppe
                gelesen += 1
                if gelesen % 1000 == 0 { fortschritt?(gelesen) }
            }
            fortschritt?(gelesen)
            let zusammenfassung = reihenfolge.sorted().map { schluessel -> Dauer in
                var gruppe = gruppen[schluessel]!
                let tage = gruppe.tage.sorted()
                if !tage.isEmpty {
                    let mitte = tage.count / 2
                    gruppe.dauer.medianTage =
                        tage.count % 2 == 1 ? Double(tage[mitte]) : Double(tage[mitte - 1] + tage[mitte]) / 2
                    gruppe.dauer.mittelTage = (Double(tage.reduce(0, +)) / Double(tage.count) * 100).rounded() / 100
                    gruppe.dauer.maxTage = tage.last
                }
                return gruppe.dauer
            }
            ueberfaellig.sort { ($0.ags, $0.aktenzeichen) < ($1.ags, $1.aktenzeichen) }
            return Dauerbericht(stichtag: stichtag, zusammenfassung: zusammenfassung, ueberfaellig: ueberfaellig)
        }
    }

    // MARK: - filing

    /// A case not (yet) completely filed into the eAkte.
    public struct NichtAbgelegt: Sendable, Hashable, Codable {
        public var ags: String
        public var aktenzeichen: String
        public var meldeart: Meldeart
        public var eingang: Datum
        /// `ausstehend` or `geparkt`.
        public var ablage: Ablagestatus
        /// Filing jobs of the case not yet done.
        public var offeneAuftraege: Int
        /// When the oldest of them was created.
        public var seit: Date?
        /// Failed attempts of those jobs.
        public var versuche: Int
        /// The last error of the newest failing job.
        public var letzterFehler: String?
    }

    /// A filing job that failed too often and waits for an operator (`gewerbe filing retry`).
    public struct Geparkt: Sendable, Hashable, Codable {
        public var ags: String
        public var aktenzeichen: String
        public var auftragId: UUID
        public var art: Ablageauftragsart
        public var version: Int
        public var versuche: Int
        public var erstelltAm: Date
        /// The time of the last failed attempt.
        public var letzterVersuch: Date?
        public var letzterFehler: String?
    }

    /// A filed document whose recorded SHA-256 disagrees with another record of it.
    public struct Hashabweichung: Sendable, Hashable, Codable {
        public var ags: String
        public var aktenzeichen: String
        public var auftragId: UUID
        public var art: Ablageauftragsart
        public var dokument: String
        /// The SHA-256 recorded with the filed document (`ablage_dokumente`).
        public var sha256Erfasst: String
        /// The SHA-256 the filing's audit event (`ablage.erledigt`, hash-chained) names, `nil` if
        /// the event or the document is missing there.
        public var sha256Pruefprotokoll: String?
        /// The SHA-256 of the document rendered again from the case data, when asked for.
        public var sha256NeuBerechnet: String?
        /// What disagrees, in words.
        public var befund: String
    }

    /// The filing report.
    public struct Ablagebericht: Sendable, Hashable, Codable {
        public var nichtAbgelegt: [NichtAbgelegt]
        public var geparkt: [Geparkt]
        public var hashabweichungen: [Hashabweichung]
        /// Filed documents checked.
        public var dokumenteGeprueft: Int
    }

    /// Renders the documents of a filing job again: file name -> SHA-256 (lowercase hex). Given by
    /// the caller that knows the renderer (GewerbeDokumente), for ``ablage(_:neuBerechnen:fortschritt:)``.
    public typealias Dokumenthashes = @Sendable (Fall, Ablageauftragsart, Int) throws -> [String: String]

    /// Cases received in the period that are not (yet) in the eAkte, parked jobs of those cases,
    /// and filed documents whose recorded hash differs from the hash in the filing's audit event
    /// (and, with `neuBerechnen`, from the hash of the document rendered again from the case).
    public func ablage(
        _ umfang: Berichtsumfang, neuBerechnen: Dokumenthashes? = nil,
        fortschritt: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Ablagebericht {
        let logger = self.logger
        let z = umfang.zeitraum
        return try await database.transaktion(.bericht(umfang.scope), versuche: 1) { connection in
            var nichtAbgelegt: [NichtAbgelegt] = []
            let offen = try await connection.query(
                """
                SELECT f.ags::text, f.aktenzeichen, f.meldeart, f.eingangsdatum::text, f.ablage,
                       (count(a.id) FILTER (WHERE a.status <> 'erledigt'))::bigint,
                       min(a.erstellt_am) FILTER (WHERE a.status <> 'erledigt'),
                       (coalesce(sum(a.versuche) FILTER (WHERE a.status <> 'erledigt'), 0))::bigint,
                       (array_agg(a.letzter_fehler ORDER BY a.erstellt_am DESC, a.id)
                            FILTER (WHERE a.status <> 'erledigt' AND a.letzter_fehler IS NOT NULL))[1]
                FROM faelle f
                LEFT JOIN ablageauftraege a ON a.ags = f.ags AND a.fall_id = f.id
                WHERE f.ags = ANY (\(umfang.kommunen)::char(8)[]) AND f.ablage <> 'abgelegt'
                  AND (\(z.von?.iso)::date IS NULL OR f.eingangsdatum >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR f.eingangsdatum <= \(z.bis?.iso)::date)
                GROUP BY f.ags, f.id
                ORDER BY f.ags, f.aktenzeichen
                """, logger: logger)
            for try await (ags, az, meldeart, eingang, ablage, anzahl, seit, versuche, fehler) in offen.decode(
                (String, String, String, String, String, Int64, Date?, Int64, String?).self)
            {
                guard let art = Meldeart(rawValue: meldeart), let datum = Datum(iso: eingang),
                    let status = Ablagestatus(rawValue: ablage)
                else { throw Berichtsfehler.ungueltig(az) }
                nichtAbgelegt.append(
                    NichtAbgelegt(
                        ags: ags, aktenzeichen: az, meldeart: art, eingang: datum, ablage: status,
                        offeneAuftraege: Int(anzahl), seit: seit, versuche: Int(versuche), letzterFehler: fehler))
            }

            var geparkt: [Geparkt] = []
            let parkend = try await connection.query(
                """
                SELECT a.ags::text, f.aktenzeichen, a.id, a.art, a.version, a.versuche, a.erstellt_am,
                       (SELECT max(w.am) FROM ablage_versuche w WHERE w.ags = a.ags AND w.auftrag_id = a.id),
                       a.letzter_fehler
                FROM ablageauftraege a
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE a.ags = ANY (\(umfang.kommunen)::char(8)[]) AND a.status = 'geparkt'
                  AND (\(z.von?.iso)::date IS NULL OR f.eingangsdatum >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR f.eingangsdatum <= \(z.bis?.iso)::date)
                ORDER BY a.ags, f.aktenzeichen, a.erstellt_am, a.id
                """, logger: logger)
            for try await (ags, az, id, art, version, versuche, erstellt, letzter, fehler) in parkend.decode(
                (String, String, UUID, String, Int, Int, Date, Date?, String?).self)
            {
                guard let auftragsart = Ablageauftragsart(rawValue: art) else { throw Berichtsfehler.ungueltig(az) }
                geparkt.append(
                    Geparkt(
                        ags: ags, aktenzeichen: az, auftragId: id, art: auftragsart, version: version,
                        versuche: versuche, erstelltAm: erstellt, letzterVersuch: letzter, letzterFehler: fehler))
            }

            // Every filed document with the hash its filing's audit event names.
            let dokumente = try await connection.query(
                """
                SELECT d.ags::text, f.aktenzeichen, a.id, a.fall_id, a.art, a.version, d.name, d.sha256::text,
                       (SELECT e.details -> 'dokumente' FROM audit_events e
                        WHERE e.ags = a.ags AND e.action = 'ablage.erledigt' AND e.object_type = 'fall'
                          AND e.object_id = a.fall_id::text AND e.details ->> 'auftrag' = a.id::text
                        ORDER BY e.seq LIMIT 1)::text
                FROM ablage_dokumente d
                JOIN ablageauftraege a ON a.ags = d.ags AND a.id = d.auftrag_id
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE d.ags = ANY (\(umfang.kommunen)::char(8)[])
                  AND (\(z.von?.iso)::date IS NULL OR f.eingangsdatum >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR f.eingangsdatum <= \(z.bis?.iso)::date)
                ORDER BY d.ags, f.aktenzeichen, a.erstellt_am, a.id, d.name
                """, logger: logger)
            struct Dokumentzeile {
                var ags: String
                var aktenzeichen: String
                var auftrag: UUID
                var fall: UUID
                var art: Ablageauftragsart
                var version: Int
                var name: String
                var sha256: String
                var protokoll: String?
            }
            var zeilen: [Dokumentzeile] = []
            for try await (ags, az, auftrag, fall, art, version, name, sha256, liste) in dokumente.decode(
                (String, String, UUID, UUID, String, Int, String, String, String?).self)
            {
                guard let auftragsart = Ablageauftragsart(rawValue: art) else { throw Berichtsfehler.ungueltig(az) }
                let protokolliert = try liste.map { try Self.protokollhashes($0) }
                zeilen.append(
                    Dokumentzeile(
                        ags: ags, aktenzeichen: az, auftrag: auftrag, fall: fall, art: auftragsart, version: version,
                        name: name, sha256: sha256, protokoll: protokolliert?[name]))
            }

            // Optionally, the documents rendered again from the cases, a batch of cases at a time.
            var neu: [UUID: [String: String]] = [:]
            var renderfehler: [UUID: String] = [:]
            if let neuBerechnen {
                var auftraegeNachFall: [UUID: [(UUID, Ablageauftragsart, Int)]] = [:]
                for zeile in zeilen where !(auftraegeNachFall[zeile.fall]?.contains { $0.0 == zeile.auftrag } ?? false)
                {
                    auftraegeNachFall[zeile.fall, default: []].append((zeile.auftrag, zeile.art, zeile.version))
                }
                let fallIds = auftraegeNachFall.keys.sorted { $0.uuidString < $1.uuidString }
                var geprueft = 0
                for start in stride(from: 0, to: fallIds.count, by: 200) {
                    let ids = Array(fallIds[start..<min(start + 200, fallIds.count)])
                    for fall in try await Self.ladeFaelle(
                        ids, kommunen: umfang.kommunen, on: connection, logger: logger)
                    {
                        for (auftrag, art, version) in auftraegeNachFall[fall.id] ?? [] {
                            do {
                                neu[auftrag] = try neuBerechnen(fall, art, version)
                            } catch {
                                renderfehler[auftrag] = "\(error)"
                            }
                        }
                        geprueft += 1
                    }
                    fortschritt?(geprueft)
                }
            }

            var abweichungen: [Hashabweichung] = []
            for zeile in zeilen {
                var befunde: [String] = []
                if zeile.protokoll == nil {
                    befunde.append("im Prüfprotokoll nicht verzeichnet")
                } else if zeile.protokoll != zeile.sha256 {
                    befunde.append("Prüfprotokoll nennt einen anderen Hash")
                }
                var neuHash: String?
                if neuBerechnen != nil {
                    if let fehler = renderfehler[zeile.auftrag] {
                        befunde.append("nicht neu berechenbar: \(fehler)")
                    } else if let hash = neu[zeile.auftrag]?[zeile.name] {
                        neuHash = hash
                        if hash != zeile.sha256 { befunde.append("neu berechnetes Dokument weicht ab") }
                    } else {
                        befunde.append("Dokument nicht neu berechenbar")
                    }
                }
                guard !befunde.isEmpty else { continue }
                abweichungen.append(
                    Hashabweichung(
                        ags: zeile.ags, aktenzeichen: zeile.aktenzeichen, auftragId: zeile.auftrag, art: zeile.art,
                        dokument: zeile.name, sha256Erfasst: zeile.sha256, sha256Pruefprotokoll: zeile.protokoll,
                        sha256NeuBerechnet: neuHash, befund: befunde.joined(separator: "; ")))
            }
            return Ablagebericht(
                nichtAbgelegt: nichtAbgelegt, geparkt: geparkt, hashabweichungen: abweichungen,
                dokumenteGeprueft: zeilen.count)
        }
    }

    /// Name -> SHA-256 from the `dokumente` list of an `ablage.erledigt` audit event.
    static func protokollhashes(_ json: String) throws -> [String: String] {
        struct Eintrag: Decodable {
            var name: String
            var sha256: String
        }
        let eintraege = try JSONDecoder().decode([Eintrag].self, from: Data(json.utf8))
        return Dictionary(
            eintraege.map { ($0.name, $0.sha256.lowercased()) }, uniquingKeysWith: { erster, _ in erster })
    }

    /// The cases with the given ids (all versions).
    static func ladeFaelle(
        _ ids: [UUID], kommunen: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Fall] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresFallspeicher.fallSpalten)
            FROM faelle f
            JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
            WHERE f.ags = ANY (\(kommunen)::char(8)[]) AND f.id = ANY (\(ids)::uuid[])
            ORDER BY f.ags, f.id, v.version
            """, logger: logger)
        var zeilen: [PostgresFallspeicher.Fallzeilentyp] = []
        for try await row in rows { zeilen.append(try row.decode(PostgresFallspeicher.Fallzeilentyp.self)) }
        return try PostgresFallspeicher.faelle(aus: zeilen)
    }

    // MARK: - auskunft

    /// One Registerauskunft as logged (section 14 Abs. 5-7 GewO): who gave it, who asked and why,
    /// what was searched and what was disclosed.
    public struct Auskunft: Sendable, Hashable, Codable {
        public var id: UUID
        public var erteiltAm: Date
        /// The municipality whose register data were disclosed (or the asking office's, when
        /// nothing was found).
        public var ags: String
        /// The member of staff who gave it.
        public var akteur: String
        /// `einfach`, `erweitert`, `oeffentlicheStelle`.
        public var art: String
        public var rechtsgrundlage: String
        /// Who asked.
        public var anfragender: String
        /// The legal interest made credible (extended Auskunft) or the purpose.
        public var begruendung: String?
        public var aktenzeichenAnfragender: String?
        /// The search criteria as JSON.
        public var suchkriterien: String
        /// The Betriebe disclosed, with their current names.
        public var betriebe: [String]
        /// The fields disclosed.
        public var felder: [String]
    }

    /// The Auskunft log of the period (by the day it was given, Europe/Berlin), oldest first.
    public func auskuenfte(
        _ umfang: Berichtsumfang, fortschritt: (@Sendable (Int) -> Void)? = nil
    ) async throws -> [Auskunft] {
        let logger = self.logger
        let z = umfang.zeitraum
        return try await database.transaktion(.bericht(umfang.scope), versuche: 1) { connection in
            let rows = try await connection.query(
                """
                SELECT p.id, p.erteilt_am, p.ags::text, p.akteur, p.art, p.rechtsgrundlage, p.anfragender,
                       p.begruendung, p.aktenzeichen_anfragender, p.suchkriterien::text,
                       coalesce((SELECT array_agg(coalesce(b.name, x.id::text) ORDER BY x.n)
                                 FROM unnest(p.betriebe) WITH ORDINALITY AS x(id, n)
                                 LEFT JOIN betriebe b ON b.ags = p.ags AND b.id = x.id), '{}'::text[]),
                       p.felder
                FROM auskunft_protokoll p
                WHERE p.ags = ANY (\(umfang.kommunen)::char(8)[])
                  AND (\(z.von?.iso)::date IS NULL
                       OR p.erteilt_am >= (\(z.von?.iso)::date)::timestamp AT TIME ZONE 'Europe/Berlin')
                  AND (\(z.bis?.iso)::date IS NULL
                       OR p.erteilt_am < (\(z.bis?.iso)::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')
                ORDER BY p.erteilt_am, p.ags, p.id
                """, logger: logger)
            var zeilen: [Auskunft] = []
            for try await row in rows {
                let (
                    id, am, ags, akteur, art, grundlage, anfragender, begruendung, aktenzeichen, kriterien, betriebe,
                    felder
                ) =
                    try row.decode(
                        (
                            UUID, Date, String, String, String, String, String, String?, String?, String, [String],
                            [String]
                        )
                        .self)
                zeilen.append(
                    Auskunft(
                        id: id, erteiltAm: am, ags: ags, akteur: akteur, art: art, rechtsgrundlage: grundlage,
                        anfragender: anfragender, begruendung: begruendung, aktenzeichenAnfragender: aktenzeichen,
                        suchkriterien: kriterien, betriebe: betriebe, felder: felder))
                if zeilen.count % 1000 == 0 { fortschritt?(zeilen.count) }
            }
            return zeilen
        }
    }

    // MARK: - Shared

    /// Names of the municipalities, by AGS.
    static func gemeindenamen(
        _ kommunen: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: String] {
        let rows = try await connection.query(
            "SELECT ags::text, name FROM kommunen WHERE ags = ANY (\(kommunen)::char(8)[])", logger: logger)
        var namen: [String: String] = [:]
        for try await (ags, name) in rows.decode((String, String).self) { namen[ags] = name }
        return namen
    }

    /// Records that a report was made: one `bericht.erstellt` event per municipality of the
    /// report (who, which report, period, rows), as `gewerbe_report`.
    public func protokolliere(bericht: String, umfang: Berichtsumfang, akteur: Auditakteur, zeilen: Int) async throws {
        struct Details: Encodable {
            var bericht: String
            var von: String?
            var bis: String?
            var kommunen: [String]
            var zeilen: Int
        }
        let logger = self.logger
        try await database.withTransaction(tenant: umfang.scope, role: .report) { connection in
            for ags in umfang.kommunen {
                try await AuditLog.append(
                    AuditEvent(
                        actor: akteur, action: "bericht.erstellt", ags: ags, objectType: "bericht", objectID: bericht,
                        details: Details(
                            bericht: bericht, von: umfang.zeitraum.von?.iso, bis: umfang.zeitraum.bis?.iso,
                            kommunen: umfang.kommunen, zeilen: zeilen)),
                    on: connection, logger: logger)
            }
        }
    }
}

/// A stored value a report cannot read.
public enum Berichtsfehler: Error, CustomStringConvertible {
    case ungueltig(String)

    public var description: String {
        switch self {
        case .ungueltig(let wo): "Gespeicherte Werte sind ungültig (\(wo))."
        }
    }
}
