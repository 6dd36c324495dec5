import Foundation
import GewerbeDomain

/// A known history of cases in three municipalities from October to December 2026, played
/// through ``Fallbearbeitung`` on any ``Fallspeicher`` (the in-memory twin or PostgreSQL) with a ``TestUhr``, so that
/// the statistics export and the auditors' reports can be checked against numbers known in
/// advance (docs/export-statistik.md, docs/berichte.md).
///
/// Sontra (06636011), in the order of the Aktenzeichen:
///
/// | Az    | case | receipt    | Empfangsbescheinigung | later                                   |
/// | ----- | ---- | ---------- | --------------------- | --------------------------------------- |
/// | 00001 | A1   | 2026-10-05 | 2026-10-06            |                                         |
/// | 00002 | A3   | 2026-10-12 | 2026-10-19 (late)     | corrected 2026-11-10 and 2026-12-03     |
/// | 00003 | A4   | 2026-10-14 | 2026-10-20 (late)     | withdrawn 2026-11-15                    |
/// | 00004 | A2   | 2026-10-28 | 2026-11-02 (in time)  |                                         |
/// | 00005 | A5   | 2026-11-03 | 2026-11-05            | corrected 2026-11-04 (before receipt)   |
/// | 00006 | A6   | 2026-11-09 | 2026-11-10            | withdrawn 2026-11-20                    |
/// | 00007 | U1   | 2026-11-16 | 2026-11-17            | Ummeldung of A1's Betrieb               |
/// | 00008 | B1   | 2026-11-23 | 2026-11-24            | Abmeldung of A2's Betrieb               |
/// | 00009 | A7   | 2026-11-25 | none (overdue)        |                                         |
///
/// Witzenhausen (06636016): W1 received 2026-10-07, certified 10-08, corrected 11-18; W2
/// received 2026-11-11, certified 11-12. Herleshausen (06636005): H1 received and certified
/// 2026-11-02.
///
/// Two Registerauskuenfte in Sontra: a simple one on 2026-11-26 (name "Weiß") and an extended
/// one with a legal interest on 2026-11-27 (name "Özdemir").
///
/// Statistics: October 4 records (A1, A3, A4, W1, all `neu`); November 9 (`neu`: H1, A2, A5,
/// U1, B1, W2; `korrektur`: A3, W1; `storno`: A4); December 1 (`korrektur`: A3).
public enum Berichtsszenario {
    public static let sontra = "06636011"
    public static let witzenhausen = "06636016"
    public static let herleshausen = "06636005"
    public static let kommunen = [herleshausen, sontra, witzenhausen]

    /// The reference day of the durations report (A7 is overdue on it).
    public static let stichtag = Datum(jahr: 2026, monat: 12, tag: 10)!

    /// The clerk of a municipality.
    public static func sachbearbeitung(_ ags: String) -> Akteur {
        Akteur(
            tokenId: UUID(uuidString: "00000000-0000-4000-8000-0000\(ags)")!,
            bezeichnung: "Sachbearbeitung \(name(ags))", rolle: .sachbearbeitung, kommunen: [ags])
    }

    /// The statistics office of all three municipalities.
    public static let statistikamt = Akteur(
        tokenId: UUID(uuidString: "00000000-0000-4000-8000-00000000057a")!, bezeichnung: "Statistisches Landesamt",
        rolle: .statistik, kommunen: Set(kommunen))

    public static func name(_ ags: String) -> String {
        switch ags {
        case sontra: "Sontra"
        case witzenhausen: "Witzenhausen"
        case herleshausen: "Herleshausen"
        default: ags
        }
    }

    static func tag(_ monat: Int, _ tag: Int) -> Datum { Datum(jahr: 2026, monat: monat, tag: tag)! }

    /// A case of the scenario could not be played (the repository rejected it).
    public struct Fehler: Error, CustomStringConvertible {
        public let description: String
    }

    /// Plays the scenario on an empty `repo`; returns the case ids by label (`A1`, ..., `H1`).
    @discardableResult
    public static func spiele(_ repo: Fallbearbeitung, uhr: TestUhr) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        var betriebe: [String: UUID] = [:]

