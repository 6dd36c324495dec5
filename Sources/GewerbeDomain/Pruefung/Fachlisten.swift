import Foundation

/// A Handwerk of Anlage A HwO (zulassungspflichtig: Eintragung in die Handwerksrolle,
/// Handwerkskarte) with the WZ 2008 Unterklassen where it is typically carried on.
///
/// Anlage A (53 trades) is from BGBl. I 2020, 142-143 [verified]. There is no official key from
/// Handwerk to WZ: the mapping is a plausibility aid of this project (docs/code-lists.md), so the
/// rules built on it only give `hinweis` findings.
public struct AnlageAHandwerk: Sendable, Hashable {
    public let nummer: Int
    public let bezeichnung: String
    public let wz2008: [String]
    public let stichwoerter: [String]
}

/// A trade that needs a permit besides the Anzeige (section 15 Abs. 2 GewO; also permits of other
/// laws the form's field 28 asks about, e.g. PBefG, AUeG), with the WZ 2008 Unterklassen and
/// keywords that point to it. Mapping is a plausibility aid (docs/code-lists.md).
public struct ErlaubnisTatbestand: Sendable, Hashable {
    public let norm: String
    public let bezeichnung: String
    public let wz2008: [String]
    public let stichwoerter: [String]
}

/// An activity the GewO does not apply to (section 6 Abs. 1 GewO) or that is no Gewerbe at all
/// (Urproduktion, freie Berufe): no Anzeige under section 14 GewO is due. Mapping is a
/// plausibility aid (docs/code-lists.md), so the rule built on it only gives a `hinweis`.
public struct KeinGewerbeTatbestand: Sendable, Hashable {
    /// What the activity is, e.g. "Steuerberatung".
    public let grund: String
    public let norm: String
    /// WZ 2008 Unterklassen or prefixes of them (`69.10` covers `69.10.1` ... `69.10.9`).
    public let wz2008: [String]
    public let stichwoerter: [String]
}

