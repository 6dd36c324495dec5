import Foundation

/// Namespace for the CSV text of the shipped code lists (generated files `Eingebettet+*.swift`).
enum EingebetteteCodelisten {}

/// A minimal RFC 4180 reader for the embedded code lists (quoted fields, doubled quotes).
enum CSVZeilen {
    /// Rows of `text` without the header row; `trenner` separates the fields (`,` or `|`).
    static func lesen(_ text: String, trenner: Character = ",") -> [[String]] {
        var zeilen: [[String]] = []
        var zeile: [String] = []
        var feld = ""
        var inQuotes = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let zeichen = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if zeichen == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            feld.append("\"")
                        } else {
                            inQuotes = false
                            pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    feld.append(zeichen)
                }
            } else {
                switch zeichen {
                case "\"": inQuotes = true
                case trenner:
                    zeile.append(feld)
                    feld = ""
                case "\n", "\r\n", "\r":
                    zeile.append(feld)
                    feld = ""
                    if zeile != [""] { zeilen.append(zeile) }
                    zeile = []
                default: feld.append(zeichen)
                }
            }
        }
        if !feld.isEmpty || !zeile.isEmpty {
            zeile.append(feld)
            zeilen.append(zeile)
        }
        return Array(zeilen.dropFirst())
    }
}

/// One entry of the Klassifikation der Wirtschaftszweige.
public struct WZEintrag: Sendable, Hashable {
    /// Dotted code (`96.02.1`); level 1 is the Abschnitt letter (`S`).
    public let code: String
    /// 1 Abschnitt, 2 Abteilung, 3 Gruppe, 4 Klasse, 5 Unterklasse.
    public let ebene: Int
    public let uebergeordnet: String
    public let titel: String
}

/// The WZ 2008 and WZ 2025 classifications (Quelle: Statistisches Bundesamt (Destatis),
/// Klassifikation der Wirtschaftszweige), and their correspondence.
public enum WZVerzeichnis {
    private struct Tabelle: Sendable {
        let eintraege: [String: WZEintrag]
        let unterklassen: [WZEintrag]

        init(csv: String) {
            var eintraege: [String: WZEintrag] = [:]
            var unterklassen: [WZEintrag] = []
            for zeile in CSVZeilen.lesen(csv) where zeile.count >= 4 {
                let eintrag = WZEintrag(
                    code: zeile[0], ebene: Int(zeile[1]) ?? 0, uebergeordnet: zeile[2], titel: zeile[3])
                eintraege[eintrag.code] = eintrag
                if eintrag.ebene == 5 { unterklassen.append(eintrag) }
            }
            self.eintraege = eintraege
            self.unterklassen = unterklassen
        }
    }

    private static let wz2008 = Tabelle(csv: EingebetteteCodelisten.wz2008)
    private static let wz2025 = Tabelle(csv: EingebetteteCodelisten.wz2025)
    private static let umsteiger: [String: [String]] = {
        var result: [String: [String]] = [:]
        for zeile in CSVZeilen.lesen(EingebetteteCodelisten.wz2008ToWz2025) where zeile.count >= 2 {
            result[zeile[0], default: []].append(zeile[1])
        }
        return result
    }()

    private static func tabelle(_ version: WZKlassifikation) -> Tabelle {
        switch version {
        case .wz2008: wz2008
        case .wz2025: wz2025
        }
    }

    /// `96021` -> `96.02.1`; dotted input and Abschnitt letters are returned unchanged.
    public static func gepunktet(_ code: String) -> String {
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy(\.isNumber), (3...5).contains(trimmed.count) else { return trimmed }
        let ziffern = Array(trimmed)
        var text = String(ziffern[0..<2]) + "." + String(ziffern[2])
        if ziffern.count >= 4 { text.append(ziffern[3]) }
        if ziffern.count == 5 { text += "." + String(ziffern[4]) }
        return text
    }

    /// The entry for a code (dotted or not) in a classification, or `nil` if it does not exist.
    public static func eintrag(_ code: String, version: WZKlassifikation) -> WZEintrag? {
        tabelle(version).eintraege[gepunktet(code)]
    }

    /// The Unterklasse (level 5) for a code, or `nil` if the code is unknown or not an Unterklasse.
    public static func unterklasse(_ code: String, version: WZKlassifikation) -> WZEintrag? {
        guard let eintrag = eintrag(code, version: version), eintrag.ebene == 5 else { return nil }
        return eintrag
    }