        func einreichen(_ label: String, _ anzeige: Anzeige) async throws {
            let ags = anzeige.gemeindeschluessel ?? sontra
            switch try await repo.einreichen(anzeige, akteur: sachbearbeitung(ags), idempotenzSchluessel: nil) {
            case .angenommen(let fall, _):
                ids[label] = fall.id
                betriebe[label] = fall.betriebId
            case .abgelehnt(let pruefung):
                throw Fehler(description: "\(label) abgelehnt: \(pruefung)")
            }
        }
        func bescheinige(_ label: String, _ am: Datum) async throws {
            let fall = ids[label]!
            let ags = try await repo.fall(id: fall, akteur: .system).gemeindeschluessel
            _ = try await repo.bescheinigeEmpfang(fallId: fall, am: am, akteur: sachbearbeitung(ags))
        }
        func berichtige(_ label: String, _ aendern: (inout Anzeige) -> Void) async throws {
            let fall = try await repo.fall(id: ids[label]!, akteur: .system)
            var anzeige = fall.anzeige
            aendern(&anzeige)
            let ergebnis = try await repo.berichtigen(
                fallId: fall.id, anzeige: anzeige, grund: "Schreibfehler berichtigt", ifMatch: fall.etag,
                akteur: sachbearbeitung(fall.gemeindeschluessel))
            if case .abgelehnt(let pruefung) = ergebnis { throw Fehler(description: "\(label): \(pruefung)") }
        }
        func zuruecknehmen(_ label: String) async throws {
            let fall = try await repo.fall(id: ids[label]!, akteur: .system)
            _ = try await repo.zuruecknehmen(
                fallId: fall.id, grund: "Doppelt erfasst", ifMatch: fall.etag,
                akteur: sachbearbeitung(fall.gemeindeschluessel))
        }
        func am(_ monat: Int, _ tag: Int) { uhr.setze(Self.tag(monat, tag)) }

