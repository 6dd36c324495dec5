import GewerbeDomain

/// The namespaces of a message. `xga` and `bk` are the project's own (provisional) ones until the
/// official XGewO 1.6 bundle is at hand; the XUnternehmen Basismodul 1.1 ones are official.
public enum Namensraum {
    public static let version = "1.6-vorlaeufig"
    public static let xga = "urn:de:gewerbe-fachverfahren:xgewo-vorlaeufig:xga:1.6"
    public static let bk = "urn:de:gewerbe-fachverfahren:xgewo-vorlaeufig:baukasten:1.6"

    static func xunternehmen(_ modul: String) -> String { "urn:xoev-de:xunternehmen:standard:basismodul:\(modul)_1.1" }

    /// Every prefix the writer uses, in the order of the root's declarations.
    public static let alle: [(String, String)] = [
        ("xga", xga), ("bk", bk), ("np", xunternehmen("natuerlicheperson")), ("adr", xunternehmen("adressen")),
        ("dat", xunternehmen("datumsangaben")), ("rf", xunternehmen("rechtsform")),
        ("wt", xunternehmen("wirtschaftlichetaetigkeit")), ("ename", xunternehmen("eingetragenername")),
        ("kom", xunternehmen("kommunikation")), ("eintr", xunternehmen("eintragung")),
    ]
}

/// The code lists of the Schluessel elements. The official XGewO lists (Grund der An-, Um-,
/// Ab-Meldung, Ursache, Datenaktualisierung) are not public: these are the project's, numbered in
/// the order of the GewA form fields (GewAnzV Anlagen 1-3), marked provisional by their URI.
public enum Schluesselliste: String, Sendable, CaseIterable {
    case grundAnmeldung = "grundanmeldung"
    case grundUmmeldung = "grundummeldung"
    case grundAbmeldung = "grundabmeldung"
    case ursacheAbmeldung = "ursacheabmeldung"
    case grundDatenaktualisierung = "grunddatenaktualisierung"
    case beteiligungOeffentlicheHand = "beteiligungoeffentlichehand"

    public var uri: String { "urn:de:gewerbe-fachverfahren:codeliste:\(rawValue):vorlaeufig" }
    public static let version = "1"

    func knoten(_ name: String, _ code: String) -> XMLKnoten {
        XMLKnoten(
            name, attribute: [("listURI", uri), ("listVersionID", Self.version)],
            kinder: [XMLKnoten("code", text: code)])
    }

    static func code(_ grund: GrundAnmeldung) -> String {
        switch grund {
        case .neugruendung: "01"
        case .verlegungAusAnderemMeldebezirk: "02"
        case .wechselDerRechtsform: "03"
        case .gesellschaftereintritt: "04"
        case .umwandlung: "05"
        case .uebernahme: "06"
        }
    }

    static func code(_ grund: GrundUmmeldung) -> String {
        switch grund {
        case .verlegungInnerhalb: "01"
        case .wechselDerTaetigkeit: "02"
        case .ausdehnungDerTaetigkeit: "03"
        case .einschraenkungDerTaetigkeit: "04"
        case .namensaenderung: "05"
        case .wechselErwerbsart: "06"
        case .sonstiges: "99"
        }
    }

    static func code(_ grund: GrundAbmeldung) -> String {
        switch grund {
        case .vollstaendigeAufgabe: "01"
        case .verlegungInAnderenMeldebezirk: "02"
        case .wechselDerRechtsform: "03"
        case .gesellschafteraustritt: "04"
        case .umwandlung: "05"
        case .uebergabe: "06"
        }
    }

    static func code(_ ursache: UrsacheAbmeldung) -> String {
        switch ursache {
        case .altersgruende: "01"
        case .gesundheitlicheGruende: "02"
        case .wirtschaftlicheSchwierigkeiten: "03"
        case .insolvenz: "04"
        case .familiaereGruende: "05"
        case .aufnahmeAbhaengigerBeschaeftigung: "06"
        case .behoerdlicheUntersagung: "07"
        case .sonstige: "08"
        case .keineAngabe: "99"
        }
    }

    /// The only Grund of a Datenaktualisierung this product sends: a Berichtigung.
    static let berichtigung = "01"
}
