import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

// The volumes report (`gewerbe report volumen`).
extension PostgresBerichte {
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
}