        am(10, 5)
        try await einreichen("A1", Testanzeigen.anmeldung(gemeinde: sontra, eingang: tag(10, 5)))
        am(10, 6)
        try await bescheinige("A1", tag(10, 6))
        am(10, 7)
        try await einreichen(
            "W1",
            Testanzeigen.anmeldung(
                gemeinde: witzenhausen, eingang: tag(10, 7), familienname: "Schäfer", vornamen: "Anna",
                geschaeft: "Blumen Schäfer", strasse: "Steinstraße", hausnummer: "1", plz: "37213",
                ort: "Witzenhausen", taetigkeit: "Einzelhandel mit Blumen und Pflanzen", wz: "47.76.1"))
        am(10, 8)
        try await bescheinige("W1", tag(10, 8))
        am(10, 12)
        try await einreichen(
            "A3",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(10, 12), familienname: "Müller", vornamen: "Zoë",
                geschaeft: "Café „Zur Linde“; Inh. \"Müller\"", strasse: "Niederstadt", hausnummer: "5a",
                taetigkeit: "Ausschank von Getränken\nund Imbiss", wz: "56.30.1"))
        am(10, 14)
        try await einreichen(
            "A4",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(10, 14), familienname: "Becker", vornamen: "Paul",
                geschaeft: "Becker Hausmeisterservice", strasse: "Am Berg", hausnummer: "2",
                taetigkeit: "Hausmeisterdienste", wz: "81.10.0"))
        am(10, 19)
        try await bescheinige("A3", tag(10, 19))
        am(10, 20)
        try await bescheinige("A4", tag(10, 20))
        am(10, 28)
        try await einreichen(
            "A2",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(10, 28), familienname: "Özdemir", vornamen: "Elif",
                geschaeft: "Özdemir Friseursalon", strasse: "Bahnhofstraße", hausnummer: "9",
                taetigkeit: "Friseursalon", wz: "96.02.1"))
        am(11, 2)
        try await bescheinige("A2", tag(11, 2))
        try await einreichen(
            "H1",
            Testanzeigen.anmeldung(
                gemeinde: herleshausen, eingang: tag(11, 2), familienname: "Wagner", vornamen: "Jonas",
                geschaeft: "Wagner Elektro", strasse: "Lindenweg", hausnummer: "4", plz: "37293", ort: "Herleshausen",
                taetigkeit: "Elektroinstallation", wz: "43.21.0"))
        try await bescheinige("H1", tag(11, 2))
        am(11, 3)
        try await einreichen(
            "A5",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(11, 3), familienname: "Krause", vornamen: "Lena",
                geschaeft: "Krause Näherei", strasse: "Mühlgasse", hausnummer: "1",
                taetigkeit: "Nähen von Vorhängen", wz: "13.92.0"))
        am(11, 4)
        try await berichtige("A5") { $0.geschaeftsbezeichnung = "Krause Nähstube" }
        am(11, 5)
        try await bescheinige("A5", tag(11, 5))
        am(11, 9)
        try await einreichen(
            "A6",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(11, 9), familienname: "Hofmann", vornamen: "Max",
                geschaeft: "Hofmann Kurierdienst", strasse: "Kirchplatz", hausnummer: "7",
                taetigkeit: "Kurierdienst mit Fahrrädern", wz: "53.20.0"))
        am(11, 10)
        try await bescheinige("A6", tag(11, 10))
        try await berichtige("A3") { $0.geschaeftsbezeichnung = "Café „Zur Linde“; Inh. \"Müller\" (Mittagstisch)" }
        am(11, 11)
        try await einreichen(
            "W2",
            Testanzeigen.anmeldung(
                gemeinde: witzenhausen, eingang: tag(11, 11), familienname: "Neumann", vornamen: "Ida",
                geschaeft: "Neumann Obstbau", strasse: "Nordbahnhofstraße", hausnummer: "12", plz: "37213",
                ort: "Witzenhausen", taetigkeit: "Verkauf von Obst aus eigenem Anbau", wz: "47.21.0"))
        am(11, 12)
        try await bescheinige("W2", tag(11, 12))
        am(11, 15)
        try await zuruecknehmen("A4")
        am(11, 16)
        try await einreichen(
            "U1", Testanzeigen.ummeldung(betriebId: betriebe["A1"]!, gemeinde: sontra, eingang: tag(11, 16)))
        am(11, 17)
        try await bescheinige("U1", tag(11, 17))
        am(11, 18)
        try await berichtige("W1") { $0.geschaeftsbezeichnung = "Blumen Schäfer am Markt" }
        am(11, 20)
        try await zuruecknehmen("A6")
        am(11, 23)
        try await einreichen(
            "B1",
            Testanzeigen.abmeldung(
                betriebId: betriebe["A2"]!, gemeinde: sontra, eingang: tag(11, 23), familienname: "Özdemir",
                vornamen: "Elif", geschaeft: "Özdemir Friseursalon", strasse: "Bahnhofstraße", hausnummer: "9"))
        am(11, 24)
        try await bescheinige("B1", tag(11, 24))
        am(11, 25)
        try await einreichen(
            "A7",
            Testanzeigen.anmeldung(
                gemeinde: sontra, eingang: tag(11, 25), familienname: "Schulz", vornamen: "Tim",
                geschaeft: "Schulz Gartenpflege", strasse: "Am Anger", hausnummer: "8",
                taetigkeit: "Garten- und Landschaftspflege", wz: "81.30.1"))
        am(11, 26)
        _ = try await repo.auskunft(
            Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster, Kassel"),
            akteur: sachbearbeitung(sontra))
        am(11, 27)
        _ = try await repo.auskunft(
            Auskunftsanfrage(
                art: .erweitert, name: "Özdemir", anfragender: "Inkasso Nord GmbH, Göttingen",
                begruendung: "Vollstreckung einer titulierten Forderung (Vollstreckungsbescheid AG Eschwege)",
                aktenzeichenAnfragender: "IN-2026-0815"),
            akteur: sachbearbeitung(sontra))
        am(12, 3)
        try await berichtige("A3") { $0.geschaeftsbezeichnung = "Café „Zur Linde“" }
        am(12, 10)
        return ids
    }
}

