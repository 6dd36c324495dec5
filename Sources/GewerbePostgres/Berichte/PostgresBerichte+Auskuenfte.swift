import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

// The Auskunft log (`gewerbe report auskuenfte`).
extension PostgresBerichte {
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
}