    /// All Unterklassen of a classification, in list order.
    public static func unterklassen(_ version: WZKlassifikation) -> [WZEintrag] { tabelle(version).unterklassen }

    /// The Abschnitt letter (e.g. `G` Handel) of a code.
    public static func abschnitt(_ code: String, version: WZKlassifikation) -> String? {
        var current = eintrag(code, version: version)
        while let eintrag = current, eintrag.ebene > 1 {
            current = tabelle(version).eintraege[eintrag.uebergeordnet]
        }
        return current?.code
    }

    /// The WZ 2025 Unterklassen a WZ 2008 Unterklasse corresponds to.
    public static func wz2025(fuer wz2008Code: String) -> [String] { umsteiger[gepunktet(wz2008Code)] ?? [] }
}

/// One Staatsangehoerigkeit of the Destatis code list.
public struct Staatsangehoerigkeit: Sendable, Hashable {
    /// 3-digit Destatis code, `000` = deutsch.
    public let code: String
    public let bezeichnung: String
    /// `EU`, `EWR` or `CH` when no Aufenthaltstitel is needed for self-employment; `nil` otherwise.
    public let freizuegigkeit: String?

    /// Whether nationals need no Aufenthaltstitel for self-employment (EU, EWR, Switzerland).
    public var istFreizuegig: Bool { freizuegigkeit != nil }
    public var istDeutsch: Bool { code == "000" }
}

/// The Destatis list "Staatsangehoerigkeit" (version 2021-02-19).
public enum StaatsangehoerigkeitVerzeichnis {
    private static let eintraege: [String: Staatsangehoerigkeit] = {
        var result: [String: Staatsangehoerigkeit] = [:]
        for zeile in CSVZeilen.lesen(EingebetteteCodelisten.staatsangehoerigkeit) where zeile.count >= 3 {
            result[zeile[0]] = Staatsangehoerigkeit(
                code: zeile[0], bezeichnung: zeile[1], freizuegigkeit: zeile[2].isEmpty ? nil : zeile[2])
        }
        return result
    }()

    public static func eintrag(_ code: String) -> Staatsangehoerigkeit? { eintraege[code] }
    public static var alle: [Staatsangehoerigkeit] { eintraege.values.sorted { $0.code < $1.code } }
    /// `999` ohne Angabe, `997` staatenlos and similar codes that name no state.
    public static let ohneStaat: Set<String> = ["997", "998", "999"]
}

/// How a Rechtsform holds its Betrieb: decides which fields and registers apply.
public enum Rechtsformgruppe: String, Sendable, Hashable {
    case einzelunternehmen
    case personengesellschaft
    case juristischePerson
    case sonstige
}

/// One Rechtsform of the FIM list "Rechtsformen (gaengig)".
public struct Rechtsform: Sendable, Hashable {
    public let code: String
    public let bezeichnung: String
    /// The register the form is entered in (`nil`: none; a GbR may register as eGbR).
    public let register: Registerart?
    /// Whether the register entry is optional (GbR: eGbR since 2024).
    public let registerOptional: Bool

    public var gruppe: Rechtsformgruppe {
        switch code {
        case "170", "180": .einzelunternehmen
        case "210", "220", "230", "270", "293": .personengesellschaft
        case "310", "350", "351", "360", "400", "590", "611": .juristischePerson
        default: .sonstige
        }
    }

    /// Name suffixes that show the form in a firm name (field 1), e.g. `GmbH`.
    public var namenszusaetze: [String] {
        switch code {
        case "170": ["e.K.", "e.Kfm.", "e.Kfr.", "eingetragener Kaufmann", "eingetragene Kauffrau"]
        case "210": ["OHG", "oHG", "offene Handelsgesellschaft"]
        case "220": ["KG", "Kommanditgesellschaft"]
        case "230": ["GmbH & Co. KG", "GmbH & Co KG"]
        case "270": ["GbR", "eGbR"]
        case "293": ["Partnerschaft", "PartG", "PartG mbB"]
        case "310": ["AG", "Aktiengesellschaft"]
        case "350": ["GmbH", "Gesellschaft mit beschränkter Haftung", "gGmbH"]
        case "351":
            // § 5a Abs. 1 GmbHG: only with "(haftungsbeschränkt)"; "UG" or
            // "Unternehmergesellschaft" alone is not a permitted firm.
            [
                "UG (haftungsbeschränkt)", "UG (haftungsbeschraenkt)", "Unternehmergesellschaft (haftungsbeschränkt)",
                "Unternehmergesellschaft (haftungsbeschraenkt)",
            ]
        case "360": ["SE"]
        case "400": ["eG", "eingetragene Genossenschaft"]
        case "590": ["e.V.", "eV", "eingetragener Verein"]
        default: []
        }
    }
}

