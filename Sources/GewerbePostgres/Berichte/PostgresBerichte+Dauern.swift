import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

// The processing-times report (`gewerbe report dauern`).
extension PostgresBerichte {
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
}
