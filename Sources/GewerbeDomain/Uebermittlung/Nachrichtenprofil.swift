import Foundation

/// Where in a Gewerbemeldung a profile rule applies, classified from the Schematron context of
/// the XGewO 1.3 error-code list.
public enum Profilkontext: String, Sendable, Hashable, Codable, CaseIterable {
    /// Any Satz: `(anmeldung|ummeldung|abmeldung|datenaktualisierung)`.
    case satz
    case anmeldung
    case ummeldung
    case abmeldung
    case datenaktualisierung
    /// The Betrieb (current state, and with ``Profilregel/auchVorher`` the state before).
    case gewerbebetrieb
    /// A Betriebsstaette (`BetriebsstaetteType`).
    case betriebsstaette
    /// The reference to the trader inside the Betrieb.
    case gewerbetreibender
    case frueheresGewerbe
    case kuenftigesGewerbe
    case schwerpunkt
    case taetigkeit
    case gesellschafter
    case gesetzlicherVertreter
    case juristischePerson
    case rechtsfaehigePersonengesellschaft
    case sonstigePersonenvereinigung
    /// A natural person who is the trader, a gesetzlicher Vertreter or a Gesellschafter.
    case beteiligtePerson
    /// The birth data (`bk:geburt`) of such a person.
    case beteiligtePersonGeburt
    /// The name (`np:name`) of such a person.
    case beteiligtePersonName
    /// A natural person who is only a vertretungsberechtigte Person of the Betrieb: most of
    /// their personal data is forbidden in every message.
    case nurVertretungsberechtigtePerson
    /// The Erlaubnisantraege (`erl:`, sections 34c/34d GewO): messages this product receives, not sends.
    case erlaubnisantrag

    /// Classifies a Schematron context, `nil` when it fits none of the known shapes.
    static func klassifiziere(_ kontext: String) -> Profilkontext? {
        if kontext.hasPrefix("erl:") { return .erlaubnisantrag }
        let kopf = String(kontext.prefix { $0 != "[" })
        switch kopf {
        case "(anmeldung|ummeldung|abmeldung|datenaktualisierung)": return .satz
        case "anmeldung": return .anmeldung
        case "ummeldung": return .ummeldung
        case "abmeldung": return .abmeldung
        case "datenaktualisierung": return .datenaktualisierung
        case "gewerbebetrieb", "(gewerbebetrieb|gewerbebetriebVorAenderung)": return .gewerbebetrieb
        case "BetriebsstaetteType": return .betriebsstaette
        case "gewerbetreibender": return .gewerbetreibender
        case "frueheresGewerbe": return .frueheresGewerbe
        case "kuenftigesGewerbe": return .kuenftigesGewerbe
        case "schwerpunkt": return .schwerpunkt
        case "taetigkeit": return .taetigkeit
        case "gesellschafter": return .gesellschafter
        case "gesetzlicherVertreter": return .gesetzlicherVertreter
        case "juristischePerson": return .juristischePerson
        case "rechtsfaehigePersonengesellschaft": return .rechtsfaehigePersonengesellschaft
        case "sonstigePersonenvereinigung": return .sonstigePersonenvereinigung
        case "bk:geburt": return .beteiligtePersonGeburt
        case "np:name": return .beteiligtePersonName
        case "natuerlichePerson":
            return kontext.contains("/vertretungsberechtigtePerson.id)")
                ? .nurVertretungsberechtigtePerson : .beteiligtePerson
        default: return nil
        }
    }
}

/// One row of a recipient's data profile: in messages of `nachrichtentyp`, `element` must not
/// (``Art/verboten``) or must (``Art/gefordert``) appear in `kontext`.
public struct Profilregel: Sendable, Hashable, Codable {
    public enum Art: String, Sendable, Hashable, Codable {
        case verboten
        case gefordert
    }

    /// The code of the Schematron list, e.g. `FORBIDDEN-sta.gewerbemeldung.0100//anmeldung-verdachtsmoment`.
    public var code: String
    public var art: Art
    public var nachrichtentyp: String
    public var kontext: Profilkontext
    /// The element's qualified name as the list's text names it, e.g. `xga:verdachtsmoment`.
    public var element: String
    /// Whether the rule holds in the state before the change too (`gewerbebetriebVorAenderung`,
    /// `referenzierteSubjekteVorAenderung`), not only in the current state.
    public var auchVorher: Bool

    /// The element's local name, e.g. `verdachtsmoment`.
    public var lokalerName: String { String(element.split(separator: ":").last ?? Substring(element)) }
}

