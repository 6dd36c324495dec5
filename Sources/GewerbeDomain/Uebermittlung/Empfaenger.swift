import Foundation

/// The kinds of body the Gewerbeamt passes Anzeigen to (section 14 Abs. 8 and 13 GewO, section 3
/// GewAnzV), each with its XGewerbeordnung message type.
///
/// The message prefixes and codes are those of the XGewO 1.3 catalogue (Schematron error-code
/// list `urn:xoev-de:xgewerbeordnung:codeliste:schematron-fehlercodes_1.3`, shipped in
/// `data/xgewo/`); XOEV keeps message numbers stable across versions. Which body stands behind
/// `is` and `as` is not stated in any public source (docs/uebermittlung.md, "Vorläufig").
public enum Empfaengerart: String, Sendable, Codable, Hashable, CaseIterable {
    case statistik
    case ihk
    case hwk
    case eichbehoerde
    case dguv
    case registergericht
    case finanzamt
    case zoll
    case immissionsschutz
    case arbeitsschutz
    case lebensmittelueberwachung
    case verteilplattform
    case erlaubnisbehoerde
    case auslaenderbehoerde
    /// The Gewerbeamt of another municipality (Rueckmeldeverfahren); addressed by `MELDID` + AGS.
    case gewerbeamt

    /// The message prefix of the XGewO catalogue, e.g. `sta`.
    public var nachrichtenpraefix: String {
        switch self {
        case .statistik: "sta"
        case .ihk: "ihk"
        case .hwk: "hwk"
        case .eichbehoerde: "ea"
        case .dguv: "dgu"
        case .registergericht: "rg"
        case .finanzamt: "fa"
        case .zoll: "zv"
        case .immissionsschutz: "is"
        case .arbeitsschutz: "as"
        case .lebensmittelueberwachung: "lue"
        case .verteilplattform: "alg"
        case .erlaubnisbehoerde: "erl"
        case .auslaenderbehoerde: "abh"
        case .gewerbeamt: "rmv"
        }
    }

    /// The message code of the XGewO catalogue, e.g. `0100`. The Rueckmeldung has no code in any
    /// public source: `rmv.gewerbemeldung.0800` is this project's placeholder (provisional).
    public var nachrichtencode: String {
        switch self {
        case .statistik: "0100"
        case .ihk: "0200"
        case .hwk: "0210"
        case .eichbehoerde: "0220"
        case .dguv: "0230"
        case .registergericht: "0240"
        case .finanzamt: "0250"
        case .zoll: "0260"
        case .immissionsschutz: "0270"
        case .arbeitsschutz: "0280"
        case .lebensmittelueberwachung: "0290"
        case .verteilplattform: "0300"
        case .erlaubnisbehoerde: "0310"
        case .auslaenderbehoerde: "0500"
        case .gewerbeamt: "0800"
        }
    }

    /// The root element of the message, e.g. `sta.gewerbemeldung.0100`.
    public var nachrichtentyp: String { "\(nachrichtenpraefix).gewerbemeldung.\(nachrichtencode)" }

    /// Whether the message type is known from the published catalogue (`false`: a placeholder).
    public var nachrichtentypBelegt: Bool { self != .gewerbeamt }

    /// German name for staff and reports.
    public var bezeichnung: String {
        switch self {
        case .statistik: "Statistisches Landesamt"
        case .ihk: "Industrie- und Handelskammer"
        case .hwk: "Handwerkskammer"
        case .eichbehoerde: "Eichbehörde"
        case .dguv: "Deutsche Gesetzliche Unfallversicherung"
        case .registergericht: "Registergericht"
        case .finanzamt: "Finanzamt"
        case .zoll: "Zollverwaltung (Finanzkontrolle Schwarzarbeit)"
        case .immissionsschutz: "Immissionsschutzbehörde"
        case .arbeitsschutz: "Arbeitsschutzbehörde"
        case .lebensmittelueberwachung: "Lebensmittelüberwachung"
        case .verteilplattform: "Verteilplattform des Landes"
        case .erlaubnisbehoerde: "Erlaubnisbehörde"
        case .auslaenderbehoerde: "Ausländerbehörde"
        case .gewerbeamt: "Gewerbeamt der früheren Gemeinde"
        }
    }

    /// The kinds a Verteilplattform stands in for: every body of section 14 Abs. 8 and 13 GewO
    /// (not another Gewerbeamt: the Rueckmeldung goes to it directly).
    public var vertretbarDurchVerteilplattform: Bool { self != .verteilplattform && self != .gewerbeamt }
}

/// Which of the four kinds of Satz a message carries (XGewO `anmeldung`, `ummeldung`,
/// `abmeldung`, `datenaktualisierung`).
public enum Nachrichtenart: String, Sendable, Codable, Hashable, CaseIterable {
    case anmeldung
    case ummeldung
    case abmeldung
    /// A correction of data already transmitted (a Berichtigung after transmission).
    case datenaktualisierung

    public init(_ meldeart: Meldeart) {
        switch meldeart {
        case .anmeldung: self = .anmeldung
        case .ummeldung: self = .ummeldung
        case .abmeldung: self = .abmeldung
        }
    }
}
