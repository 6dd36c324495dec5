import Foundation
import GewerbeDomain

/// One column of the statistics export: its name, the GewA field it comes from, the code list
/// its values follow, an example, and how to read it from a record.
public struct StatistikSpalte: Sendable {
    public let name: String
    /// The form field(s), e.g. "GewA 1 Feld 20, GewA 2 Feld 21, GewA 3 Feld 20".
    public let gewaFeld: String
    /// What the values are (code list or format).
    public let werte: String
    public let beispiel: String
    /// Whether the column is filled on `storno` records (identification only).
    public let beiStorno: Bool
    let wert: @Sendable (Statistiksatz) -> String
}

/// The monthly Gewerbeanzeigenstatistik as CSV (docs/export-statistik.md): the Hilfs- and
/// Erhebungsmerkmale of section 3 Abs. 2 GewAnzV and the identification of the record, nothing
/// more. Not exported: date and place of birth (8, 9), private address and contacts (11),
/// Beteiligung der oeffentlichen Hand (13), Betriebsleiter (14), frueherer/kuenftiger Inhaber and
/// Unfallversicherung (GewA 1 26, 27), Erlaubnis (28), Aufenthaltstitel (30, 31), signature.
public enum StatistikExport {
    static func ja(_ wert: Bool?) -> String {
        switch wert {
        case .some(true): "1"
        case .some(false): "0"
        case .none: ""
        }
    }

    static func person(_ satz: Statistiksatz) -> Person? { satz.anzeige.personen?.first }

    /// Fields 15, 16, 17 of an address in four columns.
    static func anschriftSpalten(
        _ praefix: String, _ feld: String, _ lesen: @escaping @Sendable (Anzeige) -> Anschrift?
    )
        -> [StatistikSpalte]
    {
        [
            StatistikSpalte(
                name: "\(praefix)_strasse", gewaFeld: feld, werte: "Text", beispiel: "Marktplatz", beiStorno: false
            ) {
                lesen($0.anzeige)?.strasse ?? ""
            },
            StatistikSpalte(
                name: "\(praefix)_hausnummer", gewaFeld: feld, werte: "Text", beispiel: "3", beiStorno: false
            ) {
                lesen($0.anzeige)?.hausnummer ?? ""
            },
            StatistikSpalte(
                name: "\(praefix)_plz", gewaFeld: feld, werte: "5 Ziffern", beispiel: "36205", beiStorno: false
            ) {
                lesen($0.anzeige)?.plz ?? ""
            },
            StatistikSpalte(name: "\(praefix)_ort", gewaFeld: feld, werte: "Text", beispiel: "Sontra", beiStorno: false)
            {
                lesen($0.anzeige)?.ort ?? ""
            },
        ]
    }