/// The in-memory twin of ``StatistikQuelle``: the records of fixed cases, chosen by
/// ``Statistikauswahl`` and sorted like the PostgreSQL adapter sorts them, with the versions
/// reduced as the adapter reduces them (``Anzeige/statistikauszug``, no findings); every export
/// is recorded in ``protokoll()``.
public final class InMemoryStatistikQuelle: StatistikQuelle {
    /// One recorded export.
    public struct Export: Sendable, Hashable {
        public var akteur: String
        public var monat: Berichtsmonat
        public var kommunen: [String]
        public var saetze: Int
        public var vollstaendig: Bool
    }

    private let faelle: [Fall]
    private let alle: [String]
    private let exporte = LockedBox<[Export]>([])

    /// - Parameters:
    ///   - faelle: the cases of the instance.
    ///   - kommunen: the instance's municipalities (for the system actor).
    public init(faelle: [Fall], kommunen: [String]? = nil) {
        self.faelle = faelle.map { fall in
            var reduziert = fall
            reduziert.versionen = fall.versionen.map {
                var version = $0
                version.anzeige = $0.anzeige.statistikauszug
                version.hinweise = []
                return version
            }
            return reduziert
        }
        alle = kommunen ?? Array(Set(faelle.map(\.gemeindeschluessel))).sorted()
    }

    /// The exports made so far.
    public func protokoll() -> [Export] { exporte.get() }

    public func saetze<Ergebnis: Sendable>(
        monat: Berichtsmonat, kommunen: [String]?, akteur: Akteur,
        _ verarbeite: (Statistiksaetze) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        let auswahl = Set(try Statistikauswahl.kommunen(kommunen, akteur: akteur, alle: alle))
        let saetze = faelle.filter { auswahl.contains($0.gemeindeschluessel) }
            .sorted { ($0.gemeindeschluessel, $0.aktenzeichen) < ($1.gemeindeschluessel, $1.aktenzeichen) }
            .compactMap { Statistikauswahl.satz(fuer: $0, monat: monat) }
        let gelesen = LockedBox(0)
        var rest = saetze[...]
        let folge = Statistiksaetze {
            guard let satz = rest.popFirst() else { return nil }
            gelesen.update { $0 += 1 }
            return satz
        }
        do {
            let ergebnis = try await verarbeite(folge)
            exporte.update {
                $0.append(
                    Export(
                        akteur: akteur.bezeichnung, monat: monat, kommunen: auswahl.sorted(), saetze: gelesen.get(),
                        vollstaendig: true))
            }
            return ergebnis
        } catch {
            exporte.update {
                $0.append(
                    Export(
                        akteur: akteur.bezeichnung, monat: monat, kommunen: auswahl.sorted(), saetze: gelesen.get(),
                        vollstaendig: false))
            }
            throw error
        }
    }
}

extension Berichtsszenario {
    /// The fixed id the golden files give the case with this Aktenzeichen:
    /// `fa110000-0000-4000-8000-<AGS><number, 4 digits>` (case ids are random in the stores).
    public static func festeId(_ aktenzeichen: String) -> UUID {
        let teile = Aktenzeichen.teile(aktenzeichen)!
        let nummer = String(teile.nummer)
        return UUID(
            uuidString:
                "FA110000-0000-4000-8000-\(teile.gemeinde)\(String(repeating: "0", count: max(0, 4 - nummer.count)))\(nummer)"
        )!
    }

    /// An export's text with every case id (the `fall_id` after the `meldungsnummer`) replaced by
    /// ``festeId(_:)`` of its Aktenzeichen, for comparing with the golden files.
    public static func festeIds(inCSV text: String) -> String {
        let muster = try! NSRegularExpression(
            pattern:
                "([0-9]{8}-[0-9]{4}-[0-9]{5,})([;,\\t])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        var ergebnis = text
        for treffer in muster.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let bereich = Range(treffer.range, in: text)!
            let aktenzeichen = String(text[Range(treffer.range(at: 1), in: text)!])
            let trenner = String(text[Range(treffer.range(at: 2), in: text)!])
            ergebnis.replaceSubrange(
                bereich, with: aktenzeichen + trenner + festeId(aktenzeichen).lowercased)
        }
        return ergebnis
    }
}