/// Lookup tables for permit and Handwerk rules.
public enum Fachlisten {
    public static let anlageA: [AnlageAHandwerk] = [
        .init(
            nummer: 1, bezeichnung: "Maurer und Betonbauer", wz2008: ["41.20.1", "41.20.2", "43.99.9"],
            stichwoerter: ["maurer", "betonbau"]),
        .init(
            nummer: 2, bezeichnung: "Ofen- und Luftheizungsbauer", wz2008: ["43.99.2"],
            stichwoerter: ["ofenbau", "kachelofen", "luftheizung"]),
        .init(nummer: 3, bezeichnung: "Zimmerer", wz2008: ["43.91.2"], stichwoerter: ["zimmerei", "zimmerer"]),
        .init(nummer: 4, bezeichnung: "Dachdecker", wz2008: ["43.91.1"], stichwoerter: ["dachdecker", "dachdeckerei"]),
        .init(
            nummer: 5, bezeichnung: "Straßenbauer", wz2008: ["42.11.0"], stichwoerter: ["straßenbau", "strassenbau"]),
        .init(
            nummer: 6, bezeichnung: "Wärme-, Kälte- und Schallschutzisolierer", wz2008: ["43.29.1"],
            stichwoerter: ["isolierer", "wärmedämmung"]),
        .init(nummer: 7, bezeichnung: "Brunnenbauer", wz2008: [], stichwoerter: ["brunnenbau"]),
        .init(
            nummer: 8, bezeichnung: "Steinmetzen und Steinbildhauer", wz2008: ["23.70.0"], stichwoerter: ["steinmetz"]),
        .init(
            nummer: 9, bezeichnung: "Stuckateure", wz2008: ["43.31.0"],
            stichwoerter: ["stuckateur", "stuck", "verputz"]),
        .init(
            nummer: 10, bezeichnung: "Maler und Lackierer", wz2008: ["43.34.1"],
            stichwoerter: ["maler", "lackierer", "malerbetrieb"]),
        .init(nummer: 11, bezeichnung: "Gerüstbauer", wz2008: ["43.99.1"], stichwoerter: ["gerüstbau", "geruestbau"]),
        .init(nummer: 12, bezeichnung: "Schornsteinfeger", wz2008: ["81.22.1"], stichwoerter: ["schornsteinfeger"]),
        .init(
            nummer: 13, bezeichnung: "Metallbauer", wz2008: ["25.11.0", "25.12.0"],
            stichwoerter: ["metallbau", "schlosserei"]),
        .init(nummer: 14, bezeichnung: "Chirurgiemechaniker", wz2008: [], stichwoerter: ["chirurgiemechanik"]),
        .init(
            nummer: 15, bezeichnung: "Karosserie- und Fahrzeugbauer", wz2008: ["29.20.0"],
            stichwoerter: ["karosserie", "fahrzeugbau"]),
        .init(nummer: 16, bezeichnung: "Feinwerkmechaniker", wz2008: ["25.62.0"], stichwoerter: ["feinwerkmechanik"]),
        .init(
            nummer: 17, bezeichnung: "Zweiradmechaniker", wz2008: ["45.40.0"],
            stichwoerter: ["zweiradmechanik", "motorradwerkstatt"]),
        .init(
            nummer: 18, bezeichnung: "Kälteanlagenbauer", wz2008: [], stichwoerter: ["kälteanlagen", "kaelteanlagen"]),
        .init(
            nummer: 19, bezeichnung: "Informationstechniker", wz2008: ["95.11.0", "95.12.0", "95.21.0"],
            stichwoerter: ["informationstechniker"]),
        .init(
            nummer: 20, bezeichnung: "Kraftfahrzeugtechniker", wz2008: ["45.20.3", "45.20.4"],
            stichwoerter: ["kfz-werkstatt", "kfz-reparatur", "autowerkstatt", "kraftfahrzeugtechnik"]),
        .init(
            nummer: 21, bezeichnung: "Land- und Baumaschinenmechatroniker", wz2008: [],
            stichwoerter: ["landmaschinen", "baumaschinenmechatronik"]),
        .init(nummer: 22, bezeichnung: "Büchsenmacher", wz2008: [], stichwoerter: ["büchsenmacher", "buechsenmacher"]),
        .init(nummer: 23, bezeichnung: "Klempner", wz2008: [], stichwoerter: ["klempner", "spengler"]),
        .init(
            nummer: 24, bezeichnung: "Installateur und Heizungsbauer", wz2008: ["43.22.0"],
            stichwoerter: ["sanitär", "heizungsbau", "installateur"]),
        .init(
            nummer: 25, bezeichnung: "Elektrotechniker", wz2008: ["43.21.0"],
            stichwoerter: ["elektroinstallation", "elektrotechnik", "elektriker"]),
        .init(
            nummer: 26, bezeichnung: "Elektromaschinenbauer", wz2008: ["33.14.0"], stichwoerter: ["elektromaschinenbau"]
        ),
        .init(
            nummer: 27, bezeichnung: "Tischler", wz2008: ["16.23.0", "31.01.1", "31.01.2", "31.02.0", "31.09.9"],
            stichwoerter: ["tischler", "schreiner"]),
        .init(
            nummer: 28, bezeichnung: "Boots- und Schiffbauer", wz2008: ["30.11.0", "30.12.0"],
            stichwoerter: ["bootsbau", "schiffbau"]),
        .init(nummer: 29, bezeichnung: "Seiler", wz2008: ["13.94.0"], stichwoerter: ["seilerei"]),
        .init(
            nummer: 30, bezeichnung: "Bäcker", wz2008: ["10.71.0"], stichwoerter: ["bäckerei", "baeckerei", "bäcker"]),
        .init(nummer: 31, bezeichnung: "Konditoren", wz2008: [], stichwoerter: ["konditorei", "konditor"]),
        .init(
            nummer: 32, bezeichnung: "Fleischer", wz2008: ["10.11.0", "10.13.0"],
            stichwoerter: ["fleischerei", "metzgerei", "metzger", "fleischer"]),
        .init(nummer: 33, bezeichnung: "Augenoptiker", wz2008: ["47.78.1"], stichwoerter: ["augenoptik", "optiker"]),
        .init(
            nummer: 34, bezeichnung: "Hörakustiker", wz2008: [],
            stichwoerter: ["hörakustik", "hoerakustik", "hörgeräte"]),
        .init(
            nummer: 35, bezeichnung: "Orthopädietechniker", wz2008: [],
            stichwoerter: ["orthopädietechnik", "orthopaedietechnik"]),
        .init(
            nummer: 36, bezeichnung: "Orthopädieschuhmacher", wz2008: [],
            stichwoerter: ["orthopädieschuh", "orthopaedieschuh"]),
        .init(
            nummer: 37, bezeichnung: "Zahntechniker", wz2008: ["32.50.3"], stichwoerter: ["zahntechnik", "dentallabor"]),
        .init(
            nummer: 38, bezeichnung: "Friseure", wz2008: ["96.02.1"],
            stichwoerter: ["friseur", "frisör", "haarschnitt", "barbier", "barber"]),
        .init(nummer: 39, bezeichnung: "Glaser", wz2008: ["43.34.2"], stichwoerter: ["glaserei", "glaser"]),
        .init(
            nummer: 40, bezeichnung: "Glasbläser und Glasapparatebauer", wz2008: [],
            stichwoerter: ["glasbläser", "glasblaeser"]),
        .init(
            nummer: 41, bezeichnung: "Mechaniker für Reifen- und Vulkanisationstechnik", wz2008: ["22.11.0"],
            stichwoerter: ["vulkanisation"]),
        .init(
            nummer: 42, bezeichnung: "Fliesen-, Platten- und Mosaikleger", wz2008: ["43.33.0"],
            stichwoerter: ["fliesenleger", "fliesenlegen"]),
        .init(
            nummer: 43, bezeichnung: "Werkstein- und Terrazzohersteller", wz2008: ["23.61.0"],
            stichwoerter: ["terrazzo"]),
        .init(nummer: 44, bezeichnung: "Estrichleger", wz2008: [], stichwoerter: ["estrich"]),
        .init(
            nummer: 45, bezeichnung: "Behälter- und Apparatebauer", wz2008: ["25.29.0"],
            stichwoerter: ["behälterbau", "apparatebau"]),
        .init(nummer: 46, bezeichnung: "Parkettleger", wz2008: [], stichwoerter: ["parkett"]),
        .init(
            nummer: 47, bezeichnung: "Rollladen- und Sonnenschutztechniker", wz2008: [],
            stichwoerter: ["rollladen", "sonnenschutztechnik"]),
        .init(
            nummer: 48, bezeichnung: "Drechsler (Elfenbeinschnitzer) und Holzspielzeugmacher", wz2008: [],
            stichwoerter: ["drechsler", "holzspielzeug"]),
        .init(nummer: 49, bezeichnung: "Böttcher", wz2008: ["16.24.0"], stichwoerter: ["böttcher", "boettcher"]),
        .init(nummer: 50, bezeichnung: "Glasveredler", wz2008: ["23.12.0"], stichwoerter: ["glasveredel"]),
        .init(
            nummer: 51, bezeichnung: "Schilder- und Lichtreklamehersteller", wz2008: [],
            stichwoerter: ["lichtreklame", "schilderherstell"]),
        .init(
            nummer: 52, bezeichnung: "Raumausstatter", wz2008: ["31.09.1"],
            stichwoerter: ["raumausstatter", "polsterei"]),
        .init(nummer: 53, bezeichnung: "Orgel- und Harmoniumbauer", wz2008: ["32.20.0"], stichwoerter: ["orgelbau"]),
    ]

