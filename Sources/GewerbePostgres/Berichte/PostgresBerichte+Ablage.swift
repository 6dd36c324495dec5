import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

// The filing-completeness report (`gewerbe report ablage`).
extension PostgresBerichte {
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
                    for fall in try await PostgresFallspeicher.ladeFaelle(
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
}
