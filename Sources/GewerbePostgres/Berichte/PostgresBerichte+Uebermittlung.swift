import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

// The transmission report (`gewerbe report uebermittlung`): what went to whom, when, what is
// outstanding or rejected, per municipality and month.
extension PostgresBerichte {
    /// Messages of one municipality, month (of planning, Berlin time) and recipient, by state.
    public struct Versandzeile: Sendable, Hashable, Codable {
        public var ags: String
        public var monat: String
        public var empfaenger: String
        public var nachrichtentyp: String
        public var gesendet: Int
        public var ausstehend: Int
        public var abgewiesen: Int
        public var geparkt: Int
        public var entfallen: Int
        /// When the last of them was sent.
        public var zuletztGesendet: Date?
    }

    /// A message not sent (waiting, rejected or parked).
    public struct OffeneNachricht: Sendable, Hashable, Codable {
        public var ags: String
        public var aktenzeichen: String
        public var nachricht: UUID
        public var nachrichtentyp: String
        public var status: String
        public var seit: Date
        public var versuche: Int
        public var grund: String?
    }

    public struct Uebermittlungsbericht: Sendable, Hashable, Codable {
        public var versand: [Versandzeile]
        public var offen: [OffeneNachricht]
    }

    /// Messages planned in the period (by the date their Satz was created, Berlin time).
    public func uebermittlung(_ umfang: Berichtsumfang) async throws -> Uebermittlungsbericht {
        let logger = self.logger
        let z = umfang.zeitraum
        return try await database.transaktion(.bericht(umfang.scope), versuche: 1) { connection in
            var versand: [Versandzeile] = []
            let zeilen = try await connection.query(
                """
                SELECT a.ags::text, to_char(a.erstellt_am AT TIME ZONE 'Europe/Berlin', 'YYYY-MM'), a.empfaenger,
                       a.nachrichtentyp,
                       (count(*) FILTER (WHERE a.status = 'gesendet'))::bigint,
                       (count(*) FILTER (WHERE a.status IN ('ausstehend', 'inArbeit')))::bigint,
                       (count(*) FILTER (WHERE a.status = 'abgewiesen'))::bigint,
                       (count(*) FILTER (WHERE a.status = 'geparkt'))::bigint,
                       (count(*) FILTER (WHERE a.status = 'entfallen'))::bigint,
                       max(a.gesendet_am)
                FROM uebermittlungsauftraege a
                WHERE a.ags = ANY (\(umfang.kommunen)::char(8)[])
                  AND (\(z.von?.iso)::date IS NULL OR (a.erstellt_am AT TIME ZONE 'Europe/Berlin')::date >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR (a.erstellt_am AT TIME ZONE 'Europe/Berlin')::date <= \(z.bis?.iso)::date)
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 4
                """, logger: logger)
            for try await (ags, monat, empfaenger, typ, gesendet, ausstehend, abgewiesen, geparkt, entfallen, zuletzt)
                in zeilen.decode((String, String, String, String, Int64, Int64, Int64, Int64, Int64, Date?).self)
            {
                versand.append(
                    Versandzeile(
                        ags: ags, monat: monat, empfaenger: empfaenger, nachrichtentyp: typ, gesendet: Int(gesendet),
                        ausstehend: Int(ausstehend), abgewiesen: Int(abgewiesen), geparkt: Int(geparkt),
                        entfallen: Int(entfallen), zuletztGesendet: zuletzt))
            }
            var offen: [OffeneNachricht] = []
            let wartend = try await connection.query(
                """
                SELECT a.ags::text, f.aktenzeichen, a.id, a.nachrichtentyp, a.status, a.erstellt_am, a.versuche,
                       a.letzter_fehler
                FROM uebermittlungsauftraege a
                JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                WHERE a.ags = ANY (\(umfang.kommunen)::char(8)[]) AND a.status IN ('ausstehend', 'inArbeit', 'abgewiesen', 'geparkt')
                  AND (\(z.von?.iso)::date IS NULL OR (a.erstellt_am AT TIME ZONE 'Europe/Berlin')::date >= \(z.von?.iso)::date)
                  AND (\(z.bis?.iso)::date IS NULL OR (a.erstellt_am AT TIME ZONE 'Europe/Berlin')::date <= \(z.bis?.iso)::date)
                ORDER BY a.status = 'abgewiesen' DESC, a.status = 'geparkt' DESC, a.ags, a.erstellt_am, a.id
                """, logger: logger)
            for try await (ags, az, id, typ, status, seit, versuche, grund) in wartend.decode(
                (String, String, UUID, String, String, Date, Int, String?).self)
            {
                offen.append(
                    OffeneNachricht(
                        ags: ags, aktenzeichen: az, nachricht: id, nachrichtentyp: typ, status: status, seit: seit,
                        versuche: versuche, grund: grund))
            }
            return Uebermittlungsbericht(versand: versand, offen: offen)
        }
    }
}