    /// The columns, in their fixed order.
    public static let spalten: [StatistikSpalte] =
        [
            StatistikSpalte(
                name: "berichtsmonat", gewaFeld: "-", werte: "JJJJ-MM", beispiel: "2026-11", beiStorno: true
            ) {
                $0.berichtsmonat.description
            },
            StatistikSpalte(
                name: "satzart", gewaFeld: "-", werte: "neu, korrektur, storno", beispiel: "neu", beiStorno: true
            ) {
                $0.satzart.rawValue
            },
            StatistikSpalte(
                name: "gemeindeschluessel", gewaFeld: "Kopf (Gemeindekennzahl)", werte: "AGS, 8 Ziffern",
                beispiel: "06636011", beiStorno: true
            ) {
                $0.fall.gemeindeschluessel
            },
            StatistikSpalte(
                name: "meldungsnummer", gewaFeld: "- (gemeindeMeldungNr)", werte: "Aktenzeichen",
                beispiel: "06636011-2026-00042", beiStorno: true
            ) {
                $0.fall.aktenzeichen
            },
            StatistikSpalte(
                name: "fall_id", gewaFeld: "- (gewerbemeldung UUID)", werte: "UUID", beispiel: "6f1c…", beiStorno: true
            ) {
                $0.fall.id.lowercased
            },
            StatistikSpalte(name: "version", gewaFeld: "-", werte: "1, 2, …", beispiel: "1", beiStorno: true) {
                String($0.version.version)
            },
            StatistikSpalte(
                name: "meldeart", gewaFeld: "Vordruck",
                werte: "1 Anmeldung (GewA 1), 2 Ummeldung (GewA 2), 3 Abmeldung (GewA 3)", beispiel: "1",
                beiStorno: true
            ) {
                $0.fall.meldeart.schluessel
            },
            StatistikSpalte(
                name: "name", gewaFeld: "Feld 1", werte: "Text", beispiel: "Weiß Bau GmbH", beiStorno: false
            ) {
                $0.anzeige.inhaber?.name ?? ""
            },
            StatistikSpalte(
                name: "rechtsform", gewaFeld: "Feld 1 (Rechtsform)", werte: "FIM Rechtsformen (gängig), z. B. 180, 350",
                beispiel: "350", beiStorno: false
            ) {
                $0.anzeige.inhaber?.rechtsform ?? ""
            },
            StatistikSpalte(
                name: "register_art", gewaFeld: "Feld 2", werte: "HRA, HRB, GnR, PR, VR, GsR", beispiel: "HRB",
                beiStorno: false
            ) {
                $0.anzeige.inhaber?.register?.art?.rawValue ?? ""
            },
            StatistikSpalte(
                name: "register_gericht", gewaFeld: "Feld 2", werte: "Text", beispiel: "Amtsgericht Eschwege",
                beiStorno: false
            ) {
                $0.anzeige.inhaber?.register?.gericht ?? ""
            },
            StatistikSpalte(
                name: "register_nummer", gewaFeld: "Feld 2", werte: "Text", beispiel: "1234", beiStorno: false
            ) {
                $0.anzeige.inhaber?.register?.nummer ?? ""
            },
            StatistikSpalte(
                name: "geschaeftsbezeichnung", gewaFeld: "Feld 3", werte: "Text", beispiel: "Bäckerei am Markt",
                beiStorno: false
            ) {
                $0.anzeige.geschaeftsbezeichnung ?? ""
            },
            StatistikSpalte(name: "familienname", gewaFeld: "Feld 4", werte: "Text", beispiel: "Weiß", beiStorno: false)
            {
                person($0)?.familienname ?? ""
            },
            StatistikSpalte(name: "vornamen", gewaFeld: "Feld 5", werte: "Text", beispiel: "Jürgen", beiStorno: false) {
                person($0)?.vornamen ?? ""
            },
            StatistikSpalte(
                name: "geschlecht", gewaFeld: "Feld 6", werte: "m, w, d, x (ohne Angabe)", beispiel: "w",
                beiStorno: false
            ) {
                person($0)?.geschlecht?.rawValue ?? ""
            },
            StatistikSpalte(
                name: "staatsangehoerigkeiten", gewaFeld: "Feld 10",
                werte: "Destatis-Schlüssel, mehrere durch Leerzeichen getrennt", beispiel: "000 163", beiStorno: false
            ) {
                (person($0)?.staatsangehoerigkeiten ?? []).joined(separator: " ")
            },
            StatistikSpalte(
                name: "anzahl_vertretungsberechtigte", gewaFeld: "Feld 12", werte: "Zahl", beispiel: "2",
                beiStorno: false
            ) {
                $0.anzeige.anzahlVertretungsberechtigte.map(String.init) ?? ""
            },
        ]
        + anschriftSpalten("betriebsstaette", "Feld 15") { $0.betriebsstaette?.anschrift }
        + anschriftSpalten("hauptniederlassung", "Feld 16") { $0.hauptniederlassung?.anschrift }
        + anschriftSpalten("fruehere_kuenftige_betriebsstaette", "Feld 17 (GewA 1/2 früher, GewA 3 künftig)") {
            $0.meldeart == .abmeldung ? $0.kuenftigeBetriebsstaette?.anschrift : $0.fruehereBetriebsstaette?.anschrift
        }
        + [
            StatistikSpalte(
                name: "taetigkeit", gewaFeld: "Feld 18 (Schwerpunkt)", werte: "Text", beispiel: "Elektroinstallation",
                beiStorno: false
            ) {
                $0.anzeige.schwerpunkt?.beschreibung ?? ""
            },
            StatistikSpalte(
                name: "wz_klassifikation", gewaFeld: "Feld 18 (Schlüssel der Behörde)", werte: "WZ2008, WZ2025",
                beispiel: "WZ2008", beiStorno: false
            ) {
                $0.anzeige.schwerpunkt?.wz.map { $0.version.rawValue } ?? ""
            },
            StatistikSpalte(
                name: "wz_code", gewaFeld: "Feld 18 (Schlüssel der Behörde)",
                werte: "WZ-Unterklasse, 5 Ziffern ohne Punkte", beispiel: "43210", beiStorno: false
            ) {
                // The code without dots, as `gepunktet` would give it with the dots removed.
                guard let code = $0.anzeige.schwerpunkt?.wz?.code else { return "" }
                return String(
                    String.UnicodeScalarView(
                        code.unicodeScalars.filter { $0 != "." && !$0.properties.isWhitespace }))
            },
            StatistikSpalte(
                name: "weitere_taetigkeiten", gewaFeld: "Feld 18 (GewA 2: Felder 18, 19)",
                werte: "Texte, getrennt durch „ | “; GewA 2 mit Vorsatz „neu:“/„weiterhin:“",
                beispiel: "Einzelhandel mit Leuchten", beiStorno: false
            ) { satz in
                let schwerpunkt = satz.anzeige.schwerpunkt
                return (satz.anzeige.taetigkeiten ?? []).filter { $0 != schwerpunkt }.compactMap { taetigkeit in
                    guard let text = taetigkeit.beschreibung?.nichtLeer else { return nil }
                    return taetigkeit.status.map { "\($0.rawValue): \(text)" } ?? text
                }.joined(separator: " | ")
            },
            StatistikSpalte(
                name: "taetigkeit_status", gewaFeld: "GewA 2 Felder 18/19", werte: "neu, weiterhin (nur Ummeldung)",
                beispiel: "neu", beiStorno: false
            ) {
                $0.anzeige.meldeart == .ummeldung ? ($0.anzeige.schwerpunkt?.status?.rawValue ?? "") : ""
            },
            StatistikSpalte(
                name: "nebenerwerb", gewaFeld: "Feld 19 (GewA 1, 3)", werte: "1 ja, 0 nein", beispiel: "0",
                beiStorno: false
            ) {
                ja($0.anzeige.nebenerwerb)
            },
            StatistikSpalte(
                name: "gruende_ummeldung", gewaFeld: "GewA 2 Feld 20",
                werte: "verlegungInnerhalb, wechselDerTaetigkeit, … durch Leerzeichen getrennt",
                beispiel: "ausdehnungDerTaetigkeit", beiStorno: false
            ) {
                ($0.anzeige.gruendeUmmeldung ?? []).map(\.rawValue).joined(separator: " ")
            },
            StatistikSpalte(
                name: "sonstige_gruende_ummeldung", gewaFeld: "GewA 2 Feld 20 (Freitext)", werte: "Text",
                beispiel: "Änderung des Namens", beiStorno: false
            ) {
                $0.anzeige.meldeart == .ummeldung ? ($0.anzeige.sonstigeGruendeUmmeldung ?? "") : ""
            },
            StatistikSpalte(
                name: "datum_ereignis",
                gewaFeld: "GewA 1 Feld 20 (Beginn), GewA 2 Feld 21 (Änderung), GewA 3 Feld 20 (Aufgabe)",
                werte: "JJJJ-MM-TT", beispiel: "2026-12-01", beiStorno: false
            ) {
                $0.anzeige.ereignisdatum?.iso ?? ""
            },
            StatistikSpalte(
                name: "betriebsart_industrie", gewaFeld: "Feld 21 (GewA 1, 3)", werte: "1 ja, 0 nein", beispiel: "0",
                beiStorno: false
            ) {
                ja($0.anzeige.betriebsart?.industrie ?? ($0.anzeige.betriebsart == nil ? nil : false))
            },
            StatistikSpalte(
                name: "betriebsart_handwerk", gewaFeld: "Feld 21 (GewA 1, 3)", werte: "1 ja, 0 nein", beispiel: "1",
                beiStorno: false
            ) {
                ja($0.anzeige.betriebsart?.handwerk ?? ($0.anzeige.betriebsart == nil ? nil : false))
            },
            StatistikSpalte(
                name: "betriebsart_handel", gewaFeld: "Feld 21 (GewA 1, 3)", werte: "1 ja, 0 nein", beispiel: "0",
                beiStorno: false
            ) {
                ja($0.anzeige.betriebsart?.handel ?? ($0.anzeige.betriebsart == nil ? nil : false))
            },
            StatistikSpalte(
                name: "betriebsart_sonstiges", gewaFeld: "Feld 21 (GewA 1, 3)", werte: "1 ja, 0 nein", beispiel: "0",
                beiStorno: false
            ) {
                ja($0.anzeige.betriebsart?.sonstiges ?? ($0.anzeige.betriebsart == nil ? nil : false))
            },
            StatistikSpalte(
                name: "beschaeftigte_vollzeit", gewaFeld: "Feld 22", werte: "Zahl (0 bei „keine“)", beispiel: "2",
                beiStorno: false
            ) { satz in
                guard let b = satz.anzeige.beschaeftigte else { return "" }
                return String(b.keine == true ? 0 : b.vollzeit ?? 0)
            },
            StatistikSpalte(
                name: "beschaeftigte_teilzeit", gewaFeld: "Feld 22", werte: "Zahl (0 bei „keine“)", beispiel: "1",
                beiStorno: false
            ) { satz in
                guard let b = satz.anzeige.beschaeftigte else { return "" }
                return String(b.keine == true ? 0 : b.teilzeit ?? 0)
            },
            StatistikSpalte(
                name: "niederlassungsart", gewaFeld: "Feld 23",
                werte: "1 Hauptniederlassung, 2 Zweigniederlassung, 3 unselbständige Zweigstelle", beispiel: "1",
                beiStorno: false
            ) {
                $0.anzeige.niederlassungsart?.schluessel ?? ""
            },
            StatistikSpalte(
                name: "reisegewerbe", gewaFeld: "Feld 24", werte: "1 ja, 0 nein", beispiel: "0", beiStorno: false
            ) {
                ja($0.anzeige.reisegewerbe ?? ($0.anzeige.niederlassungsart == nil ? nil : false))
            },
            StatistikSpalte(
                name: "grund", gewaFeld: "GewA 1 Feld 25, GewA 3 Felder 25/26",
                werte:
                    "GewA 1: neugruendung, verlegungAusAnderemMeldebezirk, wechselDerRechtsform, umwandlung, gesellschaftereintritt, uebernahme; GewA 3: vollstaendigeAufgabe, verlegungInAnderenMeldebezirk, wechselDerRechtsform, umwandlung, gesellschafteraustritt, uebergabe",
                beispiel: "neugruendung", beiStorno: false
            ) {
                $0.anzeige.grundAnmeldung?.rawValue ?? $0.anzeige.grundAbmeldung?.rawValue ?? ""
            },
            StatistikSpalte(
                name: "ursache_abmeldung", gewaFeld: "GewA 3 Feld 28 (codiert)",
                werte:
                    "altersgruende, gesundheitlicheGruende, wirtschaftlicheSchwierigkeiten, insolvenz, familiaereGruende, aufnahmeAbhaengigerBeschaeftigung, behoerdlicheUntersagung, sonstige, keineAngabe",
                beispiel: "altersgruende", beiStorno: false
            ) {
                $0.anzeige.meldeart == .abmeldung ? ($0.anzeige.ursacheAbmeldung?.rawValue ?? "") : ""
            },
            StatistikSpalte(
                name: "gruende_betriebsaufgabe", gewaFeld: "GewA 3 Feld 28", werte: "Text", beispiel: "Ruhestand",
                beiStorno: false
            ) {
                $0.anzeige.meldeart == .abmeldung ? ($0.anzeige.gruendeBetriebsaufgabe ?? "") : ""
            },
            StatistikSpalte(
                name: "handwerkskarte", gewaFeld: "GewA 1 Feld 29, GewA 2 Feld 26",
                werte: "1 ja, 0 nein, leer: nicht angegeben", beispiel: "1", beiStorno: false
            ) {
                $0.anzeige.meldeart == .abmeldung ? "" : ja($0.anzeige.handwerkskarte?.liegtVor)
            },
            StatistikSpalte(
                name: "datum", gewaFeld: "GewA 1 Feld 32, GewA 2/3 Feld 29", werte: "JJJJ-MM-TT",
                beispiel: "2026-11-20", beiStorno: false
            ) {
                $0.anzeige.datumUnterschrift?.iso ?? ""
            },
        ]