/// A row of the list that could not be read (a test keeps this empty).
public struct Profilzeilenfehler: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var grund: String
    public var description: String { "\(code): \(grund)" }
}

/// The recipients' data profiles of the XGewO 1.3 Schematron error-code list
/// (`urn:xoev-de:xgewerbeordnung:codeliste:schematron-fehlercodes_1.3`), embedded from
/// `Codelisten/csv/xgewo-schematron-fehlercodes-1-3.csv`. When the official 1.6 list arrives, it
/// replaces the file: data, not code.
public enum Nachrichtenprofile {
    public static let listenURI = "urn:xoev-de:xgewerbeordnung:codeliste:schematron-fehlercodes_1.3"

    /// Every rule of the list, in list order, and the rows that could not be read.
    public static let gelesen: (regeln: [Profilregel], fehler: [Profilzeilenfehler]) = lesen(
        EingebetteteCodelisten.xgewoSchematronFehlercodes13)

    public static var regeln: [Profilregel] { gelesen.regeln }

    private static let nachTyp: [String: [Profilregel]] = Dictionary(grouping: gelesen.regeln, by: \.nachrichtentyp)

    /// The rules for messages of `nachrichtentyp` (empty for a type the list does not know).
    public static func regeln(fuer nachrichtentyp: String) -> [Profilregel] { nachTyp[nachrichtentyp] ?? [] }

    /// Whether messages of `nachrichtentyp` must not carry `element` (local name) in `kontext`.
    public static func verboten(_ element: String, in kontext: Profilkontext, nachrichtentyp: String) -> Bool {
        regeln(fuer: nachrichtentyp).contains {
            $0.art == .verboten && $0.kontext == kontext && $0.lokalerName == element
        }
    }

    /// Reads the list (`Code|Text`, header dropped).
    static func lesen(_ text: String) -> (regeln: [Profilregel], fehler: [Profilzeilenfehler]) {
        var regeln: [Profilregel] = []
        var fehler: [Profilzeilenfehler] = []
        for zeile in CSVZeilen.lesen(text, trenner: "|") {
            guard zeile.count == 2 else {
                fehler.append(Profilzeilenfehler(code: zeile.first ?? "", grund: "\(zeile.count) Spalten statt 2"))
                continue
            }
            let code = zeile[0]
            let art: Profilregel.Art
            let rest: Substring
            if code.hasPrefix("FORBIDDEN-") {
                art = .verboten
                rest = code.dropFirst("FORBIDDEN-".count)
            } else if code.hasPrefix("REQUIRED-") {
                art = .gefordert
                rest = code.dropFirst("REQUIRED-".count)
            } else {
                fehler.append(Profilzeilenfehler(code: code, grund: "weder FORBIDDEN noch REQUIRED"))
                continue
            }
            guard let trenner = rest.range(of: "//"), let strich = rest.lastIndex(of: "-"), strich > trenner.upperBound
            else {
                fehler.append(Profilzeilenfehler(code: code, grund: "nicht in der Form <Typ>//<Kontext>-<Element>"))
                continue
            }
            let typ = String(rest[..<trenner.lowerBound])
            let kontextText = String(rest[trenner.upperBound..<strich])
            let lokal = String(rest[rest.index(after: strich)...])
            guard let kontext = Profilkontext.klassifiziere(kontextText) else {
                fehler.append(Profilzeilenfehler(code: code, grund: "unbekannter Kontext"))
                continue
            }
            // The text names the element with its namespace prefix: "Das Kindelement xga:x darf ...".
            let woerter = zeile[1].split(separator: " ")
            guard let index = woerter.firstIndex(of: "Kindelement"), index + 1 < woerter.count,
                woerter[index + 1].split(separator: ":").last.map(String.init) == lokal
            else {
                fehler.append(Profilzeilenfehler(code: code, grund: "der Text nennt ein anderes Element"))
                continue
            }
            let vorherAusgeschlossen = kontextText.contains("not(ancestor-or-self::referenzierteSubjekteVorAenderung")
            let nurAktuelleSubjekte =
                kontextText.contains("ancestor-or-self::referenzierteSubjekte and")
                && !kontextText.contains("ancestor-or-self::referenzierteSubjekteVorAenderung and")
            regeln.append(
                Profilregel(
                    code: code, art: art, nachrichtentyp: typ, kontext: kontext, element: String(woerter[index + 1]),
                    auchVorher: !vorherAusgeschlossen && !nurAktuelleSubjekte))
        }
        return (regeln, fehler)
    }
}