    public static let erlaubnisse: [ErlaubnisTatbestand] = [
        .init(
            norm: "§ 30 GewO", bezeichnung: "Privatkrankenanstalt", wz2008: ["86.10.1", "86.10.3"],
            stichwoerter: ["privatklinik", "privatkrankenanstalt"]),
        .init(
            norm: "§ 33a GewO", bezeichnung: "Schaustellung von Personen", wz2008: [],
            stichwoerter: ["striptease", "table dance", "erotikshow"]),
        .init(
            norm: "§ 33c GewO", bezeichnung: "Aufstellung von Spielgeräten mit Gewinnmöglichkeit", wz2008: ["92.00.1"],
            stichwoerter: ["geldspielgerät", "geldspielgeraet", "spielgeräteaufstell", "automatenaufstell"]),
        .init(
            norm: "§ 33d GewO", bezeichnung: "Andere Spiele mit Gewinnmöglichkeit", wz2008: [],
            stichwoerter: ["gewinnspielveranstaltung"]),
        .init(
            norm: "§ 33i GewO", bezeichnung: "Spielhalle", wz2008: ["92.00.1"],
            stichwoerter: ["spielhalle", "spielothek"]),
        .init(
            norm: "§ 34 GewO", bezeichnung: "Pfandleihgewerbe", wz2008: ["64.92.2"],
            stichwoerter: ["pfandleih", "pfandhaus"]),
        .init(
            norm: "§ 34a GewO", bezeichnung: "Bewachungsgewerbe", wz2008: ["80.10.0"],
            stichwoerter: ["bewachung", "sicherheitsdienst", "wachdienst", "objektschutz", "türsteher"]),
        .init(
            norm: "§ 34b GewO", bezeichnung: "Versteigerergewerbe", wz2008: ["82.99.1"],
            stichwoerter: ["versteigerung", "auktionshaus", "auktionator"]),
        .init(
            norm: "§ 34c GewO",
            bezeichnung: "Immobilienmakler, Darlehensvermittler, Bauträger, Baubetreuer, Wohnimmobilienverwalter",
            wz2008: ["68.31.1", "68.31.2", "41.10.2", "41.10.3", "68.32.1"],
            stichwoerter: [
                "immobilienmakler", "makler für immobilien", "bauträger", "baubetreu", "wohnimmobilienverwalt",
                "wohnungsverwaltung", "weg-verwaltung", "hausverwaltung", "darlehensvermittl", "kreditvermittl",
            ]),
        .init(
            norm: "§ 34d GewO", bezeichnung: "Versicherungsvermittler, Versicherungsberater", wz2008: ["66.22.0"],
            stichwoerter: [
                "versicherungsvermittl", "versicherungsmakler", "versicherungsvertret", "versicherungsberat",
            ]),
        .init(
            norm: "§ 34f GewO", bezeichnung: "Finanzanlagenvermittler", wz2008: [],
            stichwoerter: ["finanzanlagenvermittl", "anlagevermittl", "investmentfondsvermittl"]),
        .init(
            norm: "§ 34h GewO", bezeichnung: "Honorar-Finanzanlagenberater", wz2008: [],
            stichwoerter: ["honorar-finanzanlagenberat", "honorarfinanzanlagenberat"]),
        .init(
            norm: "§ 34i GewO", bezeichnung: "Immobiliardarlehensvermittler", wz2008: [],
            stichwoerter: ["immobiliardarlehensvermittl", "baufinanzierungsvermittl"]),
        .init(
            norm: "§ 2 PBefG", bezeichnung: "Personenbeförderung (Taxi, Mietwagen mit Fahrer, Omnibus)",
            wz2008: ["49.31.0", "49.32.0", "49.39.1", "49.39.2"],
            stichwoerter: ["taxi", "mietwagen mit fahrer", "personenbeförderung", "personenbefoerderung"]),
        .init(
            norm: "§ 12 ProstSchG",
            bezeichnung: "Prostitutionsgewerbe (Prostitutionsstätte, -vermittlung, -veranstaltung)", wz2008: [],
            stichwoerter: ["prostitution", "bordell", "laufhaus", "escort-service", "escortservice"]),
        .init(
            norm: "§ 21 WaffG", bezeichnung: "Waffenhandel", wz2008: [],
            stichwoerter: ["waffenhandel", "waffenhändler", "handel mit waffen", "handel mit schusswaffen"]),
        .init(
            norm: "§ 1 AÜG", bezeichnung: "Arbeitnehmerüberlassung", wz2008: ["78.20.0", "78.30.0"],
            stichwoerter: [
                "arbeitnehmerüberlassung", "arbeitnehmerueberlassung", "zeitarbeit", "leiharbeit",
                "personalüberlassung",
            ]),
    ]