    /// The header row.
    public static var kopf: [String] { spalten.map(\.name) }

    /// The fields of one record, in column order (storno records carry identification only).
    public static func felder(_ satz: Statistiksatz) -> [String] {
        spalten.map { spalte in
            satz.satzart == .storno && !spalte.beiStorno ? "" : bereinigt(spalte.wert(satz))
        }
    }

    /// Removes control characters that no statistics tool expects inside a field (line breaks
    /// are kept: CSV quoting handles them).
    static func bereinigt(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" }) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\r" }))
    }

    /// The deterministic order of records: municipality, Aktenzeichen, then neu/korrektur/storno.
    public static func vorher(_ a: Statistiksatz, _ b: Statistiksatz) -> Bool {
        (a.fall.gemeindeschluessel, a.fall.aktenzeichen, Satzart.allCases.firstIndex(of: a.satzart)!)
            < (b.fall.gemeindeschluessel, b.fall.aktenzeichen, Satzart.allCases.firstIndex(of: b.satzart)!)
    }

    /// The file name offered for a month's export, e.g. `gewerbeanzeigen-2026-11.csv`.
    public static func dateiname(monat: Berichtsmonat, kommunen: [String] = []) -> String {
        let teil = kommunen.count == 1 ? "-\(kommunen[0])" : ""
        return "gewerbeanzeigen-\(monat)\(teil).csv"
    }

    /// The column specification as a Markdown table (the block between the markers in
    /// `docs/export-statistik.md`; a test fails when the two differ).
    public static func spaltentabelle() -> String {
        func zelle(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var zeilen = [
            "| Nr. | Spalte | GewA-Feld | Werte (Codeliste, Format) | Beispiel | in `storno` |",
            "| ---: | --- | --- | --- | --- | --- |",
        ]
        for (index, spalte) in spalten.enumerated() {
            zeilen.append(
                "| \(index + 1) | `\(spalte.name)` | \(zelle(spalte.gewaFeld)) | \(zelle(spalte.werte)) | "
                    + "\(spalte.beispiel.isEmpty ? "" : "`\(zelle(spalte.beispiel))`") | \(spalte.beiStorno ? "ja" : "leer") |"
            )
        }
        return zeilen.joined(separator: "\n") + "\n"
    }
}