/// The FIM code list `urn:de:fim:codeliste:rechtsformen-gaengig` (version 2021-06-18).
public enum RechtsformVerzeichnis {
    private static let eintraege: [String: Rechtsform] = {
        var result: [String: Rechtsform] = [:]
        for zeile in CSVZeilen.lesen(EingebetteteCodelisten.rechtsform) where zeile.count >= 3 {
            let registerText = zeile[2]
            let register: Registerart? =
                switch registerText.split(separator: " ").first.map(String.init) {
                case "HRA": .hra
                case "HRB": .hrb
                case "GnR": .gnr
                case "PR": .pr
                case "VR": .vr
                case "GsR": .gsr
                default: nil
                }
            result[zeile[0]] = Rechtsform(
                code: zeile[0], bezeichnung: zeile[1], register: register,
                registerOptional: registerText.contains("optional"))
        }
        return result
    }()

    public static func eintrag(_ code: String) -> Rechtsform? { eintraege[code] }
    public static var alle: [Rechtsform] { eintraege.values.sorted { $0.code < $1.code } }
}

/// The DVDV prefixes (code list `urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix_51`): the
/// recipient directory may only name a prefix of this list.
public enum DVDVPraefixVerzeichnis {
    private static let eintraege: [String: String] = {
        var result: [String: String] = [:]
        for row in CSVZeilen.lesen(EingebetteteCodelisten.dvdvPraefix) where row.count >= 3 { result[row[0]] = row[2] }
        return result
    }()

    /// What the prefix stands for (e.g. `hwk` -> "Handwerkskammer"), `nil` if it is not in the list.
    public static func bezeichnung(_ praefix: String) -> String? { eintraege[praefix] }
}

/// The XUnternehmen code list `urn:xoev-de:xunternehmen:codeliste:rechtsformen` in version 2.4
/// (valid from 2026-01-01), the 46 rows marked for use in XGewerbeordnung, with their mapping to
/// the 3-digit codes of the JSON form (`Mapping-XUnternehmen-v1`, the FIM list above).
public enum XUnternehmenRechtsformen {
    public static let listenURI = "urn:xoev-de:xunternehmen:codeliste:rechtsformen"
    public static let listenversion = "2.4"

    public struct Eintrag: Sendable, Hashable {
        /// The 6-digit code, e.g. `221100` (GmbH).
        public var code: String
        public var bezeichnung: String
        /// The registers it may be entered in (`A`, `B`, `GnR`, `V`, `ohne` ...).
        public var eintragungsarten: [String]
        /// The 3-digit code of the FIM list, e.g. `350`.
        public var fimCode: String

        /// The kind of subject a Gewerbetreibender of this form is in XGewerbeordnung.
        public var subjektart: Subjektart {
            switch code.first {
            case "1": .rechtsfaehigePersonengesellschaft
            case "2", "3": .juristischePerson
            case "4": .natuerlichePerson
            default: .sonstigePersonenvereinigung
            }
        }
    }

    /// Natural person (Einzelunternehmen), legal person, partnership or other association.
    public enum Subjektart: String, Sendable, Hashable {
        case natuerlichePerson
        case juristischePerson
        case rechtsfaehigePersonengesellschaft
        case sonstigePersonenvereinigung
    }

    public static let alle: [Eintrag] = CSVZeilen.lesen(EingebetteteCodelisten.rechtsformenXunternehmen24)
        .filter { $0.count == 4 }
        .map {
            Eintrag(
                code: $0[0], bezeichnung: $0[1], eintragungsarten: $0[2].split(separator: ",").map(String.init),
                fimCode: $0[3])
        }

    private static let nachFIM: [String: Eintrag] = Dictionary(
        alle.filter { !$0.fimCode.isEmpty }.map { ($0.fimCode, $0) }, uniquingKeysWith: { erster, _ in erster })

    /// The XUnternehmen entry for a code of the JSON form (`nil` when the list has none, e.g.
    /// `293` Partnerschaftsgesellschaft: a freie-Berufe form, not used in XGewO).
    public static func eintrag(fim code: String) -> Eintrag? { nachFIM[code] }
}