    public static let keinGewerbe: [KeinGewerbeTatbestand] = [
        .init(
            grund: "Land- oder Forstwirtschaft (Urproduktion)",
            norm: "kein Gewerbe (Urproduktion); § 6 Abs. 1 Satz 2 GewO (Viehzucht)",
            wz2008: ["01.1", "01.2", "01.3", "01.4", "01.5", "02.1", "02.2", "02.3"], stichwoerter: []),
        .init(grund: "Fischerei", norm: "§ 6 Abs. 1 Satz 1 GewO", wz2008: ["03"], stichwoerter: []),
        .init(
            grund: "Tätigkeit als Rechtsanwalt, Patentanwalt oder Notar", norm: "§ 6 Abs. 1 Satz 1 GewO",
            wz2008: ["69.10.1", "69.10.2", "69.10.3", "69.10.4"],
            stichwoerter: ["rechtsanwaltskanzlei", "patentanwalt", "notariat"]),
        .init(
            grund: "Tätigkeit als Wirtschaftsprüfer, vereidigter Buchprüfer oder Steuerberater",
            norm: "§ 6 Abs. 1 Satz 1 GewO", wz2008: ["69.20.1", "69.20.2", "69.20.3"],
            stichwoerter: ["steuerberatung", "steuerberater", "wirtschaftsprüfung"]),
        .init(
            grund: "registrierte Rechtsdienstleistung (Inkasso, Rentenberatung, § 10 RDG)",
            norm: "§ 6 Abs. 1 Satz 1 GewO", wz2008: ["82.91.1"], stichwoerter: ["inkasso", "rentenberatung"]),
        .init(
            grund: "ärztlicher oder anderer Heilberuf", norm: "§ 6 Abs. 1 Satz 2 GewO",
            wz2008: ["75.00.1", "86.21.0", "86.22.0", "86.23.0", "86.90.1", "86.90.2", "86.90.3"],
            stichwoerter: [
                "arztpraxis", "tierarztpraxis", "heilpraktiker", "psychotherapeut", "physiotherapiepraxis", "hebamme",
            ]),
        .init(
            grund: "freier Beruf (Architektur, Kunst, Schriftstellerei, Journalismus)",
            norm: "kein Gewerbe (freier Beruf, vgl. § 18 Abs. 1 Nr. 1 EStG)", wz2008: ["71.11", "90.03"],
            stichwoerter: []),
    ]

    /// The reasons why an activity is no Gewerbe under the GewO (by WZ code or keyword).
    public static func keinGewerbe(fuer taetigkeit: Taetigkeit) -> [KeinGewerbeTatbestand] {
        let code = taetigkeit.wz.flatMap { $0.version == .wz2008 ? $0.gepunktet : nil }
        let text = Suchtext(taetigkeit.beschreibung ?? "")
        return zip(keinGewerbe, keinGewerbeStichwoerter).filter { tatbestand, stichwoerter in
            (code.map { code in tatbestand.wz2008.contains { code.hasPrefix($0) } } ?? false)
                || text.enthaeltEines(stichwoerter)
        }.map(\.0)
    }

    private static let keinGewerbeStichwoerter = keinGewerbe.map { Stichwoerter.falte($0.stichwoerter) }
    private static let anlageAStichwoerter = anlageA.map { Stichwoerter.falte($0.stichwoerter) }
    private static let erlaubnisStichwoerter = erlaubnisse.map { Stichwoerter.falte($0.stichwoerter) }

    /// Activity texts too vague to classify (municipal practice: such Anzeigen are returned).
    public static let unbestimmteTaetigkeiten: [String] = [
        "handel mit waren aller art", "waren aller art", "dienstleistungen aller art", "handel aller art",
        "alle gewerblichen tätigkeiten", "alle tätigkeiten", "diverses", "verschiedenes", "gewerbe",
        "gewerbliche tätigkeit", "handel", "dienstleistung", "dienstleistungen", "sonstiges",
        "allgemeine dienstleistungen",
        "import und export", "import/export", "online-handel", "onlinehandel", "onlineshop", "online-shop",
        "internethandel",
        "versandhandel", "e-commerce",
    ]

    /// The Anlage-A trades an activity points to (by WZ code or keyword).
    public static func anlageA(fuer taetigkeit: Taetigkeit) -> [AnlageAHandwerk] {
        let code = taetigkeit.wz.flatMap { $0.version == .wz2008 ? $0.gepunktet : nil }
        let text = Suchtext(taetigkeit.beschreibung ?? "")
        return zip(anlageA, anlageAStichwoerter).filter { handwerk, stichwoerter in
            (code.map { handwerk.wz2008.contains($0) } ?? false) || text.enthaeltEines(stichwoerter)
        }.map(\.0)
    }

    /// The permits an activity points to (by WZ code or keyword).
    public static func erlaubnisse(fuer taetigkeit: Taetigkeit) -> [ErlaubnisTatbestand] {
        let code = taetigkeit.wz.flatMap { $0.version == .wz2008 ? $0.gepunktet : nil }
        let text = Suchtext(taetigkeit.beschreibung ?? "")
        return zip(erlaubnisse, erlaubnisStichwoerter).filter { erlaubnis, stichwoerter in
            (code.map { erlaubnis.wz2008.contains($0) } ?? false) || text.enthaeltEines(stichwoerter)
        }.map(\.0)
    }
}
